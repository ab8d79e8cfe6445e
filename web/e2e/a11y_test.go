//go:build e2e

package e2e

// An automated WCAG 2.2 AA audit (issue 6) with axe-core, pinned in
// web/edge/package.json and installed by `make test-e2e`, of every view a
// user reaches: the start page, the report of a multi-sample and of a
// single-sample file with every section and citation open, each tab of
// research mode, the history with its longitudinal chart, the
// column-mapping step, an error, and the embeddable widget; English and
// Dutch. Any violation, whatever its impact, fails the test (UX.md: 0
// violations). A PNG of each view is saved for review in $GUTLENS_SCREENSHOTS
// (`make test-e2e` sets build/screenshots).

import (
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/gutlens/gutlens/web/site"
)

// axeRun audits the document against the WCAG 2.0, 2.1 and 2.2 level A and
// AA rules and returns the violations.
const axeRun = `axe.run(document, {runOnly: {type: "tag", values: ["wcag2a","wcag2aa","wcag21a","wcag21aa","wcag22aa"]}})
  .then(r => r.violations.map(v => ({id: v.id, impact: v.impact || "", help: v.help, targets: v.nodes.map(n => n.target.map(String).join(" "))})))`

// axeViolation is one rule axe found broken, with the nodes it names.
type axeViolation struct {
	ID      string   `json:"id"`
	Impact  string   `json:"impact"`
	Help    string   `json:"help"`
	Targets []string `json:"targets"`
}

func (v axeViolation) String() string {
	targets := v.Targets
	if len(targets) > 3 {
		targets = targets[:3]
	}
	return fmt.Sprintf("%s (%s): %s; %d node(s), first: %s", v.ID, v.Impact, v.Help, len(v.Targets), strings.Join(targets, " | "))
}

func TestAccessibility(t *testing.T) {
	siteDir := env(t, "GUTLENS_SITE")
	axeJS := filepath.Join(root(t), "web", "edge", "node_modules", "axe-core", "axe.min.js")
	if !fileExists(filepath.Dir(axeJS)) {
		t.Skipf("axe-core is not installed (%s is absent): run `make test-e2e`, or `cd web/edge && npm ci`", filepath.Dir(axeJS))
	}
	axeSrc, err := os.ReadFile(axeJS)
	if err != nil {
		t.Fatal(err)
	}
	requireChromium(t)
	top := root(t)
	srv := httptest.NewServer(site.FileServer(siteDir))
	t.Cleanup(srv.Close)
	c := newChrome(t, 6*time.Minute)
	shots := os.Getenv("GUTLENS_SCREENSHOTS")
	if shots != "" {
		if err := os.MkdirAll(shots, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	views := 0
	// audit runs axe on the document as it is now and saves a screenshot.
	audit := func(view string) {
		t.Helper()
		views++
		// CDP evaluation runs outside the page's Content-Security-Policy.
		c.eval(string(axeSrc) + "\n;true")
		violations := evalJS[[]axeViolation](c, axeRun)
		for _, v := range violations {
			t.Errorf("%s: %v", view, v)
		}
		t.Logf("%s: %d axe violation(s)", view, len(violations))
		if shots == "" {
			return
		}
		// Sections off screen are not painted (content-visibility: auto):
		// paint them for the full-page picture (CSSOM, which the CSP allows).
		c.eval(`document.querySelectorAll(".sample, .health-section").forEach(e => e.style.contentVisibility = "visible"); true`)
		png, err := chromedp.Run(c.ctx, chromedp.FullScreenshot(80))
		if err != nil {
			t.Errorf("%s: screenshot: %v", view, err)
			return
		}
		// "/ start" (English, at the root) → en-start.jpg, "/nl start" → nl-start.jpg.
		name := strings.NewReplacer("/", "_", " ", "-").Replace(strings.Trim(strings.Replace(view, "/ ", "/en ", 1), "/")) + ".jpg"
		if err := os.WriteFile(filepath.Join(shots, name), png, 0o644); err != nil {
			t.Error(err)
		}
	}
	run := 0
	finish := func(what string) string {
		t.Helper()
		run++
		c.waitFor(what+": the analysis never finished", jsRunDone(run), 60*time.Second)
		return evalJS[string](c, jsStatus)
	}
	openAll := func() {
		c.eval(`document.querySelectorAll("details").forEach(d => d.open = true); true`)
		c.eval(`new Promise(r => requestAnimationFrame(() => setTimeout(r, 300)))`)
	}

	for _, page := range []string{"/", "/nl"} {
		run = 0
		c.navigate(srv.URL + page)
		c.waitFor(page+": app never became ready", jsAppReady, 60*time.Second)
		audit(page + " start")

		// A multi-sample report: the bundled sample, every section open.
		c.click("#try-sample")
		if st := finish(page + " sample"); st != "done" {
			t.Fatalf("%s: the sample's analysis ended %q", page, st)
		}
		c.click("#composition details summary")
		c.waitFor(page+": the composition table did not open", `document.querySelector("#composition details").open`, 10*time.Second)
		audit(page + " report sample")
		// Sorted by a taxon's share: the second select, for the band.
		c.eval(`(() => { const s = document.querySelector("#comp-sort"); s.value = "taxon"; s.dispatchEvent(new Event("change", {bubbles: true})); return true; })()`)
		c.waitFor(page+": the taxon order did not show its band", `document.querySelector("#comp-sort-band") !== null && document.querySelector("#composition").dataset.band !== ""`, 10*time.Second)
		audit(page + " report sample sorted")
		openAll()
		audit(page + " report sample all-open")

		// Research mode, each tab.
		c.click("#research-open")
		c.waitFor(page+": research mode never computed", `document.querySelector('#research[data-status="done"]') !== null`, 60*time.Second)
		for _, tab := range []string{"pcoa", "heatmap", "rarefaction", "compare", "alpha"} {
			c.click("#research-tab-" + tab)
			c.waitFor(page+": research tab "+tab, `document.querySelector('#research-panel[data-tab="`+tab+`"]') !== null`, 30*time.Second)
			audit(page + " research " + tab)
		}
		if page != "/" {
			continue
		}

		// A single-sample shotgun profile: health indices, guilds, advice.
		c.upload(filepath.Join(top, "testdata", "tiny-mpa3.txt"))
		if st := finish("tiny-mpa3.txt"); st != "done" {
			t.Fatalf("tiny-mpa3.txt: the analysis ended %q", st)
		}
		openAll()
		audit(page + " report single all-open")

		// History: two saved results and their longitudinal chart.
		c.waitFor("history never loaded", `(document.querySelector("#history") || {dataset: {}}).dataset.loaded === "true"`, 30*time.Second)
		for i, f := range []string{"tiny.biom", "tiny.tsv.gz"} {
			c.upload(filepath.Join(top, "testdata", f))
			if st := finish(f); st != "done" {
				t.Fatalf("%s: the analysis ended %q", f, st)
			}
			c.click("#history-save")
			c.waitFor(f+" was not saved", fmt.Sprintf(`Number(document.querySelector("#history").dataset.count) === %d`, i+1), 30*time.Second)
		}
		c.waitFor("no longitudinal chart", `document.querySelectorAll("#history-chart svg.trend").length > 0`, 30*time.Second)
		openAll()
		audit(page + " history")
		c.click("#history-delete")
		c.waitFor("no delete confirmation", `document.querySelector("#history-confirm") !== null`, 10*time.Second)
		audit(page + " history confirm-delete")
		c.click("#history-delete-confirm")
		c.waitFor("the history was not deleted", `Number(document.querySelector("#history").dataset.count) === 0`, 30*time.Second)

		// The column-mapping step for a CSV no reader knows.
		c.upload(filepath.Join(top, "testdata", "formats3", "consumer-nl.csv"))
		finish("consumer-nl.csv")
		c.waitFor("no mapping step", `document.querySelector('#mapping[data-status="open"]') !== null`, 20*time.Second)
		audit(page + " mapping")

		// An error: bytes in no known format.
		c.upload(filepath.Join(top, "testdata", "bad", "unknown.bin"))
		if st := finish("unknown.bin"); st != "failed" {
			t.Errorf("unknown.bin: the analysis ended %q, want failed", st)
		}
		audit(page + " error")
	}

	// The widget partners embed, on its own.
	c.navigate(srv.URL + "/embed")
	c.waitFor("/embed: app never became ready", jsAppReady, 60*time.Second)
	audit("/embed start")
	if views != 24 {
		t.Errorf("audited %d views, want 24", views)
	}
}
