package app

import (
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// vtable is a virtualised table: all its rows in one scrolling box, of
// which only those in view, and a few either side, are built. Empty rows
// of the same total height stand for the others, so the box scrolls as if
// all were there, and aria-rowcount and aria-rowindex tell assistive
// technology where a row is. Research mode's tables have as many rows as
// the file has samples: building the 50 rows of a page of the alpha table
// took the page a 50–120 ms task for the largest corpus table (HMP, 5,452
// samples), the 500 rows of the PCoA's table 190 ms. A vtable builds a box
// of rows a chunk per frame, then rewrites the rows it built as it
// scrolls; it renders alone, without the whole report (keepParent).
type vtable struct {
	app.Compo
	ID      string   // the table's id; the box's is ID + "-box"
	Label   string   // the box's accessible name
	Caption string   // the table's caption
	Data    []string // data attributes of the table: name, value, name, value …
	Order   string   // names the rows' order: a new one scrolls back to the top
	Total   int      // rows
	Cols    int      // cells in a row
	Head    []app.UI // the header row's cells
	// Row is row i (from 0), or nil while its values are loading. Its
	// cells are a th (the row's name) and Cols-1 tds.
	Row func(i int) app.HTMLTr
	// Need, if set, asks for the values of rows [from, to) to be loaded:
	// they are about to be built.
	Need func(ctx app.Context, from, to int)
	// Print, when the page is being prepared for printing (onPrint), is
	// the number of rows to build from the first, whatever the scroll
	// position; 0 otherwise.
	Print int
	// CSV is the file name of the table's CSV download, which the print
	// note names when not every row is printed ("" for none).
	CSV string

	an      *Analyser
	ctx     app.Context // the table's own, from OnMount
	mounted bool
	order   string  // the Order of the rows built
	print   int     // the Print of the rows built
	from    int     // the first row built
	built   int     // the most rows built, growing a chunk per frame; 0: no limit
	rowH    float64 // a row's height in CSS pixels, measured once on the page
	headH   float64 // the height of what is above the first row (caption, header)
	shown   int     // rows that fit in the box
}

const (
	vtableChunk      = 6    // rows built per frame as a table appears
	vtableOverscan   = 8    // rows built beyond the box on either side
	vtableRowGuess   = 26.0 // CSS px: a row's height until measured
	vtableShownGuess = 16   // rows in the box until measured
	// vtableBoxHeight is the most the box takes of the page. The box's
	// geometry is set through the CSSOM, which the Content-Security-Policy
	// allows (an inline style attribute it does not).
	vtableBoxHeight = "min(70vh, 34rem)"
)

// OnInit runs when the table is put on the page (not when it is written
// as HTML): its rows are then built a chunk per frame (grow).
func (t *vtable) OnInit() { t.built = vtableChunk }

func (t *vtable) OnMount(ctx app.Context) {
	t.ctx, t.mounted, t.order, t.print = ctx, true, t.Order, t.Print
	t.an.keepParent() // go-app dispatches OnMount
	ctx.Defer(func(ctx app.Context) {
		if el := t.box(); el != nil {
			st := el.Get("style")
			st.Set("maxHeight", vtableBoxHeight)
			st.Set("overflowY", "auto")
			// The header stays in view as the rows scroll under it.
			if head := el.Call("querySelector", "thead"); head.Truthy() {
				hs := head.Get("style")
				hs.Set("position", "sticky")
				hs.Set("top", "0")
				hs.Set("zIndex", "1")
				hs.Set("background", "#fff")
			}
		}
		t.measure(ctx)
		t.want(ctx)
		t.grow(ctx)
	})
}

// OnUpdate follows a new order of the rows (back to the first, at the
// top) and the start and end of a print (the first rows, then the rows
// scrolled to again).
func (t *vtable) OnUpdate(ctx app.Context) {
	reorder := t.Order != t.order
	if !reorder && t.Print == t.print {
		return
	}
	t.order, t.print = t.Order, t.Print
	if reorder {
		t.from = 0
	}
	ctx.Defer(func(app.Context) {
		if el := t.box(); el != nil && reorder {
			el.Set("scrollTop", 0)
		}
		if t.mounted {
			t.want(t.ctx) // the answers then render the table alone
		}
	})
}

func (t *vtable) box() app.Value {
	if el := t.JSValue(); el != nil && el.Truthy() {
		return el
	}
	return nil
}

// grow builds vtableChunk more rows in each frame until the box and the
// rows either side of it are built.
func (t *vtable) grow(ctx app.Context) {
	ctx.Defer(func(ctx app.Context) {
		ctx.After(time.Millisecond, func(ctx app.Context) {
			if t.built == 0 || t.built >= t.most() {
				t.built = 0
				ctx.PreventUpdate() // nothing to render (this undoes the dispatch's updates, the parent's too)
				return
			}
			t.an.keepParent()
			t.built += vtableChunk
			t.want(ctx)
			t.grow(ctx)
		})
	})
}

// most is the number of rows built once the table is complete.
func (t *vtable) most() int {
	shown := t.shown
	if shown == 0 {
		shown = vtableShownGuess
	}
	return shown + 2*vtableOverscan
}

func (t *vtable) rowHeight() float64 {
	if t.rowH > 0 {
		return t.rowH
	}
	return vtableRowGuess
}

// span is the rows built: from the first built to one past the last.
// While the page is prepared for printing, they are the first Print rows.
func (t *vtable) span() (int, int) {
	if t.Print > 0 {
		return 0, min(t.Total, t.Print)
	}
	n := t.most()
	from := max(0, min(t.from, t.Total-n+vtableOverscan))
	if t.built > 0 {
		n = min(n, t.built)
	}
	return from, min(t.Total, from+n)
}

// want asks for the values of the rows built.
func (t *vtable) want(ctx app.Context) {
	if t.Need != nil {
		from, to := t.span()
		t.Need(ctx, from, to)
	}
}

// measure reads the heights of a row and of what is above the rows, and
// how many rows fit in the box, and builds the rows again if they changed.
func (t *vtable) measure(ctx app.Context) {
	el := t.box()
	if el == nil {
		return
	}
	row := el.Call("querySelector", "tbody tr[aria-rowindex]")
	body := el.Call("querySelector", "tbody")
	if !row.Truthy() || !body.Truthy() {
		return
	}
	rowH := row.Call("getBoundingClientRect").Get("height").Float()
	if rowH < 4 { // not laid out (the page is hidden)
		return
	}
	headH := body.Call("getBoundingClientRect").Get("top").Float() - el.Call("getBoundingClientRect").Get("top").Float() + el.Get("scrollTop").Float()
	shown := int(math.Ceil(el.Get("clientHeight").Float()/rowH)) + 1
	if math.Abs(rowH-t.rowH) < 0.01 && math.Abs(headH-t.headH) < 0.5 && shown == t.shown {
		return
	}
	t.rowH, t.headH, t.shown = rowH, headH, shown
	ctx.Dispatch(func(ctx app.Context) { t.an.keepParent() })
}

// onScroll builds the rows scrolled into view, once the box has moved by
// half the rows built beyond it.
func (t *vtable) onScroll(ctx app.Context, e app.Event) {
	top := ctx.JSSrc().Get("scrollTop").Float()
	first := int(math.Max(0, top-t.headH) / t.rowHeight())
	from := max(0, first-vtableOverscan)
	if max(from-t.from, t.from-from) < vtableOverscan/2 {
		ctx.PreventUpdate()
		return
	}
	t.from = from
	t.an.keepParent()
	t.want(ctx)
}

func (t *vtable) Render() app.UI {
	from, to := t.span()
	rowH := t.rowHeight()
	// spacer stands for n rows not built.
	spacer := func(n int) app.UI {
		return app.Tr().Class("spacer").Aria("hidden", "true").Hidden(n == 0).
			Attr("height", strconv.FormatFloat(math.Round(float64(n)*rowH), 'f', 0, 64)).
			Body(app.Td().ColSpan(t.Cols))
	}
	body := make([]app.UI, 0, to-from+2)
	body = append(body, spacer(from))
	var have rowRanges // the rows built with their values
	for i := from; i < to; i++ {
		var row app.HTMLTr
		if t.Row != nil {
			row = t.Row(i)
		}
		if row == nil { // the same cells, empty, until the values come
			cells := make([]app.UI, t.Cols)
			cells[0] = app.Th().Scope("row").Text("…")
			for k := 1; k < t.Cols; k++ {
				cells[k] = app.Td()
			}
			row = app.Tr().Class("muted pending").Body(cells...) // not printed
		} else {
			have = have.add(i)
		}
		body = append(body, row.Aria("rowindex", i+2))
	}
	body = append(body, spacer(t.Total-to))
	table := app.Table().ID(t.ID).Class("rtable").Aria("rowcount", t.Total+1)
	for k := 0; k+1 < len(t.Data); k += 2 {
		table = table.DataSet(t.Data[k], t.Data[k+1])
	}
	return app.Div().ID(t.ID+"-box").Class("scroll").TabIndex(0).Role("region").
		Aria("label", t.Label).OnScroll(t.onScroll).Body(
		table.Body(
			app.Caption().Text(t.Caption),
			app.THead().Body(app.Tr().Aria("rowindex", 1).Body(t.Head...)),
			app.TBody().Body(body...),
		),
		t.printNote(have, to-from-have.count()),
	)
}

// printNote says, in print only, which rows of the table the printout
// holds: those built with their values, which this render puts on the
// page (the rows waiting for their values are not printed). It is
// rendered with the rows, so a print started any way (the browser's menu,
// Ctrl+P) describes the rows it prints. Its data attributes are for
// tests and for onPrint, which waits until it is ready: the rows asked
// for all built with their values.
func (t *vtable) printNote(have rowRanges, pending int) app.UI {
	l := t.an.lang()
	n := have.count()
	var text string
	switch {
	case n == t.Total:
		text = l.T("rs.print.all", l.Int(t.Total))
	case n == 0:
		text = l.T("rs.print.none", l.Int(t.Total))
	default:
		text = l.T("rs.print.rows", have.text(l), l.Int(t.Total))
	}
	if n < t.Total && t.CSV != "" {
		text += " " + l.T("rs.print.csv", l.T("rs.csv"), t.CSV)
	}
	if want := printRows(t.Total); n < want && t.Print == 0 {
		key := "rs.print.first"
		if want == t.Total {
			key = "rs.print.whole"
		}
		text += " " + l.T(key, l.Int(want), l.T("export.print"))
	}
	first, last := 0, 0
	if n > 0 {
		first, last = have[0][0]+1, have[len(have)-1][1]
	}
	return app.P().ID(t.ID+"-print").Class("print-note print-only").
		DataSet("total", t.Total).DataSet("rows", n).DataSet("first", first).DataSet("last", last).
		DataSet("pending", pending).DataSet("ready", strconv.FormatBool(pending == 0)).
		Text(text)
}

// Print sizes: while the page is prepared for printing, a virtualised
// table builds all its rows up to printAllMax rows, the first printFirst
// of a bigger one.
const (
	printAllMax = 300
	printFirst  = 100
)

// printRows is how many rows of a table of total rows are printed when
// the page is prepared for printing.
func printRows(total int) int {
	if total <= printAllMax {
		return total
	}
	return printFirst
}

// rowRanges are rows as ranges [from, to), in order.
type rowRanges [][2]int

// add adds row i, past the last row added.
func (r rowRanges) add(i int) rowRanges {
	if k := len(r) - 1; k >= 0 && r[k][1] == i {
		r[k][1] = i + 1
		return r
	}
	return append(r, [2]int{i, i + 1})
}

func (r rowRanges) count() int {
	n := 0
	for _, g := range r {
		n += g[1] - g[0]
	}
	return n
}

// text lists the rows numbered from 1: "1–100", "5", "1–10, 21–30".
func (r rowRanges) text(l Lang) string {
	parts := make([]string, len(r))
	for k, g := range r {
		parts[k] = l.Int(g[0] + 1)
		if g[1]-g[0] > 1 {
			parts[k] += "–" + l.Int(g[1])
		}
	}
	return strings.Join(parts, ", ")
}

// svgChunks is an SVG group of many marks (the points of a PCoA, the rows
// of a heatmap, rarefaction curves) built a chunk per frame once it is on
// the page: the 690 points of a PCoA built at once took the page a 150 ms
// task, the 880 cells of a heatmap 156 ms. As it grows it renders alone,
// without the whole report (keepParent).
type svgChunks struct {
	app.Compo
	Class string
	Chunk int      // marks built per frame
	Marks []app.UI // all the group's marks

	an    *Analyser
	built int // marks built; 0: all
}

// OnInit runs when the group is put on the page (not when it is written
// as HTML): its marks are then built a chunk per frame.
func (g *svgChunks) OnInit() { g.built = max(g.Chunk, 1) }

func (g *svgChunks) OnMount(ctx app.Context) {
	g.an.keepParent() // go-app dispatches OnMount
	g.grow(ctx)
}

func (g *svgChunks) grow(ctx app.Context) {
	ctx.Defer(func(ctx app.Context) {
		ctx.After(time.Millisecond, func(ctx app.Context) {
			if g.built == 0 || g.built >= len(g.Marks) {
				g.built = 0
				ctx.PreventUpdate() // nothing to render
				return
			}
			g.an.keepParent()
			g.built += g.Chunk
			g.grow(ctx)
		})
	})
}

func (g *svgChunks) Render() app.UI {
	marks := g.Marks
	if g.built > 0 && g.built < len(marks) {
		marks = marks[:g.built]
	}
	// data-complete: onPrint waits for every mark to be built.
	return svgElem("g").Class(g.Class).DataSet("complete", strconv.FormatBool(len(marks) == len(g.Marks))).Body(marks...)
}
