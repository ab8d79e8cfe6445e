package app

import (
	"fmt"
	"html"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gutlens/gutlens/analysis/report/view"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// renderComposition draws the stacked bars of the shown samples at the
// chosen rank, with a legend and a data table as its accessible twin.
func (a *Analyser) renderComposition() app.UI {
	l := a.lang()
	s := a.state
	r := s.Report
	ranks := chartRanks(r.Ranks)
	if len(ranks) == 0 {
		return app.Section().ID("composition").Body(
			app.H3().Text(l.T("comp.title")),
			app.P().Text(l.T("comp.noTaxonomy")),
		)
	}
	c := s.Composition
	n := len(r.SampleOrder)
	key := s.CompSort
	if key == "" {
		key = view.SortFile
	}
	return app.Section().ID("composition").DataSet("rank", s.Rank).DataSet("sort", key).DataSet("band", s.CompBand).Body(
		app.H3().Text(l.T("comp.title")),
		app.Div().Class("controls").Body(
			app.Label().For("rank").Text(l.T("comp.level")+" "),
			app.Select().ID("rank").OnChange(a.onRank).Body(
				app.Range(ranks).Slice(func(i int) app.UI {
					return app.Option().Value(ranks[i]).Selected(ranks[i] == s.Rank).Text(capitalise(l.Rank(ranks[i])))
				}),
			),
			app.Label().For("comp-sort").Text(l.T("comp.sort")+" "),
			app.Select().ID("comp-sort").OnChange(a.onCompSort).Body(
				app.Range(view.SortKeys).Slice(func(i int) app.UI {
					k := view.SortKeys[i]
					return app.Option().Value(k).Selected(k == key).Text(l.T("comp.by." + k))
				}),
			),
			app.If(key == view.SortTaxon && c != nil, func() app.UI {
				return app.Div().Class("control").Body(
					app.Label().For("comp-sort-band").Text(l.T("comp.sortBand")+" "),
					app.Select().ID("comp-sort-band").OnChange(a.onCompSortBand).Body(
						app.Range(c.Taxa).Slice(func(k int) app.UI {
							b := view.BandKey(c.Taxa[k])
							return app.Option().Value(b).Selected(b == s.CompBand).Text(bandName(l, c.Taxa[k]))
						}),
					),
				)
			}),
		),
		app.If(n > pageSize, func() app.UI {
			return app.P().ID("comp-sort-note").Class("note").Text(l.T("comp.sortAll", l.Int(n)))
		}),
		app.If(c == nil, func() app.UI {
			return app.P().Class("loading").Text(l.T("comp.loading"))
		}).Else(func() app.UI {
			ids := s.pageIDs(s.Page)
			return app.Div().Body(
				&CompositionChart{Lang: l, Composition: c, IDs: ids},
				a.compositionExports(),
				a.compositionTable(c, ids),
			)
		}),
	)
}

// compositionExports are the downloads of the composition: the stacked
// bars of the page as SVG and PNG (one picture with the sample names and
// the legend, compositionSVG), and the table of every sample, in the
// chosen order, as CSV (made by the engine). The handlers read the state
// when clicked: go-app keeps an element's first handler of a kind, so a
// value a handler closed over when rendered may be stale.
func (a *Analyser) compositionExports() app.UI {
	l := a.lang()
	shown := func() (*view.Composition, []string, bool) {
		s := a.state
		return s.Composition, s.pageIDs(s.Page), s.Composition != nil
	}
	return app.Div().Class("exports").Role("group").Aria("label", l.T("rs.exports")).Body(
		app.Button().ID("comp-export-svg").Class("button").Text(l.T("rs.svg")).
			OnClick(func(ctx app.Context, e app.Event) {
				if c, ids, ok := shown(); ok {
					svg, _, _ := compositionSVG(a.lang(), c, ids)
					downloadText(svg, "composition-"+c.Rank+".svg", "image/svg+xml")
				}
			}),
		app.Button().ID("comp-export-png").Class("button").Text(l.T("rs.png")).
			OnClick(func(ctx app.Context, e app.Event) {
				if c, ids, ok := shown(); ok {
					svg, w, h := compositionSVG(a.lang(), c, ids)
					svgToPNG(svg, w, h, "composition-"+c.Rank+".png")
				}
			}),
		app.Button().ID("comp-export-csv").Class("button").Text(l.T("rs.csv")).
			OnClick(func(ctx app.Context, e app.Event) {
				s := a.state
				if s.Composition == nil {
					return
				}
				rank := s.Composition.Rank
				req := map[string]any{"kind": "composition.csv", "rank": rank, "params": map[string]any{"key": s.CompSort, "band": s.CompBand}}
				downloadQuery(a.stable(ctx), req, "composition-"+rank+".csv", "text/csv", func(ctx app.Context, msg string) { a.fail(ctx, a.state.File, msg) })
			}),
	)
}

// sampleOrder is the engine's answer to a "composition.order" query.
type sampleOrder struct {
	Order []string `json:"order"`
	Band  string   `json:"band"`
}

func (a *Analyser) onCompSort(ctx app.Context, e app.Event) {
	a.sortSamples(ctx, ctx.JSSrc().Get("value").String(), a.state.CompBand)
}

func (a *Analyser) onCompSortBand(ctx app.Context, e app.Event) {
	a.sortSamples(ctx, view.SortTaxon, ctx.JSSrc().Get("value").String())
}

// sortSamples shows the samples in the order key names (band for
// view.SortTaxon; "" is the default band), from the first page. The
// engine sorts every sample of the file, not only the page's, at the
// chosen rank; the answer to an order asked for since is dropped.
func (a *Analyser) sortSamples(ctx app.Context, key, band string) {
	a.sortAsked++
	asked, rank := a.sortAsked, a.state.Rank
	a.state.CompSort, a.state.CompBand = key, band
	if key == view.SortFile || key == "" {
		a.reorder(ctx, nil)
		return
	}
	req := map[string]any{"kind": "composition.order", "rank": rank, "params": map[string]any{"key": key, "band": band}}
	queryJSON(a, ctx, req, func(ctx app.Context, o *sampleOrder) {
		if a.sortAsked != asked || (view.SortByRank(key) && a.state.Rank != rank) {
			return
		}
		a.state.CompBand = o.Band
		a.reorder(ctx, o.Order)
	}, func(ctx app.Context, msg string) { a.fail(ctx, a.state.File, msg) })
}

// reorder shows the samples in order (nil: the file's), from the first
// page. When the first page holds the samples shown now (a file of one
// page), they are only shown in the new order: the health view keeps the
// sample it shows, and only a composition missing after a rank change is
// loaded. Otherwise the first page is built again.
func (a *Analyser) reorder(ctx app.Context, order []string) {
	s := &a.state
	old := s.pageIDs(s.Page)
	s.Order = order
	if s.Page != 0 || !sameIDs(old, s.pageIDs(0)) || s.Status != StatusDone || (s.Report.Health != nil && s.Health == nil) {
		s.Composition = nil // of other samples: none shown until the page's comes
		a.buildPage(ctx, 0, nil)
		return
	}
	if s.HealthSample == "" && len(old) > 0 {
		s.HealthSample = old[0]
	}
	if rank := s.Rank; s.Composition == nil && rank != "" {
		a.loadComposition(ctx, rank, s.pageIDs(0), func(ctx app.Context, c *view.Composition) {
			if a.state.Rank == rank {
				a.state.Composition = c
			}
		})
	}
}

// sameIDs reports whether a and b hold the same ids, in any order.
func sameIDs(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	in := make(map[string]bool, len(a))
	for _, id := range a {
		in[id] = true
	}
	for _, id := range b {
		if !in[id] {
			return false
		}
	}
	return true
}

// chartRanks are the ranks worth a chart: all but domain.
func chartRanks(ranks []string) []string {
	var out []string
	for _, r := range ranks {
		if r != "domain" && r != "strain" {
			out = append(out, r)
		}
	}
	return out
}

// defaultRank is genus when the file names genera, else its finest rank.
func defaultRank(ranks []string) string {
	rs := chartRanks(ranks)
	for _, r := range rs {
		if r == "genus" {
			return r
		}
	}
	if len(rs) == 0 {
		return ""
	}
	return rs[len(rs)-1]
}

func capitalise(s string) string { return strings.ToUpper(s[:1]) + s[1:] }

// bandName is a band's name in the language: taxa keep their Latin names.
func bandName(l Lang, t view.CompTaxon) string {
	switch t.Kind {
	case "other":
		return l.T("comp.other")
	case "unclassified":
		return l.T("comp.unclassified")
	}
	return taxonName(l, t.Name)
}

// unclassifiedAt is how the core names the features it groups per parent
// when they have no name at a rank: "<parent> (unclassified at <rank>)"
// (analysis.Table.Collapse).
const unclassifiedAt = " (unclassified at "

// taxonName is a taxon's name in the language: Latin names stay, the
// core's "<parent> (unclassified at <rank>)" is said in the language.
func taxonName(l Lang, name string) string {
	i := strings.LastIndex(name, unclassifiedAt)
	if i < 0 || !strings.HasSuffix(name, ")") {
		return name
	}
	rank := name[i+len(unclassifiedAt) : len(name)-1]
	if _, ok := messages["rank."+rank]; !ok {
		return name
	}
	return name[:i] + " " + l.T("comp.unclassifiedAt", l.Rank(rank))
}

func bandColours(c *view.Composition) []string {
	var names []string
	for _, t := range c.Taxa {
		if t.Kind == "taxon" {
			names = append(names, t.Name)
		}
	}
	cols := colours(names)
	for _, t := range c.Taxa {
		switch t.Kind {
		case "other":
			cols = append(cols, colourOther)
		case "unclassified":
			cols = append(cols, colourUnclassified)
		}
	}
	return cols
}

func stackedBar(l Lang, id string, c *view.Composition, cols []string) app.UI {
	row := c.Shares[id]
	x := 0.0
	var rects []app.UI
	for k, v := range row {
		w := 100 * float64(v)
		if math.IsNaN(w) || w <= 0 {
			continue
		}
		rects = append(rects, svgElem("rect").
			Attr("x", strconv.FormatFloat(x, 'f', 3, 64)).Attr("width", strconv.FormatFloat(w, 'f', 3, 64)).
			Attr("height", "1").Attr("fill", cols[k]).DataSet("taxon", c.Taxa[k].Name))
		x += w
	}
	// One tooltip per bar (a <title> per band would double the elements).
	var tip []string
	for k, v := range row {
		if float64(v) > 0 {
			tip = append(tip, fmt.Sprintf("%s %s", bandName(l, c.Taxa[k]), l.Percent(v)))
		}
	}
	rects = append([]app.UI{svgElem("title").Text(id + ": " + strings.Join(tip, ", "))}, rects...)
	return app.Div().Class("bar-row").DataSet("sample", id).Body(
		app.Span().Class("bar-label").Text(id),
		svgElem("svg").Class("stack").Attr("viewBox", "0 0 100 1").Attr("preserveAspectRatio", "none").Body(rects...),
	)
}

// compositionTable is the chart's data as a table: taxa in rows, the shown
// samples in columns, shares in percent with full precision in data-share.
func (a *Analyser) compositionTable(c *view.Composition, ids []string) app.UI {
	l := a.lang()
	return app.Details().Class("data-table").Open(a.state.CompTableOpen).
		OnToggle(func(ctx app.Context, e app.Event) { a.state.CompTableOpen = ctx.JSSrc().Get("open").Bool() }).Body(
		app.Summary().Text(l.T("comp.table")),
		app.If(a.state.CompTableOpen, func() app.UI { return a.compositionTableBody(c, ids) }),
	)
}

// compositionTableBody is the table itself, built only while it is open.
func (a *Analyser) compositionTableBody(c *view.Composition, ids []string) app.UI {
	l := a.lang()
	return app.Div().Body(
		// The table can be wider than the screen: its scrolling box is a
		// named region keyboard users can focus and scroll (WCAG 2.1.1).
		app.Div().Class("scroll").TabIndex(0).Role("region").Aria("label", l.T("comp.caption", l.Rank(c.Rank))).Body(app.Table().ID("composition-table").Body(
			app.Caption().Text(l.T("comp.caption", l.Rank(c.Rank))),
			app.THead().Body(app.Tr().Body(
				app.Th().Scope("col").Text(capitalise(l.Rank(c.Rank))),
				app.Range(ids).Slice(func(i int) app.UI { return app.Th().Scope("col").Text(ids[i]) }),
			)),
			app.TBody().Body(app.Range(c.Taxa).Slice(func(k int) app.UI {
				return app.Tr().DataSet("taxon", c.Taxa[k].Name).Body(
					app.Th().Scope("row").Title(c.Taxa[k].Lineage).Text(bandName(l, c.Taxa[k])),
					app.Range(ids).Slice(func(i int) app.UI {
						v := view.Float(math.NaN())
						if row := c.Shares[ids[i]]; k < len(row) {
							v = row[k]
						}
						return app.Td().DataSet("sample", ids[i]).DataSet("share", full(float64(v))).Text(l.Percent(v))
					}),
				)
			})),
		)),
	)
}

// CompositionChart is the legend and the stacked bars: a component, so it
// is rebuilt only when the composition or the samples change.
type CompositionChart struct {
	app.Compo
	Lang        Lang
	Composition *view.Composition
	IDs         []string
}

func (cc *CompositionChart) Render() app.UI {
	l, c, ids := cc.Lang, cc.Composition, cc.IDs
	cols := bandColours(c)
	return app.Div().Body(
		app.Ul().Class("legend").Body(app.Range(c.Taxa).Slice(func(k int) app.UI {
			return app.Li().Body(
				svgElem("svg").Class("swatch").Attr("viewBox", "0 0 1 1").Aria("hidden", "true").Body(
					svgElem("rect").Attr("width", "1").Attr("height", "1").Attr("fill", cols[k]),
				),
				app.Span().Title(c.Taxa[k].Lineage).Text(bandName(l, c.Taxa[k])),
			)
		})),
		app.Div().Class("bars").Aria("hidden", "true").Body(app.Range(ids).Slice(func(i int) app.UI {
			return stackedBar(l, ids[i], c, cols)
		})),
	)
}

// The picture compositionSVG draws, in pixels.
const (
	svgPad     = 16.0
	svgBarW    = 560.0 // the width of a bar (100 %)
	svgRow     = 24.0  // a bar and the gap below it
	svgBarH    = 18.0
	svgCharW   = 7.0 // the width of a character of the labels, about
	svgLegendH = 20.0
)

// compositionSVG draws the stacked bars of the samples ids as one
// self-contained SVG document, for the downloads: a title, each bar with
// its sample's name, an axis in percent and the legend, all as text and
// geometry (no style sheet, no script). It returns the document and its
// size.
func compositionSVG(l Lang, c *view.Composition, ids []string) (string, float64, float64) {
	cols := bandColours(c)
	chars := 4
	for _, id := range ids {
		chars = max(chars, utf8.RuneCountInString(id))
	}
	labelW := math.Ceil(float64(chars)*svgCharW) + 8
	x0 := svgPad + labelW
	w := x0 + svgBarW + svgPad + 16 // room for half the "100 %" label
	y0 := svgPad + 30
	axisY := y0 + float64(len(ids))*svgRow
	legendY := axisY + 34
	h := legendY + float64(len(c.Taxa))*svgLegendH + svgPad
	title := l.T("comp.svgTitle", l.Rank(c.Rank))
	num := func(v float64) string { return strconv.FormatFloat(v, 'f', 2, 64) }
	esc := html.EscapeString

	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%s" height="%s" viewBox="0 0 %s %s" font-family="%s" font-size="12" role="img" aria-label="%s">`,
		num(w), num(h), num(w), num(h), esc(chartFont), esc(title))
	fmt.Fprintf(&b, "\n<title>%s</title>", esc(title))
	fmt.Fprintf(&b, "\n"+`<rect width="100%%" height="100%%" fill="#ffffff"/>`)
	fmt.Fprintf(&b, "\n"+`<text x="%s" y="%s" font-size="14" font-weight="bold" fill="#111111">%s</text>`, num(svgPad), num(svgPad+14), esc(title))
	for i, id := range ids {
		y := y0 + float64(i)*svgRow
		fmt.Fprintf(&b, "\n"+`<g class="bar" data-sample="%s">`, esc(id))
		fmt.Fprintf(&b, `<text class="sample" x="%s" y="%s" text-anchor="end" fill="#111111">%s</text>`, num(x0-8), num(y+svgBarH/2+4), esc(id))
		x := x0
		for k, v := range c.Shares[id] {
			bw := svgBarW * float64(v)
			if math.IsNaN(bw) || bw <= 0 {
				continue
			}
			fmt.Fprintf(&b, `<rect x="%s" y="%s" width="%s" height="%s" fill="%s" stroke="#ffffff" stroke-width="0.5"><title>%s</title></rect>`,
				num(x), num(y), num(bw), num(svgBarH), cols[k], esc(bandName(l, c.Taxa[k])+" "+l.Percent(v)))
			x += bw
		}
		fmt.Fprintf(&b, `<rect x="%s" y="%s" width="%s" height="%s" fill="none" stroke="#333333"/></g>`, num(x0), num(y), num(svgBarW), num(svgBarH))
	}
	// The axis: 0, 25, 50, 75 and 100 %.
	fmt.Fprintf(&b, "\n"+`<g class="axis" fill="#111111" text-anchor="middle">`)
	for p := 0; p <= 100; p += 25 {
		x := x0 + svgBarW*float64(p)/100
		fmt.Fprintf(&b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#333333"/><text x="%s" y="%s">%d %%</text>`,
			num(x), num(axisY-2), num(x), num(axisY+3), num(x), num(axisY+16), p)
	}
	b.WriteString("</g>")
	fmt.Fprintf(&b, "\n"+`<g class="legend" fill="#111111">`)
	for k, t := range c.Taxa {
		y := legendY + float64(k)*svgLegendH
		fmt.Fprintf(&b, `<rect x="%s" y="%s" width="12" height="12" fill="%s" stroke="#333333"/><text class="band" x="%s" y="%s">%s</text>`,
			num(x0), num(y), cols[k], num(x0+18), num(y+10.5), esc(bandName(l, t)))
	}
	b.WriteString("</g>\n</svg>\n")
	return b.String(), w, h
}
