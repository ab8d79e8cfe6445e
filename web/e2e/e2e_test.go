//go:build e2e

// Package e2e drives the built Gutlens site in headless Chromium (Debian's
// /usr/bin/chromium, never a downloaded browser): it uploads and drops real
// files, reads the rendered numbers and checks them against the native
// CLI's JSON for the same file, goes offline and repeats, and audits every
// request made from page load to result.
//
// Run with `make test-e2e` (it sets GUTLENS_SITE and GUTLENS_BIN).
package e2e

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/gutlens/gutlens/analysis/report"
	"github.com/gutlens/gutlens/analysis/report/view"
	"github.com/gutlens/gutlens/web/site"
)

// cliReport runs `gutlens report FILE... --json`.
func cliReport(t *testing.T, bin string, files ...string) *report.Report {
	t.Helper()
	var r report.Report
	cliJSON(t, bin, &r, files...)
	return &r
}

// cliView is the CLI's report as the UI decodes it.
func cliView(t *testing.T, bin string, files ...string) *view.Report {
	t.Helper()
	var r view.Report
	cliJSON(t, bin, &r, files...)
	return &r
}

// cliJSON decodes the CLI's JSON report on files into r.
func cliJSON(t *testing.T, bin string, r any, files ...string) {
	t.Helper()
	file := strings.Join(files, " ")
	out, err := exec.Command(bin, append(append([]string{"report"}, files...), "--json")...).Output()
	if err != nil {
		t.Fatalf("gutlens report %s: %v", file, err)
	}
	if err := json.Unmarshal(out, r); err != nil {
		t.Fatalf("CLI JSON for %s: %v", file, err)
	}
}

// shown is what the page renders for a report.
type shown struct {
	Format   string                       `json:"format"`
	Samples  string                       `json:"samples"`
	Features string                       `json:"features"`
	Cards    map[string]map[string]string `json:"cards"` // sample → metric → data-value
	Top      map[string][][2]string       `json:"top"`   // sample → [name, data-share]
	Order    []string                     `json:"order"`
}

const readReport = `(() => {
  const rep = document.querySelector("#report");
  const out = {format: rep.dataset.format, samples: rep.dataset.samples, features: rep.dataset.features, cards: {}, top: {}, order: []};
  for (const card of document.querySelectorAll("article.sample")) {
    const id = card.dataset.sample;
    out.order.push(id);
    out.cards[id] = {};
    for (const m of card.querySelectorAll("[data-metric]")) out.cards[id][m.dataset.metric] = m.dataset.value;
    out.top[id] = [...card.querySelectorAll("tr.top-taxon")].map(r => [r.dataset.name, r.dataset.share]);
  }
  return out;
})()`

func close(a, b float64) bool {
	if math.IsNaN(a) || math.IsNaN(b) {
		return math.IsNaN(a) && math.IsNaN(b)
	}
	return math.Abs(a-b) <= math.Max(1e-12*math.Max(math.Abs(a), math.Abs(b)), 1e-15)
}

func parse(t *testing.T, s string) float64 {
	t.Helper()
	if s == "null" {
		return math.NaN()
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatalf("page shows data-value %q: %v", s, err)
	}
	return v
}

// compare checks the page against the CLI report, sample by sample (the
// first page of cards).
func compare(t *testing.T, label string, got shown, want *report.Report) {
	t.Helper()
	if got.Format != want.Input.Format || got.Samples != strconv.Itoa(want.Input.NSamples) || got.Features != strconv.Itoa(want.Input.NFeatures) {
		t.Errorf("%s: page shows format %s, %s samples, %s features; CLI says %s, %d, %d",
			label, got.Format, got.Samples, got.Features, want.Input.Format, want.Input.NSamples, want.Input.NFeatures)
	}
	n := min(12, len(want.SampleOrder))
	if len(got.Order) != n {
		t.Fatalf("%s: page shows %d sample cards, want %d", label, len(got.Order), n)
	}
	for i, id := range want.SampleOrder[:n] {
		if got.Order[i] != id {
			t.Errorf("%s: card %d is %q, want %q", label, i, got.Order[i], id)
			continue
		}
		w := want.Samples[id]
		c := got.Cards[id]
		for _, m := range []struct {
			key  string
			want float64
		}{
			{"observed_features", float64(w.ObservedFeatures)},
			{"shannon_ln", float64(w.ShannonLn)},
			{"simpson", float64(w.Simpson)},
			{"unclassified_share", float64(w.UnclassifiedShare)},
		} {
			if g := parse(t, c[m.key]); !close(g, m.want) {
				t.Errorf("%s: sample %s %s = %v on the page, %v from the CLI", label, id, m.key, g, m.want)
			}
		}
		top := got.Top[id]
		if len(top) != len(w.Top) {
			t.Errorf("%s: sample %s shows %d top taxa, CLI %d", label, id, len(top), len(w.Top))
			continue
		}
		for k, tx := range w.Top {
			if top[k][0] != tx.Name || !close(parse(t, top[k][1]), float64(tx.Share)) {
				t.Errorf("%s: sample %s top %d = %v, CLI %s %v", label, id, k+1, top[k], tx.Name, float64(tx.Share))
			}
		}
	}
}

// nativeReport analyses file natively, as the CLI does.
func nativeReport(t *testing.T, file string) *report.Report {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	r, err := report.Analyse(data, filepath.Base(file), "native", nil)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// checkComposition compares the composition table on the page with the
// composition computed natively for the same file and rank.
func checkComposition(t *testing.T, c *chrome, file string) {
	t.Helper()
	// The data table is built when its <details> is opened, as a user does.
	c.eval(`(() => { const d = document.querySelector("#composition details"); if (d && !d.open) d.querySelector("summary").click(); return true; })()`)
	for i := 0; i < 100 && c.eval(`document.querySelector("#composition-table") !== null`) != true; i++ {
		time.Sleep(50 * time.Millisecond)
	}
	got := evalJS[struct {
		Rank string
		Rows [][2]json.RawMessage
	}](c, `(() => {
	  const sec = document.querySelector("#composition");
	  const rows = [...document.querySelectorAll("#composition-table tbody tr")].map(tr =>
	    [tr.dataset.taxon, [...tr.querySelectorAll("td")].map(td => [td.dataset.sample, td.dataset.share])]);
	  return {rank: sec ? sec.dataset.rank : "", rows};
	})()`)
	want, err := nativeReport(t, file).Composition(got.Rank)
	if err != nil {
		t.Fatalf("composition at %q: %v", got.Rank, err)
	}
	if got.Rank != "genus" || len(got.Rows) != len(want.Taxa) {
		t.Fatalf("page shows the composition at %q with %d bands; want genus with %d", got.Rank, len(got.Rows), len(want.Taxa))
	}
	for k, row := range got.Rows {
		var name string
		var cells [][2]string
		json.Unmarshal(row[0], &name)
		json.Unmarshal(row[1], &cells)
		if name != want.Taxa[k].Name {
			t.Errorf("band %d is %q, want %q", k, name, want.Taxa[k].Name)
		}
		for _, c := range cells {
			if w := float64(want.Shares[c[0]][k]); !close(parse(t, c[1]), w) {
				t.Errorf("%s in %s = %s on the page, %v natively", name, c[0], c[1], w)
			}
		}
		if len(cells) == 0 {
			t.Errorf("band %q has no cells", name)
		}
	}
}

// checkHealth compares the health section on the page (statement ids,
// grades, texts) with the health view computed natively in lang.
func checkHealth(t *testing.T, c *chrome, lang, file string) {
	t.Helper()
	got := evalJS[struct {
		Sample     string
		Statements [][4]any
	}](c, `(() => {
	  const sec = document.querySelector("#health");
	  return {sample: sec ? sec.dataset.sample : "", statements: [...document.querySelectorAll("#health .health-section .statement")].map(li =>
	    [li.dataset.statement, li.dataset.grade, li.querySelector("p").textContent, li.querySelectorAll(".sources a").length])};
	})()`)
	want := report.RenderHealth(nativeReport(t, file).Health, lang, []string{got.Sample}).Samples[got.Sample]
	if want == nil {
		t.Fatalf("no native health view for sample %q", got.Sample)
	}
	var ws []report.StatementView
	for _, sec := range want.Sections {
		ws = append(ws, sec.Statements...)
	}
	if len(ws) == 0 || len(got.Statements) != len(ws) {
		t.Fatalf("page shows %d health statements, native %d", len(got.Statements), len(ws))
	}
	for i, w := range ws {
		g := got.Statements[i]
		if g[0] != w.ID || g[1] != w.Grade || g[2] != w.Text || int(g[3].(float64)) != len(w.Citations) {
			t.Errorf("statement %d on the page = %v, native %s %s %q (%d sources)", i, g, w.ID, w.Grade, w.Text, len(w.Citations))
		}
	}
}

// checkScoreCards compares the health overview's score cards on the page
// with the CLI's JSON report on the same file: one card per key quantity in
// the order the engine builds them (report.RenderHealth on the CLI's health
// model), each placed at the percentile of its statement in the CLI's JSON,
// the gauge's marker at that percentile and its text alternative saying it
// in words; the "evidence and sources" link moves the focus to that
// statement.
func checkScoreCards(t *testing.T, c *chrome, bin, lang string, files ...string) {
	t.Helper()
	type card struct {
		Key, Percentile, Statement, Title, Value, Sentence, Label, Marker, Link string
		Target                                                                  bool
	}
	got := evalJS[struct {
		Sample string
		Cards  []card
	}](c, `(() => {
	  const sec = document.querySelector("#health");
	  const cards = [...document.querySelectorAll("#score-cards li.score-card")].map(li => {
	    const svg = li.querySelector("svg.gauge"), mk = li.querySelector("line.gauge-marker"), a = li.querySelector("a.evidence-link");
	    const link = a ? a.getAttribute("href") : "";
	    return {key: li.dataset.card, percentile: li.dataset.percentile, statement: li.dataset.statement,
	      title: li.querySelector(".score-title").textContent, value: li.querySelector(".score-value").textContent,
	      sentence: li.querySelector(".score-sentence").textContent,
	      label: svg ? svg.getAttribute("aria-label") + "|" + svg.getAttribute("role") : "", marker: mk ? mk.getAttribute("x1") : "",
	      link, target: link !== "" && document.getElementById(link.slice(1)) !== null};
	  });
	  return {sample: sec ? sec.dataset.sample : "", cards};
	})()`)
	cli := cliReport(t, bin, files...)
	if cli.Health == nil || cli.Health.Samples[got.Sample] == nil {
		t.Fatalf("%s: the CLI's JSON has no health model of sample %q", lang, got.Sample)
	}
	hs := cli.Health.Samples[got.Sample]
	placements := map[string]float64{}
	for _, sec := range hs.Sections {
		for _, st := range sec.Statements {
			if st.Reference != nil {
				placements[st.ID] = st.Reference.Percentile
			}
		}
	}
	want := report.RenderHealth(cli.Health, lang, []string{got.Sample}).Samples[got.Sample].Cards
	if len(got.Cards) == 0 || len(got.Cards) != len(want) {
		t.Fatalf("%s %s: page shows %d score cards, the CLI's model %d", lang, got.Sample, len(got.Cards), len(want))
	}
	for i, w := range want {
		g := got.Cards[i]
		if g.Key != w.Key || g.Statement != w.StatementID || g.Title != w.Title || g.Value != w.Value || g.Sentence != w.Sentence {
			t.Errorf("%s card %d on the page = %+v; CLI %s %q %q %q (statement %s)", lang, i, g, w.Key, w.Title, w.Value, w.Sentence, w.StatementID)
		}
		p, placed := placements[w.StatementID]
		switch {
		case placed:
			if gp := parse(t, g.Percentile); !close(gp, p) || !close(parse(t, g.Marker), p) {
				t.Errorf("%s card %s: percentile %s, marker at %s; the CLI places %s at %v", lang, g.Key, g.Percentile, g.Marker, w.StatementID, p)
			}
			if g.Label != w.GaugeLabel+"|img" {
				t.Errorf("%s card %s: gauge %q, want the label %q", lang, g.Key, g.Label, w.GaugeLabel)
			}
		case g.Percentile != "null" || g.Label != "" || g.Marker != "":
			t.Errorf("%s card %s: percentile %s and a gauge %q; the CLI does not place it", lang, g.Key, g.Percentile, g.Label)
		}
		if w.StatementID != "" && !g.Target {
			t.Errorf("%s card %s links %q, which is not on the page", lang, g.Key, g.Link)
		}
	}
	var keys []string
	for _, g := range got.Cards {
		keys = append(keys, g.Key+"@"+g.Percentile)
	}
	t.Logf("%s %s: score cards %s", lang, got.Sample, strings.Join(keys, ", "))
	// In print, each card keeps together and prints what its value does not
	// mean (a closed <details> would print closed).
	if _, err := chromedp.Call(c.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
		t.Fatal(err)
	}
	printed := evalJS[[]string](c, `[...document.querySelectorAll("#score-cards li.score-card")].map(li => {
	  const p = li.querySelector(".not-mean-print"), d = li.querySelector(".not-mean");
	  return getComputedStyle(li).breakInside + "|" + getComputedStyle(d).display + "|" + (p && getComputedStyle(p).display !== "none" ? p.innerText : "");
	})`)
	if _, err := chromedp.Call(c.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: ""}); err != nil {
		t.Fatal(err)
	}
	for i, w := range want {
		if i >= len(printed) || !strings.HasPrefix(printed[i], "avoid|none|") || !strings.Contains(printed[i], w.NotMean) {
			t.Errorf("%s card %s in print: %q; want break-inside avoid and the text %q", lang, w.Key, printed[min(i, len(printed)-1)], w.NotMean)
		}
	}
	// The first card's link, followed as a user does (its <details> opened),
	// moves the focus to the statement with the evidence.
	first := got.Cards[0]
	if first.Link == "" {
		return
	}
	c.eval(`(() => { const d = document.querySelector("#score-cards .not-mean"); d.open = true; return true; })()`)
	c.click("#score-cards li.score-card a.evidence-link")
	c.waitFor(lang+": the evidence link did not move the focus", fmt.Sprintf(`document.activeElement && "#" + document.activeElement.id === %q`, first.Link), 5*time.Second)
	if u := evalJS[string](c, `location.hash`); u != "" {
		t.Errorf("%s: the evidence link navigated to %q", lang, u)
	}
	c.eval(`(() => { const d = document.querySelector("#score-cards .not-mean"); d.open = false; window.scrollTo(0, 0); return true; })()`)
}

func TestBrowser(t *testing.T) {
	siteDir, bin := env(t, "GUTLENS_SITE"), env(t, "GUTLENS_BIN")
	requireChromium(t)
	top := root(t)
	log := &accessLog{}
	srv := httptest.NewServer(log.wrap(site.FileServer(siteDir)))
	origin, _ := url.Parse(srv.URL)

	c := newChrome(t, 4*time.Minute)
	pr := c.recordNetwork()

	waitReady := func() float64 {
		t.Helper()
		c.waitFor("app never became ready", jsAppReady, 60*time.Second)
		return evalJS[float64](c, "window.gutlensReadyAt")
	}
	run := 0
	// finish waits for the next analysis to end and returns its status.
	finish := func() string {
		t.Helper()
		run++
		c.waitFor(fmt.Sprintf("analysis %d never finished", run), jsRunDone(run), 60*time.Second)
		return evalJS[string](c, jsStatus)
	}
	readShown := func() shown {
		t.Helper()
		return evalJS[shown](c, readReport)
	}
	// drop dispatches a real drop event carrying Files with the bytes of files.
	drop := func(files ...string) {
		t.Helper()
		var add strings.Builder
		for _, file := range files {
			b, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(&add, "dt.items.add(new File([Uint8Array.from(atob(%q), c => c.charCodeAt(0))], %q));\n",
				base64.StdEncoding.EncodeToString(b), filepath.Base(file))
		}
		c.eval(`(() => {
		  const dt = new DataTransfer();
		  ` + add.String() + `
		  document.querySelector("#drop").dispatchEvent(new DragEvent("drop", {dataTransfer: dt, bubbles: true, cancelable: true}));
		  return true;
		})()`)
	}

	// Every Content-Security-Policy violation is recorded and fails the test.
	c.recordCSP()

	// 1. First visit.
	start := time.Now()
	c.navigate(srv.URL)
	readyMS := waitReady()
	t.Logf("first load: app ready %.0f ms after navigation start (wall %v)", readyMS, time.Since(start).Round(time.Millisecond))

	// 2. Upload a BIOM file through the picker.
	tiny := filepath.Join(top, "testdata", "tiny.biom")
	t0 := time.Now()
	c.upload(tiny)
	if st := finish(); st != "done" {
		t.Fatalf("tiny.biom: status %s: %v", st, c.eval(jsStatusText))
	}
	t.Logf("tiny.biom: file chosen to report shown in %v (first analysis, engine cold)", time.Since(t0).Round(time.Millisecond))
	compare(t, "tiny.biom (picker)", readShown(), cliReport(t, bin, tiny))

	// 3. Drop a gzip-compressed TSV.
	gz := filepath.Join(top, "testdata", "tiny.tsv.gz")
	drop(gz)
	if st := finish(); st != "done" {
		t.Fatalf("tiny.tsv.gz: status %s", st)
	}
	compare(t, "tiny.tsv.gz (drop)", readShown(), cliReport(t, bin, gz))

	// 3a. BIOM 2.1 (HDF5), read from memory inside the engine.
	h5 := filepath.Join(top, "testdata", "hdf5", "tiny.biom")
	c.upload(h5)
	if st := finish(); st != "done" {
		t.Fatalf("HDF5 tiny.biom: status %s: %v", st, c.eval(jsStatusText))
	}
	compare(t, "tiny.biom (HDF5)", readShown(), cliReport(t, bin, h5))

	// 3a'. A QIIME 2 table artifact with its taxonomy artifact (zip + HDF5).
	qza := []string{filepath.Join(top, "testdata", "hdf5", "tiny-table.qza"), filepath.Join(top, "testdata", "hdf5", "tiny-taxonomy.qza")}
	drop(qza...)
	if st := finish(); st != "done" {
		t.Fatalf("qza pair: status %s: %v", st, c.eval(jsStatusText))
	}
	compare(t, "tiny-table.qza + tiny-taxonomy.qza (drop)", readShown(), cliReport(t, bin, qza...))

	// 3b. A feature table dropped together with its taxonomy file: joined.
	pair := []string{filepath.Join(top, "testdata", "formats2", "tiny-feature-table.tsv"), filepath.Join(top, "testdata", "formats2", "tiny-taxonomy.tsv")}
	drop(pair...)
	if st := finish(); st != "done" {
		t.Fatalf("table + taxonomy: status %s: %v", st, c.eval(jsStatusText))
	}
	compare(t, "table + taxonomy (drop)", readShown(), cliReport(t, bin, pair...))

	// 4. The bundled sample.
	c.click("#try-sample")
	if st := finish(); st != "done" {
		t.Fatalf("sample: status %s", st)
	}
	compare(t, "sample", readShown(), cliReport(t, bin, filepath.Join(top, "web", "static", "sample", "gutlens-sample.biom")))
	checkComposition(t, c, filepath.Join(top, "web", "static", "sample", "gutlens-sample.biom"))
	checkScoreCards(t, c, bin, "en", filepath.Join(top, "web", "static", "sample", "gutlens-sample.biom"))

	// 4b. A real, larger table from the shared corpus, when present.
	if big := filepath.Join(top, "..", "shared", "corpus", "biom-json", "AG_100nt.biom.gz"); fileExists(big) {
		t0 := time.Now()
		c.upload(big)
		if st := finish(); st != "done" {
			t.Fatalf("AG_100nt.biom.gz: status %s", st)
		}
		t.Logf("AG_100nt.biom.gz (23,884 features × 202 samples, gzip): file chosen to report shown in %v", time.Since(t0).Round(time.Millisecond))
		compare(t, "AG_100nt.biom.gz", readShown(), cliReport(t, bin, big))
	} else {
		t.Logf("skipping the corpus file: %s not present", big)
	}

	// 5. A bad file: a clear error naming the file, line and column; the
	// app keeps working for the next file.
	c.upload(filepath.Join(top, "testdata", "bad", "bad-cell.tsv"))
	if st := finish(); st != "failed" {
		t.Fatalf("bad-cell.tsv: status %s, want failed", st)
	}
	msg := c.eval(`document.querySelector("#error-message").textContent`).(string)
	for _, want := range []string{"bad-cell.tsv", "line 5", "column 3", "abc"} {
		if !strings.Contains(msg, want) {
			t.Errorf("error message %q lacks %q", msg, want)
		}
	}
	if n := c.eval(`document.querySelectorAll("#report").length`).(float64); n != 0 {
		t.Errorf("a failed file still shows a report")
	}
	mpa := filepath.Join(top, "testdata", "tiny-mpa3.txt")
	c.upload(mpa)
	if st := finish(); st != "done" {
		t.Fatalf("after the bad file, tiny-mpa3.txt: status %s", st)
	}
	compare(t, "tiny-mpa3.txt after an error", readShown(), cliReport(t, bin, mpa))
	checkHealth(t, c, "en", mpa)
	checkScoreCards(t, c, bin, "en", mpa)

	c.checkCSP("online")

	// 5b. The Dutch page: its own <html lang>, Dutch text, decimal commas.
	// The offline part below then runs on it.
	c.navigate(srv.URL + "/nl")
	waitReady()
	run = 0
	if lang := c.eval(`document.documentElement.lang`); lang != "nl" {
		t.Errorf("/nl has <html lang=%q>, want nl", lang)
	}
	c.click("#try-sample")
	if st := finish(); st != "done" {
		t.Fatalf("/nl sample: status %s", st)
	}
	compare(t, "sample on /nl", readShown(), cliReport(t, bin, filepath.Join(top, "web", "static", "sample", "gutlens-sample.biom")))
	checkScoreCards(t, c, bin, "nl", filepath.Join(top, "web", "static", "sample", "gutlens-sample.biom"))
	nlText := c.eval(`document.querySelector("#gutlens").innerText`).(string)
	for _, want := range []string{"Sleep uw darmflora-bestand hierheen", "Waargenomen taxa", "geen medisch hulpmiddel"} {
		if !strings.Contains(nlText, want) {
			t.Errorf("/nl lacks %q", want)
		}
	}
	if shown := c.eval(`document.querySelector('[data-metric="shannon_ln"]').textContent`).(string); !strings.Contains(shown, ",") {
		t.Errorf("/nl shows Shannon as %q, want a decimal comma", shown)
	}

	// 6. Offline: wait until the service worker controls the page and has
	// cached the site, stop the server, reload, analyse again.
	c.waitFor("no service worker controls the page", jsSWControls, 30*time.Second)
	cached := c.eval(`caches.keys().then(ks => Promise.all(ks.map(k => caches.open(k).then(c => c.keys())))).then(ls => ls.flat().map(r => new URL(r.url).pathname).sort())`)
	t.Logf("service worker cache: %v", cached)
	online := log.snapshot()
	srv.CloseClientConnections()
	srv.Close()
	c.do(chromedp.Reload())
	offlineMS := waitReady()
	t.Logf("offline reload: app ready %.0f ms after navigation start", offlineMS)
	run = 0 // a reload starts the page's counter again
	mpa4 := filepath.Join(top, "testdata", "tiny-mpa4.txt")
	c.upload(mpa4)
	if st := finish(); st != "done" {
		t.Fatalf("offline tiny-mpa4.txt: status %s: %v", st, c.eval(jsStatusText))
	}
	compare(t, "tiny-mpa4.txt offline", readShown(), cliReport(t, bin, mpa4))
	drop(tiny)
	if st := finish(); st != "done" {
		t.Fatalf("offline drop tiny.biom: status %s", st)
	}
	compare(t, "tiny.biom offline (drop)", readShown(), cliReport(t, bin, tiny))
	// The footer's sources and licences of the shipped data, offline too.
	notice := evalJS[string](c, `fetch(document.querySelector("#notices").href).then(r => r.ok ? r.text() : "HTTP " + r.status)`)
	for _, want := range []string{"gmwi2_coefficients.tsv", "doi:10.1038/s41467-020-18476-8", "MIT"} {
		if !strings.Contains(notice, want) {
			t.Errorf("the footer's notices (offline) lack %q: %.200q", want, notice)
		}
	}

	c.checkCSP("offline")

	// 7. The privacy promise: nothing was sent. Every request the server
	// saw was a GET or HEAD without a body, and every request the page made
	// went to this origin (or stayed inside the browser: data:, blob:).
	if len(online) == 0 {
		t.Fatal("the server logged no requests")
	}
	checkNoBodies(t, "", online)
	if after := log.snapshot(); len(after) != len(online) {
		t.Errorf("requests reached the stopped server: %v", after[len(online):])
	}
	reqs := pr.requests()
	checkSameOrigin(t, reqs, origin.Host)
	t.Logf("privacy audit: %d server requests, %d page requests, all GET/HEAD to %s without a body", len(online), len(reqs), origin.Host)
}
