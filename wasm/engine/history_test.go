package main

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/gutlens/gutlens/analysis/format"
)

func TestRecordAndExports(t *testing.T) {
	data, err := os.ReadFile("../../testdata/tiny.biom")
	if err != nil {
		t.Fatal(err)
	}
	var e engine
	if out := e.analyse([]format.Input{{Name: "tiny.biom", Data: data}}, nil); out.Error != "" {
		t.Fatal(out.Error)
	}
	out := e.query(`{"kind":"record"}`)
	var rec Record
	if out.Error != "" || json.Unmarshal([]byte(out.JSON), &rec) != nil {
		t.Fatalf("record = %+v", out)
	}
	if rec.Schema != RecordSchema || rec.Input.Format != "biom-json" || len(rec.Input.SHA256) != 64 || len(rec.Samples) != 4 || rec.Truncated {
		t.Errorf("record = %+v", rec)
	}
	if s := rec.Samples[0]; s.ID != "S1" || s.ObservedFeatures != 6 || len(s.Top) != recordTopN || s.Top[0].Name != "Bacteroides" {
		t.Errorf("record sample 0 = %+v", s)
	}
	if c := rec.Composition["genus"]; c == nil || len(c.Shares) != 4 || rec.Composition["phylum"] == nil {
		t.Errorf("record composition = %v", rec.Composition)
	}

	out = e.query(`{"kind":"export-report"}`)
	var rep map[string]any
	if out.Error != "" || json.Unmarshal([]byte(out.JSON), &rep) != nil {
		t.Fatalf("export-report = %+v", out)
	}
	prov, _ := rep["provenance"].(map[string]any)
	if rep["schema"] != "gutlens-report/1" || prov["parser"] != "biom-json" || len(prov["input_sha256"].(string)) != 64 || prov["date"] == "" {
		t.Errorf("export-report: schema %v, provenance %v", rep["schema"], prov)
	}
	if s := rep["samples"].(map[string]any)["S1"].(map[string]any); len(s["top_taxa"].([]any)) == 0 {
		t.Error("export-report lacks the top taxa")
	}

	out = e.query(`{"kind":"export-csv"}`)
	rows, err := csv.NewReader(strings.NewReader(out.JSON)).ReadAll()
	if out.Error != "" || err != nil || len(rows) != 5 || strings.Join(rows[0], ",") != strings.Join(CSVHeader, ",") {
		t.Fatalf("export-csv = %+v (%v)", out, err)
	}
	if rows[1][0] != "S1" || rows[1][2] != "6" || rows[1][6] != "Bacteroides" {
		t.Errorf("CSV row S1 = %v", rows[1])
	}
}
