package app

import (
	"fmt"
	"math"
	"strconv"

	"github.com/gutlens/gutlens/analysis/report/view"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// Charts of research mode: SVG with geometry in attributes (no inline
// styles), and a canvas for the heatmap and PCoA of big tables. Colours
// and fonts are attributes too, so that an exported SVG looks the same.

const chartFont = "system-ui, -apple-system, 'Segoe UI', sans-serif"

func num(v float64) string { return strconv.FormatFloat(v, 'f', 2, 64) }

// scale maps [lo, hi] onto [a, b].
type scale struct{ lo, hi, a, b float64 }

func newScale(vals []float64, a, b float64) scale {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, v := range vals {
		if !math.IsNaN(v) {
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
	}
	if math.IsInf(lo, 0) {
		lo, hi = -1, 1
	}
	if hi-lo < 1e-12 {
		lo, hi = lo-1, hi+1
	}
	pad := 0.06 * (hi - lo)
	return scale{lo - pad, hi + pad, a, b}
}

func (s scale) at(v float64) float64 {
	if math.IsNaN(v) {
		v = (s.lo + s.hi) / 2
	}
	return s.a + (v-s.lo)/(s.hi-s.lo)*(s.b-s.a)
}

// chartExports are the download buttons of a chart: SVG, PNG and the data
// as CSV (from the engine).
func (a *Analyser) chartExports(id, name, csvWhat string, canvas bool) app.UI {
	l := a.lang()
	return app.Div().Class("exports").Role("group").Aria("label", l.T("rs.exports")).Body(
		app.Button().ID(id+"-svg").Class("button").Text(l.T("rs.svg")).
			DataSet("chart", id+"-chart").DataSet("name", name+".svg").DataSet("canvas", canvas).OnClick(onChartImage),
		app.Button().ID(id+"-png").Class("button").Text(l.T("rs.png")).
			DataSet("chart", id+"-chart").DataSet("name", name+".png").DataSet("canvas", canvas).OnClick(onChartImage),
		app.Button().ID(id+"-csv").Class("button").Text(l.T("rs.csv")).
			DataSet("what", csvWhat).DataSet("rank", "heatmap").DataSet("name", name+".csv").DataSet("mime", "text/csv").
			OnClick(a.onExport),
	)
}

// ---- PCoA ----

// pointShape draws a marker of shape k (circle, square, triangle,
// diamond), so groups differ in shape as well as colour.
func pointShape(k int, x, y float64) app.HTMLElem {
	const r = 5.0
	switch k % 4 {
	case 1:
		return svgElem("rect").Attr("x", num(x-r+0.5)).Attr("y", num(y-r+0.5)).Attr("width", num(2*r-1)).Attr("height", num(2*r-1))
	case 2:
		return svgElem("path").Attr("d", fmt.Sprintf("M%s %sL%s %sL%s %sZ", num(x), num(y-r-1), num(x+r+0.5), num(y+r-1), num(x-r-0.5), num(y+r-1)))
	case 3:
		return svgElem("path").Attr("d", fmt.Sprintf("M%s %sL%s %sL%s %sL%s %sZ", num(x), num(y-r-1), num(x+r+1), num(y), num(x), num(y+r+1), num(x-r-1), num(y)))
	}
	return svgElem("circle").Attr("cx", num(x)).Attr("cy", num(y)).Attr("r", num(r))
}

func (a *Analyser) renderPCoA(s researchState) app.UI {
	l := a.lang()
	p := s.Sum.PCoA
	if p == nil {
		return app.Section().ID("research-pcoa").Class("research-part").Body(
			app.H4().Text(l.T("rs.pcoa")),
			app.P().Text(l.T("rs.pcoa.none")),
		)
	}
	var field *pcoaField
	for i := range s.Sum.Fields {
		if s.Sum.Fields[i].Name == s.Colour {
			field = &s.Sum.Fields[i]
		}
	}
	n := len(p.IDs)
	colourOf := func(i int) (string, int) {
		if field == nil {
			return palette[4], 0
		}
		k := field.Of[i]
		return palette[k%len(palette)], k
	}
	axis := func(k int) string {
		if k >= len(p.Proportion) {
			return l.T("rs.pcoa.axis", k+1, "–")
		}
		return l.T("rs.pcoa.axis", k+1, pct(l, p.Proportion[k]))
	}
	const W, H, left, right, top, bottom = 520.0, 400.0, 56.0, 16.0, 16.0, 48.0
	xs, ys := p.X, p.Y
	sx, sy := newScale(xs, left, W-right), newScale(ys, H-bottom, top)
	var chart app.UI
	if n <= pcoaSVGMax {
		focusable := n <= pcoaFocusMax
		var marks []app.UI
		var label app.UI = app.Text("")
		for i, id := range p.IDs {
			col, k := colourOf(i)
			x, y := sx.at(xs[i]), sy.at(ys[i])
			desc := l.T("rs.pcoa.point", id, l.Fixed(xs[i], 4), l.Fixed(ys[i], 4))
			m := pointShape(k, x, y).Class("point").Attr("fill", col).Attr("stroke", "#222").Attr("stroke-width", "0.8").
				DataSet("sample", id).DataSet("x", full(xs[i])).DataSet("y", full(ys[i])).
				Body(svgElem("title").Text(desc))
			if focusable {
				id := id
				m = m.TabIndex(0).Role("img").Aria("label", desc).
					On("focus", func(ctx app.Context, e app.Event) { a.research.Focus = id })
			}
			if id == s.Focus {
				anchor := "start"
				tx := x + 8
				if x > W/2 {
					anchor, tx = "end", x-8
				}
				label = svgElem("text").Class("point-label").Attr("x", num(tx)).Attr("y", num(y-8)).
					Attr("text-anchor", anchor).Attr("font-weight", "600").Attr("fill", "#111").Text(id)
			}
			marks = append(marks, m)
		}
		chart = svgElem("svg").ID("research-pcoa-chart").Class("chart").
			Attr("viewBox", fmt.Sprintf("0 0 %v %v", W, H)).Attr("width", W).Attr("height", H).
			Attr("font-family", chartFont).Attr("font-size", "12").
			Role("group").Aria("label", l.T("rs.pcoa.label", n)).
			DataSet("method", p.Method).
			Body(
				svgElem("rect").Attr("width", W).Attr("height", H).Attr("fill", "#ffffff"),
				axes(sx, sy, W, H, left, right, top, bottom, axis(0), axis(1), true),
				&svgChunks{Class: "points", Chunk: 60, Marks: marks, an: a},
				label,
			)
	} else {
		cols := make([]uint8, n)
		px, py := make([]float64, n), make([]float64, n)
		for i := range n {
			if field != nil {
				cols[i] = uint8(field.Of[i] % len(palette))
			} else {
				cols[i] = 4
			}
			px[i], py[i] = sx.at(xs[i]), sy.at(ys[i])
		}
		chart = app.Div().Class("canvas-chart").Body(
			&pcoaCanvas{ID: "research-pcoa-chart", W: int(W), H: int(H), X: px, Y: py, Colours: cols,
				Label: l.T("rs.pcoa.label", n), XLabel: axis(0), YLabel: axis(1), an: a},
		)
	}
	return app.Section().ID("research-pcoa").Class("research-part").DataSet("method", p.Method).Body(
		app.H4().Text(l.T("rs.pcoa")),
		app.P().Class("explain").Text(l.T("rs.pcoa.intro")),
		app.P().Class("notes").ID("research-pcoa-method").Text(l.T("rs.pcoa.method", p.Method, p.Axes)),
		app.If(p.TopK, func() app.UI { return app.P().ID("research-pcoa-topk").Class("note").Text(l.T("rs.pcoa.topk")) }),
		app.If(len(s.Sum.Fields) > 0, func() app.UI {
			return app.Div().Class("controls").Body(
				app.Label().For("research-colour").Text(l.T("rs.colour")),
				app.Select().ID("research-colour").OnChange(func(ctx app.Context, e app.Event) {
					a.research.Colour = ctx.JSSrc().Get("value").String()
				}).Body(
					app.Option().Value("").Selected(s.Colour == "").Text(l.T("rs.colour.none")),
					app.Range(s.Sum.Fields).Slice(func(i int) app.UI {
						f := s.Sum.Fields[i].Name
						return app.Option().Value(f).Selected(f == s.Colour).Text(f)
					}),
				),
			)
		}),
		app.If(field != nil, func() app.UI {
			return app.Ul().Class("legend").ID("research-pcoa-legend").Body(app.Range(field.Levels).Slice(func(k int) app.UI {
				return app.Li().Body(
					svgElem("svg").Class("swatch").Attr("viewBox", "-6 -6 12 12").Aria("hidden", "true").Body(
						pointShape(k, 0, 0).Attr("fill", palette[k%len(palette)]).Attr("stroke", "#222"),
					),
					app.Span().Text(field.Levels[k]),
				)
			}))
		}),
		app.If(n <= pcoaFocusMax && n <= pcoaSVGMax, func() app.UI { return app.P().Class("notes").Text(l.T("rs.pcoa.focus")) }),
		chart,
		a.chartExports("research-pcoa", "pcoa-braycurtis", "pcoa-csv", n > pcoaSVGMax),
		a.twin(s, "research-pcoa-table", "pcoa-braycurtis.csv", func() app.UI {
			head := []app.UI{app.Th().Scope("col").Text(l.T("rs.sample")), app.Th().Scope("col").Text(axis(0)), app.Th().Scope("col").Text(axis(1))}
			if field != nil {
				head = append(head, app.Th().Scope("col").Text(field.Name))
			}
			return &vtable{ID: "research-pcoa-table", Label: l.T("rs.box", l.T("rs.pcoa.cap", n), n),
				Caption: l.T("rs.pcoa.cap", n), Order: s.Colour, Total: n, Cols: len(head), Head: head, an: a,
				Print: a.printing(n), CSV: "pcoa-braycurtis.csv",
				Row: func(i int) app.HTMLTr {
					cells := []app.UI{
						app.Th().Scope("row").Text(p.IDs[i]),
						app.Td().DataSet("value", full(xs[i])).Text(l.Fixed(xs[i], 4)),
						app.Td().DataSet("value", full(ys[i])).Text(l.Fixed(ys[i], 4)),
					}
					if field != nil {
						cells = append(cells, app.Td().Text(field.Levels[field.Of[i]]))
					}
					return app.Tr().DataSet("sample", p.IDs[i]).Body(cells...)
				}}
		}),
	)
}

// axes draws a frame with ticks and the two axis titles.
func axes(sx, sy scale, W, H, left, right, top, bottom float64, xLabel, yLabel string, zero bool) app.UI {
	var ticks []app.UI
	for _, t := range niceTicks(sx.lo, sx.hi, 5) {
		x := sx.at(t)
		ticks = append(ticks,
			svgElem("line").Attr("x1", num(x)).Attr("x2", num(x)).Attr("y1", num(H-bottom)).Attr("y2", num(H-bottom+4)).Attr("stroke", "#444"),
			svgElem("text").Attr("x", num(x)).Attr("y", num(H-bottom+16)).Attr("text-anchor", "middle").Attr("fill", "#333").Text(tickText(t)))
	}
	for _, t := range niceTicks(sy.hi, sy.lo, 5) { // sy maps hi → top
		y := sy.at(t)
		ticks = append(ticks,
			svgElem("line").Attr("x1", num(left-4)).Attr("x2", num(left)).Attr("y1", num(y)).Attr("y2", num(y)).Attr("stroke", "#444"),
			svgElem("text").Attr("x", num(left-6)).Attr("y", num(y+4)).Attr("text-anchor", "end").Attr("fill", "#333").Text(tickText(t)))
	}
	var zeros []app.UI
	if zero {
		if sx.lo < 0 && sx.hi > 0 {
			zeros = append(zeros, svgElem("line").Attr("x1", num(sx.at(0))).Attr("x2", num(sx.at(0))).Attr("y1", num(top)).Attr("y2", num(H-bottom)).Attr("stroke", "#bbb").Attr("stroke-dasharray", "3 3"))
		}
		if sy.lo < 0 && sy.hi > 0 {
			zeros = append(zeros, svgElem("line").Attr("x1", num(left)).Attr("x2", num(W-right)).Attr("y1", num(sy.at(0))).Attr("y2", num(sy.at(0))).Attr("stroke", "#bbb").Attr("stroke-dasharray", "3 3"))
		}
	}
	return svgElem("g").Class("axes").Aria("hidden", "true").Body(
		svgElem("rect").Attr("x", num(left)).Attr("y", num(top)).Attr("width", num(W-left-right)).Attr("height", num(H-top-bottom)).
			Attr("fill", "none").Attr("stroke", "#444"),
		svgElem("g").Body(zeros...),
		svgElem("g").Body(ticks...),
		svgElem("text").Class("axis-title").Attr("x", num((left+W-right)/2)).Attr("y", num(H-8)).Attr("text-anchor", "middle").Attr("fill", "#111").Text(xLabel),
		svgElem("text").Class("axis-title").Attr("transform", fmt.Sprintf("translate(14 %s) rotate(-90)", num((top+H-bottom)/2))).
			Attr("text-anchor", "middle").Attr("fill", "#111").Text(yLabel),
	)
}

// niceTicks returns about n round values in [lo, hi] (lo may exceed hi).
func niceTicks(lo, hi float64, n int) []float64 {
	if lo > hi {
		lo, hi = hi, lo
	}
	span := hi - lo
	if !(span > 0) || math.IsInf(span, 0) {
		return nil
	}
	step := math.Pow(10, math.Floor(math.Log10(span/float64(n))))
	for _, m := range []float64{1, 2, 5, 10} {
		if span/(step*m) <= float64(n) {
			step *= m
			break
		}
	}
	var out []float64
	for t := math.Ceil(lo/step) * step; t <= hi+step*1e-9; t += step {
		out = append(out, math.Round(t/step)*step)
	}
	return out
}

func tickText(v float64) string {
	if v == 0 {
		return "0"
	}
	if v == math.Trunc(v) && math.Abs(v) < 1e9 {
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	return strconv.FormatFloat(v, 'g', 3, 64)
}

// ---- heatmap ----

func (a *Analyser) renderHeatmap(s researchState) app.UI {
	l := a.lang()
	h := s.Heat
	if h == nil {
		return app.Section().ID("research-heatmap").Class("research-part").Body(
			app.H4().Text(l.T("rs.heat")),
			app.P().Class("loading").Text(l.T("rs.heat.loading")),
		)
	}
	rank := h.Rank
	rankName := l.T("rs.heat.feat")
	if rank != "" {
		rankName = l.Rank(rank)
	}
	nt := len(h.Taxa)
	canvas := h.Total > heatSVGMax
	var chart app.UI
	const cell, left, top, legendH = 22.0, 150.0, 150.0, 60.0
	W := left + cell*float64(nt) + 16
	if !canvas {
		H := top + cell*float64(h.Total) + legendH
		var rows, cells []app.UI
		for si, id := range h.Samples {
			y := top + cell*float64(si)
			row := []app.UI{svgElem("text").Attr("x", num(left-6)).Attr("y", num(y+cell*0.68)).Attr("text-anchor", "end").Attr("fill", "#111").Text(shorten(id, 22))}
			for k, v := range h.Shares[si] {
				row = append(row, svgElem("rect").Class("cell").
					Attr("x", num(left+cell*float64(k))).Attr("y", num(y)).Attr("width", num(cell)).Attr("height", num(cell)).
					Attr("fill", view.ViridisHex(heatScale(v, h.Max))).
					DataSet("sample", id).DataSet("taxon", h.Taxa[k].Name).DataSet("share", full(float64(v))).
					Body(svgElem("title").Text(fmt.Sprintf("%s, %s: %s", id, h.Taxa[k].Name, l.Percent(v)))))
			}
			rows = append(rows, svgElem("g").Body(row...))
		}
		for k, t := range h.Taxa {
			x := left + cell*float64(k) + cell*0.65
			cells = append(cells, svgElem("text").Attr("transform", fmt.Sprintf("translate(%s %s) rotate(-60)", num(x), num(top-6))).
				Attr("fill", "#111").Text(shorten(t.Name, 22)))
		}
		chart = svgElem("svg").ID("research-heatmap-chart").Class("chart").
			Attr("viewBox", fmt.Sprintf("0 0 %s %s", num(W), num(H))).Attr("width", num(W)).Attr("height", num(H)).
			Attr("font-family", chartFont).Attr("font-size", "11").
			Role("img").Aria("label", l.T("rs.heat.label", h.Total, nt)).
			Body(
				svgElem("rect").Attr("width", num(W)).Attr("height", num(H)).Attr("fill", "#ffffff"),
				&svgChunks{Class: "rows", Chunk: 4, Marks: rows, an: a},
				svgElem("g").Body(cells...),
				heatLegend(l, h.Max, left, H-legendH+14),
			)
	} else {
		chart = app.Div().Class("canvas-chart").Body(
			app.P().Class("notes").Text(l.T("rs.heat.canvas", h.Total)),
			&heatCanvas{ID: "research-heatmap-chart", Cols: nt, Rows: h.Total, Pixels: h.Pixels,
				Label: l.T("rs.heat.label", h.Total, nt), an: a},
			svgElem("svg").Class("heat-legend").Attr("viewBox", "0 0 300 50").Attr("width", "300").Attr("height", "50").
				Attr("font-family", chartFont).Attr("font-size", "11").Aria("hidden", "true").
				Body(heatLegend(l, h.Max, 10, 4)),
		)
	}
	return app.Section().ID("research-heatmap").Class("research-part").DataSet("rank", rank).DataSet("canvas", strconv.FormatBool(canvas)).Body(
		app.H4().Text(l.T("rs.heat")),
		app.P().Class("explain").Text(l.T("rs.heat.intro", nt, rankName)),
		scrollRegion(l, chart),
		a.chartExports("research-heatmap", "heatmap", "heatmap-csv", canvas),
		a.twin(s, "research-heatmap-table", "heatmap.csv", func() app.UI {
			head := []app.UI{app.Th().Scope("col").Text(l.T("rs.sample"))}
			for _, t := range h.Taxa {
				head = append(head, app.Th().Scope("col").Title(t.Lineage).Text(t.Name))
			}
			return &vtable{ID: "research-heatmap-table", Label: l.T("rs.box", l.T("rs.heat.cap"), h.Total),
				Caption: l.T("rs.heat.cap"), Order: rank, Total: h.Total, Cols: nt + 1, Head: head, an: a,
				Print: a.printing(h.Total), CSV: "heatmap.csv",
				Row: func(i int) app.HTMLTr {
					w := a.research.Heat // the window at hand now (needHeat)
					k := i - w.Offset
					if k < 0 || k >= len(w.Samples) {
						return nil
					}
					cells := make([]app.UI, 0, nt+1)
					cells = append(cells, app.Th().Scope("row").Text(w.Samples[k]))
					for _, v := range w.Shares[k] {
						cells = append(cells, app.Td().DataSet("share", full(float64(v))).Text(l.Percent(v)))
					}
					return app.Tr().DataSet("sample", w.Samples[k]).Body(cells...)
				},
				Need: a.needHeat}
		}),
	)
}

// needHeat asks the engine for a window of the heatmap table's rows around
// rows [from, to), unless they are at hand or asked for. The answer comes
// through ctx, the table's own context, and renders the table alone.
func (a *Analyser) needHeat(ctx app.Context, from, to int) {
	h := a.research.Heat
	if h == nil || from >= h.Offset && to <= h.Offset+len(h.Samples) {
		return
	}
	askRows(a, ctx, &a.research.heatAsked, from, to, "research.heatmap", map[string]any{"rank": h.Rank},
		func(w *heatmapPage) {
			if cur := a.research.Heat; cur != nil && cur.Rank == w.Rank {
				w.Pixels = cur.Pixels
				a.research.Heat = w
			}
		})
}

func heatScale(v, max view.Float) float64 {
	if !(max > 0) || math.IsNaN(float64(v)) {
		return 0
	}
	return math.Min(1, float64(v/max))
}

// heatLegend is the colour scale, 0 to max, as a gradient with labels.
func heatLegend(l Lang, max view.Float, x, y float64) app.UI {
	var stops []app.UI
	for i := 0; i <= 10; i++ {
		stops = append(stops, svgElem("stop").Attr("offset", fmt.Sprintf("%d%%", i*10)).Attr("stop-color", view.ViridisHex(float64(i)/10)))
	}
	return svgElem("g").Class("legend-scale").Body(
		svgElem("defs").Body(svgElem("linearGradient").ID("research-viridis").Body(stops...)),
		svgElem("text").Attr("x", num(x)).Attr("y", num(y+8)).Attr("fill", "#111").Text(l.T("rs.heat.legend")),
		svgElem("rect").Attr("x", num(x)).Attr("y", num(y+14)).Attr("width", "200").Attr("height", "12").
			Attr("fill", "url(#research-viridis)").Attr("stroke", "#444"),
		svgElem("text").Attr("x", num(x)).Attr("y", num(y+40)).Attr("fill", "#111").Text(l.Percent(0)),
		svgElem("text").Attr("x", num(x+200)).Attr("y", num(y+40)).Attr("text-anchor", "end").Attr("fill", "#111").Text(l.Percent(max)),
	)
}

func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// ---- rarefaction ----

func (a *Analyser) renderRarefaction(s researchState) app.UI {
	l := a.lang()
	sec := app.Section().ID("research-rarefaction").Class("research-part")
	if !s.Sum.Integer {
		return sec.DataSet("available", "false").Body(
			app.H4().Text(l.T("rs.rare")),
			app.P().ID("research-rare-none").Text(l.T("rs.rare.none")),
		)
	}
	r := s.Rare
	if r == nil {
		return sec.Body(app.H4().Text(l.T("rs.rare")), app.P().Class("loading").Text(l.T("rs.heat.loading")))
	}
	const W, H, left, right, top, bottom = 520.0, 360.0, 64.0, 16.0, 16.0, 48.0
	var ds, obs []float64
	for _, c := range r.Curves {
		for _, p := range c.Points {
			ds, obs = append(ds, float64(p.Depth)), append(obs, float64(p.Observed))
		}
	}
	sx, sy := newScale(append(ds, 0), left, W-right), newScale(append(obs, 0), H-bottom, top)
	var lines []app.UI
	for i, c := range r.Curves {
		pts := ""
		for _, p := range c.Points {
			pts += num(sx.at(float64(p.Depth))) + "," + num(sy.at(float64(p.Observed))) + " "
		}
		last := c.Points[len(c.Points)-1]
		lines = append(lines, svgElem("polyline").Class("curve").Attr("points", pts).Attr("fill", "none").
			Attr("stroke", palette[i%len(palette)]).Attr("stroke-width", "2").DataSet("sample", c.ID).
			Body(svgElem("title").Text(fmt.Sprintf("%s: %d reads, %d taxa", c.ID, last.Depth, last.Observed))))
	}
	return sec.DataSet("available", "true").Body(
		app.H4().Text(l.T("rs.rare")),
		app.P().Class("explain").Text(l.T("rs.rare.intro", r.Steps)),
		app.If(len(r.Curves) < r.Total, func() app.UI { return app.P().Class("notes").Text(l.T("rs.rare.first", len(r.Curves), r.Total)) }),
		app.If(len(r.Curves) <= len(palette), func() app.UI {
			return app.Ul().Class("legend").Body(app.Range(r.Curves).Slice(func(i int) app.UI {
				return app.Li().Body(
					svgElem("svg").Class("swatch").Attr("viewBox", "0 0 1 1").Aria("hidden", "true").Body(
						svgElem("rect").Attr("width", "1").Attr("height", "1").Attr("fill", palette[i%len(palette)]),
					),
					app.Span().Text(r.Curves[i].ID),
				)
			}))
		}),
		scrollRegion(l, svgElem("svg").ID("research-rarefaction-chart").Class("chart").
			Attr("viewBox", fmt.Sprintf("0 0 %v %v", W, H)).Attr("width", W).Attr("height", H).
			Attr("font-family", chartFont).Attr("font-size", "12").
			Role("img").Aria("label", l.T("rs.rare.label", len(r.Curves))).
			Body(
				svgElem("rect").Attr("width", W).Attr("height", H).Attr("fill", "#ffffff"),
				axes(sx, sy, W, H, left, right, top, bottom, l.T("rs.rare.x"), l.T("rs.rare.y"), false),
				&svgChunks{Class: "curves", Chunk: 25, Marks: lines, an: a},
			)),
		a.chartExports("research-rarefaction", "rarefaction", "rarefaction-csv", false),
		a.twin(s, "research-rarefaction-table", "rarefaction.csv", func() app.UI {
			return &vtable{ID: "research-rarefaction-table", Label: l.T("rs.box", l.T("rs.rare.cap"), len(r.Curves)),
				Caption: l.T("rs.rare.cap"), Total: len(r.Curves), Cols: 2, an: a,
				Print: a.printing(len(r.Curves)), CSV: "rarefaction.csv",
				Head: []app.UI{app.Th().Scope("col").Text(l.T("rs.sample")), app.Th().Scope("col").Text(l.T("rs.rare.cap"))},
				Row: func(i int) app.HTMLTr {
					c := r.Curves[i]
					pts := make([]app.UI, 0, len(c.Points))
					for _, p := range c.Points[1:] {
						pts = append(pts, app.Span().Class("pt").DataSet("depth", p.Depth).DataSet("observed", p.Observed).
							Text(l.T("rs.rare.point", p.Depth, p.Observed)))
					}
					return app.Tr().DataSet("sample", c.ID).Body(app.Th().Scope("row").Text(c.ID), app.Td().Body(pts...))
				}}
		}),
	)
}
