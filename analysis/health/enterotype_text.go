package health

import (
	"embed"
	"encoding/json"
	"sort"
	"strings"
)

// The enterotype texts (data/text/enterotype/<lang>.json) and statement
// definitions (data/enterotype/statements.json) are kept apart from the
// main catalogue: the main loader reads data/text/*.json keyed by
// language, so a second file per language there would replace it.
//
//go:embed data/text/enterotype/*.json
var enterotypeTextFS embed.FS

//go:embed data/enterotype/statements.json
var enterotypeStatementsJSON []byte

var enterotypeTexts = loadTexts(enterotypeTextFS, "data/text/enterotype")

var enterotypeStatements = mustEnterotypeStatements()

func mustEnterotypeStatements() map[string]*StatementDef {
	var f statementFile
	if err := json.Unmarshal(enterotypeStatementsJSON, &f); err != nil {
		panic("health: data/enterotype/statements.json: " + err.Error())
	}
	out := map[string]*StatementDef{}
	for _, s := range f.Statements {
		s.Section = "enterotype"
		for _, k := range s.Cite {
			c, ok := f.Refs[k]
			if !ok {
				panic("health: data/enterotype/statements.json: " + s.ID + " cites unknown ref " + k)
			}
			s.Citations = append(s.Citations, c)
		}
		out[s.ID] = s
	}
	return out
}

// EnterotypeStatement returns an enterotype statement definition (grade,
// evidence, taxa, placeholders, citations); nil for an unknown id. Entries
// are shared: do not modify them.
func EnterotypeStatement(id string) *StatementDef { return enterotypeStatements[id] }

// EnterotypeStatementIDs returns the enterotype statement ids, sorted.
func EnterotypeStatementIDs() []string {
	ids := make([]string, 0, len(enterotypeStatements))
	for id := range enterotypeStatements {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

// EnterotypeLanguages returns the languages of the enterotype texts, sorted.
func EnterotypeLanguages() []string { return enterotypeTexts.languages() }

// EnterotypeTextIDs returns the text ids of lang's enterotype catalogue, sorted.
func EnterotypeTextIDs(lang string) []string { return enterotypeTexts.ids(lang) }

// EnterotypeText returns an enterotype text in lang with its placeholders
// filled, as Text does; ids it does not hold (the disclaimer, the grades)
// come from the main catalogue.
func EnterotypeText(lang, id string, args map[string]string) string {
	l, _, _ := strings.Cut(strings.ToLower(lang), "-")
	f := enterotypeTexts[l]
	if f == nil {
		f = enterotypeTexts[DefaultLang]
	}
	if s, ok := f.Texts[id]; ok {
		return fill(s, args)
	}
	if s, ok := enterotypeTexts[DefaultLang].Texts[id]; ok && !HasText(l, id) {
		return fill(s, args)
	}
	return Text(lang, id, args)
}
