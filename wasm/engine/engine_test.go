package main

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/gutlens/gutlens/analysis/format"
	"github.com/gutlens/gutlens/analysis/report"
)

func TestAnalyseAndQuery(t *testing.T) {
	data, err := os.ReadFile("../../testdata/tiny.biom")
	if err != nil {
		t.Fatal(err)
	}
	var e engine
	if out := e.query(`{"kind":"samples","samples":["S1"]}`); out.Error == "" {
		t.Error("a query before any file was answered")
	}
	out := e.analyse([]format.Input{{Name: "tiny.biom", Data: data}}, nil)
	var summary report.Report
	if out.Error != "" || json.Unmarshal([]byte(out.JSON), &summary) != nil || summary.Schema != report.Schema {
		t.Fatalf("analyse(tiny.biom) = %+v", out)
	}
	if len(summary.Samples) != 0 || len(summary.SampleOrder) != 4 {
		t.Errorf("summary has %d entries for %d ids, want none for 4", len(summary.Samples), len(summary.SampleOrder))
	}
	q := e.query(`{"kind":"samples","samples":["S1","S3"]}`)
	var page struct{ Samples map[string]*report.Sample }
	if q.Error != "" || json.Unmarshal([]byte(q.JSON), &page) != nil {
		t.Fatalf("query = %+v", q)
	}
	if len(page.Samples) != 2 || page.Samples["S1"].Top[0].Name != "Bacteroides" {
		t.Errorf("query samples = %+v, want S1 and S3 with their top lists", page.Samples)
	}
	c := e.query(`{"kind":"composition","rank":"phylum","samples":["S1"]}`)
	var comp report.Composition
	if c.Error != "" || json.Unmarshal([]byte(c.JSON), &comp) != nil || len(comp.Shares) != 1 || comp.Taxa[0].Name != "Bacteroidetes" {
		t.Errorf("composition query = %+v", c)
	}
	if c := e.query(`{"kind":"composition","rank":"nope"}`); c.Error == "" {
		t.Error("a composition at an unknown rank was answered")
	}
	if q := e.query(`{"kind":"nope"}`); !strings.Contains(q.Error, "unknown query") {
		t.Errorf("unknown kind: %+v", q)
	}
	if out := e.analyse([]format.Input{{Name: "x.tsv", Data: []byte("not\ta\ntable")}}, nil); out.Error == "" || e.report != nil {
		t.Errorf("analyse(bad) = %+v, report kept %v; want an error and no report", out, e.report != nil)
	}
}

func TestPanicBecomesError(t *testing.T) {
	defer func(f func([]format.Input, string, report.Progress) (*report.Report, error)) { analyseFunc = f }(analyseFunc)
	analyseFunc = func([]format.Input, string, report.Progress) (*report.Report, error) {
		var m map[string]int
		m["boom"]++ // a nil-map write: a real runtime panic
		return nil, nil
	}
	var e engine
	out := e.analyse([]format.Input{{Name: "crash.biom", Data: []byte("{}")}}, nil)
	if !strings.Contains(out.Error, "crash.biom: internal error in the analysis engine") || out.JSON != "" {
		t.Errorf("a panic gave %+v, want an error naming the file", out)
	}
}

func TestAnalyseTableWithTaxonomy(t *testing.T) {
	var e engine
	// A table without taxonomy plus a QIIME 2 taxonomy.tsv naming its features.
	noTax := []byte("#OTU ID\tS1\tS2\nOTU1\t5\t1\nOTU2\t3\t0\n")
	tax := []byte("Feature ID\tTaxon\tConfidence\nOTU1\td__Bacteria; p__Firmicutes; g__Blautia\t0.9\nOTU2\td__Bacteria; g__Dorea\t0.8\n")
	out := e.analyse([]format.Input{{Name: "t.tsv", Data: noTax}, {Name: "taxonomy.tsv", Data: tax}}, nil)
	if out.Error != "" || !strings.Contains(out.JSON, "t.tsv + taxonomy.tsv") {
		t.Fatalf("table + taxonomy: %+v", out)
	}
	q := e.query(`{"kind":"samples","samples":["S1"]}`)
	if !strings.Contains(q.JSON, `"name":"Blautia"`) {
		t.Errorf("joined taxonomy not in the top list: %s", q.JSON)
	}
}

func TestHealthQuery(t *testing.T) {
	data, err := os.ReadFile("../../testdata/tiny-mpa3.txt")
	if err != nil {
		t.Fatal(err)
	}
	var e engine
	if out := e.analyse([]format.Input{{Name: "tiny-mpa3.txt", Data: data}}, nil); out.Error != "" {
		t.Fatal(out.Error)
	}
	for _, lang := range []string{"en", "nl"} {
		q := e.query(`{"kind":"health","samples":["tiny-mpa3"],"params":{"lang":"` + lang + `"}}`)
		var hv struct {
			Health      report.HealthView
			Enterotypes *report.EnterotypeView
		}
		if q.Error != "" || json.Unmarshal([]byte(q.JSON), &hv) != nil {
			t.Fatalf("health query = %+v", q)
		}
		v := hv.Health
		if hv.Enterotypes == nil || hv.Enterotypes.Samples["tiny-mpa3"] == nil {
			t.Errorf("%s: no enterotype placement in the health answer", lang)
		}
		if v.Lang != lang || v.Samples["tiny-mpa3"] == nil || len(v.Samples["tiny-mpa3"].Sections) == 0 {
			t.Errorf("%s: health view = %+v", lang, v)
		}
	}
}
