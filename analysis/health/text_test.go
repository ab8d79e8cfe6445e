package health

import (
	"strings"
	"testing"
)

func TestTextLanguagesComplete(t *testing.T) {
	langs := Languages()
	if strings.Join(langs, ",") != "en,nl" {
		t.Fatalf("languages %v, want en, nl", langs)
	}
	for _, l := range langs {
		for _, o := range langs {
			for _, id := range TextIDs(l) {
				if !HasText(o, id) {
					t.Errorf("text %q is in %s but not in %s", id, l, o)
				}
			}
		}
	}
	for _, id := range StatementIDs() {
		for _, l := range langs {
			if !HasText(l, id) {
				t.Errorf("statement %q has no %s text", id, l)
			}
		}
	}
	for _, s := range []string{"disclaimer", "grades", "reference.placed", "reference.rough", "reference.none", "index.not_applicable"} {
		for _, l := range langs {
			if !HasText(l, s) {
				t.Errorf("%s text %q missing", l, s)
			}
		}
	}
	for _, sec := range Sections {
		for _, l := range langs {
			if !HasText(l, "section."+sec) {
				t.Errorf("%s has no title for section %s", l, sec)
			}
		}
	}
}

// Every placeholder of a statement's texts is declared, and filling the
// declared ones leaves none.
func TestTextPlaceholders(t *testing.T) {
	for _, id := range StatementIDs() {
		st := Statement(id)
		args := map[string]string{}
		for _, p := range st.Placeholders {
			args[p] = "X"
		}
		for _, l := range Languages() {
			raw := Text(l, id, nil)
			used := map[string]bool{}
			for _, p := range Placeholders(raw) {
				used[p] = true
				if _, ok := args[p]; !ok {
					t.Errorf("%s %s uses {%s}, not declared in statements.json", l, id, p)
				}
			}
			for _, p := range st.Placeholders {
				if !used[p] {
					t.Errorf("%s %s does not use declared {%s}", l, id, p)
				}
			}
			if got := Text(l, id, args); strings.ContainsAny(got, "{}") {
				t.Errorf("%s %s after filling: %q", l, id, got)
			}
		}
	}
	if got := Text("nl-NL", "reference.placed", map[string]string{"percentile": "72", "cohort": "HMP", "n": "82"}); !strings.Contains(got, "72 van de 100") {
		t.Errorf("nl-NL reference.placed = %q", got)
	}
	if got := Text("fr", "section.skin", nil); got != "Skin" {
		t.Errorf("unknown language: %q, want the English text", got)
	}
}

// No shipped text makes a diagnostic claim, except the disclaimer, which
// must say the app does not diagnose, treat or prevent disease.
func TestTextNoDiagnosticClaims(t *testing.T) {
	for _, l := range Languages() {
		for _, id := range TextIDs(l) {
			words := DiagnosticWords(l, Text(l, id, nil))
			if _, ok := DiagnosticAllowed[id]; ok {
				if len(words) == 0 {
					t.Errorf("%s %s is allowed diagnostic words but has none: the disclaimer must name them", l, id)
				}
				continue
			}
			if len(words) > 0 {
				t.Errorf("%s text %q contains diagnostic wording %q", l, id, words)
			}
		}
	}
	for _, c := range []struct {
		lang, s string
		bad     bool
	}{
		{"en", "this can cure you", true},
		{"en", "a healthy diet; health markers", false},
		{"en", "may prevent illness", true},
		{"en", "treatment options", true},
		{"nl", "dit kan uw darm genezen", true},
		{"nl", "na behandeling", true},
		{"nl", "het herstelt de darm", true},
		{"nl", "komt vaker voor", false},
	} {
		if got := len(DiagnosticWords(c.lang, c.s)) > 0; got != c.bad {
			t.Errorf("DiagnosticWords(%s, %q) flagged %v, want %v", c.lang, c.s, got, c.bad)
		}
	}
}

func TestStatementsCitedAndGraded(t *testing.T) {
	if len(StatementIDs()) < 25 {
		t.Fatalf("%d statements", len(StatementIDs()))
	}
	sections := map[string]bool{}
	for _, s := range Sections {
		sections[s] = true
	}
	for _, id := range StatementIDs() {
		st := Statement(id)
		if !ValidGrade(st.Grade) {
			t.Errorf("%s: grade %q", id, st.Grade)
		}
		if len(st.Citations) == 0 {
			t.Errorf("%s has no citation", id)
		}
		for _, c := range st.Citations {
			if c.Author == "" || c.Year < 1900 || !strings.HasPrefix(c.DOI, "10.") || c.SourceMark != "verified" {
				t.Errorf("%s: incomplete citation %+v", id, c)
			}
		}
		switch st.Evidence {
		case "association", "causation", "mechanism":
		default:
			t.Errorf("%s: evidence %q", id, st.Evidence)
		}
		if !sections[st.Section] || !strings.HasPrefix(id, strings.SplitN(st.Section, "_", 2)[0]) {
			t.Errorf("%s: section %q", id, st.Section)
		}
		for _, tx := range st.Taxa {
			for _, l := range Languages() {
				if !HasText(l, "taxon."+tx) {
					t.Errorf("%s: taxon %q has no %s explanation", id, tx, l)
				}
			}
		}
	}
}

func TestTextCohortNames(t *testing.T) {
	for _, c := range Cohorts() {
		for _, l := range Languages() {
			if !HasText(l, "cohort."+c.ID) {
				t.Errorf("cohort %s has no %s name", c.ID, l)
			}
		}
	}
}
