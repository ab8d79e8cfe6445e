package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

func TestReportJSON(t *testing.T) {
	var out, errb bytes.Buffer
	if code := run([]string{"report", "../../../testdata/tiny.biom", "--json"}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	var r struct {
		Schema  string                     `json:"schema"`
		Samples map[string]json.RawMessage `json:"samples"`
		Input   struct{ Format string }    `json:"input"`
	}
	if err := json.Unmarshal(out.Bytes(), &r); err != nil {
		t.Fatalf("output is not JSON: %v", err)
	}
	if r.Schema != "gutlens-report/1" || len(r.Samples) != 4 || r.Input.Format != "biom-json" {
		t.Errorf("got schema %q, %d samples, format %q", r.Schema, len(r.Samples), r.Input.Format)
	}
	// Full precision: the value from scikit-bio 0.5.8 (testdata/golden/tiny.biom.alpha.json) to ≥ 15 digits.
	if !strings.Contains(out.String(), `"shannon_ln": 1.07396749905242`) {
		t.Errorf("S1 Shannon not printed in full precision:\n%s", out.String())
	}
}

func TestReportText(t *testing.T) {
	var out, errb bytes.Buffer
	if code := run([]string{"report", "--json=false", "../../../testdata/tiny-mpa3.txt"}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	for _, want := range []string{"MetaPhlAn profile", "tiny-mpa3", "12.50 %"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("text report lacks %q:\n%s", want, out.String())
		}
	}
}

func TestBadFile(t *testing.T) {
	var out, errb bytes.Buffer
	code := run([]string{"report", "../../../testdata/bad/bad-cell.tsv", "--json"}, &out, &errb)
	if code != 1 || out.Len() != 0 {
		t.Errorf("bad file: exit %d, stdout %q; want 1 and nothing", code, out.String())
	}
	for _, want := range []string{"bad-cell.tsv", "line 5", "column 3"} {
		if !strings.Contains(errb.String(), want) {
			t.Errorf("stderr %q lacks %q", errb.String(), want)
		}
	}
	if code := run([]string{"report", "no-such-file"}, &out, &errb); code != 1 {
		t.Errorf("missing file: exit %d, want 1", code)
	}
	if code := run([]string{"frobnicate"}, &out, &errb); code != 2 {
		t.Errorf("unknown command: exit %d, want 2", code)
	}
}
