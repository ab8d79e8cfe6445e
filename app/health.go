package app

import (
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/gutlens/gutlens/analysis/report/view"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

func init() {
	addMessages(map[string][2]string{
		"health.title":     {"What it may mean for you", "Wat het voor u kan betekenen"},
		"health.sample":    {"Sample", "Monster"},
		"health.loading":   {"Loading the health sections…", "De gezondheidsonderdelen worden geladen…"},
		"health.indices":   {"Health indices", "Gezondheidsindexen"},
		"health.na":        {"does not apply", "niet van toepassing"},
		"health.grade":     {"Evidence %v", "Bewijs %v"},
		"health.sources":   {"Sources", "Bronnen"},
		"health.none":      {"No statements for this sample.", "Geen uitspraken voor dit monster."},
		"health.gradeHelp": {"Evidence grades: A strong (trials or consistent large studies), B moderate, C limited (small or animal studies), D weak or conflicting.", "Bewijsniveaus: A sterk (proeven of veel grote studies), B redelijk, C beperkt (kleine of dierstudies), D zwak of tegenstrijdig."},
	})
}

// renderHealth shows the health sections of one sample of the page: the
// indices, then per area the cited, graded statements, rendered by the
// engine in the page's language.
func (a *Analyser) renderHealth() app.UI {
	l := a.lang()
	s := a.state
	h := s.Health
	ids := s.pageIDs(s.Page)
	if s.Report == nil || s.Report.Health == nil || len(ids) == 0 {
		return app.Div().ID("health")
	}
	id := s.HealthSample
	if id == "" {
		id = ids[0]
	}
	return app.Section().ID("health").DataSet("sample", id).Body(
		app.H3().Text(l.T("health.title")),
		app.If(len(ids) > 1, func() app.UI {
			return app.Div().Class("controls").Body(
				app.Label().For("health-sample").Text(l.T("health.sample")+" "),
				app.Select().ID("health-sample").OnChange(a.onHealthSample).Body(
					app.Range(ids).Slice(func(i int) app.UI {
						return app.Option().Value(ids[i]).Selected(ids[i] == id).Text(ids[i])
					}),
				),
			)
		}),
		app.If(h == nil, func() app.UI {
			return app.P().Class("loading").Text(l.T("health.loading"))
		}).Else(func() app.UI {
			return app.Div().Body(
				&HealthPanel{Lang: l, View: h, ID: id, Shown: s.HealthShown},
				&EnterotypePanel{Lang: l, View: s.Enterotypes, ID: id},
			)
		}),
	)
}

// HealthPanel is one sample's health view: a component, rebuilt only when
// its inputs change. Shown statements are built (a few per frame).
type HealthPanel struct {
	app.Compo
	Lang  Lang
	View  *view.HealthView
	ID    string
	Shown int
}

func (p *HealthPanel) Render() app.UI {
	l, h, id, shown := p.Lang, p.View, p.ID, p.Shown
	sv := h.Samples[id]
	return app.Div().Body(
		app.P().Class("health-disclaimer").Role("note").Text(h.Disclaimer),
		app.Range(h.Notes).Slice(func(i int) app.UI { return app.P().Class("note").Text(h.Notes[i]) }),
		app.If(sv == nil, func() app.UI {
			return app.P().Text(l.T("health.none"))
		}).Else(func() app.UI {
			return app.Div().Body(
				&ScoreCards{Lang: l, Sample: id, Cards: sv.Cards},
				app.If(len(sv.Indices) > 0, func() app.UI {
					return app.Dl().Class("indices").Aria("label", l.T("health.indices")).Body(
						app.Range(sv.Indices).Slice(func(i int) app.UI {
							x := sv.Indices[i]
							val := l.Fixed(float64(x.Value), 3)
							if math.IsNaN(float64(x.Value)) {
								val = l.T("health.na")
							}
							return app.Div().Class("index").DataSet("index", x.Key).DataSet("status", x.Status).Body(
								app.Dt().Text(x.Name),
								app.Dd().DataSet("value", full(float64(x.Value))).Title(x.Note).Text(val),
							)
						}),
					)
				}),
				app.Range(sv.Sections).Slice(func(i int) app.UI {
					before := 0 // statements in the sections above
					for _, s := range sv.Sections[:i] {
						before += len(s.Statements)
					}
					sec := &sv.Sections[i]
					return &HealthSection{Lang: l, Sample: id, Section: sec, Pending: before >= shown, Shown: max(0, min(len(sec.Statements), shown-before))}
				}),
				app.P().Class("grades").Text(l.T("health.gradeHelp")),
			)
		}),
	)
}

// HealthSection is one area of a health view with its first Shown
// statements (none while Pending): a component, so that revealing
// statements rebuilds only the section they are added to. Each statement
// has the id statementAnchor(Sample, its id), which the score cards link to.
type HealthSection struct {
	app.Compo
	Lang    Lang
	Sample  string
	Section *view.SectionView
	Pending bool
	Shown   int
}

func (c *HealthSection) Render() app.UI {
	sec, l := c.Section, c.Lang
	if c.Pending {
		return app.Section().Class("health-section pending").DataSet("section", sec.ID)
	}
	return app.Section().Class("health-section").DataSet("section", sec.ID).Body(
		app.H4().Text(sec.Title),
		app.Ul().Body(app.Range(sec.Statements[:c.Shown]).Slice(func(k int) app.UI {
			return statement(l, sec.Statements[k], statementAnchor(c.Sample, sec.Statements[k].ID))
		})),
	)
}

// statement is one statement with its evidence grade and sources; anchor,
// when not "", is its id, and it can take the focus there (a score card's
// link moves it).
func statement(l Lang, st view.StatementView, anchor string) app.UI {
	li := app.Li()
	if anchor != "" {
		li = li.ID(anchor).TabIndex(-1)
	}
	return li.Class("statement").DataSet("statement", st.ID).DataSet("grade", st.Grade).DataSet("evidence", st.Evidence).Body(
		app.P().Text(st.Text),
		app.Range(st.Explain).Slice(func(i int) app.UI { return app.P().Class("explain-taxon").Text(st.Explain[i]) }),
		app.P().Class("evidence").Body(
			app.Span().Class("grade grade-"+strings.ToLower(st.Grade)).Text(l.T("health.grade", st.Grade)),
			app.Span().Class("evidence-kind").Text(st.EvidenceText),
		),
		app.P().Class("sources").Body(
			app.Text(l.T("health.sources")+": "),
			app.Range(st.Citations).Slice(func(i int) app.UI {
				c := st.Citations[i]
				sep := "; "
				if i == len(st.Citations)-1 {
					sep = ""
				}
				return app.A().Href("https://doi.org/" + c.DOI).Target("_blank").Rel("noopener noreferrer").
					Title(c.Journal).Text(c.Author + " " + strconv.Itoa(c.Year) + sep)
			}),
		),
	)
}

func (a *Analyser) onHealthSample(ctx app.Context, e app.Event) {
	id := ctx.JSSrc().Get("value").String()
	a.state.HealthSample = id
	a.showHealth(ctx, id, a.completeRun) // it may replace the first sample's build
}

// showHealth fetches the health view of sample id (the engine renders one
// sample's statements: some 16 kB of JSON) and shows it; then calls then.
func (a *Analyser) showHealth(ctx app.Context, id string, then func(ctx app.Context)) {
	a.state.Health, a.state.Enterotypes, a.state.HealthShown = nil, nil, 0
	a.loadHealth(ctx, []string{id}, func(ctx app.Context, h *healthAnswer) {
		if a.state.HealthSample == id {
			a.revealHealth(ctx, id, h, then)
		} // else another sample or page was chosen meanwhile
	})
}

// revealHealth shows the health view h of sample id, a few statements
// per frame; then calls then.
func (a *Analyser) revealHealth(ctx app.Context, id string, h *healthAnswer, then func(ctx app.Context)) {
	a.state.Health, a.state.Enterotypes, a.state.HealthShown = &h.Health, h.Enterotypes, 0
	a.reveal(ctx, &a.state.HealthShown, healthStatements(&h.Health, []string{id}), statementBatch, then)
}

// healthAnswer is the engine's answer to a "health" query.
type healthAnswer struct {
	Health      view.HealthView      `json:"health"`
	Enterotypes *view.EnterotypeView `json:"enterotypes"`
}

// loadHealth fetches the health view of the samples ids in the page's
// language.
func (a *Analyser) loadHealth(ctx app.Context, ids []string, then func(ctx app.Context, h *healthAnswer)) {
	queryJSON(a, ctx, map[string]any{"kind": "health", "samples": ids, "params": map[string]string{"lang": string(a.lang())}},
		then, func(ctx app.Context, msg string) { a.fail(ctx, a.state.File, msg) })
}

// statementBatch is the most health statements one frame builds.
const statementBatch = 8

// healthStatements counts the statements the health view shows for the
// first of ids (the sample shown first).
func healthStatements(h *view.HealthView, ids []string) int {
	n := 0
	for _, id := range ids {
		if sv := h.Samples[id]; sv != nil {
			for _, sec := range sv.Sections {
				n += len(sec.Statements)
			}
		}
		break
	}
	return n
}

// EnterotypePanel shows where a sample sits between the reference
// community types: weights as one bar (a continuum), the closest type and
// how clearly, and the cited statements.
type EnterotypePanel struct {
	app.Compo
	Lang Lang
	View *view.EnterotypeView
	ID   string
}

func (p *EnterotypePanel) Render() app.UI {
	v := p.View
	if v == nil {
		return app.Div().ID("enterotype")
	}
	l := p.Lang
	sv := v.Samples[p.ID]
	var types []string
	for id := range v.Types {
		types = append(types, id)
	}
	sort.Strings(types)
	return app.Section().ID("enterotype").DataSet("status", v.Status).Body(
		app.H4().Text(v.Title),
		// A statement is a list item: the framing one gets a list of its own.
		app.If(v.Framing != nil, func() app.UI { return app.Ul().Class("framing").Body(statement(l, *v.Framing, "")) }),
		app.If(sv == nil || !sv.Placed, func() app.UI {
			reason := v.Reason
			if sv != nil && sv.NotPlaced != "" {
				reason = sv.NotPlaced
			}
			return app.P().Class("note").Text(reason)
		}).Else(func() app.UI {
			cols := colours(types)
			x := 0.0
			var rects []app.UI
			for k, id := range types {
				w := 100 * float64(sv.Weights[id])
				rects = append(rects, svgElem("rect").Attr("x", strconv.FormatFloat(x, 'f', 2, 64)).
					Attr("width", strconv.FormatFloat(w, 'f', 2, 64)).Attr("height", "1").Attr("fill", cols[k]))
				x += w
			}
			return app.Div().Body(
				svgElem("svg").Class("continuum").Attr("viewBox", "0 0 100 1").Attr("preserveAspectRatio", "none").
					Aria("hidden", "true").Body(rects...),
				app.Ul().Class("legend").Body(app.Range(types).Slice(func(i int) app.UI {
					return app.Li().DataSet("type", types[i]).DataSet("weight", full(float64(sv.Weights[types[i]]))).Body(
						svgElem("svg").Class("swatch").Attr("viewBox", "0 0 1 1").Aria("hidden", "true").Body(
							svgElem("rect").Attr("width", "1").Attr("height", "1").Attr("fill", cols[i])),
						app.Text(v.Types[types[i]]+" "+l.Percent(sv.Weights[types[i]])),
					)
				})),
				app.Range(sv.Notes).Slice(func(i int) app.UI { return app.P().Class("note").Text(sv.Notes[i]) }),
				app.Ul().Body(app.Range(sv.Statements).Slice(func(i int) app.UI { return statement(l, sv.Statements[i], "") })),
			)
		}),
	)
}
