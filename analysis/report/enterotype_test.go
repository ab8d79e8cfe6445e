package report

import (
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/gutlens/gutlens/analysis"
	"github.com/gutlens/gutlens/analysis/health"
)

func enterotypesOf(t *testing.T, path string) *EnterotypeReport {
	t.Helper()
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		t.Skipf("%s not present", path)
	}
	if err != nil {
		t.Fatal(err)
	}
	r, err := Analyse(data, path, "native", nil)
	if err != nil {
		t.Fatal(err)
	}
	e := Enterotypes(r)
	if e == nil {
		t.Fatal("nil enterotype report")
	}
	if _, err := json.Marshal(e); err != nil {
		t.Fatal(err)
	}
	return e
}

func hasNote(ns []Note, key string) bool {
	for _, n := range ns {
		if n.Key == key {
			return true
		}
	}
	return false
}

// Every statement carries a grade and a citation, and every rendered text
// is free of diagnostic wording and unfilled placeholders, in both
// languages.
func checkEnterotypeView(t *testing.T, e *EnterotypeReport) {
	t.Helper()
	for _, lang := range []string{"en", "nl"} {
		v := RenderEnterotypes(e, lang, e.SampleOrder)
		texts := append([]string{v.Title, v.Reason}, v.Notes...)
		if v.Framing != nil {
			texts = append(texts, v.Framing.Text)
		}
		for _, sv := range v.Samples {
			texts = append(texts, sv.NotPlaced, sv.Closest)
			texts = append(texts, sv.Notes...)
			for _, st := range sv.Statements {
				texts = append(texts, st.Text)
				texts = append(texts, st.Explain...)
				if !health.ValidGrade(st.Grade) || len(st.Citations) == 0 {
					t.Errorf("%s %s: grade %q, %d citations", lang, st.ID, st.Grade, len(st.Citations))
				}
			}
		}
		for _, s := range texts {
			if strings.ContainsAny(s, "{}") || strings.HasPrefix(s, "enterotype.") {
				t.Errorf("%s: unrendered text %q", lang, s)
			}
			if w := health.DiagnosticWords(lang, s); len(w) > 0 {
				t.Errorf("%s: diagnostic wording %q in %q", lang, w, s)
			}
		}
		if v.Disclaimer == "" || v.Disclaimer == "disclaimer" {
			t.Errorf("%s: no disclaimer", lang)
		}
	}
}

func TestEnterotypes16S(t *testing.T) {
	e := enterotypesOf(t, "../../testdata/tiny.biom")
	if e.Status != "placed" || !hasNote(e.Caveats, "enterotype.caveat.assay_16s") || !hasNote(e.Caveats, "enterotype.caveat.few_genera") || !hasNote(e.Caveats, "enterotype.caveat.reference") {
		t.Fatalf("tiny.biom: status %s, caveats %+v", e.Status, e.Caveats)
	}
	if e.Framing.Grade == "" || len(e.Framing.Citations) == 0 {
		t.Errorf("framing %+v", e.Framing)
	}
	for _, id := range []string{"S1", "S2", "S3"} {
		s := e.Samples[id]
		if !s.Placed || s.Closest == "" || len(s.Weights) != 3 || len(s.Statements) < 2 {
			t.Errorf("%s: %+v", id, s)
		}
	}
	if s := e.Samples["S4"]; s.Placed || s.NotPlacedKey != "enterotype.not_placed.empty" {
		t.Errorf("S4: %+v", s)
	}
	if e.Samples["S3"].Closest != "prevotella" {
		t.Errorf("S3 (Prevotella-rich) closest %s", e.Samples["S3"].Closest)
	}
	checkEnterotypeView(t, e)
	v := RenderEnterotypes(e, "nl", []string{"S1"})
	t.Logf("nl S1: %s / %s", v.Samples["S1"].Statements[0].Text, strings.Join(v.Notes, " | "))
}

func TestEnterotypesMetaPhlAn(t *testing.T) {
	e := enterotypesOf(t, "../../testdata/tiny-mpa3.txt")
	if e.Status != "placed" || !hasNote(e.Caveats, "enterotype.caveat.metaphlan") || hasNote(e.Caveats, "enterotype.caveat.assay_16s") {
		t.Fatalf("tiny-mpa3: %s %+v", e.Status, e.Caveats)
	}
	s := e.Samples["tiny-mpa3"]
	if s == nil || !s.Placed || s.Strength != "between" || !hasNote(s.Caveats, "enterotype.caveat.atypical") {
		t.Fatalf("tiny-mpa3 sample: %+v", s)
	}
	for _, st := range s.Statements {
		if strings.HasPrefix(st.ID, "enterotype.diet.") {
			t.Errorf("a sample between types gets a type's diet statement %s", st.ID)
		}
	}
	checkEnterotypeView(t, e)
	e4 := enterotypesOf(t, "../../testdata/tiny-mpa4.txt")
	if e4.Status != "placed" || !hasNote(e4.Caveats, "enterotype.caveat.renamed") {
		t.Errorf("tiny-mpa4: %s %+v", e4.Status, e4.Caveats)
	}
	checkEnterotypeView(t, e4)
}

// The reference data through the whole report path: bare genus names in a
// samples-in-rows CSV.
func TestEnterotypesReferenceCSV(t *testing.T) {
	e := enterotypesOf(t, "../../../shared/corpus/generic-csv/phyloseq_enterotype_samples-in-rows.csv")
	if e.Status != "placed" || e.GeneraFound != e.GeneraTotal || !hasNote(e.Caveats, "enterotype.caveat.bare_names") || len(e.Samples) != 280 {
		t.Fatalf("%s, %d of %d genera, %d samples, caveats %+v", e.Status, e.GeneraFound, e.GeneraTotal, len(e.Samples), e.Caveats)
	}
	n := map[string]int{}
	for _, s := range e.Samples {
		n[s.Closest+"/"+s.Strength]++
	}
	t.Logf("closest type / strength over the 280 reference samples: %v", n)
	checkEnterotypeView(t, e)
}

func TestEnterotypesRefuseWithoutTaxonomy(t *testing.T) {
	data, err := os.ReadFile("../../testdata/tiny.biom")
	if err != nil {
		t.Fatal(err)
	}
	r, err := Analyse(data, "tiny.biom", "native", nil)
	if err != nil {
		t.Fatal(err)
	}
	tb := *r.Table()
	tb.Features = make([]analysis.Feature, len(r.Table().Features))
	for i, f := range r.Table().Features {
		tb.Features[i] = analysis.Feature{ID: f.ID} // OTU ids only, no lineage
	}
	e := Enterotypes(Build(&tb, "no-taxonomy.biom"))
	if e.Status != health.StatusNotApplicable || e.ReasonKey != "enterotype.not_applicable.no_genus" || e.Reason == "" || len(e.Samples) != 0 {
		t.Fatalf("%+v", e)
	}
	for _, lang := range []string{"en", "nl"} {
		v := RenderEnterotypes(e, lang, e.SampleOrder)
		if v.Reason == "" || strings.ContainsAny(v.Reason, "{}") {
			t.Errorf("%s reason %q", lang, v.Reason)
		}
		t.Logf("%s: %s", lang, v.Reason)
	}
	checkEnterotypeView(t, e)
	if Enterotypes(&Report{}) != nil {
		t.Error("a report without a table has an enterotype placement")
	}
}
