package app

import (
	"os"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/gutlens/gutlens/analysis/format"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

func mappingPreview(t *testing.T, file string) *format.TablePreview {
	t.Helper()
	data, err := os.ReadFile("../testdata/" + file)
	if err != nil {
		t.Fatal(err)
	}
	p, err := format.Preview(data)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// hasTag reports whether h has an element whose start tag holds every
// attribute given (in any order) and, if text is not "", is followed by it.
func hasTag(h, text string, attrs ...string) bool {
	for _, m := range regexp.MustCompile(`<[a-z]+[^>]*>([^<]*)`).FindAllStringSubmatch(h, -1) {
		ok := text == "" || m[1] == text
		for _, a := range attrs {
			if !strings.Contains(a, "=") { // a bare boolean attribute
				a = strings.TrimSuffix(a, ">")
				ok = ok && regexp.MustCompile(`\s`+a+`[\s>]`).MatchString(m[0])
				continue
			}
			ok = ok && strings.Contains(m[0], " "+a)
		}
		if ok {
			return true
		}
	}
	return false
}

// renderWithMapping renders the page with a mapping step in the given state.
func renderWithMapping(s State, m *mappingState, l Lang) string {
	a := &Analyser{state: s, Lang: l}
	if m != nil {
		mappings[a] = m
		defer delete(mappings, a)
	}
	return app.HTMLString(a)
}

func TestRenderMappingAfterFailure(t *testing.T) {
	p := mappingPreview(t, "formats3/consumer-nl.csv")
	s := State{Status: StatusFailed, File: "consumer-nl.csv", Err: "consumer-nl.csv: csv, line 1: no numeric values", Run: 2}
	// Not previewed (a binary file, or the engine said no): no step.
	if h := renderWithMapping(s, nil, EN); !hasTag(h, "", `id="mapping"`, `data-status="closed"`) || strings.Contains(h, "mapping-form") {
		t.Errorf("failed page without preview shows a mapping step:\n%s", h)
	}
	m := &mappingState{probed: 2, run: 2, open: true, file: "consumer-nl.csv", p: p, m: p.Guess}
	h := renderWithMapping(s, m, EN)
	for _, want := range []string{
		`data-status="open"`, "Tell Gutlens how to read this file", "consumer-nl.csv is a table, but not one Gutlens knows",
		`id="mapping-layout"`, `id="mapping-taxon"`, `id="mapping-apply"`,
		`data-role="taxon"`, `data-role="value"`, ">32,5<", "The first 6 of 6 rows", "decided from the numbers",
		`role="alert"`, // the error stays above
	} {
		if !strings.Contains(h, want) {
			t.Errorf("mapping step lacks %s", want)
		}
	}
	for _, tag := range [][]string{
		{"", `value="taxa-rows"`, "selected>"}, {"Bacterie", `value="0"`, "selected>"},
		{"", `id="mapping-value-1"`, `data-col="1"`, "checked"}, {"", `id="mapping-decimal"`, "checked"},
	} {
		if !hasTag(h, tag[0], tag[1:]...) {
			t.Errorf("mapping step lacks a tag with %q", tag)
		}
	}
	if strings.Contains(h, `id="mapping-label"`) || strings.Contains(h, `id="mapping-orient"`) || strings.Contains(h, `id="mapping-open"`) {
		t.Error("mapping step of an unknown CSV offers labels, orientation or the open button")
	}
	// Another failed file: the old step is not shown.
	s.Run = 3
	if h := renderWithMapping(s, m, EN); strings.Contains(h, "mapping-form") {
		t.Error("a step of an earlier file is shown")
	}
	// Dutch.
	s.Run = 2
	h = renderWithMapping(s, m, NL)
	for _, want := range []string{"Vertel Gutlens hoe dit bestand gelezen moet worden", "Kolom met het taxon", "decimale komma"} {
		if !strings.Contains(h, want) {
			t.Errorf("Dutch mapping step lacks %s", want)
		}
	}
	// Long format: three selects, no checkboxes.
	m.m = format.Mapping{Layout: format.LayoutLong, TaxonColumn: 0, SampleColumn: 2, ValueColumn: 1}
	h = renderWithMapping(s, m, EN)
	for _, want := range []string{`id="mapping-sample"`, `id="mapping-value"`, `data-layout="long"`} {
		if !strings.Contains(h, want) {
			t.Errorf("long mapping lacks %s", want)
		}
	}
	if strings.Contains(h, `id="mapping-values"`) {
		t.Error("long mapping shows value checkboxes")
	}
}

func TestRenderMappingFromReport(t *testing.T) {
	csv := tinyReport(t, "formats2/tiny-samples-in-rows.csv")
	s := State{Status: StatusDone, Report: csv, Run: 1, CardsShown: pageSize}
	h := renderWithMapping(s, nil, EN)
	if !strings.Contains(h, `id="mapping-open"`) || !strings.Contains(h, "Change how this file is read") {
		t.Errorf("a CSV report has no way to change how it is read")
	}
	if h := renderWithMapping(State{Status: StatusDone, Report: tinyReport(t, "tiny.biom"), Run: 1}, nil, EN); strings.Contains(h, `id="mapping-open"`) {
		t.Error("a BIOM report offers a mapping step")
	}
	p := mappingPreview(t, "formats2/tiny-samples-in-rows.csv")
	m := &mappingState{report: csv, run: -1, probed: -1, open: true, file: "tiny-samples-in-rows.csv", p: p, m: p.Guess, orient: reportOrientation(csv)}
	if m.orient != format.OrientSamplesInRows {
		t.Fatalf("orientation from the notes = %q", m.orient)
	}
	h = renderWithMapping(s, m, EN)
	if !hasTag(h, "", `id="mapping-orient-samples-in-rows"`, `value="samples-in-rows"`, "checked") || hasTag(h, "", `id="mapping-orient-taxa-in-rows"`, "checked>") {
		t.Error("the orientation read is not the one checked")
	}
	for _, want := range []string{`id="mapping-orient"`, `id="mapping-orient-apply"`, `id="mapping-form"`, `id="report"`} {
		if !strings.Contains(h, want) {
			t.Errorf("open step on a CSV report lacks %s", want)
		}
	}
	// mothur: the labels, the default marked, the one read selected.
	shared := tinyReport(t, "formats2/tiny.shared")
	sp := mappingPreview(t, "formats2/tiny.shared")
	m = &mappingState{report: shared, run: -1, open: true, file: "tiny.shared", p: sp, label: "0.03"}
	h = renderWithMapping(State{Status: StatusDone, Report: shared, Run: 1}, m, EN)
	if !hasTag(h, "unique", `value="unique"`) || !hasTag(h, "0.03 (default)", `value="0.03"`, "selected>") {
		t.Errorf("mothur step lacks the labels")
	}
	for _, want := range []string{`id="mapping-label"`, `id="mapping-label-apply"`} {
		if !strings.Contains(h, want) {
			t.Errorf("mothur step lacks %s:\n%s", want, h)
		}
	}
	if strings.Contains(h, `id="mapping-form"`) {
		t.Error("mothur step shows the column form")
	}
	// A new report hides the step.
	if h := renderWithMapping(State{Status: StatusDone, Report: tinyReport(t, "formats2/tiny.shared"), Run: 2}, m, EN); strings.Contains(h, `id="mapping-label"`) {
		t.Error("the step of an earlier report is shown")
	}
}

func TestSetLayout(t *testing.T) {
	p := mappingPreview(t, "formats3/consumer-nl.csv")
	mp := p.Guess
	setLayout(&mp, layoutLong, p)
	if mp.Layout != format.LayoutLong || mp.TaxonColumn != 0 || mp.SampleColumn != 2 || mp.ValueColumn != 1 {
		t.Errorf("long: %+v", mp)
	}
	setLayout(&mp, layoutSamplesRows, p)
	if mp.Orientation != format.OrientSamplesInRows || mp.SampleColumn != 0 || mp.TaxonColumn != -1 || !reflect.DeepEqual(mp.ValueColumns, []int{1}) {
		t.Errorf("samples in rows: %+v", mp)
	}
	setLayout(&mp, layoutTaxaRows, p)
	if mp.Orientation != format.OrientTaxaInRows || mp.TaxonColumn != 0 || mp.SampleColumn != -1 || formLayout(mp) != layoutTaxaRows {
		t.Errorf("taxa in rows: %+v", mp)
	}
}
