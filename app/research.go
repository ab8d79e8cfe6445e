package app

import (
	"encoding/json"
	"math"
	"strconv"
	"strings"

	"github.com/gutlens/gutlens/analysis/report/view"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// Research mode, for tables with two or more samples: the alpha diversity
// table, the PCoA scatter, the heatmap, rarefaction curves and a
// comparison of two samples. The engine (wasm/engine/research.go) computes
// them all; the page asks for the summary and for pages of the tables.

// researchState is the research view's own state. It belongs to one
// report (rep); a new report shows the view closed again.
type researchState struct {
	rep    *view.Report
	Open   bool
	Status Status
	Err    string
	Run    int // loads finished, for tests (data-run)
	Sum    *researchSummary
	Alpha  *alphaPage
	Sort   string // alpha sort key, "" for file order
	Desc   bool
	Colour string // metadata field colouring the PCoA, "" for one colour
	Focus  string // the PCoA point focused or hovered
	Heat   *heatmapPage
	Rare   *rarefactionData
	CmpA   string
	CmpB   string
	Cmp    map[string]*view.Sample
	Tab    string          // the view shown: one of researchTabs ("" for the first)
	Twins  map[string]bool // data tables opened, by id
}

// The engine's answers (wasm/engine/research.go).
type researchSummary struct {
	Samples   int         `json:"samples"`
	Integer   bool        `json:"integer"`
	Keys      []string    `json:"keys"`
	CountOnly []string    `json:"count_only"`
	Excluded  []string    `json:"excluded"`
	PCoA      *pcoaData   `json:"pcoa"`
	Fields    []pcoaField `json:"fields"`
	MS        float64     `json:"ms"`
}

type pcoaData struct {
	Method     string       `json:"method"`
	TopK       bool         `json:"topk"`
	Basis      string       `json:"basis"`
	Axes       int          `json:"axes"`
	Proportion []view.Float `json:"proportion"`
	IDs        []string     `json:"ids"`
	X          []view.Float `json:"x"`
	Y          []view.Float `json:"y"`
}

type pcoaField struct {
	Name   string   `json:"name"`
	Levels []string `json:"levels"`
	Of     []int    `json:"of"`
}

type alphaPage struct {
	Total  int    `json:"total"`
	Offset int    `json:"offset"`
	Sort   string `json:"sort"`
	Desc   bool   `json:"desc"`
	Rows   []struct {
		ID     string       `json:"id"`
		Values []view.Float `json:"v"`
	} `json:"rows"`
}

type heatmapPage struct {
	Rank    string           `json:"rank"`
	Taxa    []view.CompTaxon `json:"taxa"`
	Max     view.Float       `json:"max"`
	Total   int              `json:"total"`
	Offset  int              `json:"offset"`
	Samples []string         `json:"samples"`
	Shares  [][]view.Float   `json:"shares"`
	Pixels  string           `json:"pixels"`
}

type rarefactionData struct {
	Available bool `json:"available"`
	Total     int  `json:"total"`
	Steps     int  `json:"steps"`
	Curves    []struct {
		ID     string            `json:"id"`
		Points []view.CurvePoint `json:"points"`
	} `json:"curves"`
}

// Sizes of the views.
const (
	alphaPageSize = 50   // rows of the alpha table per page
	heatPageSize  = 50   // rows of the heatmap's table per page
	heatSVGMax    = 60   // samples up to which the heatmap is SVG (canvas above)
	pcoaSVGMax    = 1500 // points up to which the PCoA is SVG (canvas above)
	pcoaFocusMax  = 300  // points up to which each point is focusable
	// compareSelectMax is the most samples the comparison offers in a
	// list; above, a text field with that many suggestions.
	compareSelectMax = 300
)

// alphaShown are the alpha metrics the table shows: all of the contract
// but gini_simpson, which equals simpson.
func alphaShown(keys []string) []int {
	var out []int
	for k, key := range keys {
		if key != "gini_simpson" {
			out = append(out, k)
		}
	}
	return out
}

// rs returns the research state of the report shown: empty when it
// belongs to another report.
func (a *Analyser) rs() researchState {
	if a.research.rep != a.state.Report {
		return researchState{}
	}
	return a.research
}

// renderResearch is the research mode for multi-sample tables.
func (a *Analyser) renderResearch() app.UI {
	r := a.state.Report
	if r == nil || len(r.SampleOrder) < 2 {
		return app.Div().ID("research")
	}
	l := a.lang()
	s := a.rs()
	return app.Section().ID("research").Class("research").
		DataSet("status", s.Status.String()).DataSet("run", s.Run).Aria("labelledby", "research-title").
		Body(
			app.H3().ID("research-title").Text(l.T("rs.title")),
			app.P().Class("explain").Text(l.T("rs.intro")),
			app.Button().ID("research-open").Class("button").Aria("expanded", strconv.FormatBool(s.Open)).Aria("controls", "research-body").
				Text(l.T(map[bool]string{false: "rs.open", true: "rs.close"}[s.Open])).
				OnClick(a.onResearchToggle),
			app.If(s.Open, func() app.UI {
				return app.Div().ID("research-body").Body(a.researchBody(s))
			}),
		)
}

func (a *Analyser) researchBody(s researchState) app.UI {
	l := a.lang()
	switch {
	case s.Status == StatusFailed:
		return app.P().ID("research-error").Class("error").Role("alert").Text(l.T("rs.failed") + s.Err)
	case s.Sum == nil:
		return app.P().Class("loading").Role("status").Text(l.T("rs.loading", len(a.state.Report.SampleOrder)))
	}
	sum := s.Sum
	tab := s.Tab
	if tab == "" {
		tab = researchTabs[0]
	}
	var panel app.UI
	switch tab {
	case "pcoa":
		panel = a.renderPCoA(s)
	case "heatmap":
		panel = a.renderHeatmap(s)
	case "rarefaction":
		panel = a.renderRarefaction(s)
	case "compare":
		panel = a.renderCompare(s)
	default:
		panel = a.renderAlphaTable(s)
	}
	return app.Div().Body(
		app.P().Class("notes").ID("research-ms").Text(l.T("rs.computed", l.Fixed(sum.MS, 0))),
		app.If(len(sum.Excluded) > 0, func() app.UI {
			return app.P().Class("notes").Text(l.T("rs.excluded", strings.Join(sum.Excluded, ", ")))
		}),
		app.Div().Class("tabs").Role("tablist").Aria("label", l.T("rs.title")).Body(
			app.Range(researchTabs).Slice(func(i int) app.UI {
				t := researchTabs[i]
				tabIndex := -1
				if t == tab {
					tabIndex = 0
				}
				return app.Button().ID("research-tab-"+t).Class("tab").Role("tab").
					Aria("selected", strconv.FormatBool(t == tab)).Aria("controls", "research-panel").
					TabIndex(tabIndex).Text(l.T("rs.tab." + t)).
					OnClick(func(ctx app.Context, e app.Event) { a.research.Tab = t }).
					OnKeyDown(func(ctx app.Context, e app.Event) { a.onTabKey(ctx, e, i) })
			}),
		),
		app.Div().ID("research-panel").Role("tabpanel").Aria("labelledby", "research-tab-"+tab).DataSet("tab", tab).Body(panel),
	)
}

// researchTabs are the views of research mode; one is shown at a time.
var researchTabs = []string{"alpha", "pcoa", "heatmap", "rarefaction", "compare"}

// onTabKey moves between tabs with the arrow, Home and End keys (the WAI-ARIA
// tabs pattern), focusing the new tab.
func (a *Analyser) onTabKey(ctx app.Context, e app.Event, i int) {
	n := len(researchTabs)
	switch e.Get("key").String() {
	case "ArrowRight":
		i = (i + 1) % n
	case "ArrowLeft":
		i = (i + n - 1) % n
	case "Home":
		i = 0
	case "End":
		i = n - 1
	default:
		return
	}
	e.PreventDefault()
	a.research.Tab = researchTabs[i]
	id := "research-tab-" + researchTabs[i]
	ctx.Defer(func(app.Context) {
		if el := app.Window().GetElementByID(id); el.Truthy() {
			el.Call("focus")
		}
	})
}

// twin is a chart's data table, rendered only once opened (big tables
// cost the page time to build).
func (a *Analyser) twin(s researchState, id string, table func() app.UI) app.UI {
	l := a.lang()
	open := s.Twins[id]
	return app.Details().ID(id+"-details").Class("data-table").Open(open).
		On("toggle", func(ctx app.Context, e app.Event) {
			o := ctx.JSSrc().Get("open").Bool()
			if a.research.Twins[id] != o {
				if a.research.Twins == nil {
					a.research.Twins = map[string]bool{}
				}
				a.research.Twins[id] = o
			}
		}).
		Body(
			app.Summary().Text(l.T("rs.table")),
			app.If(open, table),
		)
}

// ---- actions ----

func (a *Analyser) onResearchToggle(ctx app.Context, e app.Event) {
	s := a.rs()
	if s.Open {
		a.research.Open = false
		return
	}
	if s.Sum != nil { // computed before: show it again
		a.research.Open = true
		return
	}
	a.research = researchState{rep: a.state.Report, Open: true, Status: StatusRunning, Run: a.research.Run}
	a.loadResearch(ctx)
}

// researchFail ends a research load with an error.
func (a *Analyser) researchFail(ctx app.Context, msg string) {
	a.research.Status, a.research.Err = StatusFailed, msg
	a.research.Run++
}

// rquery asks the engine a research question and decodes the answer
// into v, then calls then; failures end the load.
func rquery[T any](a *Analyser, ctx app.Context, kind string, params any, then func(ctx app.Context, v *T)) {
	rep := a.state.Report
	a.query(ctx, map[string]any{"kind": kind, "params": params}, func(ctx app.Context, answer string) {
		if a.research.rep != rep {
			return
		}
		var v T
		if err := json.Unmarshal([]byte(answer), &v); err != nil {
			a.researchFail(ctx, "the engine's answer could not be read: "+err.Error())
			return
		}
		then(ctx, &v)
	}, func(ctx app.Context, msg string) {
		if a.research.rep == rep {
			a.researchFail(ctx, msg)
		}
	})
}

// loadResearch fetches the summary, the first alpha page, the heatmap,
// the rarefaction curves and the comparison, one after the other.
func (a *Analyser) loadResearch(ctx app.Context) {
	rquery(a, ctx, "research", nil, func(ctx app.Context, sum *researchSummary) {
		a.research.Sum = sum
		rquery(a, ctx, "research.alpha", map[string]any{"limit": alphaPageSize}, func(ctx app.Context, p *alphaPage) {
			a.research.Alpha = p
			a.loadHeatmap(ctx, 0, func(ctx app.Context) {
				done := func(ctx app.Context) {
					ids := a.state.Report.SampleOrder
					a.loadCompare(ctx, ids[0], ids[1])
					a.research.Status = StatusDone
					a.research.Run++
				}
				if !sum.Integer {
					done(ctx)
					return
				}
				rquery(a, ctx, "research.rarefaction", nil, func(ctx app.Context, r *rarefactionData) {
					a.research.Rare = r
					done(ctx)
				})
			})
		})
	})
}

// heatRank is the rank of the heatmap: the composition's.
func (a *Analyser) heatRank() string { return a.state.Rank }

func (a *Analyser) loadHeatmap(ctx app.Context, offset int, then func(ctx app.Context)) {
	n := len(a.state.Report.SampleOrder)
	pixels := n > heatSVGMax && (a.research.Heat == nil || a.research.Heat.Rank != a.heatRank())
	limit := heatPageSize
	if n <= heatSVGMax {
		limit = n
	}
	prev := a.research.Heat
	rquery(a, ctx, "research.heatmap", map[string]any{"rank": a.heatRank(), "offset": offset, "limit": limit, "pixels": pixels},
		func(ctx app.Context, h *heatmapPage) {
			if !pixels && prev != nil {
				h.Pixels = prev.Pixels
			}
			a.research.Heat = h
			if then != nil {
				then(ctx)
			}
		})
}

func (a *Analyser) loadAlpha(ctx app.Context, sort string, desc bool, offset int) {
	rquery(a, ctx, "research.alpha", map[string]any{"sort": sort, "desc": desc, "offset": offset, "limit": alphaPageSize},
		func(ctx app.Context, p *alphaPage) {
			a.research.Alpha, a.research.Sort, a.research.Desc = p, sort, desc
		})
}

func (a *Analyser) onSort(key string) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		desc := false
		if a.research.Sort == key {
			desc = !a.research.Desc
		} else if key != "sample" && key != "" {
			desc = true // diversity: highest first
		}
		a.loadAlpha(ctx, key, desc, 0)
	}
}

func (a *Analyser) loadCompare(ctx app.Context, x, y string) {
	a.research.CmpA, a.research.CmpB, a.research.Cmp = x, y, nil
	rep := a.state.Report
	queryJSON(a, ctx, map[string]any{"kind": "samples", "samples": []string{x, y}}, func(ctx app.Context, page *samplesPage) {
		if a.research.rep != rep || a.research.CmpA != x || a.research.CmpB != y {
			return
		}
		a.research.Cmp = page.Samples
	}, func(ctx app.Context, msg string) { a.researchFail(ctx, msg) })
}

// ---- the alpha table ----

func (a *Analyser) renderAlphaTable(s researchState) app.UI {
	l := a.lang()
	sum, p := s.Sum, s.Alpha
	if p == nil {
		return app.P().Class("loading").Text(l.T("rs.loading", sum.Samples))
	}
	cols := alphaShown(sum.Keys)
	countOnly := map[string]bool{}
	for _, k := range sum.CountOnly {
		countOnly[k] = true
	}
	sortName := l.T("rs.fileorder")
	if s.Sort == "sample" {
		sortName = l.T("rs.sample")
	} else if s.Sort != "" {
		sortName = l.T("rs.m." + s.Sort)
	}
	from, to := p.Offset, p.Offset+len(p.Rows)
	header := func(key, label string) app.UI {
		sortAttr := "none"
		arrow := ""
		if s.Sort == key {
			sortAttr, arrow = "ascending", " ▲"
			if s.Desc {
				sortAttr, arrow = "descending", " ▼"
			}
		}
		return app.Th().Scope("col").Aria("sort", sortAttr).Body(
			app.Button().Class("sort").DataSet("sort", key).Title(l.T("rs.sortby", label)).
				Text(label + arrow).OnClick(a.onSort(key)),
		)
	}
	return app.Section().ID("research-alpha").Class("research-part").Body(
		app.H4().Text(l.T("rs.alpha")),
		app.P().Class("explain").Text(l.T("rs.alpha.intro")),
		app.If(!sum.Integer, func() app.UI { return app.P().ID("research-countonly").Class("note").Text(l.T("rs.countonly")) }),
		app.P().Class("notes").Text(l.T("rs.undef")),
		a.researchPager("research-alpha", from, to, p.Total, func(ctx app.Context, off int) { a.loadAlpha(ctx, s.Sort, s.Desc, off) }),
		scrollRegion(l, app.Table().ID("research-alpha-table").Class("rtable").
			DataSet("sort", s.Sort).DataSet("desc", strconv.FormatBool(s.Desc)).Body(
			app.Caption().Text(l.T("rs.alpha.cap", p.Total, sortName)),
			app.THead().Body(app.Tr().Body(
				header("sample", l.T("rs.sample")),
				app.Range(cols).Slice(func(i int) app.UI {
					k := sum.Keys[cols[i]]
					return header(k, l.T("rs.m."+k))
				}),
			)),
			app.TBody().Body(app.Range(p.Rows).Slice(func(r int) app.UI {
				row := p.Rows[r]
				return app.Tr().DataSet("sample", row.ID).Body(
					app.Th().Scope("row").Text(row.ID),
					app.Range(cols).Slice(func(i int) app.UI {
						k := sum.Keys[cols[i]]
						v := float64(row.Values[cols[i]])
						td := app.Td().DataSet("metric", k).DataSet("value", full(v))
						if math.IsNaN(v) {
							why := l.T("rs.undef.value")
							if countOnly[k] && !sum.Integer {
								why = l.T("rs.undef.count")
							}
							return td.Title(why).Text("–")
						}
						return td.Text(alphaText(l, k, v))
					}),
				)
			})),
		)),
		app.Div().Class("exports").Role("group").Aria("label", l.T("rs.exports")).Body(
			app.Button().ID("research-alpha-csv").Class("button").Text(l.T("rs.csv")).
				OnClick(a.onExport("alpha-csv", "", "alpha-diversity.csv", "text/csv")),
			app.Button().ID("research-json").Class("button").Text(l.T("rs.json")).
				OnClick(a.onExport("diversity-json", "", "diversity.json", "application/json")),
		),
	)
}

// alphaText shows a metric: whole numbers as such, others with 3 decimals
// (4 for Good's coverage, which is close to 1).
func alphaText(l Lang, key string, v float64) string {
	switch {
	case key == "goods_coverage":
		return l.Fixed(v, 4)
	case v == math.Trunc(v) && math.Abs(v) < 1e15:
		return l.Fixed(v, 0)
	}
	return l.Fixed(v, 3)
}

// researchPager is a previous/next pager over total rows.
func (a *Analyser) researchPager(id string, from, to, total int, goTo func(ctx app.Context, offset int)) app.UI {
	l := a.lang()
	if total <= to-from && from == 0 {
		return app.Text("")
	}
	size := max(to-from, 1)
	return app.Nav().Class("pager").Aria("label", l.T("rs.pages")).Body(
		app.Button().ID(id+"-prev").Class("button").Disabled(from == 0).Text(l.T("rs.prev")).
			OnClick(func(ctx app.Context, e app.Event) { goTo(ctx, max(0, from-alphaPageSize)) }),
		app.Span().ID(id+"-info").Text(l.T("rs.rows", from+1, to, total)),
		app.Button().ID(id+"-next").Class("button").Disabled(to >= total).Text(l.T("rs.next")).
			OnClick(func(ctx app.Context, e app.Event) { goTo(ctx, from+size) }),
	)
}

// ---- comparison ----

func (a *Analyser) renderCompare(s researchState) app.UI {
	l := a.lang()
	ids := a.state.Report.SampleOrder
	known := func(id string) bool { _, ok := a.state.Report.Samples[id]; return ok }
	sel := func(id, label, value string, onChange func(ctx app.Context, v string)) app.UI {
		change := func(ctx app.Context, e app.Event) {
			if v := ctx.JSSrc().Get("value").String(); known(v) {
				onChange(ctx, v)
			}
		}
		if len(ids) > compareSelectMax {
			// Thousands of options would cost the page seconds: a text
			// field with suggestions instead.
			return app.Div().Class("field").Body(
				app.Label().For(id).Text(label),
				app.Input().Type("text").ID(id).List("research-cmp-ids").Value(value).
					AutoComplete(false).Spellcheck(false).OnChange(change),
			)
		}
		return app.Div().Class("field").Body(
			app.Label().For(id).Text(label),
			app.Select().ID(id).OnChange(change).Body(
				app.Range(ids).Slice(func(i int) app.UI {
					return app.Option().Value(ids[i]).Selected(ids[i] == value).Text(ids[i])
				}),
			),
		)
	}
	return app.Section().ID("research-compare").Class("research-part").Body(
		app.H4().Text(l.T("rs.cmp")),
		app.Div().Class("controls").Body(
			sel("research-cmp-a", l.T("rs.cmp.a"), s.CmpA, func(ctx app.Context, v string) { a.loadCompare(ctx, v, a.research.CmpB) }),
			sel("research-cmp-b", l.T("rs.cmp.b"), s.CmpB, func(ctx app.Context, v string) { a.loadCompare(ctx, a.research.CmpA, v) }),
		),
		app.If(len(ids) > compareSelectMax, func() app.UI {
			return app.Div().Body(
				app.P().Class("notes").Text(l.T("rs.cmp.type", len(ids))),
				app.DataList().ID("research-cmp-ids").Body(app.Range(ids[:compareSelectMax]).Slice(func(i int) app.UI {
					return app.Option().Value(ids[i])
				})),
			)
		}),
		app.If(s.Cmp == nil, func() app.UI {
			return app.P().Class("loading").Text(l.T("rs.cmp.loading"))
		}).Else(func() app.UI { return compareTable(l, s.CmpA, s.CmpB, s.Cmp) }),
	)
}

// compareTable lists the union of two samples' top taxa with each share.
func compareTable(l Lang, x, y string, m map[string]*view.Sample) app.UI {
	type row struct {
		name, lineage string
		share         [2]float64
	}
	var rows []*row
	byName := map[string]*row{}
	for side, id := range []string{x, y} {
		s := m[id]
		if s == nil {
			continue
		}
		for _, t := range s.Top {
			r := byName[t.Name]
			if r == nil {
				r = &row{name: t.Name, lineage: t.Lineage, share: [2]float64{math.NaN(), math.NaN()}}
				byName[t.Name] = r
				rows = append(rows, r)
			}
			r.share[side] = float64(t.Share)
		}
	}
	cell := func(v float64) app.UI {
		if math.IsNaN(v) {
			return app.Td().DataSet("share", "null").Class("muted").Text(l.T("rs.cmp.nottop", view.TopN))
		}
		return app.Td().DataSet("share", full(v)).Text(l.Percent(view.Float(v)))
	}
	return scrollRegion(l, app.Table().ID("research-compare-table").Class("rtable").Body(
		app.Caption().Text(l.T("rs.cmp.cap", x, y)),
		app.THead().Body(app.Tr().Body(
			app.Th().Scope("col").Text(l.T("top.taxon")),
			app.Th().Scope("col").Text(x),
			app.Th().Scope("col").Text(y),
		)),
		app.TBody().Body(app.Range(rows).Slice(func(i int) app.UI {
			r := rows[i]
			return app.Tr().DataSet("taxon", r.name).Body(
				app.Th().Scope("row").Title(r.lineage).Text(r.name),
				cell(r.share[0]), cell(r.share[1]),
			)
		})),
	))
}

// pct is a proportion as a percentage with one decimal.
func pct(l Lang, v view.Float) string { return l.Fixed(100*float64(v), 1) + " %" }
