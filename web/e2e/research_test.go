//go:build e2e

package e2e

import (
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/gutlens/gutlens/web/site"
)

// researchDoc is the part of `gutlens diversity FILE --json` the research
// view is checked against.
type researchDoc struct {
	Schema string                         `json:"schema"`
	Alpha  map[string]map[string]*float64 `json:"alpha"`
	PCoA   map[string]struct {
		Method      string               `json:"method"`
		Proportion  []float64            `json:"proportion_explained"`
		Coordinates map[string][]float64 `json:"coordinates"`
	} `json:"pcoa"`
}

func cliDiversity(t *testing.T, bin, file string) *researchDoc {
	t.Helper()
	out, err := exec.Command(bin, "diversity", file, "--json").Output()
	if err != nil {
		t.Fatalf("gutlens diversity %s --json: %v", file, err)
	}
	var d researchDoc
	if err := json.Unmarshal(out, &d); err != nil {
		t.Fatalf("CLI diversity JSON: %v", err)
	}
	return &d
}

// near is agreement within 1e-10 relative: the page's numbers come from
// the wasm engine, the CLI's from native code (math functions can differ
// in the last bits); the contract allows 1e-9.
func near(a, b float64) bool {
	if math.IsNaN(a) || math.IsNaN(b) {
		return math.IsNaN(a) && math.IsNaN(b)
	}
	return math.Abs(a-b) <= math.Max(1e-10*math.Max(math.Abs(a), math.Abs(b)), 1e-13)
}

// researchLongTasks records the page's long tasks as [start, ms] in
// window.longTasks.
const researchLongTasks = `window.longTasks = []; try { new PerformanceObserver(l => { for (const e of l.getEntries()) window.longTasks.push([Math.round(e.startTime), Math.round(e.duration)]); }).observe({type: "longtask", buffered: true}); } catch (e) {}`

// researchChrome serves siteDir and starts a browser that records
// Content-Security-Policy violations and long tasks, for at most timeout;
// it returns the browser, the server's URL, and wait, which polls a
// condition for at most waitTimeout.
func researchChrome(t *testing.T, siteDir string, timeout, waitTimeout time.Duration) (*chrome, string, func(what, js string)) {
	t.Helper()
	srv := httptest.NewServer(site.FileServer(siteDir))
	t.Cleanup(srv.Close) // after the browser's
	c := newChrome(t, timeout)
	c.recordCSP()
	c.addScript(researchLongTasks)
	wait := func(what, js string) {
		t.Helper()
		c.waitFor(what, js, waitTimeout)
	}
	return c, srv.URL, wait
}

// TestResearch loads the bundled sample, opens research mode and checks
// the alpha table and the PCoA against the native CLI's diversity
// document for the same file, then sorting, colouring by metadata, the
// downloads, and that no Content-Security-Policy violation happened.
func TestResearch(t *testing.T) {
	siteDir, bin := env(t, "GUTLENS_SITE"), env(t, "GUTLENS_BIN")
	requireChromium(t)
	top := root(t)
	sample := filepath.Join(top, "web", "static", "sample", "gutlens-sample.biom")
	want := cliDiversity(t, bin, sample)
	c, srvURL, wait := researchChrome(t, siteDir, 4*time.Minute, 60*time.Second)
	downloads := t.TempDir()
	c.allowDownloads(downloads, true)

	c.navigate(srvURL)
	wait("app ready", jsAppReady)
	c.click("#try-sample")
	wait("sample analysed", jsRunDone(1))
	if st := c.eval(jsStatus); st != "done" {
		t.Fatalf("sample: status %v", st)
	}

	// Open research mode; the engine computes it in its Web Worker.
	t0 := time.Now()
	c.eval(`window.longTasks = []; window.researchT0 = performance.now(); true`)
	c.click("#research-open")
	wait("research mode computed", `document.querySelector('#research[data-status="done"]') !== null`)
	t.Logf("research mode of the sample: opened to shown in %v (%.0f ms in the page); %v; long tasks [start, ms]: %v", time.Since(t0).Round(time.Millisecond),
		c.eval(`performance.now() - window.researchT0`), c.eval(`document.querySelector("#research-ms").textContent`), c.eval(`window.longTasks`))

	// 1. The alpha table: every sample, every metric, full precision.
	alpha := evalJS[map[string]map[string]string](c, `(() => {
	  const out = {};
	  for (const tr of document.querySelectorAll("#research-alpha-table tbody tr[data-sample]")) {
	    out[tr.dataset.sample] = {};
	    for (const td of tr.querySelectorAll("td[data-metric]")) out[tr.dataset.sample][td.dataset.metric] = td.dataset.value;
	  }
	  return out;
	})()`)
	if len(alpha) != len(want.Alpha) {
		t.Fatalf("the alpha table shows %d samples, the CLI %d", len(alpha), len(want.Alpha))
	}
	checked := 0
	for id, metrics := range want.Alpha {
		for key, w := range metrics {
			if key == "gini_simpson" { // equal to simpson, not shown twice
				continue
			}
			g, ok := alpha[id][key]
			if !ok {
				t.Errorf("the alpha table lacks %s of %s", key, id)
				continue
			}
			wv := math.NaN()
			if w != nil {
				wv = *w
			}
			if gv := parse(t, g); !near(gv, wv) {
				t.Errorf("alpha %s %s = %v on the page, %v from the CLI", id, key, gv, wv)
			}
			checked++
		}
	}
	t.Logf("alpha table: %d values agree with `gutlens diversity --json`", checked)

	// tab shows one view of research mode.
	tab := func(name string) {
		t.Helper()
		c.click("#research-tab-" + name)
		wait("the "+name+" tab", `document.querySelector('#research-panel[data-tab="`+name+`"]') !== null`)
	}

	// shot saves a PNG of research mode, for review, when
	// GUTLENS_RESEARCH_SCREENSHOTS names a folder.
	shot := func(name string) {
		t.Helper()
		dir := os.Getenv("GUTLENS_RESEARCH_SCREENSHOTS")
		if dir == "" {
			return
		}
		png, err := chromedp.Run(c.ctx, chromedp.Screenshot("#research", chromedp.NodeVisible))
		if err == nil {
			err = os.WriteFile(filepath.Join(dir, "research-"+name+".png"), png, 0o644)
		}
		if err != nil {
			t.Errorf("screenshot %s: %v", name, err)
		}
	}
	shot("alpha")

	// 2. The PCoA points: the CLI's coordinates, up to the sign of each axis.
	tab("pcoa")
	points := evalJS[[][3]any](c, `[...document.querySelectorAll("#research-pcoa-chart .point")].map(p => [p.dataset.sample, p.dataset.x, p.dataset.y])`)
	pc := want.PCoA["braycurtis"]
	if len(points) != len(pc.Coordinates) {
		t.Fatalf("the PCoA shows %d points, the CLI has %d", len(points), len(pc.Coordinates))
	}
	if m := c.eval(`document.querySelector("#research-pcoa").dataset.method`); m != pc.Method {
		t.Errorf("PCoA method %v on the page, %s from the CLI", m, pc.Method)
	}
	for axis := range 2 {
		scale, sign := 0.0, 0.0
		for _, c := range pc.Coordinates {
			scale = math.Max(scale, math.Abs(c[axis]))
		}
		for _, p := range points {
			id := p[0].(string)
			g, w := parse(t, p[axis+1].(string)), pc.Coordinates[id][axis]
			if sign == 0 && math.Abs(w) > 1e-3*scale {
				sign = math.Copysign(1, g*w)
			}
			if math.Abs(sign*g-w) > 1e-6*scale {
				t.Errorf("PCoA %s axis %d = %v on the page, %v from the CLI (up to sign)", id, axis+1, g, w)
			}
		}
	}
	if text := c.eval(`document.querySelector("#research-pcoa").innerText`).(string); !strings.Contains(text, "explained") {
		t.Errorf("the PCoA axes are not labelled with the share explained")
	}

	// 3. Sort by Shannon (highest first), with the keyboard-operable header button.
	tab("alpha")
	c.click(`#research-alpha-table button[data-sort="shannon_ln"]`)
	wait("sorted by Shannon", `document.querySelector('#research-alpha-table[data-sort="shannon_ln"]') !== null`)
	shannon := evalJS[[]string](c, `[...document.querySelectorAll('#research-alpha-table td[data-metric="shannon_ln"]')].map(td => td.dataset.value)`)
	vals := make([]float64, len(shannon))
	for i, s := range shannon {
		vals[i] = parse(t, s)
	}
	if !sort.SliceIsSorted(vals, func(a, b int) bool { return vals[a] > vals[b] }) {
		t.Errorf("sorted by Shannon, the column reads %v", vals)
	}
	if s := c.eval(`document.querySelector('#research-alpha-table button[data-sort="shannon_ln"]').closest("th").getAttribute("aria-sort")`); s != "descending" {
		t.Errorf("aria-sort = %v, want descending", s)
	}

	// 4. Colour the PCoA by the file's sample metadata.
	tab("pcoa")
	c.eval(`(() => { const s = document.querySelector("#research-colour"); s.value = "subject"; s.dispatchEvent(new Event("change", {bubbles: true})); return true; })()`)
	wait("coloured by subject", `document.querySelectorAll("#research-pcoa-legend li").length === 3`)
	c.eval(`document.querySelector("#research-pcoa-chart .point").focus(); true`)
	wait("the focused point's label", `document.querySelector("#research-pcoa-chart .point-label") !== null`)
	shot("pcoa")

	// 5. The other views are there, each with a data-table twin (built
	// when opened).
	for _, v := range []struct{ tab, chart, table string }{
		{"pcoa", "#research-pcoa-chart .point", "#research-pcoa-table tbody tr"},
		{"heatmap", "#research-heatmap-chart .cell", "#research-heatmap-table tbody tr"},
		{"rarefaction", "#research-rarefaction-chart .curve", "#research-rarefaction-table tbody tr"},
		{"compare", "#research-compare-table tbody tr", ""},
	} {
		tab(v.tab)
		if n := c.eval(`document.querySelectorAll("` + v.chart + `").length`).(float64); n == 0 {
			t.Errorf("the %s view lacks %s", v.tab, v.chart)
		}
		if v.table != "" {
			id := strings.Fields(v.table)[0]
			c.click(id + "-details summary")
			wait("the "+v.tab+" data table", `document.querySelectorAll("`+v.table+`").length > 0`)
		}
		shot(v.tab)
	}
	// Keyboard: arrow keys move between the tabs.
	c.eval(`document.querySelector("#research-tab-compare").focus(); true`)
	c.do(chromedp.KeyEvent(kb.ArrowLeft))
	wait("ArrowLeft to the rarefaction tab", `document.activeElement && document.activeElement.id === "research-tab-rarefaction" && document.querySelector('#research-panel[data-tab="rarefaction"]') !== null`)

	// 6. Downloads, made in the page: the diversity document, the alpha
	// CSV, and a chart as SVG and PNG.
	for _, d := range []struct{ tab, button, file string }{
		{"alpha", "#research-json", "diversity.json"}, {"alpha", "#research-alpha-csv", "alpha-diversity.csv"},
		{"pcoa", "#research-pcoa-svg", "pcoa-braycurtis.svg"}, {"pcoa", "#research-pcoa-png", "pcoa-braycurtis.png"},
		{"heatmap", "#research-heatmap-png", "heatmap.png"}, {"rarefaction", "#research-rarefaction-csv", "rarefaction.csv"},
	} {
		tab(d.tab)
		c.click(d.button)
		path := filepath.Join(downloads, d.file)
		var data []byte
		for end := time.Now().Add(20 * time.Second); time.Now().Before(end); time.Sleep(100 * time.Millisecond) {
			if data, _ = os.ReadFile(path); len(data) > 0 {
				break
			}
		}
		if len(data) == 0 {
			t.Errorf("%s: no %s was downloaded", d.button, d.file)
			continue
		}
		switch {
		case strings.HasSuffix(d.file, ".json"):
			var doc researchDoc
			if err := json.Unmarshal(data, &doc); err != nil || doc.Schema != "gutlens-diversity/1" {
				t.Errorf("downloaded %s: %v, schema %q", d.file, err, doc.Schema)
				continue
			}
			for id, m := range want.Alpha {
				for key, w := range m {
					if g := doc.Alpha[id][key]; (g == nil) != (w == nil) || (g != nil && !near(*g, *w)) {
						t.Errorf("downloaded document: %s %s = %v, CLI %v", id, key, g, w)
					}
				}
			}
		case d.file == "rarefaction.csv":
			if !strings.HasPrefix(string(data), "sample,depth,observed\n") {
				t.Errorf("downloaded %s:\n%s", d.file, data)
			}
		case strings.HasSuffix(d.file, ".csv"):
			if lines := strings.Split(strings.TrimSpace(string(data)), "\n"); len(lines) != len(want.Alpha)+1 || !strings.HasPrefix(lines[0], "sample,total,") {
				t.Errorf("downloaded %s:\n%s", d.file, data)
			}
		case strings.HasSuffix(d.file, ".svg"):
			if !strings.HasPrefix(string(data), "<svg") || !strings.Contains(string(data), `data-sample=`) {
				t.Errorf("downloaded %s is not the chart: %.200s", d.file, data)
			}
		case strings.HasSuffix(d.file, ".png"):
			if !strings.HasPrefix(string(data), "\x89PNG") || len(data) < 1000 {
				t.Errorf("downloaded %s is not a PNG (%d bytes)", d.file, len(data))
			}
		}
	}

	c.checkCSP("")
	if corpus := filepath.Join(top, "..", "shared", "corpus", "biom-json", "AG_100nt.biom.gz"); fileExists(corpus) {
		researchBig(t, c, corpus)
	}
}

// researchBig opens research mode on a larger corpus table and logs the
// time it takes.
func researchBig(t *testing.T, c *chrome, file string) {
	t.Helper()
	c.upload(file)
	c.waitFor(filepath.Base(file)+" analysed", jsRunDone(2), 60*time.Second)
	t0 := time.Now()
	c.eval(`window.longTasks = []; true`)
	c.click("#research-open")
	c.waitFor("research mode of "+filepath.Base(file), `document.querySelector('#research[data-status="done"][data-run="2"]') !== null`, 60*time.Second)
	t.Logf("%s: research mode opened to shown in %v (%v; long tasks [start, ms]: %v); %v alpha rows built of %v", filepath.Base(file),
		time.Since(t0).Round(time.Millisecond), c.eval(`document.querySelector("#research-ms").textContent`), c.eval(`window.longTasks`),
		c.eval(`document.querySelectorAll("#research-alpha-table tbody tr[data-sample]").length`), c.eval(`document.querySelector("#research-alpha-table").getAttribute("aria-rowcount") - 1`))
	c.checkCSP("")
}

// TestResearchHMP opens research mode on the largest corpus table (HMP
// v35, 5,452 samples × 5,430 OTUs), shows each view and its data table,
// scrolls the alpha table (virtualised: only the rows in view are built)
// to its middle and its end, sorts it, and asserts that the page has no
// long task (over 50 ms) from opening research mode on. As in TestLongTask,
// a run with long tasks is repeated once in a new browser, and only a step
// that misses in both runs fails: on a loaded 2-core machine the page's
// thread is sometimes descheduled inside a short task, which happens at
// one step or another; a regression shows at the same step every time.
func TestResearchHMP(t *testing.T) {
	file := filepath.Join(root(t), "..", "shared", "corpus", "biom-json", "HMPv35_100nt_even1k.json.biom.gz")
	if !fileExists(file) {
		t.Skip("no HMP table: ", file)
	}
	siteDir := env(t, "GUTLENS_SITE")
	first := researchHMP(t, siteDir, file, 1)
	if len(first) == 0 {
		return
	}
	t.Logf("run 1 missed the target at %d steps; repeating once", len(first))
	second := researchHMP(t, siteDir, file, 2)
	for _, step := range slices.Sorted(maps.Keys(second)) {
		if again, ok := first[step]; ok {
			t.Errorf("%s: long tasks of %v ms in run 1 and %v ms in run 2 (target: none over 50 ms)", step, again, second[step])
		}
	}
}

// researchHMP is one run of TestResearchHMP in a new browser: it returns
// the steps followed by long tasks, with their durations in ms.
func researchHMP(t *testing.T, siteDir, file string, run int) map[string][]float64 {
	c, srvURL, wait := researchChrome(t, siteDir, 5*time.Minute, 2*time.Minute)
	c.navigate(srvURL)
	wait("app ready", jsAppReady)
	t0 := time.Now()
	c.upload(file)
	wait("HMP analysed", jsRunDone(1))
	t.Logf("run %d: HMP analysed in %v", run, time.Since(t0).Round(time.Millisecond))

	misses := map[string][]float64{}
	// settle lets the work a step started end (a frame and 200 ms more),
	// then collects its long tasks.
	settle := func(step string, t0 time.Time) {
		t.Helper()
		c.eval(`new Promise(r => requestAnimationFrame(() => setTimeout(r, 200)))`)
		tasks := evalJS[[][2]float64](c, `window.longTasks.splice(0)`)
		for _, lt := range tasks {
			misses[step] = append(misses[step], lt[1])
		}
		t.Logf("run %d: %s in %v; long tasks [start, ms] %v", run, step, time.Since(t0).Round(time.Millisecond), tasks)
	}
	c.eval(`window.longTasks = []; true`)
	t0 = time.Now()
	c.click("#research-open")
	wait("research mode of HMP", `document.querySelector('#research[data-status="done"]') !== null`)
	settle("research mode opened", t0)
	t.Logf("run %d: %v; %v; JS heap %v MB", run, c.eval(`document.querySelector("#research-ms").textContent`),
		c.eval(`(document.querySelector("#research-pcoa-topk") || {}).textContent || "exact PCoA"`),
		c.eval(`performance.memory ? Math.round(performance.memory.usedJSHeapSize / 1048576) : -1`))

	// The alpha table: its rows in view, then its middle and its end.
	const total = 5452
	if n := c.eval(`document.querySelector("#research-alpha-table").getAttribute("aria-rowcount")`); n != fmt.Sprint(total+1) {
		t.Fatalf("the alpha table has aria-rowcount %v, want %d", n, total+1)
	}
	for _, at := range []struct {
		name string
		frac float64
	}{{"middle", 0.5}, {"end", 1}} {
		t0 = time.Now()
		c.eval(fmt.Sprintf(`(() => { const b = document.querySelector("#research-alpha-table-box"); b.scrollTop = %v * (b.scrollHeight - b.clientHeight); return true; })()`, at.frac))
		// The row at the top of the box is built and has its values.
		top := `(() => { const b = document.querySelector("#research-alpha-table-box"), y = b.getBoundingClientRect().top + b.clientHeight / 2;
		  for (const tr of b.querySelectorAll("tbody tr[aria-rowindex]")) { const r = tr.getBoundingClientRect(); if (r.top <= y && r.bottom >= y) return tr.dataset.sample ? +tr.getAttribute("aria-rowindex") : -1; }
		  return 0; })()`
		wait("alpha rows at the "+at.name, top+` > 0`)
		settle("alpha table scrolled to the "+at.name, t0)
		row := c.eval(top).(float64)
		if want := at.frac * total; math.Abs(row-want) > 40 {
			t.Errorf("scrolled to the %s, the alpha table's box shows row %v, want about %.0f", at.name, row, want)
		}
		if at.frac == 1 {
			if last := c.eval(`document.querySelector("#research-alpha-table tbody tr:nth-last-child(2)").getAttribute("aria-rowindex")`); last != fmt.Sprint(total+1) {
				t.Errorf("at the end, the alpha table's last row is row %v, want %d", last, total+1)
			}
		}
		built := c.eval(`document.querySelectorAll("#research-alpha-table tbody tr[aria-rowindex]").length`).(float64)
		if built > 80 {
			t.Errorf("the alpha table built %v rows of %d: not virtualised", built, total)
		}
		t.Logf("run %d: at the %s of the alpha table, row %v shown, %v rows built", run, at.name, row, built)
	}
	// Sort by Shannon: back to the top, the highest first.
	t0 = time.Now()
	c.click(`#research-alpha-table button[data-sort="shannon_ln"]`)
	wait("sorted by Shannon", `document.querySelector('#research-alpha-table[data-sort="shannon_ln"] tbody tr[aria-rowindex="2"][data-sample]') !== null`)
	settle("alpha table sorted by Shannon", t0)

	for _, tab := range []string{"pcoa", "heatmap", "rarefaction", "compare", "alpha"} {
		t0 = time.Now()
		c.click("#research-tab-" + tab)
		wait(tab, `document.querySelector('#research-panel[data-tab="`+tab+`"]') !== null`)
		settle("the "+tab+" tab shown", t0)
		if tab == "compare" || tab == "alpha" {
			continue
		}
		t0 = time.Now()
		c.click("#research-" + tab + "-table-details summary")
		wait("the "+tab+" data table", `document.querySelectorAll("#research-`+tab+`-table tbody tr").length > 0`)
		settle("the "+tab+" data table opened", t0)
		if dir := os.Getenv("GUTLENS_RESEARCH_SCREENSHOTS"); dir != "" {
			if png, err := chromedp.Run(c.ctx, chromedp.Screenshot("#research", chromedp.NodeVisible)); err == nil {
				os.WriteFile(filepath.Join(dir, "research-hmp-"+tab+".png"), png, 0o644)
			}
		}
	}
	c.checkCSP("")
	return misses
}
