//go:build e2e

package e2e

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// writeCounts writes a BIOM-style classic table of read counts, taxa ×
// samples, with a taxonomy column, into dir: a multi-sample table for
// research mode of any size.
func writeCounts(t *testing.T, dir, name string, samples, taxa int) string {
	t.Helper()
	var b bytes.Buffer
	b.WriteString("# Constructed for the print test\n#OTU ID")
	for s := range samples {
		fmt.Fprintf(&b, "\tP%04d", s+1)
	}
	b.WriteString("\ttaxonomy\n")
	r := rand.New(rand.NewPCG(6, uint64(samples)))
	for k := range taxa {
		fmt.Fprintf(&b, "OTU%d", k+1)
		for range samples {
			v := 0
			if r.IntN(3) > 0 {
				v = r.IntN(200 / (1 + k%7))
			}
			fmt.Fprintf(&b, "\t%d", v)
		}
		fmt.Fprintf(&b, "\tk__Bacteria; p__Phylum%d; c__Class%d; o__Order%d; f__Family%d; g__Genus%d; s__species%d\n", k%4, k%6, k%9, k%12, k, k)
	}
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// printedTable is what a print of a virtualised table holds: the rows
// printed (shown in print media), and its print note.
type printedTable struct {
	Rows     []int  `json:"rows"`     // the printed rows' numbers, from 1
	Filled   int    `json:"filled"`   // of which with values
	Note     string `json:"note"`     // the print note's text
	Display  string `json:"display"`  // the print note's display
	First    int    `json:"first"`    // the note's data-first, data-last, data-rows, data-total
	Last     int    `json:"last"`     //
	N        int    `json:"n"`        //
	Total    int    `json:"total"`    //
	Ready    string `json:"ready"`    // data-ready
	Spacers  int    `json:"spacers"`  // spacer rows shown
	Overflow string `json:"overflow"` // the box's overflow-y
	Head     string `json:"head"`     // the header's position
}

// jsPrintedTable reads a printedTable of table id (a JS function of id).
const jsPrintedTable = `(id) => {
  const table = document.getElementById(id), box = document.getElementById(id + "-box"), note = document.getElementById(id + "-print");
  const shown = (el) => getComputedStyle(el).display !== "none";
  const rows = [...table.querySelectorAll("tbody tr[aria-rowindex]")].filter(shown);
  return {
    rows: rows.map(tr => +tr.getAttribute("aria-rowindex") - 1), filled: rows.filter(tr => tr.dataset.sample).length,
    note: note.textContent, display: getComputedStyle(note).display,
    first: +note.dataset.first, last: +note.dataset.last, n: +note.dataset.rows, total: +note.dataset.total, ready: note.dataset.ready,
    spacers: [...table.querySelectorAll("tbody tr.spacer")].filter(shown).length,
    overflow: getComputedStyle(box).overflowY, head: getComputedStyle(table.querySelector("thead")).position,
  };
}`

// jsPrintStub replaces window.print, which in a test would open no
// dialog, by a record of the page at the moment it is called: the print
// notes and the charts still being built.
const jsPrintStub = `window.printed = []; window.print = () => { window.printed.push({
  notes: Object.fromEntries([...document.querySelectorAll(".print-note[data-total]")].map(n => [n.id, {rows: +n.dataset.rows, ready: n.dataset.ready, built: n.closest(".scroll").querySelectorAll("tbody tr[data-sample]").length}])),
  partial: document.querySelectorAll('g[data-complete="false"]').length,
  points: document.querySelectorAll("#research-pcoa-chart .point").length,
}); }; true`

type printCall struct {
	Notes map[string]struct {
		Rows  int    `json:"rows"`
		Ready string `json:"ready"`
		Built int    `json:"built"`
	} `json:"notes"`
	Partial int `json:"partial"`
	Points  int `json:"points"`
}

// TestResearchPrint checks printing research mode, whose data tables are
// virtualised (only the rows scrolled to are built): a print from the
// browser's menu (print media, without the button) states under each
// table exactly the rows it holds; the "Print / save as PDF" button first
// builds the first 100 rows of a table of 400 samples, all 250 of a
// table of 250, and the charts' marks, then prints; the PDF has pages;
// afterprint brings the scrolled view back.
func TestResearchPrint(t *testing.T) {
	siteDir := env(t, "GUTLENS_SITE")
	requireChromium(t)
	dir := t.TempDir()
	big := writeCounts(t, dir, "print-400.tsv", 400, 30)
	small := writeCounts(t, dir, "print-250.tsv", 250, 30)
	c, srvURL, wait := researchChrome(t, siteDir, 4*time.Minute, 60*time.Second)
	media := func(m string) {
		t.Helper()
		if _, err := chromedp.Call(c.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: m}); err != nil {
			t.Fatal(err)
		}
		c.eval(`new Promise(r => requestAnimationFrame(() => setTimeout(r, 100)))`)
	}
	read := func(id string) printedTable {
		t.Helper()
		return evalJS[printedTable](c, "("+jsPrintedTable+")("+fmt.Sprintf("%q", id)+")")
	}
	// check asserts that the print of table id holds the rows its note
	// states, and returns them.
	check := func(when, id string) printedTable {
		t.Helper()
		p := read(id)
		if p.Display == "none" {
			t.Errorf("%s: %s's print note is not printed", when, id)
		}
		if p.Spacers > 0 || p.Overflow != "visible" || p.Head != "static" {
			t.Errorf("%s: %s prints %d spacer rows, in a box of overflow %q, under a header of position %q", when, id, p.Spacers, p.Overflow, p.Head)
		}
		if p.Filled != len(p.Rows) {
			t.Errorf("%s: %s prints %d rows of which %d without values", when, id, len(p.Rows), len(p.Rows)-p.Filled)
		}
		if p.N != len(p.Rows) || len(p.Rows) > 0 && (p.First != p.Rows[0] || p.Last != p.Rows[len(p.Rows)-1] || p.Last-p.First+1 != len(p.Rows)) {
			t.Errorf("%s: %s prints rows %v, its note says %d rows, %d–%d", when, id, p.Rows, p.N, p.First, p.Last)
		}
		t.Logf("%s: %s prints %d rows; note: %s", when, id, len(p.Rows), p.Note)
		return p
	}
	calls := 0
	// printButton prints with the button and returns what the page held
	// when it called window.print.
	printButton := func(what string) printCall {
		t.Helper()
		calls++
		t0 := time.Now()
		c.click("#export-print")
		wait(what+": print", fmt.Sprintf(`window.printed.length === %d`, calls))
		p := evalJS[[]printCall](c, `window.printed`)[calls-1]
		t.Logf("%s: printed %v after pressing the button", what, time.Since(t0).Round(time.Millisecond))
		if p.Partial > 0 {
			t.Errorf("%s: printed with %d charts not complete", what, p.Partial)
		}
		return p
	}
	afterPrint := func() {
		t.Helper()
		c.eval(`window.dispatchEvent(new Event("afterprint")); true`)
		wait("afterprint", `document.querySelector('#export-print[data-printing="false"]') !== null`)
	}

	c.navigate(srvURL)
	wait("app ready", jsAppReady)
	c.eval(jsPrintStub)
	c.upload(big)
	wait("400 samples analysed", jsRunDone(1))
	c.click("#research-open")
	wait("research mode computed", `document.querySelector('#research[data-status="done"]') !== null`)
	if d := read("research-alpha-table").Display; d != "none" {
		t.Errorf("on screen, the print note is shown (display %q)", d)
	}

	// 1. The browser's print (Ctrl+P), the alpha table scrolled to its
	// middle: the rows built there, and a note saying which.
	// (The box can still be settling its rows' height: scroll again until
	// the middle rows are built with their values.)
	middle := `(() => { const b = document.querySelector("#research-alpha-table-box"); b.scrollTop = (b.scrollHeight - b.clientHeight) / 2; return true; })()`
	inMiddle := `document.querySelector('#research-alpha-table tr[aria-rowindex="201"][data-sample]') !== null`
	for try := 0; ; try++ {
		c.eval(`new Promise(r => requestAnimationFrame(() => setTimeout(r, 200)))`)
		c.eval(middle)
		if err := c.poll(inMiddle, 10*time.Second); err == nil {
			break
		} else if try == 2 {
			t.Fatalf("the alpha table's middle rows were not built: %v", err)
		}
	}
	media("print")
	p := check("Ctrl+P in the middle", "research-alpha-table")
	if len(p.Rows) == 0 || len(p.Rows) > 80 {
		t.Errorf("Ctrl+P in the middle prints %d rows of the alpha table", len(p.Rows))
	} else if want := fmt.Sprintf("Rows %d–%d of 400 are printed. All rows: Download CSV (alpha-diversity.csv). To print the first 100 rows, use “Print / save as PDF” at the top of the report.", p.First, p.Last); p.Note != want {
		t.Errorf("Ctrl+P in the middle, the note reads\n%s\nwant\n%s", p.Note, want)
	}
	if s := c.eval(`document.querySelector("#research-print").textContent`).(string); !strings.Contains(s, "“Alpha diversity”") || getDisplay(c, "#research-print") == "none" {
		t.Errorf("the printout does not say which view of research mode it holds: %q", s)
	}
	media("")

	// 2. The button: the first 100 rows, with their values, then print.
	pc := printButton("400 samples, alpha")
	if n := pc.Notes["research-alpha-table-print"]; n.Rows != 100 || n.Built != 100 || n.Ready != "true" {
		t.Errorf("printed with the alpha table's note at %+v, want 100 rows built with values", n)
	}
	media("print")
	p = check("the button, 400 samples", "research-alpha-table")
	if want := "Rows 1–100 of 400 are printed. All rows: Download CSV (alpha-diversity.csv)."; p.Note != want {
		t.Errorf("after the button, the note reads\n%s\nwant\n%s", p.Note, want)
	}
	if pages := printPDF(t, c, "research-print-400-alpha.pdf"); pages < 3 {
		t.Errorf("the PDF has %d pages", pages)
	}
	media("")
	afterPrint()
	wait("the alpha table virtualised again", `document.querySelectorAll("#research-alpha-table tbody tr[aria-rowindex]").length <= 80`)

	// 3. The PCoA view with its data table open: its 400 points and the
	// table's first 100 rows.
	c.click("#research-tab-pcoa")
	wait("the PCoA tab", `document.querySelector('#research-panel[data-tab="pcoa"]') !== null`)
	c.click("#research-pcoa-table-details summary")
	wait("the PCoA data table", `document.querySelectorAll("#research-pcoa-table tbody tr[data-sample]").length > 0`)
	pc = printButton("400 samples, PCoA")
	if n := pc.Notes["research-pcoa-table-print"]; n.Rows != 100 || n.Built != 100 || pc.Points != 400 {
		t.Errorf("printed the PCoA with %d points and its table's note at %+v", pc.Points, n)
	}
	media("print")
	if p = check("the button, PCoA", "research-pcoa-table"); p.Note != "Rows 1–100 of 400 are printed. All rows: Download CSV (pcoa-braycurtis.csv)." {
		t.Errorf("the PCoA table's note reads %s", p.Note)
	}
	printPDF(t, c, "research-print-400-pcoa.pdf")
	media("")
	afterPrint()
	c.click("#research-tab-alpha")
	wait("the alpha tab", `document.querySelector('#research-panel[data-tab="alpha"]') !== null`)

	// 4. A table of 250 samples: Ctrl+P says the button prints them all;
	// the button builds all 250 (more than one window of the engine).
	c.upload(small)
	wait("250 samples analysed", jsRunDone(2))
	c.click("#research-open")
	wait("research mode of 250 samples", `document.querySelector('#research[data-status="done"][data-run="2"]') !== null`)
	media("print")
	p = check("Ctrl+P, 250 samples", "research-alpha-table")
	if !strings.HasPrefix(p.Note, "Rows 1–") || !strings.HasSuffix(p.Note, " of 250 are printed. All rows: Download CSV (alpha-diversity.csv). To print all 250 rows, use “Print / save as PDF” at the top of the report.") {
		t.Errorf("Ctrl+P, 250 samples: the note reads %s", p.Note)
	}
	media("")
	pc = printButton("250 samples, alpha")
	if n := pc.Notes["research-alpha-table-print"]; n.Rows != 250 || n.Built != 250 {
		t.Errorf("printed 250 samples with the alpha table's note at %+v", n)
	}
	media("print")
	if p = check("the button, 250 samples", "research-alpha-table"); p.Note != "All 250 rows of this table are printed." || len(p.Rows) != 250 {
		t.Errorf("after the button, 250 samples: %d rows, note %s", len(p.Rows), p.Note)
	}
	media("")
	afterPrint()
	c.checkCSP("")
}

// printPDF prints the page to PDF, as Chromium's "Save as PDF" does, and
// returns its number of pages; the PDF is saved in the folder
// GUTLENS_PRINT_PDF names, if set, for review.
func printPDF(t *testing.T, c *chrome, name string) int {
	t.Helper()
	pdf, err := chromedp.Call(c.ctx, page.PrintToPDF, page.PrintToPDFParams{})
	if err != nil {
		t.Fatal(err)
	}
	pages := len(regexp.MustCompile(`/Type\s*/Page[^s]`).FindAll(pdf.Data, -1))
	t.Logf("%s: %d pages, %d bytes", name, pages, len(pdf.Data))
	if dir := os.Getenv("GUTLENS_PRINT_PDF"); dir != "" {
		if err := os.WriteFile(filepath.Join(dir, name), pdf.Data, 0o644); err != nil {
			t.Error(err)
		}
	}
	return pages
}

func getDisplay(c *chrome, sel string) string {
	return evalJS[string](c, `getComputedStyle(document.querySelector("`+sel+`")).display`)
}
