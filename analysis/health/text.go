package health

import (
	"embed"
	"encoding/json"
	"sort"
	"strings"
)

// The text catalogue: for each language, data/text/<lang>.json maps text
// ids (statement ids, section titles "section.<id>", taxon explanations
// "taxon.<Latin name>", the disclaimer) to text with {placeholders}. Dutch
// is written at B1 level: short sentences, common words, numbers as
// "x van de 100 mensen".
//
//go:embed data/text/*.json
var textFS embed.FS

type textFile struct {
	Lang  string            `json:"lang"`
	Name  string            `json:"name"`
	Texts map[string]string `json:"texts"`
}

var texts = loadTexts(textFS, "data/text")

// catalogue maps a language to its text file.
type catalogue map[string]*textFile

// loadTexts reads every <lang>.json in dir of fsys.
func loadTexts(fsys embed.FS, dir string) catalogue {
	entries, err := fsys.ReadDir(dir)
	if err != nil {
		panic("health: " + dir + ": " + err.Error())
	}
	out := catalogue{}
	for _, e := range entries {
		b, err := fsys.ReadFile(dir + "/" + e.Name())
		if err != nil {
			panic("health: " + err.Error())
		}
		var f textFile
		if err := json.Unmarshal(b, &f); err != nil {
			panic("health: " + dir + "/" + e.Name() + ": " + err.Error())
		}
		out[f.Lang] = &f
	}
	return out
}

// languages returns the catalogue's languages, sorted.
func (c catalogue) languages() []string {
	var out []string
	for l := range c {
		out = append(out, l)
	}
	sort.Strings(out)
	return out
}

// ids returns the text ids of lang, sorted.
func (c catalogue) ids(lang string) []string {
	f := c[lang]
	if f == nil {
		return nil
	}
	ids := make([]string, 0, len(f.Texts))
	for id := range f.Texts {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

// DefaultLang is the language used for an unknown language.
const DefaultLang = "en"

// Languages returns the languages of the text catalogue, sorted.
func Languages() []string { return texts.languages() }

// HasText reports whether the catalogue of lang has the id.
func HasText(lang, id string) bool {
	f := texts[lang]
	if f == nil {
		return false
	}
	_, ok := f.Texts[id]
	return ok
}

// TextIDs returns the ids of lang's catalogue, sorted.
func TextIDs(lang string) []string { return texts.ids(lang) }

// Text returns the text of id in lang ("en", "nl"; a region such as
// "nl-BE" uses "nl") with its {placeholders} filled from args; a
// placeholder without an argument is left as written. An unknown language
// falls back to English; an unknown id gives the id itself.
func Text(lang, id string, args map[string]string) string {
	lang, _, _ = strings.Cut(strings.ToLower(lang), "-")
	f := texts[lang]
	if f == nil {
		f = texts[DefaultLang]
	}
	s, ok := f.Texts[id]
	if !ok {
		if s, ok = texts[DefaultLang].Texts[id]; !ok {
			return id
		}
	}
	return fill(s, args)
}
