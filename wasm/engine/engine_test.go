package main

import (
	"os"
	"strings"
	"testing"

	"github.com/gutlens/gutlens/analysis/report"
)

func TestAnalyse(t *testing.T) {
	data, err := os.ReadFile("../../testdata/tiny.biom")
	if err != nil {
		t.Fatal(err)
	}
	out := analyse("tiny.biom", data, nil)
	if out.Error != "" || !strings.Contains(out.JSON, `"schema": "gutlens-report/1"`) {
		t.Errorf("analyse(tiny.biom) = %+v", out)
	}
	if out := analyse("x.tsv", []byte("not\ta\ntable"), nil); out.Error == "" || out.JSON != "" {
		t.Errorf("analyse(bad) = %+v, want an error", out)
	}
}

func TestPanicBecomesError(t *testing.T) {
	defer func(f func([]byte, string, string, report.Progress) (*report.Report, error)) { analyseFunc = f }(analyseFunc)
	analyseFunc = func([]byte, string, string, report.Progress) (*report.Report, error) {
		var m map[string]int
		m["boom"]++ // a nil-map write: a real runtime panic
		return nil, nil
	}
	out := analyse("crash.biom", []byte("{}"), nil)
	if !strings.Contains(out.Error, "crash.biom: internal error in the analysis engine") || out.JSON != "" {
		t.Errorf("a panic gave %+v, want an error naming the file", out)
	}
}
