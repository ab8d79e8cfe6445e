package app

import (
	"regexp"
	"strings"
	"testing"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// twoResults is a history of two saved results of samples S1 and S2, the
// second made with another format: the trend has a method break.
const twoResults = `[
 {"id":"a","saved":"2026-01-10T09:00:00.000Z","schema":"gutlens-result/1","generator":{"name":"gutlens","version":"v1","engine":"wasm"},
  "input":{"file":"jan.biom","format":"biom-json","format_title":"BIOM 1.0 (JSON)","sha256":"aa","n_samples":2,"unit":"counts"},
  "samples":[{"id":"S1","observed_features":6,"shannon_ln":1.5,"unclassified_share":0.1},{"id":"S2","observed_features":4,"shannon_ln":1.1,"unclassified_share":null}]},
 {"id":"b","saved":"2026-04-10T09:00:00.000Z","schema":"gutlens-result/1","generator":{"name":"gutlens","version":"v1","engine":"wasm"},
  "input":{"file":"apr.tsv","format":"tsv","format_title":"TSV","sha256":"bb","n_samples":1,"unit":"counts"},
  "samples":[{"id":"S1","observed_features":8,"shannon_ln":1.9,"unclassified_share":0.05}]}
]`

func renderHistoryState(t *testing.T, h historyState, s State) string {
	t.Helper()
	return app.HTMLString(&Analyser{state: s, history: h})
}

// histTag returns the first start tag that has attribute attr (attributes
// are rendered in no fixed order).
func histTag(h, attr string) string {
	for _, m := range regexp.MustCompile(`<[a-z]+\b[^>]*>`).FindAllString(h, -1) {
		if strings.Contains(m, attr) {
			return m
		}
	}
	return ""
}

func TestRenderHistory(t *testing.T) {
	rs, err := decodeHistory(twoResults)
	if err != nil {
		t.Fatal(err)
	}
	r := tinyReport(t, "tiny.biom")
	h := renderHistoryState(t, historyState{loaded: true, records: rs, trend: newTrend(rs)}, State{Status: StatusDone, Report: r, Run: 1})
	for _, want := range []string{
		`id="history-save"`,
		`class="history-item"`, `data-id="a"`, `data-format="tsv"`, `data-sha256="bb"`,
		`2026-01-10 09:00`, `id="history-export"`, `id="history-import"`, `id="history-delete"`,
		`data-metric="shannon_ln"`, `data-metric="observed_features"`, `data-metric="unclassified_share"`,
		`class="method-break"`, `id="history-warning"`, "biom-json, counts → tsv, counts",
		`id="history-table"`,
		`id="export-json"`, `id="export-csv"`, `id="export-print"`, "Print / save as PDF",
	} {
		if !strings.Contains(h, want) {
			t.Errorf("history view lacks %s", want)
		}
	}
	if sec := histTag(h, `id="history"`); !strings.Contains(sec, `data-count="2"`) || !regexp.MustCompile(`data-loaded( |>|="true")`).MatchString(sec) {
		t.Errorf("history section %s", sec)
	}
	// S1 is in both results: two points per chart. S2 is in one: not drawn.
	if n := len(regexp.MustCompile(`<circle[^>]*data-sample="S1"`).FindAllString(h, -1)); n != 3*2 {
		t.Errorf("S1 has %d points over the three charts, want 6", n)
	}
	if regexp.MustCompile(`<circle[^>]*data-sample="S2"`).MatchString(h) {
		t.Error("a sample seen once is drawn as a trend")
	}
	// The line is broken at the method change: no polyline joins the two points.
	if strings.Contains(h, "<polyline") {
		t.Error("a line crosses the method break")
	}
	if strings.Contains(h, `style=`) {
		t.Error("the history view uses inline styles (the CSP forbids them)")
	}
	if strings.Contains(h, `id="history-delete-confirm"`) {
		t.Error("delete asks before it is clicked")
	}
}

func TestRenderHistoryStates(t *testing.T) {
	r := tinyReport(t, "tiny.biom")
	done := State{Status: StatusDone, Report: r, Run: 3}
	h := renderHistoryState(t, historyState{}, done)
	if !strings.Contains(h, "Loading your history") || !strings.Contains(histTag(h, `id="history"`), `data-loaded="false"`) {
		t.Error("an unread history does not say it is loading")
	}
	h = renderHistoryState(t, historyState{loaded: true}, done)
	if !strings.Contains(h, "No saved results yet.") || !strings.Contains(histTag(h, `id="history-export"`), "disabled") {
		t.Error("an empty history offers an export or lacks its empty message")
	}
	h = renderHistoryState(t, historyState{loaded: true, savedRun: 3, asked: true, persist: "denied"}, done)
	if !strings.Contains(histTag(h, `id="history-save"`), "disabled") || !strings.Contains(h, "did not promise to keep") || !regexp.MustCompile(`data-asked( |>|="true")`).MatchString(histTag(h, `id="history-persist"`)) {
		t.Error("a saved result can be saved again, or the storage answer is not shown")
	}
	if !strings.Contains(h, "Export your history to a file now and then: that file is your backup.") {
		t.Error("the backup advice is missing")
	}
	rs, _ := decodeHistory(twoResults)
	h = renderHistoryState(t, historyState{loaded: true, records: rs, trend: newTrend(rs), confirm: true}, done)
	if !strings.Contains(h, `id="history-delete-confirm"`) || !strings.Contains(h, "Delete all 2 saved results") {
		t.Error("delete all does not ask for confirmation")
	}
	h = renderHistoryState(t, historyState{loaded: true, update: true}, done)
	if !strings.Contains(h, `id="update-banner"`) || !strings.Contains(h, `id="update-reload"`) {
		t.Error("no update banner")
	}
	nl := app.HTMLString(&Analyser{Lang: NL, state: done, history: historyState{loaded: true, records: rs, trend: newTrend(rs)}})
	for _, want := range []string{"Bewaar deze uitslag", "Geschiedenis op dit apparaat", "Afdrukken / opslaan als pdf", "Methode veranderd"} {
		if !strings.Contains(nl, want) {
			t.Errorf("Dutch history view lacks %q", want)
		}
	}
}

func TestTrendSingleMethod(t *testing.T) {
	rs, _ := decodeHistory(strings.Replace(twoResults, `"format":"tsv"`, `"format":"biom-json"`, 1))
	tr := newTrend(rs)
	if len(tr.breaks) != 0 || len(tr.series) != 1 || tr.series[0].name != "S1" {
		t.Fatalf("trend = %+v", tr)
	}
	h := renderHistoryState(t, historyState{loaded: true, records: rs, trend: tr}, State{Status: StatusDone, Report: tinyReport(t, "tiny.biom"), Run: 1})
	if strings.Count(h, "<polyline") != 3 || strings.Contains(h, "method-break") {
		t.Error("one method: want one unbroken line per chart")
	}
}

func TestExportName(t *testing.T) {
	for in, want := range map[string]string{
		"tiny.biom":                "tiny.biom",
		"table.qza + taxonomy.qza": "table.qza",
		"my results (2026).tsv":    "my_results_2026_.tsv",
		"../..":                    "gutlens",
		"gutlens-sample.biom":      "gutlens-sample.biom",
	} {
		if got := exportName(in); got != want {
			t.Errorf("exportName(%q) = %q, want %q", in, got, want)
		}
	}
}
