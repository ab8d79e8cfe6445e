package app

import (
	"fmt"
	"math"
	"strconv"

	"github.com/gutlens/gutlens/analysis/report"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// SampleURL is the bundled sample dataset, made by testdata/make_sample.py.
const SampleURL = "/web/sample/gutlens-sample.biom"

// pageSize is how many sample cards a page shows.
const pageSize = 12

// maxFileBytes mirrors format.MaxInputBytes: larger files are refused
// before they are read.
const maxFileBytes = 512 << 20

// Analyser is the page: a drop zone, a file picker, the sample button, and
// the first report.
type Analyser struct {
	app.Compo
	state State
}

func (a *Analyser) OnMount(ctx app.Context) {
	if e := app.Window().Get("gutlensEngine"); e.Truthy() {
		e.Call("warm")
	}
	// Test and measurement hooks: read-only flags, no data.
	app.Window().Set("gutlensReadyAt", app.Window().Get("performance").Call("now"))
	app.Window().Set("gutlensReady", true)
}

func (a *Analyser) Render() app.UI {
	s := a.state
	return app.Main().ID("gutlens").Body(
		app.Header().Class("masthead").Body(
			app.H1().Text("Gutlens"),
			app.P().Class("tagline").Text("Your gut microbiome report, computed on this device. Your file never leaves it."),
		),
		a.renderInput(),
		a.renderStatus(),
		app.If(s.Status == StatusDone && s.Report != nil, func() app.UI { return a.renderReport() }),
		app.Footer().Class("disclaimer").Body(
			app.P().Text("Gutlens is not a medical device. It describes what is in your file; it does not diagnose, treat or prevent any disease. Talk to a doctor about symptoms."),
		),
	)
}

func (a *Analyser) renderInput() app.UI {
	running := a.state.Status == StatusRunning
	return app.Section().ID("drop").Class("drop").
		Aria("label", "Choose or drop a file to analyse").
		OnDragOver(func(ctx app.Context, e app.Event) { e.PreventDefault() }).
		OnDrop(a.onDrop).
		Body(
			app.P().Class("drop-title").Text("Drop your microbiome file here"),
			app.P().Class("drop-hint").Text("BIOM, QIIME 2 .qza, MetaPhlAn, Kraken/Bracken, mOTUs, mothur, DADA2, uBiome or any CSV/TSV of taxa and samples; gzip is fine. A table and its taxonomy file can be chosen together. Files are read in this browser only."),
			app.Div().Class("actions").Body(
				app.Label().For("file").Class("button primary").Text("Choose a file"),
				app.Input().Type("file").ID("file").Class("visually-hidden").Multiple(true).
					Disabled(running).OnChange(a.onChoose),
				app.Button().ID("try-sample").Class("button").Disabled(running).
					Text("Try the sample").OnClick(a.onSample),
			),
		)
}

func (a *Analyser) renderStatus() app.UI {
	s := a.state
	return app.Div().ID("status").Role("status").Aria("live", "polite").
		DataSet("status", s.Status.String()).DataSet("run", s.Run).
		Body(
			app.If(s.Status == StatusRunning, func() app.UI {
				return app.Div().Class("progress").Body(
					app.Label().For("progress").Text(fmt.Sprintf("Analysing %s: %s…", s.File, stageLabel(s.Stage))),
					app.Progress().ID("progress").Max(1).Value(fmt.Sprint(s.Done)),
				)
			}),
			app.If(s.Status == StatusFailed, func() app.UI {
				return app.Div().ID("error").Class("error").Role("alert").Body(
					app.Strong().Text("This file could not be analysed. "),
					app.Span().ID("error-message").Text(s.Err),
					app.P().Text("Nothing was sent anywhere. Try another file, or the sample."),
				)
			}),
		)
}

func stageLabel(stage string) string {
	switch stage {
	case "parse":
		return "reading the table"
	case "metrics":
		return "computing diversity"
	case "done", "details":
		return "finishing"
	}
	return "loading the file"
}

func (a *Analyser) renderReport() app.UI {
	r := a.state.Report
	in := r.Input
	n := len(r.SampleOrder)
	from := min(a.state.Page*pageSize, n)
	to := min(from+pageSize, n)
	return app.Section().ID("report").
		DataSet("format", in.Format).DataSet("samples", in.NSamples).DataSet("features", in.NFeatures).
		Body(
			app.H2().Text("Report on "+in.File),
			app.Dl().Class("file-details").Body(
				detail("Format", in.FormatTitle+versionSuffix(in.Version), "format"),
				detail("Samples", strconv.Itoa(in.NSamples), "n-samples"),
				detail("Taxa (features)", strconv.Itoa(in.NFeatures), "n-features"),
				detail("Values", unitLabel(in.Unit.String()), "unit"),
				detail("SHA-256", in.SHA256, "sha256"),
				app.If(in.Tool != "", func() app.UI { return detail("Made by", in.Tool, "tool") }),
				detail("Analysed in", fmt.Sprintf("%.0f ms on this device", a.state.EngineMS), "engine-ms"),
			),
			app.If(len(in.Notes) > 0, func() app.UI {
				return app.Ul().Class("notes").Body(app.Range(in.Notes).Slice(func(i int) app.UI {
					return app.Li().Text(in.Notes[i])
				}))
			}),
			app.P().Class("explain").Text("Observed taxa counts the features with a value above zero. Shannon (natural log, in nats) rises with both the number of taxa and how evenly they are spread. Simpson (1 − Σp²) is the chance that two reads drawn at random belong to different taxa. These describe diversity; on their own they do not say whether a gut is healthy."),
			app.If(n > pageSize, func() app.UI { return a.pager(from, to, n) }),
			a.renderComposition(),
			app.H3().Text("Samples"),
			app.Div().Class("samples").Body(
				app.Range(r.SampleOrder[from:to]).Slice(func(i int) app.UI {
					id := r.SampleOrder[from+i]
					s := r.Samples[id]
					if d, ok := a.state.Details[id]; ok {
						s = d
					}
					return sampleCard(id, s, in.UnclassifiedKnown)
				}),
			),
		)
}

func (a *Analyser) pager(from, to, n int) app.UI {
	last := (n - 1) / pageSize
	return app.Nav().Class("pager").Aria("label", "Sample pages").Body(
		app.Button().ID("page-prev").Class("button").Disabled(a.state.Page == 0).Text("← Previous").
			OnClick(func(ctx app.Context, e app.Event) { a.showPage(ctx, max(0, a.state.Page-1)) }),
		app.Span().ID("page-info").Text(fmt.Sprintf("Samples %d–%d of %d", from+1, to, n)),
		app.Button().ID("page-next").Class("button").Disabled(a.state.Page >= last).Text("Next →").
			OnClick(func(ctx app.Context, e app.Event) { a.showPage(ctx, min(last, a.state.Page+1)) }),
	)
}

func sampleCard(id string, s *report.Sample, unclassifiedKnown bool) app.UI {
	unclassified := percent(s.UnclassifiedShare)
	if !unclassifiedKnown {
		unclassified = "not reported by the file"
	}
	return app.Article().Class("sample").DataSet("sample", id).Body(
		app.H3().Text(id),
		app.Dl().Class("metrics").Body(
			metric("Observed taxa", "observed_features", strconv.Itoa(s.ObservedFeatures), float64(s.ObservedFeatures)),
			metric("Shannon (ln)", "shannon_ln", fixed(s.ShannonLn, 3), float64(s.ShannonLn)),
			metric("Simpson (1 − Σp²)", "simpson", fixed(s.Simpson, 3), float64(s.Simpson)),
			metric("Unclassified", "unclassified_share", unclassified, float64(s.UnclassifiedShare)),
		),
		app.If(s.Top == nil, func() app.UI {
			return app.P().Class("loading").Text("Loading the top taxa…")
		}).ElseIf(len(s.Top) == 0, func() app.UI {
			return app.P().Class("empty").Text("No classified taxa in this sample.")
		}).Else(func() app.UI {
			return app.Table().Class("top").Body(
				app.Caption().Text(fmt.Sprintf("Top %d taxa", len(s.Top))),
				app.THead().Body(app.Tr().Body(
					app.Th().Scope("col").Text("#"), app.Th().Scope("col").Text("Taxon"), app.Th().Scope("col").Text("Share"),
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
							app.Span().Class("share-text").Text(percent(t.Share)),
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

func barWidth(share report.Float) string {
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

func unitLabel(u string) string {
	switch u {
	case "counts":
		return "read counts"
	case "percent":
		return "relative abundance, percent"
	case "fraction":
		return "relative abundance, fraction"
	case "per-million":
		return "counts per million"
	}
	return "abundance (scale not stated)"
}
