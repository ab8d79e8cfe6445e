package app

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gutlens/gutlens/analysis/report"
	"github.com/gutlens/gutlens/analysis/report/view"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

func render(s State) string {
	return app.HTMLString(&Analyser{state: s})
}

// tinyEngine is the engine's report on a test file.
func tinyEngine(t *testing.T, file string) *report.Report {
	t.Helper()
	data, err := os.ReadFile("../testdata/" + file)
	if err != nil {
		t.Fatal(err)
	}
	r, err := report.Analyse(data, file, "native", nil)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// asView is the engine's report as the UI has it: its JSON, decoded.
func asView(t *testing.T, r *report.Report) *view.Report {
	t.Helper()
	b, err := r.JSON()
	if err != nil {
		t.Fatal(err)
	}
	v, err := decodeReport(string(b), "")
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// tinyReport is the UI's report on a test file.
func tinyReport(t *testing.T, file string) *view.Report {
	t.Helper()
	return asView(t, tinyEngine(t, file))
}

func TestRenderIdle(t *testing.T) {
	h := render(State{})
	for _, want := range []string{`id="file"`, `id="try-sample"`, `id="drop"`, `data-status="idle"`, "not a medical device"} {
		if !strings.Contains(h, want) {
			t.Errorf("idle page lacks %s", want)
		}
	}
	if strings.Contains(h, `id="report"`) || strings.Contains(h, `id="error"`) {
		t.Error("idle page shows a report or an error")
	}
}

func TestRenderFailed(t *testing.T) {
	h := render(State{Status: StatusFailed, File: "x.tsv", Err: "x.tsv: tsv, line 5, column 3: expected a number, found \"abc\"", Run: 3})
	for _, want := range []string{`data-status="failed"`, `data-run="3"`, `role="alert"`, "line 5, column 3", "Nothing was sent anywhere"} {
		if !strings.Contains(h, want) {
			t.Errorf("failed page lacks %s:\n%s", want, h)
		}
	}
	if strings.Contains(h, `id="report"`) {
		t.Error("failed page shows a report")
	}
}

func TestRenderReport(t *testing.T) {
	r := tinyReport(t, "tiny.biom")
	h := render(State{CardsShown: pageSize, Status: StatusDone, Report: r, Run: 1})
	s1 := r.Samples["S1"]
	for _, want := range []string{
		`data-format="biom-json"`, `data-samples="4"`, `data-features="8"`,
		`data-sample="S1"`, `data-sample="S4"`,
		fmt.Sprintf(`data-value="%v"`, float64(s1.ShannonLn)), // full precision
		fmt.Sprintf(">%.3f<", float64(s1.ShannonLn)),          // shown with 3 decimals
		"Shannon (ln)", "Simpson (1 − Σp²)",
		`data-name="Bacteroides"`, "62.0 %", // 340/548
		"No classified taxa in this sample.", // S4 is zero-sum
	} {
		if !strings.Contains(h, want) {
			t.Errorf("report lacks %s", want)
		}
	}
	if strings.Contains(h, `id="page-next"`) {
		t.Error("4 samples need no pager")
	}
}

func TestRenderUnreported(t *testing.T) {
	r := tinyReport(t, "tiny.biom")
	r.Input.UnclassifiedKnown = false
	if h := render(State{CardsShown: pageSize, Status: StatusDone, Report: r}); !strings.Contains(h, "not reported by the file") {
		t.Error("an unknown unclassified share must say so, not show 0 %")
	}
}

func TestRenderPages(t *testing.T) {
	r := tinyReport(t, "tiny.biom")
	// 30 copies of S1 under new ids: 3 pages of 12.
	s := r.Samples["S1"]
	r.SampleOrder, r.Samples = nil, map[string]*report.Sample{}
	for i := range 30 {
		id := fmt.Sprintf("P%02d", i)
		r.SampleOrder = append(r.SampleOrder, id)
		r.Samples[id] = s
	}
	h := render(State{CardsShown: pageSize, Status: StatusDone, Report: r, Page: 2})
	if !strings.Contains(h, "Samples 25–30 of 30") || !strings.Contains(h, `data-sample="P29"`) || strings.Contains(h, `data-sample="P23"`) {
		t.Errorf("page 3 of 30 samples renders wrong cards:\n%s", h)
	}
}

func TestFormatting(t *testing.T) {
	for _, c := range []struct {
		v      float64
		en, nl string
	}{
		{0.5, "50.0 %", "50,0 %"}, {0.0123, "1.2 %", "1,2 %"}, {0.005, "0.50 %", "0,50 %"},
		{0.00001, "< 0.01 %", "< 0,01 %"}, {0, "0.00 %", "0,00 %"}, {math.NaN(), "–", "–"},
	} {
		if got := EN.Percent(report.Float(c.v)); got != c.en {
			t.Errorf("EN.Percent(%v) = %q, want %q", c.v, got, c.en)
		}
		if got := NL.Percent(report.Float(c.v)); got != c.nl {
			t.Errorf("NL.Percent(%v) = %q, want %q", c.v, got, c.nl)
		}
	}
	if got := NL.Fixed(2.7004, 3); got != "2,700" {
		t.Errorf("NL.Fixed(2.7004, 3) = %q", got)
	}
	if got := EN.Fixed(math.NaN(), 3); got != "–" {
		t.Errorf("Fixed(NaN) = %q", got)
	}
	if got := full(1.0 / 3); got != "0.3333333333333333" {
		t.Errorf("full(1/3) = %q", got)
	}
}

// Every message has an English and a Dutch text that differ where they
// should and take the same arguments.
func TestMessages(t *testing.T) {
	verbs := regexp.MustCompile(`%[vdsq]`)
	for key, m := range messages {
		if m[0] == "" || m[1] == "" {
			t.Errorf("%s: a language is missing: %q", key, m)
		}
		if a, b := len(verbs.FindAllString(m[0], -1)), len(verbs.FindAllString(m[1], -1)); a != b {
			t.Errorf("%s: %d arguments in English, %d in Dutch", key, a, b)
		}
	}
	// Every key the code uses exists.
	used := regexp.MustCompile(`\.T\("([a-zA-Z.\-]+)"[,)]`)
	files, _ := filepath.Glob("*.go")
	for _, f := range files {
		b, _ := os.ReadFile(f)
		for _, m := range used.FindAllStringSubmatch(string(b), -1) {
			if _, ok := messages[m[1]]; !ok {
				t.Errorf("%s uses message %q, which the catalogue lacks", f, m[1])
			}
		}
	}
}

func TestRenderDutch(t *testing.T) {
	r := tinyReport(t, "tiny.biom")
	h := app.HTMLString(&Analyser{Lang: NL, state: State{CardsShown: pageSize, Status: StatusDone, Report: r}})
	for _, want := range []string{"Sleep uw darmflora-bestand hierheen", "Waargenomen taxa", "geen medisch hulpmiddel",
		NL.Fixed(float64(r.Samples["S1"].ShannonLn), 3), `href="/"`} {
		if !strings.Contains(h, want) {
			t.Errorf("Dutch page lacks %q", want)
		}
	}
	if strings.Contains(h, "Drop your microbiome file") {
		t.Error("Dutch page shows English text")
	}
}

func TestDecodeReport(t *testing.T) {
	r := tinyEngine(t, "tiny.biom")
	b, _ := r.JSON()
	back, err := decodeReport(string(b), "")
	if err != nil || back.Samples["S1"].ObservedFeatures != r.Samples["S1"].ObservedFeatures {
		t.Fatalf("decodeReport round trip: %v", err)
	}
	if _, err := decodeReport(`{"schema":"other/1"}`, ""); err == nil {
		t.Error("a report of another schema was accepted")
	}
	if _, err := decodeReport(`{`, ""); err == nil {
		t.Error("broken JSON was accepted")
	}
	// The worker sends the sample order apart (engine-worker.js splitOrder).
	var summary map[string]any
	json.Unmarshal(b, &summary)
	order, _ := json.Marshal(summary["sample_order"])
	delete(summary, "sample_order")
	rest, _ := json.Marshal(summary)
	split, err := decodeReport(string(rest), string(order))
	if err != nil || !reflect.DeepEqual(split.SampleOrder, r.SampleOrder) {
		t.Errorf("decodeReport with the order apart: %v, %v; want %v", err, split.SampleOrder, r.SampleOrder)
	}
	if _, err := decodeReport(string(rest), `["S1",`); err == nil {
		t.Error("a broken sample order was accepted")
	}
}

func TestDecodeIDs(t *testing.T) {
	for _, in := range []string{
		`[]`, `["S1"]`, `["S1","S2","S.3-x"]`, `["",""]`,
		`["a\"b","c\\d","tab\there","\u00e9t\u00e9","\ud83e\udda0","é","🦠"]`,
		`[ "spaced" , "ids" ]`, "[\n\"S1\"\n]",
		`["lone \ud800 surrogate"]`,
	} {
		var want []string
		if err := json.Unmarshal([]byte(in), &want); err != nil {
			t.Fatalf("test input %s: %v", in, err)
		}
		got, err := decodeIDs(in)
		if err != nil || !reflect.DeepEqual(got, want) || got == nil {
			t.Errorf("decodeIDs(%s) = %q, %v; want %q (encoding/json)", in, got, err, want)
		}
	}
	for _, in := range []string{``, `[`, `]`, `["a"`, `["a",]`, `["a" "b"]`, `["a"]x`, `{}`, `"a"`, `[1]`, `["a` + "\x01" + `"]`, `["a\"]`, `["\q"]`} {
		if got, err := decodeIDs(in); err == nil {
			t.Errorf("decodeIDs(%q) = %q, want an error", in, got)
		}
	}
}

func TestRenderSummaryThenDetails(t *testing.T) {
	r := tinyEngine(t, "tiny.biom")
	summary := asView(t, r.Summary())
	h := render(State{CardsShown: pageSize, Status: StatusDone, Report: summary})
	if strings.Count(h, "Loading the top taxa…") != 4 || strings.Contains(h, `data-name="Bacteroides"`) {
		t.Error("a summary without details must show each sample as loading")
	}
	st := State{CardsShown: pageSize, Status: StatusDone, Report: summary, Details: r.Subset(summary.SampleOrder[:1])}
	h = render(st)
	if !strings.Contains(h, `data-name="Bacteroides"`) || strings.Count(h, "Loading the top taxa…") != 3 {
		t.Error("details of S1 must show its top taxa, the other 3 still loading")
	}
	if ids := st.pageIDs(0); len(ids) != 4 || ids[0] != "S1" {
		t.Errorf("pageIDs(0) = %v", ids)
	}
}

func TestRenderHealth(t *testing.T) {
	e := tinyEngine(t, "tiny-mpa3.txt")
	r := asView(t, e)
	for _, lang := range []Lang{EN, NL} {
		h := report.RenderHealth(e.Health, string(lang), e.SampleOrder)
		html := app.HTMLString(&Analyser{Lang: lang, state: State{CardsShown: pageSize, HealthShown: 1000, Status: StatusDone, Report: r, Health: h}})
		for _, want := range []string{`id="health"`, `class="statement"`, `href="https://doi.org/`, h.Disclaimer[:20], lang.T("health.title")} {
			if !strings.Contains(html, want) {
				t.Errorf("%s: health view lacks %q", lang, want)
			}
		}
	}
	loading := app.HTMLString(&Analyser{state: State{CardsShown: pageSize, Status: StatusDone, Report: r}})
	if !strings.Contains(loading, "Loading the health sections") {
		t.Error("without a health view the section says it is loading")
	}
}

func TestCardsBuiltInBatches(t *testing.T) {
	r := tinyReport(t, "tiny.biom")
	h := render(State{Status: StatusRunning, Report: r, CardsShown: 2})
	if n := strings.Count(h, `class="sample pending"`); n != 2 {
		t.Errorf("%d pending cards, want 2 of 4 still to build", n)
	}
	if !strings.Contains(h, `data-name="Bacteroides"`) {
		t.Error("the built cards show their top taxa")
	}
}

func TestRenderEnterotype(t *testing.T) {
	r := tinyEngine(t, "tiny-mpa3.txt")
	for _, lang := range []Lang{EN, NL} {
		v := report.RenderEnterotypes(r.Enterotypes, string(lang), r.SampleOrder)
		h := app.HTMLString(&EnterotypePanel{Lang: lang, View: v, ID: "tiny-mpa3"})
		if !strings.Contains(h, `id="enterotype"`) || !strings.Contains(h, `class="continuum"`) || strings.Count(h, "data-weight=") != 3 {
			t.Errorf("%s: enterotype panel lacks its continuum or the three weights:\n%s", lang, h)
		}
	}
}

func TestNextBatch(t *testing.T) {
	for _, c := range []struct {
		per, most int
		d         time.Duration
		want      int
	}{
		{1, 4, 10 * time.Millisecond, 2},
		{2, 4, 10 * time.Millisecond, 4},
		{4, 4, 10 * time.Millisecond, 4}, // at most most
		{3, 4, 30 * time.Millisecond, 3}, // within the band: unchanged
		{4, 4, 60 * time.Millisecond, 2},
		{1, 4, 200 * time.Millisecond, 1}, // never below one
	} {
		if got := nextBatch(c.per, c.most, c.d); got != c.want {
			t.Errorf("nextBatch(%d, %d, %v) = %d, want %d", c.per, c.most, c.d, got, c.want)
		}
	}
}

// benchIDs is a sample order as large as HMP v35's (5,452 ids), as the
// engine worker sends it.
func benchIDs() string {
	ids := make([]string, 5452)
	for i := range ids {
		ids[i] = fmt.Sprintf("SRS%06d.SRX%06d", 11649+i, 20666+i)
	}
	b, _ := json.Marshal(ids)
	return string(b)
}

func BenchmarkDecodeIDs(b *testing.B) {
	s := benchIDs()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := decodeIDs(s); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDecodeIDsJSON is the same with encoding/json, for comparison.
func BenchmarkDecodeIDsJSON(b *testing.B) {
	s := benchIDs()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := decodeIDsJSON(s); err != nil {
			b.Fatal(err)
		}
	}
}
