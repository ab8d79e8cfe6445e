package app

import (
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// Printing (issue 6). The report's cards and health sections print as they
// are; research mode's data tables are virtualised (vtable: only the rows
// scrolled to are built), so a print would hold only those. The "Print /
// save as PDF" button (renderExport) therefore first prepares the page:
// every virtualised table builds its first rows (all of them up to
// printAllMax rows, else the first printFirst), waiting for their values
// from the engine and for the charts' marks; then it opens the browser's
// print dialog. The browser's afterprint event ends the preparation, and
// the tables show the rows scrolled to again. Under each virtualised
// table a note, printed only, says which rows the printout holds (see
// vtable.printNote): a print from the browser's menu or Ctrl+P, without
// the button, is never silently partial.

type printState struct {
	on      bool // the page is prepared for printing, until afterprint
	waiting bool // the rows and charts are being built; the dialog is not open yet
	seq     int  // prints asked for: a wait ends when another starts

	afterPrint app.Func // the window's afterprint listener
}

const (
	printPoll    = 50 * time.Millisecond // how often onPrint looks whether the page is ready
	printWaitMax = 15 * time.Second      // the longest it waits before printing what there is
)

// printing is the number of rows a virtualised table of total rows builds
// from its first while the page is prepared for printing, 0 otherwise.
func (a *Analyser) printing(total int) int {
	if !a.print.on {
		return 0
	}
	return printRows(total)
}

// onPrint prepares the page for printing, then prints it.
func (a *Analyser) onPrint(ctx app.Context, e app.Event) {
	a.print.on, a.print.waiting = true, true
	a.print.seq++
	a.awaitPrint(a.stable(ctx), a.print.seq, time.Now())
}

// awaitPrint opens the print dialog once the page is ready (printReady),
// or after printWaitMax: the print notes then say which rows are there.
func (a *Analyser) awaitPrint(ctx app.Context, seq int, since time.Time) {
	ctx.After(printPoll, func(ctx app.Context) {
		if seq != a.print.seq || !a.print.on {
			ctx.PreventUpdate()
			return
		}
		if !printReady() && time.Since(since) < printWaitMax {
			ctx.PreventUpdate() // nothing changed: no render of the whole report
			a.awaitPrint(ctx, seq, since)
			return
		}
		a.print.waiting = false
		app.Window().Call("print")
	})
}

// printReady tells whether every virtualised table has built the rows it
// prints with their values, and every chart all its marks.
func printReady() bool {
	doc := app.Window().Get("document")
	return !doc.Call("querySelector", `.print-note[data-ready="false"], g[data-complete="false"]`).Truthy()
}

// listenAfterPrint ends the preparation for printing when the browser's
// print dialog closes, however the print was started.
func (a *Analyser) listenAfterPrint(ctx app.Context) {
	if a.print.afterPrint != nil {
		return
	}
	a.print.afterPrint = app.FuncOf(func(this app.Value, args []app.Value) any {
		ctx.Dispatch(func(ctx app.Context) {
			if !a.print.on {
				ctx.PreventUpdate()
				return
			}
			a.print.on, a.print.waiting = false, false
			a.print.seq++
		})
		return nil
	})
	app.Window().Call("addEventListener", "afterprint", a.print.afterPrint)
}

func (a *Analyser) OnDismount() {
	if a.print.afterPrint != nil {
		app.Window().Call("removeEventListener", "afterprint", a.print.afterPrint)
		a.print.afterPrint.Release()
		a.print.afterPrint = nil
	}
}
