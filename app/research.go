package app

import (
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"fmt"
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

	// The windows of rows asked of the engine and not yet come.
	alphaAsked, heatAsked asked
}

// asked is the window of rows a virtualised table asked the engine for and
// has not yet got, if any.
type asked struct {
	pending       bool
	offset, limit int
}

// next returns the window to ask for so that rows [from, to) come: rowWindow
// rows (more while the page is prepared for printing) around them; false
// when the window already asked for holds them. It records the window.
func (w *asked) next(from, to int) (offset, limit int, ok bool) {
	if w.pending && from >= w.offset && to <= w.offset+w.limit {
		return 0, 0, false
	}
	limit = max(rowWindow, to-from)
	offset = max(0, from-(limit-(to-from))/2)
	*w = asked{pending: true, offset: offset, limit: limit}
	return offset, limit, true
}

// came marks the window at offset as answered, unless another was asked
// since.
func (w *asked) came(offset int) {
	if w.pending && w.offset == offset {
		w.pending = false
	}
}

// askRows asks the engine (request kind, with params and the window) for
// the window of a virtualised table's rows that w says to ask for so that
// rows [from, to) come, if any; when the page comes for the report still
// shown, it marks the window answered and hands the page to keep, which
// takes it if it still fits the table (sort, rank) on screen.
func askRows[P any](a *Analyser, ctx app.Context, w *asked, from, to int, kind string, params map[string]any, keep func(*P)) {
	offset, limit, ok := w.next(from, to)
	if !ok {
		return
	}
	params["offset"], params["limit"] = offset, limit
	rep := a.research.rep
	a.ask(ctx, map[string]any{"kind": kind, "params": params},
		func(answer string) (any, error) { return decodeJSON[P](answer) },
		func(ctx app.Context, v any) {
			if a.research.rep != rep {
				return
			}
			a.keepParent()
			w.came(offset)
			keep(v.(*P))
		},
		func(ctx app.Context, msg string) {
			if a.research.rep == rep {
				a.researchFail(ctx, msg)
			}
		})
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
	// Samples and XY are the points, packed by the engine (see unpack).
	Samples string `json:"samples"`
	XY      string `json:"xy"`
	// The points, unpacked: their samples and first two coordinates (Y
	// NaN when there is one axis only).
	IDs  []string  `json:"-"`
	X, Y []float64 `json:"-"`
}

type pcoaField struct {
	Name   string   `json:"name"`
	Levels []string `json:"levels"`
	Packed string   `json:"of"` // see unpack
	Of     []int    `json:"-"`  // per PCoA point: index into Levels
}

// unpack reads the summary's packed PCoA points (wasm/engine/research.go):
// base64 of little-endian numbers, the samples as uint32 indices into the
// report's sample order, the coordinates as float64 pairs x y, each
// field's levels as one byte per point. The engine sends them so because
// the page reads them at once, where 5,452 points as JSON numbers and
// strings took its decoder 50 ms (issue 6).
func (s *researchSummary) unpack(order []string) error {
	p := s.PCoA
	if p == nil {
		return nil
	}
	at, err := base64.StdEncoding.DecodeString(p.Samples)
	if err != nil {
		return fmt.Errorf("PCoA samples: %w", err)
	}
	xy, err := base64.StdEncoding.DecodeString(p.XY)
	if err != nil {
		return fmt.Errorf("PCoA coordinates: %w", err)
	}
	n := len(at) / 4
	if len(at)%4 != 0 || len(xy) != 16*n {
		return fmt.Errorf("PCoA of %d sample bytes and %d coordinate bytes", len(at), len(xy))
	}
	p.IDs, p.X, p.Y = make([]string, n), make([]float64, n), make([]float64, n)
	for i := range n {
		k := binary.LittleEndian.Uint32(at[4*i:])
		if int(k) >= len(order) {
			return fmt.Errorf("PCoA point %d is sample %d of %d", i, k, len(order))
		}
		p.IDs[i] = order[k]
		p.X[i] = math.Float64frombits(binary.LittleEndian.Uint64(xy[16*i:]))
		p.Y[i] = math.Float64frombits(binary.LittleEndian.Uint64(xy[16*i+8:]))
	}
	p.Samples, p.XY = "", ""
	for f := range s.Fields {
		fd := &s.Fields[f]
		of, err := base64.StdEncoding.DecodeString(fd.Packed)
		if err != nil || len(of) != n {
			return fmt.Errorf("levels of %s: %d for %d points (%v)", fd.Name, len(of), n, err)
		}
		fd.Of = make([]int, n)
		for i, k := range of {
			if int(k) >= len(fd.Levels) {
				return fmt.Errorf("point %d has level %d of %d levels of %s", i, k, len(fd.Levels), fd.Name)
			}
			fd.Of[i] = int(k)
		}
		fd.Packed = ""
	}
	return nil
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
	// Pixels is the whole heatmap, one RGBA pixel per cell, for a canvas
	// (research.heatmap.pixels); nil for an SVG heatmap.
	Pixels []byte `json:"-"`
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
	rowWindow    = 150  // rows of a table asked of the engine at a time
	heatSVGMax   = 60   // samples up to which the heatmap is SVG (canvas above)
	pcoaSVGMax   = 1500 // points up to which the PCoA is SVG (canvas above)
	pcoaFocusMax = 300  // points up to which each point is focusable
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
			}).Else(func() app.UI {
				return app.P().ID("research-print").Class("print-note print-only").Text(l.T("rs.print.closed"))
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
	var others []string
	for _, t := range researchTabs {
		if t != tab {
			others = append(others, l.T("rs.tab."+t))
		}
	}
	return app.Div().Body(
		app.P().Class("notes").ID("research-ms").Text(l.T("rs.computed", l.Fixed(sum.MS, 0))),
		// One view is shown, and printed, at a time: the printout says which.
		app.P().ID("research-print").Class("print-note print-only").DataSet("tab", tab).
			Text(l.T("rs.print.tab", l.T("rs.tab."+tab), strings.Join(others, ", "))),
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
// cost the page time to build). Closed, it is not printed (gutlens.css):
// a print-only note beside it says so and names its CSV download, csv.
func (a *Analyser) twin(s researchState, id, csv string, table func() app.UI) app.UI {
	l := a.lang()
	open := s.Twins[id]
	return app.Div().Class("twin").Body(
		app.Details().ID(id+"-details").Class("data-table").Open(open).
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
			),
		app.If(!open, func() app.UI {
			return app.P().ID(id + "-print").Class("print-note print-only").Text(l.T("rs.print.twin", l.T("rs.csv"), csv))
		}),
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

// unpacker is an answer with parts to read after its JSON (a summary).
type unpacker interface {
	unpack(order []string) error
}

// rquery asks the engine a research question and decodes the answer into
// a T, in the task of the engine's message, then calls then in a task of
// its own (see sendQuery); failures end the load.
func rquery[T any](a *Analyser, ctx app.Context, kind string, params any, then func(ctx app.Context, v *T)) {
	rep := a.state.Report
	a.sendQuery(ctx, map[string]any{"kind": kind, "params": params}, func(answer string) (any, error) {
		v := new(T)
		err := json.Unmarshal([]byte(answer), v)
		if u, ok := any(v).(unpacker); ok && err == nil {
			err = u.unpack(rep.SampleOrder)
		}
		if err != nil {
			return nil, fmt.Errorf("the engine's answer could not be read: %w", err)
		}
		return v, nil
	}, func(ctx app.Context, v any) {
		if a.research.rep == rep {
			then(ctx, v.(*T))
		}
	}, func(ctx app.Context, msg string) {
		if a.research.rep == rep {
			a.researchFail(ctx, msg)
		}
	})
}

// loadResearch fetches the summary and the first rows of the alpha table
// and shows them, then fetches the heatmap, the rarefaction curves and the
// comparison, one after the other, and marks the load done. Each answer is
// decoded in a task of its own, and only those that change what is shown
// render the report again: a render of the whole report costs the page
// some 10 ms, and its garbage brings the next collection nearer, which
// for the largest corpus table is a task of 60–110 ms.
func (a *Analyser) loadResearch(ctx app.Context) {
	rquery(a, ctx, "research", nil, func(ctx app.Context, sum *researchSummary) {
		a.research.Sum = sum
		a.keepParent() // shown with the first rows
		rquery(a, ctx, "research.alpha", map[string]any{"limit": rowWindow}, func(ctx app.Context, p *alphaPage) {
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
				a.quietUnless("heatmap")
				rquery(a, ctx, "research.rarefaction", nil, func(ctx app.Context, r *rarefactionData) {
					a.research.Rare = r
					done(ctx)
				})
			})
		})
	})
}

// quietUnless leaves the report as it is (keepParent) unless tab is shown:
// for an answer that only that tab shows.
func (a *Analyser) quietUnless(tab string) {
	if t := a.research.Tab; t != tab && (t != "" || tab != researchTabs[0]) {
		a.keepParent()
	}
}

// heatRank is the rank of the heatmap: the composition's.
func (a *Analyser) heatRank() string { return a.state.Rank }

func (a *Analyser) loadHeatmap(ctx app.Context, offset int, then func(ctx app.Context)) {
	n := len(a.state.Report.SampleOrder)
	rank := a.heatRank()
	pixels := n > heatSVGMax && (a.research.Heat == nil || a.research.Heat.Rank != rank)
	limit := rowWindow
	if n <= heatSVGMax {
		limit = n
	}
	prev := a.research.Heat
	show := func(ctx app.Context, h *heatmapPage) {
		a.research.Heat = h
		if then != nil {
			then(ctx)
		}
	}
	rquery(a, ctx, "research.heatmap", map[string]any{"rank": rank, "offset": offset, "limit": limit},
		func(ctx app.Context, h *heatmapPage) {
			if !pixels {
				if prev != nil {
					h.Pixels = prev.Pixels
				}
				show(ctx, h)
				return
			}
			// The picture is base64 text, decoded in the task of its message.
			rep := a.research.rep
			a.sendQuery(ctx, map[string]any{"kind": "research.heatmap.pixels", "params": map[string]any{"rank": rank}},
				func(answer string) (any, error) { return base64.StdEncoding.DecodeString(answer) },
				func(ctx app.Context, v any) {
					if a.research.rep == rep {
						h.Pixels = v.([]byte)
						show(ctx, h)
					}
				},
				func(ctx app.Context, msg string) {
					if a.research.rep == rep {
						a.researchFail(ctx, msg)
					}
				})
		})
}

func (a *Analyser) loadAlpha(ctx app.Context, sort string, desc bool, offset int) {
	rquery(a, ctx, "research.alpha", map[string]any{"sort": sort, "desc": desc, "offset": offset, "limit": rowWindow},
		func(ctx app.Context, p *alphaPage) {
			a.research.Alpha, a.research.Sort, a.research.Desc, a.research.alphaAsked = p, sort, desc, asked{}
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
		a.quietUnless("compare")
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
	if p.Sort == "sample" {
		sortName = l.T("rs.sample")
	} else if p.Sort != "" {
		sortName = l.T("rs.m." + p.Sort)
	}
	header := func(key, label string) app.UI {
		sortAttr, arrow := "none", ""
		if p.Sort == key {
			sortAttr, arrow = "ascending", " ▲"
			if p.Desc {
				sortAttr, arrow = "descending", " ▼"
			}
		}
		return app.Th().Scope("col").Aria("sort", sortAttr).Body(
			app.Button().Class("sort").DataSet("sort", key).Title(l.T("rs.sortby", label)).
				Text(label+arrow).OnClick(a.onSort(key)),
			// Printed instead of the button: Chromium does not repeat a
			// table header holding a button on each printed page.
			app.Span().Class("print-label").Text(label+arrow),
		)
	}
	head := []app.UI{header("sample", l.T("rs.sample"))}
	for _, c := range cols {
		k := sum.Keys[c]
		head = append(head, header(k, l.T("rs.m."+k)))
	}
	row := func(i int) app.HTMLTr {
		w := a.research.Alpha // the window at hand now (needAlpha)
		k := i - w.Offset
		if k < 0 || k >= len(w.Rows) {
			return nil
		}
		r := w.Rows[k]
		cells := make([]app.UI, 0, len(cols)+1)
		cells = append(cells, app.Th().Scope("row").Text(r.ID))
		for _, c := range cols {
			key := sum.Keys[c]
			v := float64(r.Values[c])
			td := app.Td().DataSet("metric", key).DataSet("value", full(v))
			if math.IsNaN(v) {
				why := l.T("rs.undef.value")
				if countOnly[key] && !sum.Integer {
					why = l.T("rs.undef.count")
				}
				cells = append(cells, td.Title(why).Text("–"))
				continue
			}
			cells = append(cells, td.Text(alphaText(l, key, v)))
		}
		return app.Tr().DataSet("sample", r.ID).Body(cells...)
	}
	return app.Section().ID("research-alpha").Class("research-part").Body(
		app.H4().Text(l.T("rs.alpha")),
		app.P().Class("explain").Text(l.T("rs.alpha.intro")),
		app.If(!sum.Integer, func() app.UI { return app.P().ID("research-countonly").Class("note").Text(l.T("rs.countonly")) }),
		app.P().Class("notes").Text(l.T("rs.undef")),
		&vtable{ID: "research-alpha-table", Label: l.T("rs.box", l.T("rs.alpha"), p.Total),
			Caption: l.T("rs.alpha.cap", p.Total, sortName),
			Data:    []string{"sort", p.Sort, "desc", strconv.FormatBool(p.Desc)},
			Order:   p.Sort + " " + strconv.FormatBool(p.Desc), Total: p.Total, Cols: len(cols) + 1,
			Head: head, Row: row, Need: a.needAlpha, Print: a.printing(p.Total), CSV: "alpha-diversity.csv", an: a},
		app.Div().Class("exports").Role("group").Aria("label", l.T("rs.exports")).Body(
			app.Button().ID("research-alpha-csv").Class("button").Text(l.T("rs.csv")).
				DataSet("what", "alpha-csv").DataSet("name", "alpha-diversity.csv").DataSet("mime", "text/csv").OnClick(a.onExport),
			app.Button().ID("research-json").Class("button").Text(l.T("rs.json")).
				DataSet("what", "diversity-json").DataSet("name", "diversity.json").DataSet("mime", "application/json").OnClick(a.onExport),
		),
	)
}

// needAlpha asks the engine for a window of the alpha table's rows around
// rows [from, to), unless they are at hand or asked for. The answer comes
// through ctx, the table's own context, and renders the table alone.
func (a *Analyser) needAlpha(ctx app.Context, from, to int) {
	p := a.research.Alpha
	if p == nil || from >= p.Offset && to <= p.Offset+len(p.Rows) {
		return
	}
	askRows(a, ctx, &a.research.alphaAsked, from, to, "research.alpha", map[string]any{"sort": p.Sort, "desc": p.Desc},
		func(w *alphaPage) {
			if cur := a.research.Alpha; cur != nil && cur.Sort == w.Sort && cur.Desc == w.Desc {
				a.research.Alpha = w
			}
		})
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
