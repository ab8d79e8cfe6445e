package app

import (
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/gutlens/gutlens/analysis/report/view"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// The sunburst (as Krona draws it): one sample of the page, the whole
// sample in the centre and a ring per rank outwards, each taxon an arc as
// wide as its share. A click on an arc, or Enter on a ring's arc, zooms
// into it; the centre and the breadcrumb zoom out. Its twin is a tree
// table (role=treegrid) of the same nodes, built only as far as it is
// opened. The engine computes the tree (report.Hierarchy); this file only
// draws it, with the geometry in SVG attributes (no inline styles).

// renderSunburst is the sunburst section of the report, for files with a
// taxonomy.
func (a *Analyser) renderSunburst() app.UI {
	r := a.state.Report
	if len(chartRanks(r.Ranks)) == 0 {
		return app.Div() // keeps the place of the part (see Analyser.part)
	}
	return &Sunburst{Lang: a.lang(), Report: r, IDs: a.state.pageIDs(a.state.Page)}
}

// Sunburst is the sunburst and its tree table: a component, so it keeps
// its own state (the chosen sample, the zoom, the opened rows) and is
// rebuilt only when that or its inputs change.
type Sunburst struct {
	app.Compo
	Lang   Lang
	Report *view.Report
	IDs    []string // the samples of the shown page

	ctx     app.Context
	mounted bool

	open    bool
	sample  string // "" = the first of IDs
	loaded  string // the sample of tree (or of the tree loading)
	tree    *view.TaxonTree
	loading bool
	err     string
	focus   int          // node in the centre
	active  int          // the tree table's row in the tab order
	opened  map[int]bool // tree-table rows opened
	forRep  *view.Report
}

func (c *Sunburst) OnMount(ctx app.Context) {
	c.ctx, c.mounted, c.forRep = ctx, true, c.Report
}

func (c *Sunburst) OnDismount() { c.mounted = false }

// OnUpdate resets the view for another file, and follows the page when
// the chosen sample leaves it.
func (c *Sunburst) OnUpdate(ctx app.Context) {
	if c.Report != c.forRep {
		c.forRep = c.Report
		c.sample, c.tree, c.loading, c.err, c.loaded = "", nil, false, "", ""
		if c.open {
			c.load(ctx)
		}
		return
	}
	if c.sample != "" && !contains(c.IDs, c.sample) {
		c.sample = ""
		if c.open {
			c.load(ctx)
		}
		return
	}
	// The first sample of the page changed (another page, another order)
	// while it was the one shown.
	if c.loaded != "" && c.current() != c.loaded {
		c.tree, c.loaded = nil, ""
		if c.open {
			c.load(ctx)
		}
	}
}

func contains(ids []string, id string) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

// current is the chosen sample.
func (c *Sunburst) current() string {
	if c.sample != "" || len(c.IDs) == 0 {
		return c.sample
	}
	return c.IDs[0]
}

func (c *Sunburst) stable(ctx app.Context) app.Context {
	if c.mounted {
		return c.ctx
	}
	return ctx
}

// load asks the engine for the chosen sample's tree.
func (c *Sunburst) load(ctx app.Context) {
	ctx = c.stable(ctx)
	id, rep := c.current(), c.Report
	c.tree, c.loading, c.err, c.loaded = nil, true, "", id
	engine := app.Window().Get("gutlensEngine")
	if !engine.Truthy() {
		c.loading, c.err = false, c.Lang.T("error.noEngine")
		return
	}
	b, _ := json.Marshal(map[string]any{"kind": "hierarchy", "samples": []string{id}})
	var ok, fail app.Func
	release := func() { ok.Release(); fail.Release() }
	ok = app.FuncOf(func(this app.Value, args []app.Value) any {
		answer := args[0].String()
		release()
		ctx.Dispatch(func(ctx app.Context) {
			if c.Report != rep || c.current() != id {
				return
			}
			var t view.TaxonTree
			if err := json.Unmarshal([]byte(answer), &t); err != nil {
				c.loading, c.err = false, err.Error()
				return
			}
			c.show(&t)
		})
		return nil
	})
	fail = app.FuncOf(func(this app.Value, args []app.Value) any {
		msg := args[0].String()
		release()
		ctx.Dispatch(func(ctx app.Context) {
			if c.Report == rep && c.current() == id {
				c.loading, c.err = false, msg
			}
		})
		return nil
	})
	engine.Call("query", string(b), ok, fail)
}

// show puts a tree in the view, zoomed out, its top level listed.
func (c *Sunburst) show(t *view.TaxonTree) {
	c.tree, c.loading, c.err = t, false, ""
	c.focus, c.opened = 0, map[int]bool{0: true}
	c.active = 0
	if len(t.Nodes[0].Children) > 0 {
		c.active = t.Nodes[0].Children[0]
	}
}

func (c *Sunburst) onToggle(ctx app.Context, e app.Event) {
	c.open = ctx.JSSrc().Get("open").Bool()
	if c.open && c.tree == nil && !c.loading {
		c.load(ctx)
	}
}

func (c *Sunburst) onSample(ctx app.Context, e app.Event) {
	c.sample = ctx.JSSrc().Get("value").String()
	c.load(ctx)
}

// zoom centres node i (a leaf zooms to its parent) and opens the path to
// it in the table.
func (c *Sunburst) zoom(i int) {
	t := c.tree
	if t == nil || i < 0 || i >= len(t.Nodes) {
		return
	}
	if len(t.Nodes[i].Children) == 0 && t.Nodes[i].Parent >= 0 {
		c.active = i
		i = t.Nodes[i].Parent
	} else {
		c.active = i
	}
	c.focus = i
	for p := i; p >= 0; p = t.Nodes[p].Parent {
		c.opened[p] = true
	}
}

// nodeOf reads the node index of an event's target (data-i).
func nodeOf(e app.Event) (int, bool) {
	for el := e.Get("target"); el.Truthy(); el = el.Get("parentNode") {
		if ds := el.Get("dataset"); ds.Truthy() {
			if v := ds.Get("i"); v.Truthy() {
				i, err := strconv.Atoi(v.String())
				return i, err == nil
			}
		}
	}
	return 0, false
}

func (c *Sunburst) onChartClick(ctx app.Context, e app.Event) {
	if i, ok := nodeOf(e); ok {
		c.zoom(i)
	}
}

func (c *Sunburst) onChartKey(ctx app.Context, e app.Event) {
	if k := e.Get("key").String(); k != "Enter" && k != " " {
		return
	}
	if i, ok := nodeOf(e); ok {
		e.PreventDefault()
		c.zoom(i)
		c.focusElem(ctx, "sun-centre")
	}
}

// focusElem moves the keyboard focus to an element after the update.
func (c *Sunburst) focusElem(ctx app.Context, id string) {
	ctx.Defer(func(ctx app.Context) {
		if el := app.Window().GetElementByID(id); el.Truthy() {
			el.Call("focus")
		}
	})
}

// visible lists the tree table's rows: the top level, and the children
// of every opened row whose ancestors are open.
func (c *Sunburst) visible() []int {
	var out []int
	var walk func(i int)
	walk = func(i int) {
		for _, k := range c.tree.Nodes[i].Children {
			out = append(out, k)
			if c.opened[k] {
				walk(k)
			}
		}
	}
	walk(0)
	return out
}

// onTreeKey is the tree table's keyboard: ↑ ↓ Home End move, → opens or
// goes to the first child, ← closes or goes to the parent, Enter zooms.
func (c *Sunburst) onTreeKey(ctx app.Context, e app.Event) {
	i, ok := nodeOf(e)
	if !ok || c.tree == nil {
		return
	}
	t := c.tree
	n := t.Nodes[i]
	rows := c.visible()
	at := -1
	for k, r := range rows {
		if r == i {
			at = k
		}
	}
	next := i
	switch e.Get("key").String() {
	case "ArrowDown":
		if at+1 < len(rows) {
			next = rows[at+1]
		}
	case "ArrowUp":
		if at > 0 {
			next = rows[at-1]
		}
	case "Home":
		next = rows[0]
	case "End":
		next = rows[len(rows)-1]
	case "ArrowRight":
		if len(n.Children) > 0 && !c.opened[i] {
			c.opened[i] = true
		} else if len(n.Children) > 0 {
			next = n.Children[0]
		}
	case "ArrowLeft":
		if c.opened[i] && len(n.Children) > 0 {
			c.opened[i] = false
		} else if n.Parent > 0 {
			next = n.Parent
		}
	case "Enter", " ":
		c.zoom(i)
		c.active = i
	default:
		return
	}
	e.PreventDefault()
	c.active = next
	c.focusElem(ctx, rowID(next))
}

func (c *Sunburst) onTreeClick(ctx app.Context, e app.Event) {
	if i, ok := nodeOf(e); ok {
		if c.opened[i] && c.focus == i {
			c.opened[i] = false
		} else {
			c.zoom(i)
		}
		c.active = i
	}
}

func rowID(i int) string { return "sun-row-" + strconv.Itoa(i) }

// nodeName is a node's name in the language: taxa keep their Latin names.
func nodeName(l Lang, t *view.TaxonTree, i int) string {
	n := t.Nodes[i]
	switch {
	case n.Kind == "root":
		return l.T("sun.root")
	case n.Kind == "unclassified" && n.Depth == 1:
		return l.T("comp.unclassified")
	case n.Kind == "unclassified":
		return l.T("sun.unnamed", nodeName(l, t, n.Parent), sunRank(l, n.Rank))
	}
	return n.Name
}

func sunRank(l Lang, r string) string {
	if r == "domain" {
		return l.T("sun.domain")
	}
	return l.Rank(r)
}

func (c *Sunburst) Render() app.UI {
	l := c.Lang
	id := c.current()
	return app.Section().ID("sunburst").DataSet("sample", id).Body(
		app.Details().ID("sunburst-details").Class("sunburst").Open(c.open).OnToggle(c.onToggle).Body(
			app.Summary().Text(l.T("sun.open")),
			app.If(c.open, func() app.UI { return c.renderBody() }),
		),
	)
}

func (c *Sunburst) renderBody() app.UI {
	l := c.Lang
	id := c.current()
	return app.Div().Class("sunburst-body").Body(
		app.H3().Text(l.T("sun.title")),
		app.Div().Class("controls").Body(
			app.Label().For("sun-sample").Text(l.T("sun.sample")+" "),
			app.Select().ID("sun-sample").OnChange(c.onSample).Body(
				app.Range(c.IDs).Slice(func(i int) app.UI {
					return app.Option().Value(c.IDs[i]).Selected(c.IDs[i] == id).Text(c.IDs[i])
				}),
			),
		),
		c.renderTree(),
	)
}

// renderTree is the chart and its table, or why they are not there (yet).
func (c *Sunburst) renderTree() app.UI {
	l, t, id := c.Lang, c.tree, c.current()
	switch {
	case c.err != "":
		return app.P().Class("error").Role("alert").Text(l.T("sun.error", id, c.err))
	case t == nil || len(t.Nodes) == 0:
		return app.P().Class("loading").Text(l.T("sun.loading", id))
	case len(t.Nodes[0].Children) == 0:
		return app.P().Class("empty").Text(l.T("sun.empty"))
	}
	return app.Div().Body(
		app.P().Class("note").Text(l.T("sun.help")),
		c.breadcrumb(),
		app.Div().Class("sun-chart").Body(c.chart()),
		app.Div().Class("exports").Role("group").Aria("label", l.T("rs.exports")).Body(
			app.Button().ID("sun-export-svg").Class("button").Text(l.T("rs.svg")).
				OnClick(func(ctx app.Context, e app.Event) { exportSVG("sun-svg", "sunburst-"+c.current()+".svg", false) }),
			app.Button().ID("sun-export-png").Class("button").Text(l.T("rs.png")).
				OnClick(func(ctx app.Context, e app.Event) { exportPNG("sun-svg", "sunburst-"+c.current()+".png", false) }),
		),
		c.treeTable(),
	)
}

// breadcrumb is the path from the root to the centred node; each step
// zooms out to it.
func (c *Sunburst) breadcrumb() app.UI {
	l, t := c.Lang, c.tree
	var path []int
	for p := c.focus; p >= 0; p = t.Nodes[p].Parent {
		path = append([]int{p}, path...)
	}
	return app.Nav().Class("sun-crumbs").Aria("label", l.T("sun.path")).Body(
		app.Ol().Body(app.Range(path).Slice(func(k int) app.UI {
			i := path[k]
			if k == len(path)-1 {
				return app.Li().Body(app.Span().ID("sun-focus").Aria("current", "location").DataSet("node", t.Nodes[i].ID).Text(nodeName(l, t, i)))
			}
			// The node travels in data-i, read when clicked (nodeOf): go-app
			// keeps an element's first handler, so a captured i would go
			// stale when the path changes.
			return app.Li().Body(app.Button().Class("crumb").DataSet("node", t.Nodes[i].ID).DataSet("i", i).Text(nodeName(l, t, i)).
				OnClick(c.onChartClick))
		})),
	)
}

// Chart geometry, in the viewBox −100…100: the centre disc, then the
// rings out to sunOuter.
const (
	sunOuter = 100.0
	sunInner = 22.0
	sunFont  = 4.2
	minSpan  = 0.004 // radians: thinner arcs are not drawn
)

// phylumColours gives each phylum of the tree its palette colour, the
// largest first, as the phylum composition chart does.
func phylumColours(t *view.TaxonTree) map[string]string {
	type ph struct {
		name  string
		share float64
	}
	var ps []ph
	for _, n := range t.Nodes {
		if n.Kind == "taxon" && n.Rank == "phylum" {
			ps = append(ps, ph{n.Name, float64(n.Share)})
		}
	}
	sort.SliceStable(ps, func(a, b int) bool {
		if ps[a].share != ps[b].share {
			return ps[a].share > ps[b].share
		}
		return ps[a].name < ps[b].name
	})
	var names []string
	seen := map[string]bool{}
	for _, p := range ps {
		if !seen[p.name] {
			seen[p.name] = true
			names = append(names, p.name)
		}
	}
	cols := colours(names)
	out := make(map[string]string, len(names))
	for i, n := range names {
		out[n] = cols[i]
	}
	return out
}

// nodeColour is the fill of node i: its phylum's colour, lighter for each
// rank below the phylum; grey above it, light grey when unclassified.
func nodeColour(t *view.TaxonTree, cols map[string]string, i int) string {
	n := t.Nodes[i]
	if n.Kind == "unclassified" {
		return colourUnclassified
	}
	base, ok := cols[n.Phylum]
	if !ok {
		return colourOther
	}
	below := 0
	for p := i; p >= 0 && t.Nodes[p].Rank != "phylum"; p = t.Nodes[p].Parent {
		below++
	}
	return lighten(base, math.Min(0.6, 0.13*float64(below)))
}

// lighten mixes a #rrggbb colour with white by f (0–1).
func lighten(hex string, f float64) string {
	v, err := strconv.ParseUint(strings.TrimPrefix(hex, "#"), 16, 32)
	if err != nil {
		return hex
	}
	mix := func(c uint64) uint64 { return uint64(math.Round(float64(c) + (255-float64(c))*f)) }
	return fmt.Sprintf("#%02X%02X%02X", mix(v>>16&255), mix(v>>8&255), mix(v&255))
}

// inkOn is the text colour readable on a fill: black, or white on dark
// fills (WCAG relative luminance).
func inkOn(hex string) string {
	v, err := strconv.ParseUint(strings.TrimPrefix(hex, "#"), 16, 32)
	if err != nil {
		return "#000000"
	}
	lin := func(c uint64) float64 {
		s := float64(c) / 255
		if s <= 0.03928 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	lum := 0.2126*lin(v>>16&255) + 0.7152*lin(v>>8&255) + 0.0722*lin(v&255)
	if (1.05)/(lum+0.05) > (lum+0.05)/0.05 {
		return "#FFFFFF"
	}
	return "#000000"
}

func sunNum(v float64) string { return strconv.FormatFloat(v, 'f', 3, 64) }

// arcPath is the SVG path of the ring sector between angles a0 < a1
// (radians, clockwise from 12 o'clock) and radii r0 < r1.
func arcPath(a0, a1, r0, r1 float64) string {
	if a1-a0 >= 2*math.Pi-1e-9 {
		// A full ring: two half rings, as one arc cannot close on itself.
		m := a0 + math.Pi
		return arcPath(a0, m, r0, r1) + " " + arcPath(m, a0+2*math.Pi, r0, r1)
	}
	pt := func(a, r float64) string { return sunNum(r*math.Sin(a)) + " " + sunNum(-r*math.Cos(a)) }
	large := "0"
	if a1-a0 > math.Pi {
		large = "1"
	}
	rs := func(r float64) string { return sunNum(r) + " " + sunNum(r) }
	if r0 <= 0 {
		return "M0 0 L" + pt(a0, r1) + " A" + rs(r1) + " 0 " + large + " 1 " + pt(a1, r1) + " Z"
	}
	return "M" + pt(a0, r1) + " A" + rs(r1) + " 0 " + large + " 1 " + pt(a1, r1) +
		" L" + pt(a1, r0) + " A" + rs(r0) + " 0 " + large + " 0 " + pt(a0, r0) + " Z"
}

// arcLabel is text written along the ring sector between angles a0 < a1
// and radii r0 < r1 (tangent to the circle at the sector's middle, turned
// so it never reads upside down), or nil when it does not fit: the text
// must be shorter than the arc, no taller than the ring, and its straight
// line must stay inside the ring (sagitta L²/8r within the spare height).
func arcLabel(text string, a0, a1, r0, r1 float64) app.HTMLElem {
	mid, rm, span := (a0+a1)/2, (r0+r1)/2, a1-a0
	long := float64(len([]rune(text)))*sunFont*0.58 + 2
	spare := (r1 - r0 - sunFont) / 2
	if span >= 2*math.Pi-1e-9 || r1-r0 < sunFont*1.3 || span*rm < long || long*long/(8*rm) > spare {
		return nil
	}
	x, y := rm*math.Sin(mid), -rm*math.Cos(mid)
	deg := mid * 180 / math.Pi
	switch {
	case deg > 90 && deg < 270:
		deg -= 180
	case deg >= 270:
		deg -= 360
	}
	return svgElem("text").Class("arc-label").Attr("x", sunNum(x)).Attr("y", sunNum(y)).
		Attr("transform", "rotate("+sunNum(deg)+" "+sunNum(x)+" "+sunNum(y)+")").
		Attr("font-size", sunNum(sunFont)).Attr("text-anchor", "middle").Attr("dominant-baseline", "central").
		Text(text)
}

// chart is the SVG of the centred node's subtree.
func (c *Sunburst) chart() app.UI {
	l, t := c.Lang, c.tree
	f := t.Nodes[c.focus]
	cols := phylumColours(t)
	deepest := f.Depth
	for i := c.focus; i < len(t.Nodes); i++ {
		// Preorder: the subtree of f is the run of nodes after it deeper than it.
		if i > c.focus && t.Nodes[i].Depth <= f.Depth {
			break
		}
		deepest = max(deepest, t.Nodes[i].Depth)
	}
	rings := max(1, deepest-f.Depth)
	width := (sunOuter - sunInner) / float64(rings)
	var arcs, labels []app.UI
	var draw func(i int, a0, a1 float64)
	draw = func(i int, a0, a1 float64) {
		n := t.Nodes[i]
		a := a0
		for _, k := range n.Children {
			ch := t.Nodes[k]
			span := 0.0
			if n.Share > 0 {
				span = (a1 - a0) * float64(ch.Share) / float64(n.Share)
			}
			b := a + span
			if span >= minSpan {
				ring := ch.Depth - f.Depth
				r0 := sunInner + width*float64(ring-1)
				r1 := r0 + width
				fill := nodeColour(t, cols, k)
				name := nodeName(l, t, k)
				p := svgElem("path").Class("arc").Attr("d", arcPath(a, b, r0, r1)).Attr("fill", fill).
					DataSet("i", k).DataSet("node", ch.ID).DataSet("share", full(float64(ch.Share))).Body(
					svgElem("title").Text(name + " " + l.Percent(ch.Share)),
				)
				if ring == 1 {
					p = p.TabIndex(0).Role("button").Aria("label", l.T("sun.zoomIn", name, l.Percent(ch.Share)))
				}
				arcs = append(arcs, p)
				text := name
				if ch.Kind == "unclassified" {
					text = "?"
				}
				if lb := arcLabel(text, a, b, r0, r1); lb != nil {
					labels = append(labels, lb.Attr("fill", inkOn(fill)))
				}
				draw(k, a, b)
			}
			a = b
		}
	}
	draw(c.focus, 0, 2*math.Pi)
	centre := svgElem("g").ID("sun-centre").Class("centre").DataSet("node", f.ID)
	if f.Parent >= 0 {
		centre = centre.DataSet("i", f.Parent).TabIndex(0).Role("button").
			Aria("label", l.T("sun.zoomOut", nodeName(l, t, f.Parent)))
	} else {
		centre = centre.TabIndex(-1)
	}
	centreName := nodeName(l, t, c.focus)
	if r := []rune(centreName); len(r) > 16 {
		centreName = string(r[:15]) + "…"
	}
	centre = centre.Body(
		svgElem("circle").Attr("r", sunNum(sunInner-0.5)).Attr("fill", "#FFFFFF"),
		svgElem("text").Class("centre-name").Attr("y", "-2").Attr("font-size", sunNum(sunFont)).Attr("text-anchor", "middle").Text(centreName),
		svgElem("text").Class("centre-share").Attr("y", sunNum(sunFont+1)).Attr("font-size", sunNum(sunFont)).Attr("text-anchor", "middle").Text(l.Percent(f.Share)),
	)
	return svgElem("svg").ID("sun-svg").Class("sunburst-svg").Attr("viewBox", "-100 -100 200 200").
		Role("group").Aria("label", l.T("sun.chart", t.Sample)).DataSet("focus", f.ID).
		OnClick(c.onChartClick).OnKeyDown(c.onChartKey).Body(
		svgElem("g").Class("arcs").Body(arcs...),
		svgElem("g").Class("labels").Aria("hidden", "true").Body(labels...),
		centre,
	)
}

// treeTable is the twin of the chart: every node with its share, as a
// treegrid; rows are built only below opened rows.
func (c *Sunburst) treeTable() app.UI {
	l, t := c.Lang, c.tree
	rows := c.visible()
	return scrollRegion(l, app.Table().ID("sun-tree").Class("sun-tree").Role("treegrid").
		Aria("label", l.T("sun.table", t.Sample)).Body(
		app.THead().Body(app.Tr().Role("row").Body(
			app.Th().Scope("col").Role("columnheader").Text(l.T("sun.colTaxon")),
			app.Th().Scope("col").Role("columnheader").Text(l.T("sun.colRank")),
			app.Th().Scope("col").Role("columnheader").Text(l.T("sun.colShare")),
		)),
		app.TBody().OnKeyDown(c.onTreeKey).OnClick(c.onTreeClick).Body(app.Range(rows).Slice(func(k int) app.UI {
			i := rows[k]
			n := t.Nodes[i]
			sibs := t.Nodes[n.Parent].Children
			pos := 0
			for s, x := range sibs {
				if x == i {
					pos = s + 1
				}
			}
			tab := -1
			if i == c.active {
				tab = 0
			}
			tr := app.Tr().ID(rowID(i)).Role("row").TabIndex(tab).
				DataSet("i", i).DataSet("node", n.ID).DataSet("share", full(float64(n.Share))).DataSet("kind", n.Kind).
				Aria("level", n.Depth).Aria("posinset", pos).Aria("setsize", len(sibs)).
				Aria("selected", i == c.focus)
			mark := ""
			if len(n.Children) > 0 {
				tr = tr.Aria("expanded", c.opened[i])
				mark = "▸"
				if c.opened[i] {
					mark = "▾"
				}
			}
			return tr.Body(
				app.Td().Role("gridcell").Class("lvl-"+strconv.Itoa(min(n.Depth, 8))).Body(
					app.Span().Class("twisty").Aria("hidden", "true").Text(mark),
					app.Span().Text(nodeName(l, t, i)),
				),
				app.Td().Role("gridcell").Text(sunRank(l, n.Rank)),
				app.Td().Role("gridcell").Class("num").Text(l.Percent(n.Share)),
			)
		})),
	))
}
