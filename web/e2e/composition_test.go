//go:build e2e

package e2e

import (
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/gutlens/gutlens/analysis/report"
	"github.com/gutlens/gutlens/analysis/report/view"
)

const (
	jsBarOrder   = `[...document.querySelectorAll("#composition .bar-row")].map(e => e.dataset.sample)`
	jsTableOrder = `[...document.querySelectorAll("#composition-table thead th")].slice(1).map(th => th.textContent)`
	jsCardOrder  = `[...document.querySelectorAll("#report .samples > .sample")].map(e => e.dataset.sample)`
)

// nativeOrder is the order of r's samples by key at rank, computed
// natively (band: a view.BandKey for view.SortTaxon), and the band used.
func nativeOrder(t *testing.T, r *report.Report, rank, key, band string) ([]string, string) {
	t.Helper()
	c, err := r.Composition(rank)
	if err != nil {
		t.Fatal(err)
	}
	k := c.Band(band)
	shannon := func(id string) float64 { return float64(r.Samples[id].ShannonLn) }
	used := ""
	if key == view.SortTaxon {
		used = view.BandKey(c.Taxa[k])
	}
	return view.SortSamples(r.SampleOrder, key, c, k, shannon), used
}

// pagingTSV writes a table of 15 samples, S1…S15 in a shuffled file
// order, with a taxonomy: more than one page of sample cards.
func pagingTSV(t *testing.T) string {
	t.Helper()
	ids := []int{10, 2, 15, 1, 7, 12, 3, 14, 5, 9, 13, 4, 11, 8, 6}
	var b strings.Builder
	b.WriteString("#OTU ID")
	for _, i := range ids {
		fmt.Fprintf(&b, "\tS%d", i)
	}
	b.WriteString("\ttaxonomy\n")
	otus := []struct {
		tax   string
		value func(i int) int
	}{
		{"k__Bacteria; p__Bacteroidetes; c__Bacteroidia; o__Bacteroidales; f__Bacteroidaceae; g__Bacteroides; s__", func(i int) int { return 10 * i }},
		{"k__Bacteria; p__Bacteroidetes; c__Bacteroidia; o__Bacteroidales; f__Prevotellaceae; g__Prevotella; s__copri", func(i int) int { return 7 * (16 - i) }},
		{"k__Bacteria; p__Verrucomicrobia; c__Verrucomicrobiae; o__Verrucomicrobiales; f__Verrucomicrobiaceae; g__Akkermansia; s__muciniphila", func(i int) int { return 20 * (i % 4) }},
		{"k__Bacteria; p__Firmicutes; c__Clostridia; o__Clostridiales; f__Ruminococcaceae; g__Faecalibacterium; s__prausnitzii", func(i int) int { return 50 + i%3 }},
	}
	for k, o := range otus {
		fmt.Fprintf(&b, "OTU%d", k+1)
		for _, i := range ids {
			fmt.Fprintf(&b, "\t%d.0", o.value(i))
		}
		b.WriteString("\t" + o.tax + "\n")
	}
	p := filepath.Join(t.TempDir(), "paging.tsv")
	if err := os.WriteFile(p, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestCompositionSort sorts the composition of the bundled sample by each
// key and checks the bars, the table columns and the cards against the
// order computed natively; keeps the order across a rank change; checks
// the SVG, PNG and CSV downloads; then sorts a file of two pages, where
// the order is of all samples and the pages follow it.
func TestCompositionSort(t *testing.T) {
	file := filepath.Join(root(t), "web", "static", "sample", "gutlens-sample.biom")
	c, downloads := openSample(t)
	r := nativeReport(t, file)
	if got := evalJS[[]string](c, jsBarOrder); !slices.Equal(got, r.SampleOrder) {
		t.Fatalf("bars before sorting %v, want the file's order %v", got, r.SampleOrder)
	}
	c.click("#composition details summary")
	c.waitFor("the composition table did not open", `document.querySelector("#composition-table") !== null`, 10*time.Second)

	choose := func(id, value string) {
		t.Helper()
		c.eval(`(() => { const s = document.querySelector("#` + id + `"); s.value = ` + strconv.Quote(value) + `; s.dispatchEvent(new Event("change", {bubbles: true})); return true; })()`)
	}
	// expect waits for the bars in order, then checks the table and cards.
	expect := func(what string, order []string) {
		t.Helper()
		js := `JSON.stringify(` + jsBarOrder + `) === ` + strconv.Quote(mustJSON(order)) + ` && document.querySelector("#composition-table") !== null`
		if err := c.poll(js, 20*time.Second); err != nil {
			t.Fatalf("%s: bars %v, want %v", what, evalJS[[]string](c, jsBarOrder), order)
		}
		if got := evalJS[[]string](c, jsTableOrder); !slices.Equal(got, order) {
			t.Errorf("%s: table columns %v, want %v", what, got, order)
		}
		if err := c.poll(`JSON.stringify(`+jsCardOrder+`) === `+strconv.Quote(mustJSON(order)), 20*time.Second); err != nil {
			t.Errorf("%s: cards %v, want %v", what, evalJS[[]string](c, jsCardOrder), order)
		}
	}

	rank := evalJS[string](c, `document.querySelector("#composition").dataset.rank`)
	want, _ := nativeOrder(t, r, rank, view.SortName, "")
	choose("comp-sort", view.SortName)
	expect("by name", want)

	want, band := nativeOrder(t, r, rank, view.SortTaxon, "")
	choose("comp-sort", view.SortTaxon)
	expect("by the largest taxon's share", want)
	if got := evalJS[string](c, `document.querySelector("#comp-sort-band").value`); got != band {
		t.Errorf("the band chosen by default is %q, natively %q", got, band)
	}
	comp, _ := r.Composition(rank)
	second := view.BandKey(comp.Taxa[1])
	want, _ = nativeOrder(t, r, rank, view.SortTaxon, second)
	choose("comp-sort-band", second)
	expect("by "+second, want)
	if got := evalJS[string](c, `document.querySelector("#composition").dataset.band`); got != second {
		t.Errorf("data-band %q after choosing %q", got, second)
	}

	want, _ = nativeOrder(t, r, rank, view.SortShannon, "")
	choose("comp-sort", view.SortShannon)
	expect("by Shannon", want)

	want, _ = nativeOrder(t, r, rank, view.SortDominant, "")
	choose("comp-sort", view.SortDominant)
	expect("by dominant taxon", want)

	// Another rank: the dominant order is computed again there.
	want, _ = nativeOrder(t, r, "phylum", view.SortDominant, "")
	choose("rank", "phylum")
	c.waitFor("the rank did not change", `document.querySelector("#composition").dataset.rank === "phylum" && document.querySelector("#composition .bar-row") !== null`, 20*time.Second)
	expect("by dominant phylum", want)
	if got := evalJS[string](c, `document.querySelector("#comp-sort").value`); got != view.SortDominant {
		t.Errorf("the order after a rank change is %q", got)
	}

	// The downloads.
	for _, b := range []string{"svg", "png", "csv"} {
		c.click("#comp-export-" + b)
		p := filepath.Join(downloads, "composition-phylum."+b)
		for i := 0; i < 100 && !fileExists(p); i++ {
			time.Sleep(50 * time.Millisecond)
		}
	}
	phyla, _ := r.Composition("phylum")
	svg, err := os.ReadFile(filepath.Join(downloads, "composition-phylum.svg"))
	if err != nil || !strings.HasPrefix(string(svg), "<svg") {
		t.Errorf("SVG download: %v (%d bytes)", err, len(svg))
	}
	at := 0
	for _, id := range want {
		i := strings.Index(string(svg)[at:], `>`+id+`</text>`)
		if i < 0 {
			t.Errorf("the SVG lacks the label %s after the previous one", id)
			continue
		}
		at += i
	}
	for _, b := range phyla.Taxa {
		if !strings.Contains(string(svg), `>`+b.Name+`</text>`) {
			t.Errorf("the SVG's legend lacks %s", b.Name)
		}
	}
	if png, err := os.ReadFile(filepath.Join(downloads, "composition-phylum.png")); err != nil || !strings.HasPrefix(string(png), "\x89PNG") || len(png) < 1000 {
		t.Errorf("PNG download: %v (%d bytes)", err, len(png))
	}
	// For review: the section as shown and the PNG it exported.
	if dir := os.Getenv("GUTLENS_SCREENSHOTS"); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err == nil {
			if shot, err := chromedp.Run(c.ctx, chromedp.Screenshot("#composition", chromedp.NodeVisible)); err == nil {
				os.WriteFile(filepath.Join(dir, "composition-sorted.png"), shot, 0o644)
			}
			if png, err := os.ReadFile(filepath.Join(downloads, "composition-phylum.png")); err == nil {
				os.WriteFile(filepath.Join(dir, "composition-export.png"), png, 0o644)
			}
		}
	}
	f, err := os.Open(filepath.Join(downloads, "composition-phylum.csv"))
	if err != nil {
		t.Fatalf("CSV download: %v", err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil || len(rows) != 1+len(phyla.Taxa) {
		t.Fatalf("CSV download: %v, %d rows", err, len(rows))
	}
	if head := append([]string{"phylum (fraction of sample)", "lineage"}, want...); !slices.Equal(rows[0], head) {
		t.Errorf("CSV header %q, want %q", rows[0], head)
	}
	for k, row := range rows[1:] {
		for j, id := range want {
			// The engine's Other may differ from the native one in the
			// last bits (a sum in map order): close, as checkComposition.
			if v, err := strconv.ParseFloat(row[2+j], 64); err != nil || !close(v, float64(phyla.Shares[id][k])) {
				t.Errorf("CSV %s in %s = %q, natively %v", row[0], id, row[2+j], float64(phyla.Shares[id][k]))
			}
		}
	}

	choose("comp-sort", view.SortFile)
	expect("back to the file's order", r.SampleOrder)

	// Two pages: the order is of all samples, and the pages follow it.
	paging := pagingTSV(t)
	rp := nativeReport(t, paging)
	c.upload(paging)
	c.waitFor("the two-page file was never analysed", jsRunDone(2), 60*time.Second)
	if st := evalJS[string](c, jsStatus); st != "done" {
		t.Fatalf("paging.tsv: status %s: %v", st, c.eval(jsStatusText))
	}
	if note := evalJS[string](c, `(document.querySelector("#comp-sort-note") || {}).textContent || ""`); !strings.Contains(note, "all 15 samples") {
		t.Errorf("no note that the order is of all samples: %q", note)
	}
	c.click("#composition details summary")
	c.waitFor("the composition table did not open", `document.querySelector("#composition-table") !== null`, 10*time.Second)
	byName, _ := nativeOrder(t, rp, "genus", view.SortName, "")
	if byName[0] != "S1" || byName[14] != "S15" {
		t.Fatalf("natural order %v", byName)
	}
	choose("comp-sort", view.SortName)
	expect("two pages by name, page 1", byName[:12])
	c.click("#page-next")
	expect("two pages by name, page 2", byName[12:])
	want, _ = nativeOrder(t, rp, "genus", view.SortTaxon, "")
	choose("comp-sort", view.SortTaxon)
	expect("two pages by taxon: back on page 1", want[:12])
	if want[0] == rp.SampleOrder[0] && slices.Equal(want[:12], rp.SampleOrder[:12]) {
		t.Error("the test file's taxon order is its file order: it tests nothing")
	}
	c.checkCSP("composition")
}

func mustJSON(ids []string) string {
	q := make([]string, len(ids))
	for i, id := range ids {
		q[i] = strconv.Quote(id)
	}
	return "[" + strings.Join(q, ",") + "]"
}
