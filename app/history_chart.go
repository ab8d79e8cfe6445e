package app

import (
	"math"
	"sort"
	"strconv"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// The longitudinal view: key metrics per sample name over the saved
// results, with a visible break where the method changes.

// trendMetrics are the metrics drawn over time: key, message key.
var trendMetrics = [...][2]string{
	{"shannon_ln", "metric.shannon"},
	{"observed_features", "metric.observed"},
	{"unclassified_share", "metric.unclass"},
}

// maxTrendSeries is how many sample names a chart draws.
const maxTrendSeries = 8

// trend is the data of the charts, computed once when the history is read.
type trend struct {
	dates   []string // per saved result, oldest first
	methods []string
	breaks  []int // i where result i's method differs from result i-1's
	series  []trendSeries
	more    int // sample names with ≥ 2 points not drawn
}

type trendSeries struct {
	name   string
	colour string
	vals   [len(trendMetrics)][]float64 // per saved result; NaN when absent
	points int
}

// newTrend groups the saved results' samples by name. Names seen in at
// least two results are drawn, the most frequent first.
func newTrend(rs []savedResult) *trend {
	t := &trend{}
	byName := map[string]*trendSeries{}
	var names []string
	for i := range rs {
		r := &rs[i]
		t.dates = append(t.dates, r.date())
		t.methods = append(t.methods, r.method())
		if i > 0 && t.methods[i] != t.methods[i-1] {
			t.breaks = append(t.breaks, i)
		}
		for _, s := range r.Samples {
			ts, ok := byName[s.ID]
			if !ok {
				ts = &trendSeries{name: s.ID}
				for m := range ts.vals {
					ts.vals[m] = make([]float64, len(rs))
					for k := range ts.vals[m] {
						ts.vals[m][k] = math.NaN()
					}
				}
				byName[s.ID] = ts
				names = append(names, s.ID)
			}
			if math.IsNaN(ts.vals[0][i]) && math.IsNaN(ts.vals[1][i]) {
				ts.points++
			}
			ts.vals[0][i] = float64(s.ShannonLn)
			ts.vals[1][i] = float64(s.ObservedFeatures)
			ts.vals[2][i] = float64(s.UnclassifiedShare)
		}
	}
	var multi []*trendSeries
	for _, n := range names {
		if byName[n].points >= 2 {
			multi = append(multi, byName[n])
		}
	}
	sort.SliceStable(multi, func(i, j int) bool { return multi[i].points > multi[j].points })
	if len(multi) > maxTrendSeries {
		t.more = len(multi) - maxTrendSeries
		multi = multi[:maxTrendSeries]
	}
	var drawn []string
	for _, s := range multi {
		drawn = append(drawn, s.name)
	}
	cols := colours(drawn)
	for i, s := range multi {
		s.colour = cols[i]
		t.series = append(t.series, *s)
	}
	return t
}

// isBreak says whether the method changes between results i-1 and i.
func (t *trend) isBreak(i int) bool {
	for _, b := range t.breaks {
		if b == i {
			return true
		}
	}
	return false
}

// Chart geometry, in viewBox units.
const (
	chartW, chartH         = 640.0, 220.0
	padL, padR, padT, padB = 56.0, 16.0, 14.0, 40.0
	plotW, plotH           = chartW - padL - padR, chartH - padT - padB
)

func fmtF(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) }

func (a *Analyser) renderTrend() app.UI {
	l := a.lang()
	t := a.history.trend
	if t == nil || len(t.series) == 0 {
		return app.Div().ID("history-chart").Body(app.P().Class("empty").Text(l.T("hist.trend.few")))
	}
	return app.Div().ID("history-chart").Class("trend-charts").Body(
		app.H4().Text(l.T("hist.trend")),
		app.P().Text(l.T("hist.trend.intro")),
		app.If(len(t.breaks) > 0, func() app.UI {
			// role=note on the list itself would hide its list semantics.
			return app.Div().ID("history-warning").Class("warning").Role("note").Body(app.Ul().Body(
				app.Range(t.breaks).Slice(func(k int) app.UI {
					i := t.breaks[k]
					return app.Li().Text(l.T("hist.break", t.dates[i-1], t.dates[i], t.methods[i-1]+" → "+t.methods[i]))
				}),
			))
		}),
		app.Ul().Class("legend").Body(app.Range(t.series).Slice(func(k int) app.UI {
			s := t.series[k]
			return app.Li().Body(
				svgElem("svg").Class("swatch").Attr("viewBox", "0 0 1 1").Aria("hidden", "true").Body(
					svgElem("rect").Attr("width", "1").Attr("height", "1").Attr("fill", s.colour),
				),
				app.Span().Text(s.name),
			)
		})),
		app.If(t.more > 0, func() app.UI { return app.P().Class("note").Text(l.T("hist.more", t.more)) }),
		app.Range(trendMetrics[:]).Slice(func(m int) app.UI { return a.trendChart(m) }),
		a.trendTable(),
	)
}

// trendChart draws metric m: one line per sample name, broken (and marked
// with a dashed line) where the method changes.
func (a *Analyser) trendChart(m int) app.UI {
	l := a.lang()
	t := a.history.trend
	key, label := trendMetrics[m][0], l.T(trendMetrics[m][1])
	n := len(t.dates)
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, s := range t.series {
		for _, v := range s.vals[m] {
			if !math.IsNaN(v) {
				lo, hi = math.Min(lo, v), math.Max(hi, v)
			}
		}
	}
	if math.IsInf(lo, 0) {
		lo, hi = 0, 1
	}
	if hi-lo < 1e-9 {
		lo, hi = lo-0.5, hi+0.5
	}
	x := func(i int) float64 {
		if n == 1 {
			return padL + plotW/2
		}
		return padL + plotW*float64(i)/float64(n-1)
	}
	y := func(v float64) float64 { return padT + plotH*(1-(v-lo)/(hi-lo)) }
	format := func(v float64) string {
		switch key {
		case "observed_features":
			return l.Fixed(v, 0)
		case "unclassified_share":
			return l.Fixed(100*v, 1) + " %"
		}
		return l.Fixed(v, 2)
	}
	var body []app.UI
	// Axes and the range of values.
	body = append(body,
		svgElem("line").Class("axis").Attr("x1", fmtF(padL)).Attr("y1", fmtF(padT)).Attr("x2", fmtF(padL)).Attr("y2", fmtF(padT+plotH)),
		svgElem("line").Class("axis").Attr("x1", fmtF(padL)).Attr("y1", fmtF(padT+plotH)).Attr("x2", fmtF(padL+plotW)).Attr("y2", fmtF(padT+plotH)),
		svgElem("text").Class("tick").Attr("x", fmtF(padL-6)).Attr("y", fmtF(y(hi)+4)).Attr("text-anchor", "end").Text(format(hi)),
		svgElem("text").Class("tick").Attr("x", fmtF(padL-6)).Attr("y", fmtF(y(lo)+4)).Attr("text-anchor", "end").Text(format(lo)),
	)
	for i, d := range t.dates {
		if n > 6 && i != 0 && i != n-1 && !t.isBreak(i) {
			continue
		}
		anchor := "middle"
		if i == 0 && n > 1 {
			anchor = "start"
		} else if i == n-1 && n > 1 {
			anchor = "end"
		}
		body = append(body, svgElem("text").Class("tick").Attr("x", fmtF(x(i))).Attr("y", fmtF(chartH-padB+18)).
			Attr("text-anchor", anchor).Text(d[:min(len(d), 10)]))
	}
	for _, b := range t.breaks {
		bx := (x(b-1) + x(b)) / 2
		body = append(body, svgElem("line").Class("method-break").DataSet("at", b).
			Attr("x1", fmtF(bx)).Attr("y1", fmtF(padT)).Attr("x2", fmtF(bx)).Attr("y2", fmtF(padT+plotH)).
			Attr("stroke-dasharray", "6 4").Body(svgElem("title").Text(t.methods[b-1]+" → "+t.methods[b])))
	}
	for _, s := range t.series {
		vals := s.vals[m]
		var seg []string
		flush := func() {
			if len(seg) > 1 {
				pts := ""
				for k, p := range seg {
					if k > 0 {
						pts += " "
					}
					pts += p
				}
				body = append(body, svgElem("polyline").Class("line").Attr("points", pts).
					Attr("fill", "none").Attr("stroke", s.colour).Attr("stroke-width", "2.5"))
			}
			seg = nil
		}
		for i, v := range vals {
			if math.IsNaN(v) || (i > 0 && t.isBreak(i)) {
				flush()
			}
			if !math.IsNaN(v) {
				seg = append(seg, fmtF(x(i))+","+fmtF(y(v)))
			}
		}
		flush()
		for i, v := range vals {
			if math.IsNaN(v) {
				continue
			}
			body = append(body, svgElem("circle").Class("point").DataSet("sample", s.name).DataSet("value", full(v)).
				Attr("cx", fmtF(x(i))).Attr("cy", fmtF(y(v))).Attr("r", "4.5").
				Attr("fill", s.colour).Attr("stroke", "#1a1a1a").Attr("stroke-width", "1").
				Body(svgElem("title").Text(s.name+", "+t.dates[i]+": "+format(v))))
		}
	}
	return app.Figure().Class("trend-figure").Body(
		app.FigCaption().Text(l.T("hist.trend.caption", label)),
		svgElem("svg").Class("trend").DataSet("metric", key).
			Attr("viewBox", "0 0 "+fmtF(chartW)+" "+fmtF(chartH)).Attr("role", "img").
			Aria("label", l.T("hist.trend.caption", label)).Body(body...),
	)
}

// trendTable is the charts' data as a table.
func (a *Analyser) trendTable() app.UI {
	l := a.lang()
	t := a.history.trend
	type row struct {
		i int
		s *trendSeries
	}
	var rows []row
	for i := range t.dates {
		for k := range t.series {
			s := &t.series[k]
			if !math.IsNaN(s.vals[0][i]) || !math.IsNaN(s.vals[1][i]) {
				rows = append(rows, row{i, s})
			}
		}
	}
	cell := func(v float64, f func(float64) string) string {
		if math.IsNaN(v) {
			return "–"
		}
		return f(v)
	}
	return app.Details().Class("data-table").Body(
		app.Summary().Text(l.T("hist.trend.table")),
		scrollRegion(l, app.Table().ID("history-table").Body(
			app.THead().Body(app.Tr().Body(
				app.Th().Scope("col").Text(l.T("hist.trend.date")),
				app.Th().Scope("col").Text(l.T("hist.trend.sample")),
				app.Th().Scope("col").Text(l.T("metric.shannon")),
				app.Th().Scope("col").Text(l.T("metric.observed")),
				app.Th().Scope("col").Text(l.T("metric.unclass")),
				app.Th().Scope("col").Text(l.T("hist.trend.method")),
			)),
			app.TBody().Body(app.Range(rows).Slice(func(k int) app.UI {
				r := rows[k]
				return app.Tr().Class(map[bool]string{true: "after-break", false: ""}[t.isBreak(r.i)]).Body(
					app.Td().Text(t.dates[r.i]),
					app.Th().Scope("row").Text(r.s.name),
					app.Td().Text(cell(r.s.vals[0][r.i], func(v float64) string { return l.Fixed(v, 3) })),
					app.Td().Text(cell(r.s.vals[1][r.i], func(v float64) string { return l.Fixed(v, 0) })),
					app.Td().Text(cell(r.s.vals[2][r.i], func(v float64) string { return l.Fixed(100*v, 1) + " %" })),
					app.Td().Text(t.methods[r.i]),
				)
			})),
		)),
	)
}
