//go:build e2e

package e2e

// TestVitals measures the Core Web Vitals and the offline start against the
// targets of UX.md (§0, §5.7): LCP ≤ 2.5 s, CLS ≤ 0.1, INP ≤ 200 ms, and a
// usable screen within 1 s of an offline reload.

import (
	"fmt"
	"math"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// The targets (UX.md, "Targets in one table").
const (
	targetLCP     = 2500.0 // ms, largest contentful paint
	targetCLS     = 0.1    // cumulative layout shift (largest session window)
	targetINP     = 200.0  // ms, interaction to next paint
	targetOffline = 1000.0 // ms, offline reload to a usable screen
)

// vitalsObserver records, from the first script of every document on,
// the entries the Core Web Vitals are made of (buffered, so nothing painted
// before the observers exist is missed): largest-contentful-paint,
// layout-shift, event timing for every event of 16 ms or more (the
// smallest threshold the API allows; faster interactions are not listed),
// and, to explain a slow interaction, the long animation frames (over
// 50 ms) with their scripts. window.gutlensDoc tells one document from the
// next.
const vitalsObserver = `window.gutlensDoc = Math.random();
window.gutlensVitals = {lcp: [], shifts: [], events: [], frames: [], errors: []};
(() => {
  const name = (n) => {
    if (!n || !n.tagName) return n && n.nodeName ? n.nodeName : "";
    let s = n.tagName.toLowerCase();
    if (n.id) s += "#" + n.id;
    else if (typeof n.className === "string" && n.className) s += "." + n.className.trim().split(/\s+/).join(".");
    return s;
  };
  const observe = (type, opts, f) => {
    try { new PerformanceObserver((l) => l.getEntries().forEach(f)).observe({type, buffered: true, ...opts}); }
    catch (e) { gutlensVitals.errors.push(type + ": " + e); }
  };
  observe("largest-contentful-paint", {}, (e) => gutlensVitals.lcp.push({
    time: e.startTime, size: e.size, element: name(e.element), url: e.url || ""}));
  observe("layout-shift", {}, (e) => gutlensVitals.shifts.push({
    time: e.startTime, value: e.value, recentInput: e.hadRecentInput,
    sources: (e.sources || []).map((s) => name(s.node))}));
  observe("event", {durationThreshold: 16}, (e) => gutlensVitals.events.push({
    name: e.name, time: e.startTime, duration: e.duration, interaction: e.interactionId || 0,
    delay: e.processingStart - e.startTime, processing: e.processingEnd - e.processingStart, target: name(e.target)}));
  observe("long-animation-frame", {}, (e) => gutlensVitals.frames.push({
    time: e.startTime, duration: e.duration, blocking: e.blockingDuration,
    render: e.renderStart ? e.startTime + e.duration - e.renderStart : 0,
    layout: e.styleAndLayoutStart ? e.startTime + e.duration - e.styleAndLayoutStart : 0,
    scripts: (e.scripts || []).map((x) => ({invoker: x.invoker, source: (x.sourceURL || "").replace(/^.*\//, "") + (x.sourceFunctionName ? ":" + x.sourceFunctionName : ""),
      duration: x.duration, forcedLayout: x.forcedStyleAndLayoutDuration}))}));
})();`

type lcpEntry struct {
	Time    float64
	Size    float64
	Element string
	URL     string
}

type shiftEntry struct {
	Time        float64
	Value       float64
	RecentInput bool
	Sources     []string
}

type eventEntry struct {
	Name        string
	Time        float64
	Duration    float64
	Interaction float64
	Delay       float64
	Processing  float64
	Target      string
}

// frameEntry is a long animation frame: its script, style-and-layout and
// render (style, layout, paint) time, and the scripts that ran in it.
type frameEntry struct {
	Time, Duration, Blocking, Render, Layout float64
	Scripts                                  []struct {
		Invoker, Source        string
		Duration, ForcedLayout float64
	}
}

func (f frameEntry) String() string {
	var scripts []string
	for _, x := range f.Scripts {
		if x.Duration >= 5 {
			scripts = append(scripts, fmt.Sprintf("%s %s %.0f ms (forced layout %.0f)", x.Invoker, x.Source, x.Duration, x.ForcedLayout))
		}
	}
	return fmt.Sprintf("frame at %.0f ms, %.0f ms (rendering %.0f, of which style and layout %.0f); scripts: %s",
		f.Time, f.Duration, f.Render, f.Layout, strings.Join(scripts, "; "))
}

type vitalsLog struct {
	LCP    []lcpEntry
	Shifts []shiftEntry
	Events []eventEntry
	Frames []frameEntry
	Errors []string
}

// framesDuring lists the long animation frames that overlap the
// interaction in.
func (v vitalsLog) framesDuring(in interaction) []frameEntry {
	start, end := math.Inf(1), 0.0
	for _, e := range in.Events {
		start, end = math.Min(start, e.Time), math.Max(end, e.Time+e.Duration)
	}
	var out []frameEntry
	for _, f := range v.Frames {
		if f.Time < end && f.Time+f.Duration > start {
			out = append(out, f)
		}
	}
	return out
}

// readVitals returns what the current document's observers recorded.
func readVitals(c *chrome) vitalsLog {
	c.t.Helper()
	return evalJS[vitalsLog](c, `window.gutlensVitals`)
}

// lcp is the largest contentful paint: the last candidate reported (the
// browser stops reporting at the first input).
func (v vitalsLog) lcp() (lcpEntry, bool) {
	if len(v.LCP) == 0 {
		return lcpEntry{}, false
	}
	return v.LCP[len(v.LCP)-1], true
}

// cls is the layout shift score as the Core Web Vitals define it: shifts
// without recent input, grouped into session windows (a gap of less than
// 1 s between shifts, 5 s at most), and the largest window's sum; total is
// the plain sum of those shifts.
func (v vitalsLog) cls() (cls, total float64) {
	var sum, start, last float64
	open := false
	for _, s := range v.Shifts {
		if s.RecentInput {
			continue
		}
		total += s.Value
		if open && s.Time-last < 1000 && s.Time-start < 5000 {
			sum += s.Value
		} else {
			sum, start, open = s.Value, s.Time, true
		}
		last = s.Time
		cls = max(cls, sum)
	}
	return cls, total
}

// interaction is one user interaction: its events (pointerdown, pointerup,
// click; keydown, keyup) share an interactionId, and its latency is the
// longest of their durations.
type interaction struct {
	ID       float64
	Duration float64
	Events   []eventEntry
}

func (i interaction) String() string {
	var parts []string
	for _, e := range i.Events {
		parts = append(parts, fmt.Sprintf("%s on %s %.0f ms (delay %.0f, handlers %.0f)", e.Name, e.Target, e.Duration, e.Delay, e.Processing))
	}
	return fmt.Sprintf("%.0f ms: %s", i.Duration, strings.Join(parts, "; "))
}

// interactions groups the event entries by interaction, longest first.
func (v vitalsLog) interactions() []interaction {
	byID := map[float64]*interaction{}
	var out []*interaction
	for _, e := range v.Events {
		if e.Interaction == 0 {
			continue
		}
		in := byID[e.Interaction]
		if in == nil {
			in = &interaction{ID: e.Interaction}
			byID[e.Interaction] = in
			out = append(out, in)
		}
		in.Events = append(in.Events, e)
		in.Duration = max(in.Duration, e.Duration)
	}
	res := make([]interaction, len(out))
	for k, in := range out {
		res[k] = *in
	}
	sort.SliceStable(res, func(a, b int) bool { return res[a].Duration > res[b].Duration })
	return res
}

// inp is interaction to next paint: with fewer than 50 interactions (as
// here) the longest one, as the web-vitals library computes it; with more,
// one in 50 is left out.
func inp(ins []interaction) float64 {
	if len(ins) == 0 {
		return 0
	}
	return ins[min(len(ins)-1, len(ins)/50)].Duration
}

// vitalsRun is what one measurement found.
type vitalsRun struct {
	LCP, CLS, CLSTotal, INP, Offline float64
	Interactions                     int
}

// misses lists the targets r does not meet.
func (r vitalsRun) misses() []string {
	var m []string
	if r.LCP > targetLCP {
		m = append(m, fmt.Sprintf("LCP %.0f ms > %.0f ms", r.LCP, targetLCP))
	}
	if r.CLS > targetCLS {
		m = append(m, fmt.Sprintf("CLS %.3f > %.2f", r.CLS, targetCLS))
	}
	if r.INP > targetINP {
		m = append(m, fmt.Sprintf("INP %.0f ms > %.0f ms", r.INP, targetINP))
	}
	if r.Offline > targetOffline {
		m = append(m, fmt.Sprintf("offline start %.0f ms > %.0f ms", r.Offline, targetOffline))
	}
	return m
}

// TestVitals opens the site in a fresh browser with a phone-sized viewport
// and records the Core Web Vitals while it does what a user does: load the
// sample, open the composition table, change its rank (keyboard), open the
// sunburst, show another sample in it (keyboard) and zoom in and out, open
// research mode on the sample (6 samples) and go through its tabs, sort the
// alpha table, drop a file (a real drag-and-drop of a gzipped TSV), analyse
// a single-sample profile whose health statements cite their sources, and
// switch to Dutch with the language link (inside the app: the document's
// lang must follow) and load the sample there. Then, once the service worker
// controls the page, it goes offline (network emulation for the page and
// its service worker, and the server stopped) and reloads: the time from
// navigation start to the app ready is the offline start, and the sample
// must still analyse.
//
// LCP is taken from the first load (the browser stops reporting it at the
// first input); CLS is the largest session window of shifts without recent
// input over the whole visit; INP is the longest interaction (fewer than 50).
// The targets are UX.md's. On a loaded 2-core machine a run is sometimes
// slowed by the scheduler rather than by the page, so a run that misses a
// target is repeated once in a new browser, and the test fails only if both
// runs miss: a regression shows in both, an accident in one.
func TestVitals(t *testing.T) {
	top := root(t)
	measure := func(attempt int) vitalsRun {
		b := newBrowser(t)
		c := b.chrome
		wall := time.Now()
		logf := func(format string, args ...any) { t.Logf("run %d: "+format, append([]any{attempt}, args...)...) }
		// A phone-sized viewport: the Core Web Vitals targets are for mobile.
		if _, err := chromedp.Call(c.ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
			Width: 412, Height: 915, DeviceScaleFactor: 1, Mobile: true}); err != nil {
			t.Fatal(err)
		}
		c.recordCSP()
		c.addScript(vitalsObserver)
		settle := func() {
			c.eval(`new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 150))))`)
		}

		// 1. First visit (cold: no service worker, no cache).
		b.open("/")
		settle()
		doc := c.eval(`window.gutlensDoc`)
		first := readVitals(c)
		if len(first.Errors) > 0 {
			t.Fatalf("PerformanceObserver: %v", first.Errors)
		}
		l, ok := first.lcp()
		if !ok {
			t.Fatal("no largest-contentful-paint entry on the first load")
		}
		nav := evalJS[struct{ TTFB, FCP, Ready float64 }](c, `({ttfb: performance.getEntriesByType("navigation")[0].responseStart,
		  fcp: (performance.getEntriesByName("first-contentful-paint")[0] || {startTime: -1}).startTime, ready: window.gutlensReadyAt})`)
		logf("first load: TTFB %.0f ms, FCP %.0f ms, LCP %.0f ms (%s, %.0f px²), app ready %.0f ms", nav.TTFB, nav.FCP, l.Time, l.Element, l.Size, nav.Ready)
		// Start-up blocks the page once: app.wasm's compile finishes and Go
		// starts and renders the page in one task (not asserted here; it is
		// Lighthouse's total blocking time, see web/lighthouse/run.sh).
		for _, f := range first.Frames {
			logf("    start-up long %v", f)
		}

		// 2. The sample; the composition table; the rank changed with the
		// keyboard.
		b.sample()
		if st := b.finish(); st != "done" {
			t.Fatalf("sample: status %s", st)
		}
		b.click("#composition details summary")
		b.wait(`document.querySelector("#composition-table") !== null`, "the composition table never opened")
		selectNext := func(sel, changed, what string) {
			t.Helper()
			c.eval(`document.querySelector("` + sel + `").focus(); true`)
			c.do(chromedp.KeyEvent(kb.ArrowDown))
			b.wait(changed, what)
		}
		rank := c.eval(`document.querySelector("#composition").dataset.rank`).(string)
		selectNext("#rank", fmt.Sprintf(`(document.querySelector("#composition") || {dataset: {}}).dataset.rank !== %q && document.querySelector("#composition .bar-row") !== null`, rank), "the rank never changed")

		// 3. The sunburst: open it, show the next sample, zoom into the
		// first arc (keyboard) and out (mouse).
		b.click("#sunburst-details summary")
		b.wait(`document.querySelector("#sun-svg path.arc[tabindex='0']") !== null`, "the sunburst never appeared")
		sunID := c.eval(`document.querySelector("#sunburst").dataset.sample`).(string)
		selectNext("#sun-sample", fmt.Sprintf(`document.querySelector("#sunburst").dataset.sample !== %q && document.querySelector("#sun-svg path.arc[tabindex='0']") !== null`, sunID), "the sunburst's sample never changed")
		focus := c.eval(`document.querySelector("#sun-svg").dataset.focus || ""`).(string)
		c.eval(`document.querySelector("#sun-svg path.arc[tabindex='0']").focus(); true`)
		c.do(chromedp.KeyEvent(kb.Enter))
		b.wait(fmt.Sprintf(`(document.querySelector("#sun-svg").dataset.focus || "") !== %q`, focus), "the sunburst never zoomed in")
		b.click("#sun-centre")
		b.wait(fmt.Sprintf(`(document.querySelector("#sun-svg").dataset.focus || "") === %q`, focus), "the sunburst never zoomed out")

		// 4. Research mode on the sample's 6 samples, each tab, a sort.
		b.click("#research-open")
		b.wait(`document.querySelector('#research[data-status="done"]') !== null`, "research mode never computed")
		for _, tab := range []string{"pcoa", "heatmap", "rarefaction", "compare", "alpha"} {
			b.click("#research-tab-" + tab)
			b.wait(`document.querySelector('#research-panel[data-tab="`+tab+`"]') !== null`, "research tab "+tab)
		}
		b.click(`#research-alpha button.sort[data-sort="sample"]`)
		b.wait(`document.querySelector('#research-alpha th[aria-sort="ascending"] button[data-sort="sample"]') !== null`, "the alpha table never sorted")

		// 5. A real drag-and-drop of a file onto the drop zone.
		b.run = b.eval(`Number(document.querySelector("#status").dataset.run)`).(float64)
		c.eval(`document.querySelector("#drop").scrollIntoView({block: "center"}); true`)
		box := evalJS[struct{ X, Y float64 }](c, `(() => { const r = document.querySelector("#drop").getBoundingClientRect(); return {x: r.x + r.width / 2, y: r.y + r.height / 2}; })()`)
		data := &input.DragData{Files: []string{filepath.Join(top, "testdata", "tiny.tsv.gz")}, DragOperationsMask: 1}
		for _, typ := range []input.DispatchDragEventType{input.DispatchDragEventTypeDragEnter, input.DispatchDragEventTypeDragOver, input.DispatchDragEventTypeDrop} {
			if _, err := chromedp.Call(c.ctx, input.DispatchDragEvent, input.DispatchDragEventParams{Type: typ, X: box.X, Y: box.Y, Data: data}); err != nil {
				t.Fatalf("drag event %s: %v", typ, err)
			}
		}
		if st := b.finish(); st != "done" {
			t.Fatalf("dropped tiny.tsv.gz: status %s", st)
		}
		if name := c.eval(`document.querySelector("#report").innerText`).(string); !strings.Contains(name, "tiny.tsv.gz") {
			t.Errorf("the report after the drop does not name tiny.tsv.gz")
		}

		// 6. A single-sample shotgun profile: health statements with their
		// sources (the citations, each a link to its DOI).
		b.upload(filepath.Join(top, "testdata", "tiny-mpa3.txt"))
		if st := b.finish(); st != "done" {
			t.Fatalf("tiny-mpa3.txt: status %s", st)
		}
		b.wait(`document.querySelectorAll("#health .statement .sources a").length > 0 && document.querySelector("#health .health-section.pending") === null`, "the health statements and their citations never appeared")
		cites := c.eval(`document.querySelectorAll("#health .statement .sources a").length`)

		// 7. Switch to Dutch (the language links navigate inside the app)
		// and load the sample there.
		b.click(`nav.lang a[lang="nl"]`)
		b.wait(`document.documentElement.lang === "nl" && document.querySelector("#try-sample") !== null && !document.querySelector("#try-sample").disabled`, "the Dutch page never appeared")
		if c.eval(`window.gutlensDoc`) != doc {
			t.Fatalf("switching the language loaded a new document: the interactions before it are lost")
		}
		b.sample()
		if st := b.finish(); st != "done" {
			t.Fatalf("/nl sample: status %s", st)
		}
		settle()
		c.checkCSP("online")

		// The visit's figures.
		visit := readVitals(c)
		cls, total := visit.cls()
		for _, s := range visit.Shifts {
			if !s.RecentInput {
				logf("layout shift at %.0f ms: %.4f (%s)", s.Time, s.Value, strings.Join(s.Sources, ", "))
			}
		}
		ins := visit.interactions()
		for k, in := range ins[:min(5, len(ins))] {
			logf("interaction %d of %d listed by latency: %v", k+1, len(ins), in)
			for _, f := range visit.framesDuring(in) {
				logf("    %v", f)
			}
		}
		// performance.interactionCount counts every interaction, also those
		// under event timing's 16 ms threshold, which are not listed.
		count := int(c.eval(`performance.interactionCount || 0`).(float64))
		r := vitalsRun{LCP: l.Time, CLS: cls, CLSTotal: total, INP: inp(ins), Interactions: count}
		logf("visit: %d interactions (%d of 16 ms or more), %d health citations shown; INP %.0f ms; CLS %.4f (largest session window; all shifts without input %.4f)",
			count, len(ins), int(cites.(float64)), r.INP, r.CLS, r.CLSTotal)
		if count < 15 {
			t.Errorf("the browser counted %d interactions, want at least 15: the INP figure would mean little", count)
		}

		// 8. Offline start: the service worker controls the page and has
		// its cache; the page and its service worker go offline, and the
		// server stops; reload.
		b.wait(jsSWControls, "no service worker controls the page")
		b.wait(`navigator.serviceWorker.controller.state === "activated"`, "the service worker never activated")
		online := len(b.log.snapshot())
		checkNoBodies(t, "", b.log.snapshot()) // the privacy promise holds throughout
		offline := true
		if _, err := chromedp.Call(c.ctx, network.Enable, network.EnableParams{}); err != nil {
			t.Fatal(err)
		}
		if _, err := chromedp.Call(c.ctx, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{
			EmulateOfflineServiceWorker: &offline,
			MatchedNetworkConditions:    []*network.Conditions{{Offline: true, DownloadThroughput: -1, UploadThroughput: -1}},
		}); err != nil {
			t.Fatal(err)
		}
		if _, err := chromedp.Call(c.ctx, network.OverrideNetworkState, network.OverrideNetworkStateParams{Offline: true, DownloadThroughput: -1, UploadThroughput: -1}); err != nil {
			t.Fatal(err)
		}
		b.srv.CloseClientConnections()
		b.srv.Close()
		c.do(chromedp.Reload())
		b.wait(jsAppReady, "the app never became ready offline")
		settle()
		if c.eval(`navigator.onLine`) != false {
			t.Errorf("the page is not offline (navigator.onLine is true)")
		}
		r.Offline = c.eval(`window.gutlensReadyAt`).(float64)
		warm := readVitals(c)
		wl, _ := warm.lcp()
		logf("offline reload: app ready %.0f ms after navigation start; LCP %.0f ms (%s)", r.Offline, wl.Time, wl.Element)
		b.run = b.eval(`Number(document.querySelector("#status").dataset.run)`).(float64)
		b.sample()
		if st := b.finish(); st != "done" {
			t.Errorf("offline, the sample ended %s", st)
		}
		if n := len(b.log.snapshot()); n != online {
			t.Errorf("%d requests reached the server while offline", n-online)
		}
		c.checkCSP("offline")
		logf("LCP %.0f ms, CLS %.4f, INP %.0f ms, offline start %.0f ms (targets %.0f ms, %.2f, %.0f ms, %.0f ms); wall %v",
			r.LCP, r.CLS, r.INP, r.Offline, targetLCP, targetCLS, targetINP, targetOffline, time.Since(wall).Round(time.Millisecond))
		return r
	}
	r := measure(1)
	if m := r.misses(); len(m) > 0 {
		t.Logf("run 1 missed %s; repeating once in a new browser", strings.Join(m, ", "))
		r = measure(2)
	}
	for _, m := range r.misses() {
		t.Errorf("%s, in both runs", m)
	}
}
