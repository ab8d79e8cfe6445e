//go:build e2e

package e2e

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/gutlens/gutlens/web/site"
)

// browser is one headless Chromium on a local server of the built site,
// with the server's access log and a download folder.
type browser struct {
	*chrome
	srv       *httptest.Server
	log       *accessLog
	downloads string
	run       float64 // data-run of #status before the current analysis
	// swExtra, when set, is appended to /app-worker.js: a new version of
	// the service worker, as after a deploy.
	swExtra atomic.Value
}

func newBrowser(t *testing.T) *browser {
	t.Helper()
	siteDir := env(t, "GUTLENS_SITE")
	requireChromium(t)
	b := &browser{log: &accessLog{}, downloads: t.TempDir()}
	b.swExtra.Store("")
	files := site.FileServer(siteDir)
	b.srv = httptest.NewServer(b.log.wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if extra := b.swExtra.Load().(string); extra != "" && r.URL.Path == "/app-worker.js" {
			body, err := os.ReadFile(filepath.Join(siteDir, "app-worker.js"))
			if err != nil {
				http.Error(w, err.Error(), 500)
				return
			}
			w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
			w.Header().Set("Cache-Control", "no-cache")
			w.Write(append(body, extra...))
			return
		}
		files.ServeHTTP(w, r)
	})))
	t.Cleanup(b.srv.Close)
	b.chrome = newChrome(t, 4*time.Minute)
	// Keep the page's console output, to show with a failure (a Go panic in
	// app.wasm prints there).
	b.addScript(`window.consoleLog = []; for (const k of ["log", "warn", "error"]) { const f = console[k]; console[k] = (...a) => { window.consoleLog.push(k + ": " + a.join(" ")); f.apply(console, a); }; }`)
	b.allowDownloads(b.downloads, false)
	return b
}

// wait polls a JavaScript condition.
func (b *browser) wait(cond, what string) {
	b.t.Helper()
	if err := b.poll(cond, 20*time.Second); err != nil {
		state, _ := chromedp.Run(b.ctx, chromedp.Evaluate[string](`new Promise(r => gutlensHistory.list(v => r("db has " + JSON.parse(v).length + "; notice " + (document.querySelector("#history-notice")||{}).textContent + "; confirm shown " + !!document.querySelector("#history-confirm") + "; delete disabled " + (document.querySelector("#history-delete")||{}).disabled + "; status " + document.querySelector("#status").dataset.status + " run " + document.querySelector("#status").dataset.run + "; console: " + window.consoleLog.slice(-15).join(" | ")), e => r("list failed " + e)))`, chromedp.EvalAwaitPromise))
		b.t.Fatalf("%s: %v\n#history now: %s", what, err, state)
	}
}

// open navigates to path and waits until the app is ready.
func (b *browser) open(path string) {
	b.t.Helper()
	b.navigate(b.srv.URL + path)
	b.wait(jsAppReady, "app never became ready")
	b.run = b.eval(`Number(document.querySelector("#status").dataset.run)`).(float64)
}

func (b *browser) upload(file string) {
	b.t.Helper()
	b.run = b.eval(`Number(document.querySelector("#status").dataset.run)`).(float64)
	b.chrome.upload(file)
}

// sample starts the bundled sample.
func (b *browser) sample() {
	b.t.Helper()
	b.run = b.eval(`Number(document.querySelector("#status").dataset.run)`).(float64)
	b.click("#try-sample")
}

// finish waits for the analysis started last to end and returns its status.
func (b *browser) finish() string {
	b.t.Helper()
	b.wait(fmt.Sprintf(`Number(document.querySelector("#status").dataset.run) > %v`, b.run), "analysis never finished")
	b.run = b.eval(`Number(document.querySelector("#status").dataset.run)`).(float64)
	return b.eval(jsStatus).(string)
}

// download waits for a file named name in the download folder and returns
// its contents.
func (b *browser) download(name string) []byte {
	b.t.Helper()
	p := filepath.Join(b.downloads, name)
	for range 200 {
		if data, err := os.ReadFile(p); err == nil && len(data) > 0 {
			if _, err := os.Stat(p + ".crdownload"); err != nil {
				os.Remove(p) // the next download of the same name keeps it
				return data
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	entries, _ := os.ReadDir(b.downloads)
	b.t.Fatalf("no download %s (folder has %v)", name, entries)
	return nil
}

// historyItem is one entry of the history list as the page shows it.
type historyItem struct {
	ID, File, Format, SHA256 string
	Samples                  string
}

func (b *browser) historyList() []historyItem {
	b.t.Helper()
	return evalJS[[]historyItem](b.chrome, `[...document.querySelectorAll("#history-list li.history-item")].map(li => ({
	  ID: li.dataset.id, File: li.dataset.file, Format: li.dataset.format, SHA256: li.dataset.sha256, Samples: li.dataset.samples}))`)
}

func (b *browser) historyCount() int {
	b.t.Helper()
	return int(b.eval(`(() => { const h = document.querySelector("#history"); return h ? Number(h.dataset.count) : -1; })()`).(float64))
}

// waitHistory waits until the page lists n saved results.
func (b *browser) waitHistory(n int, what string) {
	b.t.Helper()
	b.wait(fmt.Sprintf(`(() => { const h = document.querySelector("#history"); return h !== null && h.dataset.loaded === "true" && Number(h.dataset.count) === %d; })()`, n), what)
}

// TestHistory saves two results on the device, reloads, exports the history
// to a file, deletes it all, imports the file back and checks the round
// trip, and draws the longitudinal chart; then the report exports (JSON
// with provenance, CSV), the update banner, and that nothing left the
// device.
func TestHistory(t *testing.T) {
	top := root(t)
	b := newBrowser(t)
	b.open("/")
	b.wait(jsSWControls, "no service worker controls the page")

	// 1. Two results, saved by the user (never automatically).
	tiny := filepath.Join(top, "testdata", "tiny.biom")
	b.upload(tiny)
	if st := b.finish(); st != "done" {
		t.Fatalf("tiny.biom: status %s", st)
	}
	b.waitHistory(0, "history never loaded")
	b.click("#history-save")
	b.waitHistory(1, "the first result was not saved")
	if got := b.eval(`document.querySelector("#history-persist").dataset.asked`); got != "true" {
		t.Errorf("persistent storage was not asked for on save: %v", got)
	}
	gz := filepath.Join(top, "testdata", "tiny.tsv.gz")
	b.upload(gz)
	if st := b.finish(); st != "done" {
		t.Fatalf("tiny.tsv.gz: status %s", st)
	}
	b.click("#history-save")
	b.waitHistory(2, "the second result was not saved")
	list := b.historyList()
	if len(list) != 2 {
		t.Fatalf("history lists %d results, want 2: %+v", len(list), list)
	}
	formats := map[string]bool{list[0].Format: true, list[1].Format: true}
	if !formats["biom-json"] || !formats["tsv"] {
		t.Errorf("history lists formats %v, want biom-json and tsv", formats)
	}

	// 2. The longitudinal chart: the same samples (S1…) at two times, with
	// a break and a warning because the format changed between them.
	b.wait(`document.querySelectorAll("#history-chart svg.trend").length > 0`, "no longitudinal chart")
	points := b.eval(`document.querySelectorAll('#history-chart svg.trend[data-metric="shannon_ln"] circle.point').length`).(float64)
	if points < 2 {
		t.Errorf("the Shannon trend has %v points, want at least 2", points)
	}
	if n := b.eval(`document.querySelectorAll("#history-chart .method-break").length`).(float64); n < 1 {
		t.Error("the trend shows no break where the file format changed")
	}
	if w := b.eval(`(document.querySelector("#history-warning") || {}).textContent || ""`).(string); !strings.Contains(w, "tsv") {
		t.Errorf("the method-change warning %q does not name the change", w)
	}

	// 3. Reload: the history is still there (IndexedDB).
	b.open("/")
	b.sample() // the history view is part of the report view for now
	if st := b.finish(); st != "done" {
		t.Fatalf("sample: status %s", st)
	}
	b.waitHistory(2, "the history did not survive a reload")
	if after := b.historyList(); !reflect.DeepEqual(after, list) {
		t.Errorf("after reload the history lists %+v, want %+v", after, list)
	}

	// 4. Export all history to one file.
	b.click("#history-export")
	exported := b.download("gutlens-history.json")
	var file struct {
		Schema  string           `json:"schema"`
		Results []map[string]any `json:"results"`
	}
	if err := json.Unmarshal(exported, &file); err != nil {
		t.Fatalf("history file: %v\n%s", err, exported)
	}
	if file.Schema != "gutlens-history/1" || len(file.Results) != 2 {
		t.Fatalf("history file has schema %q and %d results, want gutlens-history/1 and 2", file.Schema, len(file.Results))
	}
	for _, r := range file.Results {
		in, _ := r["input"].(map[string]any)
		if in == nil || len(fmt.Sprint(in["sha256"])) != 64 || in["format"] == nil {
			t.Errorf("saved result lacks its file details: %v", r["input"])
		}
		if r["samples"] == nil || r["composition"] == nil || r["saved"] == nil || r["generator"] == nil {
			t.Errorf("saved result %v lacks samples, composition, saved date or generator", r["id"])
		}
	}

	// 5. Delete all, with a confirmation step.
	b.click("#history-delete")
	if n := b.historyCount(); n != 2 {
		t.Fatalf("delete asked for no confirmation: %d left", n)
	}
	b.click("#history-delete-confirm")
	b.waitHistory(0, "delete all left results")

	// 6. Import the file back: the same history, exactly.
	path := filepath.Join(t.TempDir(), "gutlens-history.json")
	if err := os.WriteFile(path, exported, 0o644); err != nil {
		t.Fatal(err)
	}
	b.do(chromedp.SetUploadFiles("#history-import", []string{path}, chromedp.NodeReady))
	b.waitHistory(2, "the import did not bring the results back")
	if after := b.historyList(); !reflect.DeepEqual(after, list) {
		t.Errorf("after import the history lists %+v, want %+v", after, list)
	}
	b.click("#history-export")
	again := b.download("gutlens-history.json")
	var a1, a2 map[string]any
	json.Unmarshal(exported, &a1)
	json.Unmarshal(again, &a2)
	delete(a1, "exported")
	delete(a2, "exported")
	if !reflect.DeepEqual(a1, a2) {
		t.Errorf("export → import → export changed the history:\nbefore %s\nafter  %s", exported, again)
	}
	b.wait(`document.querySelectorAll('#history-chart svg.trend[data-metric="shannon_ln"] circle.point').length >= 2`, "no chart after import")

	// 7. The report exports: JSON with provenance, CSV of the per-sample table.
	b.click("#export-json")
	var rep struct {
		Schema     string         `json:"schema"`
		Provenance map[string]any `json:"provenance"`
		Samples    map[string]struct {
			Top []any `json:"top_taxa"`
		} `json:"samples"`
	}
	repJSON := b.download("gutlens-sample.biom.gutlens.json")
	if err := json.Unmarshal(repJSON, &rep); err != nil {
		t.Fatalf("exported report: %v", err)
	}
	for _, k := range []string{"input_sha256", "parser", "gutlens_version", "engine", "date"} {
		if v, ok := rep.Provenance[k]; !ok || v == "" {
			t.Errorf("report provenance lacks %s: %v", k, rep.Provenance)
		}
	}
	withTop := 0
	for _, s := range rep.Samples {
		if len(s.Top) > 0 {
			withTop++
		}
	}
	if len(rep.Samples) == 0 || withTop == 0 {
		t.Errorf("exported report lacks the samples' top taxa")
	}
	b.click("#export-csv")
	csv := string(b.download("gutlens-sample.biom.samples.csv"))
	lines := strings.Split(strings.TrimSpace(csv), "\n")
	if !strings.HasPrefix(lines[0], "sample,total,observed_features,shannon_ln,simpson,unclassified_share") {
		t.Errorf("CSV header %q", lines[0])
	}
	t.Logf("exports: report JSON %d B, CSV %d lines, history file %d B", len(repJSON), len(lines), len(exported))
	if b.eval(`typeof window.print`) != "function" || b.eval(`document.querySelector("#export-print") !== null`) != true {
		t.Error("no print button")
	}

	// 8. A new version is deployed: the service worker updates and the page
	// offers a reload.
	b.swExtra.Store("\n// a new version\n")
	b.eval(`goappTryUpdate(), true`)
	b.wait(`document.querySelector("#update-banner") !== null`, "no update banner after a new service worker")

	// 9. Nothing left the device.
	checkNoBodies(t, "", b.log.snapshot())
}

// TestHistoryShareTarget posts a file to /share from the page, as Android
// does when a file is shared into the installed app: the service worker
// keeps it on the device and redirects; the page then analyses it. The
// server must see no POST and no body.
func TestHistoryShareTarget(t *testing.T) {
	top := root(t)
	b := newBrowser(t)
	b.open("/")
	b.wait(jsSWControls, "no service worker controls the page")
	data, err := os.ReadFile(filepath.Join(top, "testdata", "tiny.biom"))
	if err != nil {
		t.Fatal(err)
	}
	res := evalJS[struct {
		Status     int
		URL        string
		Redirected bool
	}](b.chrome, fmt.Sprintf(`(async () => {
	  const form = new FormData();
	  form.append("file", new File([%q], "shared-tiny.biom", {type: "application/json"}));
	  const r = await fetch("/share", {method: "POST", body: form});
	  return {Status: r.status, URL: r.url, Redirected: r.redirected};
	})()`, data))
	// The service worker's 303 is followed inside the browser (res.redirected
	// stays false for a redirect made by a service worker).
	if res.Status != http.StatusOK || !strings.HasSuffix(res.URL, "/?shared=1") {
		t.Fatalf("POST /share answered %+v, want a redirect to /?shared=1", res)
	}
	// The browser follows the share target's 303 with a navigation.
	b.navigate(b.srv.URL + "/?shared=1")
	b.wait(jsAppReady, "app never became ready")
	b.run = 0
	if st := b.finish(); st != "done" {
		t.Fatalf("shared file: status %s: %v", st, b.eval(jsStatusText))
	}
	if f := b.eval(`document.querySelector("#report").dataset.format`); f != "biom-json" {
		t.Errorf("the shared file was analysed as %v", f)
	}
	if h := b.eval(`document.querySelector("h2").textContent`).(string); !strings.Contains(h, "shared-tiny.biom") {
		t.Errorf("report title %q does not name the shared file", h)
	}
	if left := b.eval(`gutlensInbox.count()`).(float64); left != 0 {
		t.Errorf("%v shared files left in the inbox after pick-up", left)
	}
	// A share that never reached the service worker (the edge's fallback
	// redirect) says so instead of failing silently.
	b.navigate(b.srv.URL + "/?shared=1")
	b.wait(`(document.querySelector("#error-message") || {}).textContent === undefined ? false : document.querySelector("#error-message").textContent.includes("did not arrive")`, "no notice for a share that did not arrive")

	// The manifest declares the share target and file handlers.
	man := evalJS[map[string]any](b.chrome, `fetch("/manifest.webmanifest").then(r => r.json())`)
	st, _ := man["share_target"].(map[string]any)
	if man["id"] == nil || man["lang"] == nil || man["file_handlers"] == nil || st == nil || st["action"] != "/share" || st["method"] != "POST" {
		t.Errorf("manifest lacks id, lang, file_handlers or the share target: %v", man)
	}

	var posts []request
	for _, r := range b.log.snapshot() {
		if r.carriesData() {
			posts = append(posts, r)
		}
	}
	if len(posts) > 0 {
		t.Errorf("the shared file reached the server: %+v", posts)
	}
	t.Logf("share target: %d server requests, all GET/HEAD without a body", len(b.log.snapshot()))
}
