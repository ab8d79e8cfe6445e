package app

import (
	"fmt"
	"math"
	"strconv"
	"strings"

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
	return app.Section().ID("composition").DataSet("rank", s.Rank).Body(
		app.H3().Text(l.T("comp.title")),
		app.Div().Class("controls").Body(
			app.Label().For("rank").Text(l.T("comp.level")+" "),
			app.Select().ID("rank").OnChange(a.onRank).Body(
				app.Range(ranks).Slice(func(i int) app.UI {
					return app.Option().Value(ranks[i]).Selected(ranks[i] == s.Rank).Text(capitalise(l.Rank(ranks[i])))
				}),
			),
		),
		app.If(c == nil, func() app.UI {
			return app.P().Class("loading").Text(l.T("comp.loading"))
		}).Else(func() app.UI {
			ids := s.pageIDs(s.Page)
			return app.Div().Body(
				&CompositionChart{Lang: l, Composition: c, IDs: ids},
				a.compositionTable(c, ids),
			)
		}),
	)
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
	return t.Name
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
						v := c.Shares[ids[i]][k]
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
