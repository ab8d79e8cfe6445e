package health

import (
	_ "embed"
	"encoding/json"
	"regexp"
	"sort"
	"strings"
)

// The statement catalogue (data/statements.json): every statement the
// health report can make, each with its section, evidence grade (A–D, as
// in the research draft), whether it rests on association, causation
// (an intervention changed the outcome) or mechanism, the Latin taxon
// names it uses, the placeholders its texts fill, and its citations. The
// texts themselves are in data/text/<lang>.json under the same ids.
//
//go:embed data/statements.json
var statementsJSON []byte

// Sections of the health report, in order.
var Sections = []string{"overview", "digestive", "immune", "gut_brain", "metabolism", "skin", "food_advice"}

// StatementDef is one entry of the statement catalogue.
type StatementDef struct {
	ID      string `json:"id"`
	Section string `json:"section"`
	// Grade is the evidence grade: A human RCT or meta-analysis (A− for
	// pilot, tiny or industry-linked trials); B replicated human
	// association; C single study, animal or in-vitro only; D speculative.
	Grade string `json:"grade"`
	// GradeDetail keeps a split grade as the research draft gives it.
	GradeDetail string `json:"grade_detail,omitempty"`
	// Evidence is "association", "causation" or "mechanism".
	Evidence string `json:"evidence"`
	// Taxa are the Latin names the text uses; each has a plain-language
	// explanation, text id "taxon."+name, shown once per report.
	Taxa []string `json:"taxa,omitempty"`
	// Placeholders are the {names} the texts fill.
	Placeholders []string   `json:"placeholders,omitempty"`
	Cite         []string   `json:"cite"`
	Citations    []Citation `json:"-"`
}

type statementFile struct {
	Schema     string              `json:"schema"`
	Version    string              `json:"version"`
	Refs       map[string]Citation `json:"refs"`
	Statements []*StatementDef     `json:"statements"`
}

var statements, statementRefs = mustStatements()

func mustStatements() (map[string]*StatementDef, map[string]Citation) {
	var f statementFile
	if err := json.Unmarshal(statementsJSON, &f); err != nil {
		panic("health: data/statements.json: " + err.Error())
	}
	out := make(map[string]*StatementDef, len(f.Statements))
	for _, s := range f.Statements {
		for _, k := range s.Cite {
			c, ok := f.Refs[k]
			if !ok {
				panic("health: data/statements.json: statement " + s.ID + " cites unknown ref " + k)
			}
			s.Citations = append(s.Citations, c)
		}
		out[s.ID] = s
	}
	return out, f.Refs
}

// Statement returns a catalogue entry; nil for an unknown id. Entries are
// shared: do not modify them.
func Statement(id string) *StatementDef { return statements[id] }

// StatementIDs returns every statement id, sorted.
func StatementIDs() []string {
	ids := make([]string, 0, len(statements))
	for id := range statements {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

var gradeRE = regexp.MustCompile(`^[A-D]−?$`)

// ValidGrade reports whether g is one grade letter A–D, optionally "A−".
func ValidGrade(g string) bool { return gradeRE.MatchString(g) }

// Diagnostic wording that shipped text must not use (a medical-device
// claim), per language. Matching is on whole words, case-insensitive.
var diagnosticWords = map[string]*regexp.Regexp{
	"en": regexp.MustCompile(`(?i)\b(diagnos\w*|cur(e|es|ed|ing)|treat(s|ed|ing|ment|ments)?|prevent\w*|heal(s|ed|ing)?)\b`),
	"nl": regexp.MustCompile(`(?i)\b(diagnos\w*|genez\w*|genees\w*|behandel\w*|voorkom\w*|voorkwam\w*|herstel\w*)\b`),
}

// DiagnosticAllowed lists the text ids that may contain diagnostic wording,
// with the reason.
var DiagnosticAllowed = map[string]string{
	"disclaimer": "the disclaimer must say that the app does not diagnose, treat or prevent disease",
}

// DiagnosticWords returns the diagnostic words in s for lang ("en", "nl").
func DiagnosticWords(lang, s string) []string {
	re := diagnosticWords[lang]
	if re == nil {
		return nil
	}
	return re.FindAllString(s, -1)
}

// placeholderRE matches a {name} placeholder.
var placeholderRE = regexp.MustCompile(`\{([a-z_0-9]+)\}`)

// Placeholders returns the {names} used in s, in order of appearance.
func Placeholders(s string) []string {
	var out []string
	for _, m := range placeholderRE.FindAllStringSubmatch(s, -1) {
		out = append(out, m[1])
	}
	return out
}

func fill(s string, args map[string]string) string {
	return placeholderRE.ReplaceAllStringFunc(s, func(m string) string {
		if v, ok := args[strings.Trim(m, "{}")]; ok {
			return v
		}
		return m
	})
}
