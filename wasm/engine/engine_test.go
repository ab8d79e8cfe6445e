package main

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

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
	out := e.analyse("tiny.biom", data, nil)
	var summary report.Report
	if out.Error != "" || json.Unmarshal([]byte(out.JSON), &summary) != nil || summary.Schema != report.Schema {
		t.Fatalf("analyse(tiny.biom) = %+v", out)
	}
	if s := summary.Samples["S1"]; s == nil || s.Top != nil || s.ObservedFeatures != 6 {
		t.Errorf("summary S1 = %+v, want metrics without top taxa", s)
	}
	q := e.query(`{"kind":"samples","samples":["S1","S3"]}`)
	var page struct{ Samples map[string]*report.Sample }
	if q.Error != "" || json.Unmarshal([]byte(q.JSON), &page) != nil {
		t.Fatalf("query = %+v", q)
	}
	if len(page.Samples) != 2 || page.Samples["S1"].Top[0].Name != "Bacteroides" {
		t.Errorf("query samples = %+v, want S1 and S3 with their top lists", page.Samples)
	}
	if q := e.query(`{"kind":"nope"}`); !strings.Contains(q.Error, "unknown query") {
		t.Errorf("unknown kind: %+v", q)
	}
	if out := e.analyse("x.tsv", []byte("not\ta\ntable"), nil); out.Error == "" || e.report != nil {
		t.Errorf("analyse(bad) = %+v, report kept %v; want an error and no report", out, e.report != nil)
	}
}

func TestPanicBecomesError(t *testing.T) {
	defer func(f func([]byte, string, string, report.Progress) (*report.Report, error)) { analyseFunc = f }(analyseFunc)
	analyseFunc = func([]byte, string, string, report.Progress) (*report.Report, error) {
		var m map[string]int
		m["boom"]++ // a nil-map write: a real runtime panic
		return nil, nil
	}
	var e engine
	out := e.analyse("crash.biom", []byte("{}"), nil)
	if !strings.Contains(out.Error, "crash.biom: internal error in the analysis engine") || out.JSON != "" {
		t.Errorf("a panic gave %+v, want an error naming the file", out)
	}
}
