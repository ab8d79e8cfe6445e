package app

import (
	"fmt"
	"math"
	"strconv"

	"github.com/gutlens/gutlens/analysis/report/view"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// SampleURL is the bundled sample dataset, made by testdata/make_sample.py.
const SampleURL = "/web/sample/gutlens-sample.biom"

// NoticesURL is the text file, written by web/site when the site is built,
// with the sources and licences of the data the analysis ships.
const NoticesURL = "/web/notices.txt"

// pageSize is how many sample cards a page shows.
const pageSize = 12

// maxFileBytes mirrors format.MaxInputBytes: larger files are refused
// before they are read.
const maxFileBytes = 512 << 20

// Analyser is the page: a drop zone, a file picker, the sample button, and
// the first report.
type Analyser struct {
	app.Compo
	Lang     Lang // set by the route
	state    State
	research researchState // research.go
	history  historyState  // history.go
	print    printState    // print.go

	// mountCtx is the component's own context from OnMount. Answers that
	// arrive later (engine, IndexedDB) dispatch through it: a context from
	// an event names the element that fired it, and go-app drops dispatches
	// whose element has since left the page (a confirm button, say).
	mountCtx app.Context
	mounted  bool

	// pageBuild counts the pages asked for; a page's progressive build
	// stops when another is asked for (showPage).
	pageBuild int
	// sortAsked counts the sample orders asked for; only the answer to
	// the last is used (composition.go).
	sortAsked int
}

// stable returns a context that stays valid while the component is
// mounted, for callbacks that arrive after ctx's element may be gone.
func (a *Analyser) stable(ctx app.Context) app.Context {
	if a.mounted {
		return a.mountCtx
	}
	return ctx
}

func (a *Analyser) OnMount(ctx app.Context) {
	a.mountCtx, a.mounted = ctx, true
	a.listenAfterPrint(ctx)
	if e := app.Window().Get("gutlensEngine"); e.Truthy() {
		e.Call("warm")
	}
	// Test and measurement hooks: read-only flags, no data.
	app.Window().Set("gutlensReadyAt", app.Window().Get("performance").Call("now"))
	app.Window().Set("gutlensReady", true)
	a.setDocumentLang()
}

// setDocumentLang gives the document the page's language and title, so
// screen readers pronounce the text in its language (WCAG 3.1.1). OnMount
// and OnNav call it: the language links navigate inside the app, where the
// same component only gets another Lang and OnMount does not run again.
func (a *Analyser) setDocumentLang() {
	doc := app.Window().Get("document")
	doc.Get("documentElement").Call("setAttribute", "lang", string(a.lang()))
	doc.Set("title", a.lang().T("page.title"))
}

func (a *Analyser) lang() Lang {
	if a.Lang == "" {
		return EN
	}
	return a.Lang
}

func (a *Analyser) Render() app.UI {
	s := a.state
	l := a.lang()
	return app.Main().ID("gutlens").Body(
		app.Header().Class("masthead").Body(
			app.H1().Text("Gutlens"),
			app.P().Class("tagline").Text(l.T("tagline")),
			a.langSwitch(),
		),
		a.renderInput(),
		a.renderStatus(),
		a.renderMapping(),
		app.If(s.Report != nil && s.Status != StatusFailed, func() app.UI { return a.renderReport() }),
		app.Footer().Class("disclaimer").Body(
			app.P().ID("disclaimer").Text(l.T("disclaimer")),
			app.P().Class("notices").Body(app.A().ID("notices").Href(NoticesURL).Text(l.T("footer.notices"))),
		),
	)
}

func (a *Analyser) renderInput() app.UI {
	l := a.lang()
	running := a.state.Status == StatusRunning
	return app.Section().ID("drop").Class("drop").
		Aria("label", l.T("drop.label")).
		OnDragOver(func(ctx app.Context, e app.Event) { e.PreventDefault() }).
		OnDrop(a.onDrop).
		Body(
			app.P().Class("drop-title").Text(l.T("drop.title")),
			app.P().Class("drop-hint").Text(l.T("drop.hint")),
			app.Div().Class("actions").Body(
				app.Label().For("file").Class("button primary").Text(l.T("drop.choose")),
				app.Input().Type("file").ID("file").Class("visually-hidden").Multiple(true).
					Disabled(running).OnChange(a.onChoose),
				app.Button().ID("try-sample").Class("button").Disabled(running).
					Text(l.T("drop.sample")).OnClick(a.onSample),
			),
		)
}

func (a *Analyser) renderStatus() app.UI {
	s := a.state
	l := a.lang()
	return app.Div().ID("status").Role("status").Aria("live", "polite").
		DataSet("status", s.Status.String()).DataSet("run", s.Run).
		Body(
			app.If(s.Status == StatusRunning, func() app.UI {
				return app.Div().Class("progress").Body(
					app.Label().For("progress").Text(l.T("status.analysing", s.File, l.T(stageKey(s.Stage)))),
					app.Progress().ID("progress").Max(1).Value(fmt.Sprint(s.Done)),
				)
			}),
			app.If(s.Status == StatusFailed, func() app.UI {
				return app.Div().ID("error").Class("error").Role("alert").Body(
					app.Strong().Text(l.T("error.title")),
					app.Span().ID("error-message").Text(s.Err),
					app.P().Text(l.T("error.nothingSent")),
				)
			}),
		)
}

func stageKey(stage string) string {
	switch stage {
	case "parse", "metrics":
		return "stage." + stage
	case "done", "details":
		return "stage.finish"
	}
	return "stage.read"
}

func (a *Analyser) renderReport() app.UI {
	l := a.lang()
	r := a.state.Report
	in := r.Input
	n := len(r.SampleOrder)
	from := min(a.state.Page*pageSize, n)
	to := min(from+pageSize, n)
	return app.Section().ID("report").
		DataSet("format", in.Format).DataSet("samples", in.NSamples).DataSet("features", in.NFeatures).
		Body(
			app.H2().Text(l.T("report.title", in.File)),
			app.Dl().Class("file-details").Body(
				detail(l.T("detail.format"), in.FormatTitle+versionSuffix(in.Version), "format"),
				detail(l.T("detail.samples"), strconv.Itoa(in.NSamples), "n-samples"),
				detail(l.T("detail.features"), strconv.Itoa(in.NFeatures), "n-features"),
				detail(l.T("detail.unit"), l.T("unit."+in.Unit.String()), "unit"),
				detail(l.T("detail.sha256"), in.SHA256, "sha256"),
				app.If(in.Tool != "", func() app.UI { return detail(l.T("detail.tool"), in.Tool, "tool") }),
				detail(l.T("detail.time"), l.T("detail.ms", l.Fixed(a.state.EngineMS, 0)), "engine-ms"),
			),
			app.If(len(in.Notes) > 0, func() app.UI {
				return app.Ul().Class("notes").Body(app.Range(in.Notes).Slice(func(i int) app.UI {
					return app.Li().Text(in.Notes[i])
				}))
			}),
			app.P().Class("explain").Text(l.T("explain")),
			app.If(n > pageSize, func() app.UI { return a.pager(from, to, n) }),
			a.part(0, a.renderExport),
			a.part(1, a.renderComposition),
			a.part(2, a.renderSunburst),
			a.part(3, a.renderHealth),
			a.part(4, a.renderResearch),
			a.part(5, a.renderHistory),
			a.part(6, func() app.UI { return app.H3().Text(l.T("samples")) }),
			a.part(6, func() app.UI { return a.renderCards(from, to) }),
		)
}

// reportParts is how many parts the report has below its file details;
// a new report builds them one per frame (see State.Unbuilt).
const reportParts = 7

// part is the report's part k (0 to reportParts-1, in page order), or an
// empty placeholder while it is not built. The placeholder keeps the
// place of the part among its siblings, so building it mounts only it.
func (a *Analyser) part(k int, render func() app.UI) app.UI {
	if k >= reportParts-a.state.Unbuilt {
		return app.Div()
	}
	return render()
}

// renderCards are the sample cards of the page from:to.
func (a *Analyser) renderCards(from, to int) app.UI {
	l := a.lang()
	r := a.state.Report
	in := r.Input
	ids := a.state.order()[from:to]
	return app.Div().Class("samples").Body(
		app.Range(ids).Slice(func(i int) app.UI {
			id := ids[i]
			if i >= a.state.CardsShown {
				return app.Article().Class("sample pending").DataSet("sample", id).Body(app.H3().Text(id))
			}
			s, ok := a.state.Details[id]
			if !ok {
				s, ok = r.Samples[id]
			}
			if !ok {
				return app.Article().Class("sample").DataSet("sample", id).Body(
					app.H3().Text(id), app.P().Class("loading").Text(l.T("top.loading")))
			}
			return &SampleCard{Lang: l, ID: id, Sample: s, UnclassifiedKnown: in.UnclassifiedKnown}
		}),
	)
}

// lastPage is the index of the last page of samples of the report shown.
func (a *Analyser) lastPage() int {
	if a.state.Report == nil {
		return 0
	}
	return max(0, (len(a.state.Report.SampleOrder)-1)/pageSize)
}

// pager moves between pages of samples. Its handlers read the state when
// clicked: go-app keeps the first handler an element was given (it
// compares handlers by their code, not by what they captured), so a
// captured value would go stale when another file is shown.
func (a *Analyser) pager(from, to, n int) app.UI {
	l := a.lang()
	last := (n - 1) / pageSize
	return app.Nav().Class("pager").Aria("label", l.T("pager.label")).Body(
		app.Button().ID("page-prev").Class("button").Disabled(a.state.Page == 0).Text(l.T("pager.prev")).
			OnClick(func(ctx app.Context, e app.Event) { a.showPage(ctx, max(0, a.state.Page-1)) }),
		app.Span().ID("page-info").Text(l.T("pager.info", from+1, to, n)),
		app.Button().ID("page-next").Class("button").Disabled(a.state.Page >= last).Text(l.T("pager.next")).
			OnClick(func(ctx app.Context, e app.Event) { a.showPage(ctx, min(a.lastPage(), a.state.Page+1)) }),
	)
}

// SampleCard is one sample's card: metrics and top taxa. It is a component
// so that go-app rebuilds it only when its inputs change, not on every
// update of the page.
type SampleCard struct {
	app.Compo
	Lang              Lang
	ID                string
	Sample            *view.Sample
	UnclassifiedKnown bool
}

func (c *SampleCard) Render() app.UI {
	return sampleCard(c.Lang, c.ID, c.Sample, c.UnclassifiedKnown)
}

func sampleCard(l Lang, id string, s *view.Sample, unclassifiedKnown bool) app.UI {
	unclassified := l.Percent(s.UnclassifiedShare)
	if !unclassifiedKnown {
		unclassified = l.T("unclass.unknown")
	}
	return app.Article().Class("sample").DataSet("sample", id).Body(
		app.H3().Text(id),
		app.Dl().Class("metrics").Body(
			metric(l.T("metric.observed"), "observed_features", strconv.Itoa(s.ObservedFeatures), float64(s.ObservedFeatures)),
			metric(l.T("metric.shannon"), "shannon_ln", l.Fixed(float64(s.ShannonLn), 3), float64(s.ShannonLn)),
			metric(l.T("metric.simpson"), "simpson", l.Fixed(float64(s.Simpson), 3), float64(s.Simpson)),
			metric(l.T("metric.unclass"), "unclassified_share", unclassified, float64(s.UnclassifiedShare)),
		),
		app.If(s.Top == nil, func() app.UI {
			return app.P().Class("loading").Text(l.T("top.loading"))
		}).ElseIf(len(s.Top) == 0, func() app.UI {
			return app.P().Class("empty").Text(l.T("top.none"))
		}).Else(func() app.UI {
			return app.Table().Class("top").Body(
				app.Caption().Text(l.T("top.caption", len(s.Top))),
				app.THead().Body(app.Tr().Body(
					app.Th().Scope("col").Text("#"), app.Th().Scope("col").Text(l.T("top.taxon")), app.Th().Scope("col").Text(l.T("top.share")),
				)),
				app.TBody().Body(app.Range(s.Top).Slice(func(i int) app.UI {
					t := s.Top[i]
					return app.Tr().Class("top-taxon").DataSet("rank", i+1).DataSet("name", t.Name).DataSet("share", full(float64(t.Share))).Body(
						app.Td().Text(strconv.Itoa(i+1)),
						app.Td().Title(t.Lineage).Text(t.Name),
						app.Td().Class("share").Body(
							svgElem("svg").Class("bar").Attr("viewBox", "0 0 100 1").Attr("preserveAspectRatio", "none").Aria("hidden", "true").Body(
								svgElem("rect").Attr("width", barWidth(t.Share)).Attr("height", "1"),
							),
							app.Span().Class("share-text").Text(l.Percent(t.Share)),
						),
					)
				})),
			)
		}),
	)
}

func metric(label, key, text string, value float64) app.UI {
	return app.Div().Class("metric").Body(
		app.Dt().Text(label),
		app.Dd().DataSet("metric", key).DataSet("value", full(value)).Text(text),
	)
}

func detail(label, value, key string) app.UI {
	return app.Div().Body(app.Dt().Text(label), app.Dd().DataSet("detail", key).Text(value))
}

func barWidth(share view.Float) string {
	f := float64(share)
	if math.IsNaN(f) || f < 0 {
		f = 0
	}
	return strconv.FormatFloat(math.Min(100, 100*f), 'f', 2, 64)
}

func versionSuffix(v string) string {
	if v == "" {
		return ""
	}
	return " (" + v + ")"
}

// langSwitch links to the page in the other languages.
func (a *Analyser) langSwitch() app.UI {
	l := a.lang()
	return app.Nav().Class("lang").Aria("label", l.T("lang.switch")).Body(
		app.Range(Langs).Slice(func(i int) app.UI {
			g := Langs[i]
			if g.Lang == l {
				return app.Span().Aria("current", "page").Attr("lang", string(g.Lang)).Text(g.Name)
			}
			return app.A().Href(g.Route).Attr("lang", string(g.Lang)).Attr("hreflang", string(g.Lang)).Text(g.Name)
		}),
	)
}
