package app

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gutlens/gutlens/analysis/report/view"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// The column-mapping step (issue 3): when a file cannot be read as a
// known table but is delimited text, the user says which column is the
// taxon and which the values, instead of being refused. From the file
// details of a CSV/TSV or mothur file ("Change how this file is read")
// the same step also picks the mothur label and the orientation of a
// generic table. The engine keeps the file: "preview" shows its start,
// "reanalyse" reads it again and answers with a report summary.

// mappingState is the step's state for one Analyser.
type mappingState struct {
	probed int          // the failed run whose file was previewed
	run    int          // the failed run the preview belongs to (with report == nil)
	report *view.Report // or the report it belongs to
	open   bool
	busy   bool // a preview or reading is under way
	file   string
	p      *view.TablePreview
	m      view.Mapping // being edited
	label  string       // mothur label chosen
	orient string       // orientation chosen
	header int          // header line typed in, before it is applied
	err    string
}

// mappings holds each Analyser's mapping step (the Analyser has no field
// for it).
var mappings = map[*Analyser]*mappingState{}

func (a *Analyser) ms() *mappingState {
	m := mappings[a]
	if m == nil {
		m = &mappingState{probed: -1, run: -1}
		mappings[a] = m
	}
	return m
}

// current reports whether the step belongs to what is shown.
func (m *mappingState) current(s State) bool {
	if s.Status == StatusFailed {
		return m.report == nil && m.run == s.Run
	}
	return m.report != nil && m.report == s.Report
}

// mappingFormats are the formats whose reading the user can change.
var mappingFormats = map[string]bool{"csv": true, "tsv": true, view.MappedFormat: true, "mothur-shared": true, "dada2": true}

// Mapping layouts in the form: the wide orientations and the long format.
const (
	layoutTaxaRows    = "taxa-rows"
	layoutSamplesRows = "samples-rows"
	layoutLong        = "long"
)

func (a *Analyser) renderMapping() app.UI {
	s := a.state
	m := a.ms()
	l := a.lang()
	// A failed file: ask the engine whether it is delimited text.
	if s.Status == StatusFailed && m.probed != s.Run && a.mounted {
		m.probed = s.Run
		run := s.Run
		a.mountCtx.Defer(func(ctx app.Context) { a.loadPreview(ctx, run, nil, 0) })
	}
	status := "closed"
	switch {
	case m.current(s) && m.busy && m.report != nil:
		status = "loading" // asked for; a failed file is probed quietly
	case m.current(s) && m.open && m.p != nil:
		status = "open"
	}
	canChange := s.Status == StatusDone && s.Report != nil && mappingFormats[s.Report.Input.Format]
	if status == "closed" && !canChange && !(m.current(s) && m.err != "") {
		return app.Div().ID("mapping").DataSet("status", status)
	}
	return app.Section().ID("mapping").Class("mapping").DataSet("status", status).Aria("labelledby", "mapping-title").Body(
		app.If(s.Status == StatusFailed, func() app.UI {
			return app.H3().ID("mapping-title").Text(l.T("map.title.failed"))
		}).Else(func() app.UI {
			return app.H3().ID("mapping-title").Text(l.T("map.title"))
		}),
		app.If(canChange && status == "closed", func() app.UI {
			return app.Button().ID("mapping-open").Class("button").
				Text(l.T("map.open")).OnClick(func(ctx app.Context, e app.Event) {
				a.loadPreview(ctx, -1, a.state.Report, 0)
			})
		}),
		app.If(status == "loading", func() app.UI {
			return app.P().Class("loading").Role("status").Text(l.T("map.loading"))
		}),
		app.If(m.current(s) && m.err != "", func() app.UI {
			return app.P().ID("mapping-error").Class("error").Role("alert").Text(m.err)
		}),
		app.If(status == "open", func() app.UI { return a.mappingBody(m) }),
	)
}

// loadPreview asks the engine for the preview of the last file: for the
// failed run run, or for the report rep; with the header read from line
// header (1-based), or found by the engine (0).
func (a *Analyser) loadPreview(ctx app.Context, run int, rep *view.Report, header int) {
	m := a.ms()
	if rep == nil && (a.state.Status != StatusFailed || a.state.Run != run) {
		return
	}
	m.run, m.report, m.open, m.busy, m.p, m.err = run, rep, false, true, nil, ""
	done := func(ctx app.Context, answer string) {
		if !m.current(a.state) {
			return
		}
		m.busy = false
		var pa struct {
			File    string             `json:"file"`
			Preview *view.TablePreview `json:"preview"`
		}
		if err := json.Unmarshal([]byte(answer), &pa); err != nil || pa.Preview == nil {
			m.err = "the engine's answer could not be read"
			return
		}
		m.file, m.p, m.open = pa.File, pa.Preview, true
		m.m = pa.Preview.Guess
		m.header = pa.Preview.HeaderLine
		m.label = pa.Preview.DefaultLabel
		if rep != nil && rep.Input.Format == "mothur-shared" && rep.Input.Version != "" {
			m.label = rep.Input.Version
		}
		m.orient = reportOrientation(rep)
	}
	failed := func(ctx app.Context, msg string) {
		if !m.current(a.state) {
			return
		}
		m.busy = false
		if rep != nil || header > 0 {
			m.err = msg // asked for: say why not
		}
		// A failed file that is not delimited text: the error above says it all.
	}
	q := map[string]any{"kind": "preview"}
	if header > 0 {
		q["params"] = map[string]int{"header_line": header}
	}
	a.query(ctx, q, done, failed)
}

// reportOrientation reads the orientation a generic table was read in
// from its notes ("" when it has none).
func reportOrientation(r *view.Report) string {
	if r == nil {
		return ""
	}
	for _, n := range r.Input.Notes {
		switch {
		case strings.HasPrefix(n, "orientation: samples in rows"):
			return view.OrientSamplesInRows
		case strings.HasPrefix(n, "orientation: features (taxa) in rows"):
			return view.OrientTaxaInRows
		}
	}
	return ""
}

func (a *Analyser) mappingBody(m *mappingState) app.UI {
	l := a.lang()
	p := m.p
	rep := m.report
	showLabels := len(p.Labels) > 1
	showOrient := rep != nil && rep.Input.Format == "csv" && m.orient != ""
	return app.Div().ID("mapping-body").Body(
		app.If(rep == nil, func() app.UI {
			return app.P().Class("explain").Text(l.T("map.intro.failed", m.file))
		}).Else(func() app.UI {
			return app.P().Class("explain").Text(l.T("map.intro", m.file))
		}),
		app.If(showLabels, func() app.UI {
			return app.Div().Class("mapping-choice").Body(
				app.Label().For("mapping-label").Text(l.T("map.label")),
				app.Select().ID("mapping-label").OnChange(func(ctx app.Context, e app.Event) {
					m.label = ctx.JSSrc().Get("value").String()
				}).Body(app.Range(p.Labels).Slice(func(i int) app.UI {
					lb := p.Labels[i]
					text := lb
					if lb == p.DefaultLabel {
						text = l.T("map.label.default", lb)
					}
					return app.Option().Value(lb).Selected(lb == m.label).Text(text)
				})),
				app.Button().ID("mapping-label-apply").Class("button primary").Disabled(m.busy).Text(l.T("map.label.apply")).
					OnClick(func(ctx app.Context, e app.Event) { a.reanalyse(ctx, view.Reading{Label: m.label}) }),
				app.P().Class("hint").Text(l.T("map.label.hint")),
			)
		}),
		app.If(showOrient, func() app.UI {
			return app.FieldSet().Class("mapping-choice").ID("mapping-orient").Body(
				app.Legend().Text(l.T("map.orient")),
				a.orientRadio(m, view.OrientTaxaInRows, "map.orient.taxa"),
				a.orientRadio(m, view.OrientSamplesInRows, "map.orient.samples"),
				app.Button().ID("mapping-orient-apply").Class("button primary").Disabled(m.busy).Text(l.T("map.orient.apply")).
					OnClick(func(ctx app.Context, e app.Event) { a.reanalyse(ctx, view.Reading{Orientation: m.orient}) }),
			)
		}),
		app.If(!showLabels, func() app.UI { return a.mappingForm(m) }),
	)
}

func (a *Analyser) orientRadio(m *mappingState, value, key string) app.UI {
	id := "mapping-orient-" + value
	return app.Div().Class("radio").Body(
		app.Input().Type("radio").ID(id).Name("mapping-orient").Value(value).Checked(m.orient == value).
			OnChange(func(ctx app.Context, e app.Event) { m.orient = value }),
		app.Label().For(id).Text(a.lang().T(key)),
	)
}

// formLayout is the form's layout of the mapping.
func formLayout(mp view.Mapping) string {
	switch {
	case mp.Layout == view.LayoutLong:
		return layoutLong
	case mp.Orientation == view.OrientSamplesInRows:
		return layoutSamplesRows
	}
	return layoutTaxaRows
}

// setLayout changes the mapping's layout, keeping what columns it can.
func setLayout(mp *view.Mapping, layout string, p *view.TablePreview) {
	first := func(not ...int) int {
		for j := range p.Header {
			if !slices.Contains(not, j) {
				return j
			}
		}
		return 0
	}
	names := mp.TaxonColumn
	if formLayout(*mp) == layoutSamplesRows {
		names = mp.SampleColumn
	}
	if names < 0 {
		names = first()
	}
	switch layout {
	case layoutLong:
		mp.Layout, mp.Orientation = view.LayoutLong, ""
		mp.TaxonColumn = names
		if mp.SampleColumn < 0 || mp.SampleColumn == names {
			mp.SampleColumn = first(names)
			for j, num := range p.Numeric {
				if !num && j != names {
					mp.SampleColumn = j
					break
				}
			}
		}
		if mp.ValueColumn < 0 || mp.ValueColumn == names || mp.ValueColumn == mp.SampleColumn {
			mp.ValueColumn = first(names, mp.SampleColumn)
			for j, num := range p.Numeric {
				if num && j != names && j != mp.SampleColumn {
					mp.ValueColumn = j
					break
				}
			}
		}
	case layoutSamplesRows:
		mp.Layout, mp.Orientation, mp.SampleColumn, mp.TaxonColumn = view.LayoutWide, view.OrientSamplesInRows, names, -1
	default:
		mp.Layout, mp.Orientation, mp.TaxonColumn, mp.SampleColumn = view.LayoutWide, view.OrientTaxaInRows, names, -1
	}
	if mp.Layout == view.LayoutWide {
		mp.ValueColumns = slices.DeleteFunc(mp.ValueColumns, func(j int) bool { return j == names })
		if len(mp.ValueColumns) == 0 {
			for j, num := range p.Numeric {
				if num && j != names {
					mp.ValueColumns = append(mp.ValueColumns, j)
				}
			}
		}
	}
}

// columnSelect is a select of the preview's columns.
func (a *Analyser) columnSelect(id, label string, value int, p *view.TablePreview, set func(j int)) app.UI {
	return app.Div().Class("mapping-field").Body(
		app.Label().For(id).Text(label),
		app.Select().ID(id).OnChange(func(ctx app.Context, e app.Event) {
			if j, err := strconv.Atoi(ctx.JSSrc().Get("value").String()); err == nil {
				set(j)
			}
		}).Body(app.Range(p.Header).Slice(func(j int) app.UI {
			return app.Option().Value(strconv.Itoa(j)).Selected(j == value).Text(columnName(a.lang(), p.Header, j))
		})),
	)
}

func columnName(l Lang, h []string, j int) string {
	if j < 0 || j >= len(h) || h[j] == "" {
		return l.T("map.column", j+1)
	}
	return h[j]
}

func (a *Analyser) mappingForm(m *mappingState) app.UI {
	l := a.lang()
	p := m.p
	mp := &m.m
	layout := formLayout(*mp)
	role := func(j int) string {
		switch {
		case layout == layoutLong && j == mp.ValueColumn, layout != layoutLong && slices.Contains(mp.ValueColumns, j):
			return "value"
		case layout != layoutSamplesRows && j == mp.TaxonColumn:
			return "taxon"
		case layout != layoutTaxaRows && j == mp.SampleColumn:
			return "sample"
		}
		return ""
	}
	units := []string{"", "counts", "percent", "fraction", "per-million", "abundance"}
	return app.Div().ID("mapping-form").Class("mapping-form").DataSet("layout", layout).Body(
		app.H4().Text(l.T("map.header.title")),
		app.If(len(p.Preamble) > 0, func() app.UI {
			return app.Details().ID("mapping-preamble").Body(
				app.Summary().Text(l.T("map.preamble", len(p.Preamble))),
				app.Ol().Class("preamble").Body(app.Range(p.Preamble).Slice(func(i int) app.UI {
					return app.Li().Text(p.Preamble[i])
				})),
			)
		}),
		app.Div().Class("mapping-field").Body(
			app.Label().For("mapping-header").Text(l.T("map.header")),
			app.Input().Type("number").ID("mapping-header").Min(1).Value(m.header).
				OnChange(func(ctx app.Context, e app.Event) {
					if n, err := strconv.Atoi(ctx.JSSrc().Get("value").String()); err == nil && n > 0 {
						m.header = n
					}
				}),
			app.Button().ID("mapping-header-apply").Class("button").Disabled(m.busy || m.header == p.HeaderLine).Text(l.T("map.header.apply")).
				OnClick(func(ctx app.Context, e app.Event) { a.loadPreview(ctx, m.run, m.report, m.header) }),
		),
		app.If(len(p.Skipped) > 0, func() app.UI {
			return app.Div().ID("mapping-skipped").Class("hint").Body(
				app.P().Text(l.T("map.skipped")),
				app.Ul().Body(app.Range(p.Skipped).Slice(func(i int) app.UI { return app.Li().Text(p.Skipped[i]) })),
			)
		}),
		app.H4().Text(l.T("map.columns")),
		app.Div().Class("mapping-field").Body(
			app.Label().For("mapping-layout").Text(l.T("map.layout")),
			app.Select().ID("mapping-layout").OnChange(func(ctx app.Context, e app.Event) {
				setLayout(mp, ctx.JSSrc().Get("value").String(), p)
			}).Body(
				app.Option().Value(layoutTaxaRows).Selected(layout == layoutTaxaRows).Text(l.T("map.layout.taxaRows")),
				app.Option().Value(layoutSamplesRows).Selected(layout == layoutSamplesRows).Text(l.T("map.layout.samplesRows")),
				app.Option().Value(layoutLong).Selected(layout == layoutLong).Text(l.T("map.layout.long")),
			),
		),
		app.If(layout != layoutSamplesRows, func() app.UI {
			return a.columnSelect("mapping-taxon", l.T("map.taxon"), mp.TaxonColumn, p, func(j int) {
				mp.TaxonColumn = j
				mp.ValueColumns = slices.DeleteFunc(mp.ValueColumns, func(k int) bool { return k == j })
			})
		}),
		app.If(layout != layoutTaxaRows, func() app.UI {
			return a.columnSelect("mapping-sample", l.T("map.sample"), mp.SampleColumn, p, func(j int) {
				mp.SampleColumn = j
				mp.ValueColumns = slices.DeleteFunc(mp.ValueColumns, func(k int) bool { return k == j })
			})
		}),
		app.If(layout == layoutLong, func() app.UI {
			return a.columnSelect("mapping-value", l.T("map.value"), mp.ValueColumn, p, func(j int) { mp.ValueColumn = j })
		}).Else(func() app.UI {
			key := "map.values.samples"
			if layout == layoutSamplesRows {
				key = "map.values.taxa"
			}
			return app.FieldSet().ID("mapping-values").Class("mapping-values").Body(
				app.Legend().Text(l.T(key)),
				app.Range(p.Header).Slice(func(j int) app.UI {
					id := "mapping-value-" + strconv.Itoa(j)
					names := mp.TaxonColumn
					if layout == layoutSamplesRows {
						names = mp.SampleColumn
					}
					return app.Div().Class("checkbox").Body(
						app.Input().Type("checkbox").ID(id).DataSet("col", j).
							Checked(slices.Contains(mp.ValueColumns, j)).Disabled(j == names).
							OnChange(func(ctx app.Context, e app.Event) {
								mp.ValueColumns = slices.DeleteFunc(mp.ValueColumns, func(k int) bool { return k == j })
								if ctx.JSSrc().Get("checked").Bool() {
									mp.ValueColumns = append(mp.ValueColumns, j)
									slices.Sort(mp.ValueColumns)
								}
							}),
						app.Label().For(id).Text(columnName(l, p.Header, j)),
					)
				}),
			)
		}),
		app.FieldSet().ID("mapping-numbers").Class("mapping-values").Body(
			app.Legend().Text(l.T("map.numbers")),
			app.If(p.NumberNote != "", func() app.UI {
				cls := "hint"
				if p.NumberAmbiguous {
					cls = "warning"
				}
				return app.P().ID("mapping-number-note").Class(cls).Text(l.T("map.numbers.note", p.NumberNote))
			}),
			app.Div().Class("checkbox").Body(
				app.Input().Type("checkbox").ID("mapping-decimal").Checked(mp.DecimalComma).
					OnChange(func(ctx app.Context, e app.Event) { mp.DecimalComma = ctx.JSSrc().Get("checked").Bool() }),
				app.Label().For("mapping-decimal").Text(l.T("map.decimal")),
			),
			app.Div().Class("mapping-field").Body(
				app.Label().For("mapping-thousands").Text(l.T("map.thousands")),
				app.Select().ID("mapping-thousands").OnChange(func(ctx app.Context, e app.Event) {
					mp.Thousands = ctx.JSSrc().Get("value").String()
				}).Body(app.Range(thousandsSeps).Slice(func(i int) app.UI {
					sep := thousandsSeps[i]
					return app.Option().Value(sep[0]).Selected(sep[0] == mp.Thousands).Text(l.T(sep[1]))
				})),
			),
		),
		app.Div().Class("mapping-field").Body(
			app.Label().For("mapping-unit").Text(l.T("map.unit")),
			app.Select().ID("mapping-unit").OnChange(func(ctx app.Context, e app.Event) {
				mp.Unit = ctx.JSSrc().Get("value").String()
			}).Body(app.Range(units).Slice(func(i int) app.UI {
				u := units[i]
				text := l.T("map.unit.guess")
				if u != "" {
					text = l.T("unit." + u)
				}
				return app.Option().Value(u).Selected(u == mp.Unit).Text(text)
			})),
		),
		app.Button().ID("mapping-apply").Class("button primary").Disabled(m.busy).Text(l.T("map.apply")).
			OnClick(func(ctx app.Context, e app.Event) {
				mm := *mp
				a.reanalyse(ctx, view.Reading{Mapping: &mm})
			}),
		app.Div().Class("mapping-preview-wrap").Body(
			app.Table().ID("mapping-preview").Class("mapping-preview").Body(
				app.Caption().Text(l.T("map.preview", len(p.Rows), p.NRows)),
				app.THead().Body(app.Tr().Body(app.Range(p.Header).Slice(func(j int) app.UI {
					r := role(j)
					th := app.Th().Scope("col").DataSet("col", j).DataSet("role", r)
					pct := j < len(p.Units) && p.Units[j] == "percent"
					return th.Body(
						app.Span().Text(columnName(l, p.Header, j)),
						app.If(r != "", func() app.UI { return app.Small().Class("role").Text(l.T("map.role." + r)) }),
						app.If(pct, func() app.UI {
							return app.Small().Class("unit-badge").Title(l.T("map.percent.title")).Text(l.T("map.percent"))
						}),
					)
				}))),
				app.TBody().Body(app.Range(p.Rows).Slice(func(i int) app.UI {
					row := p.Rows[i]
					return app.Tr().Body(app.Range(p.Header).Slice(func(j int) app.UI {
						c := ""
						if j < len(row) {
							c = row[j]
						}
						return app.Td().DataSet("role", role(j)).Text(c)
					}))
				})),
			),
		),
	)
}

// thousandsSeps are the separators between groups of three digits the
// mapping reads, with their message keys.
var thousandsSeps = [][2]string{{"", "map.thousands.none"}, {",", "map.thousands.comma"}, {".", "map.thousands.dot"}, {" ", "map.thousands.space"}, {"'", "map.thousands.apostrophe"}}

// reanalyse asks the engine to read the file as how says; its answer is
// a report summary, shown as a new analysis. On an error the current
// view stays and the step says why.
func (a *Analyser) reanalyse(ctx app.Context, how view.Reading) {
	m := a.ms()
	if m.busy || !m.current(a.state) {
		return
	}
	prev := a.state
	name := prev.File
	m.busy, m.err = true, ""
	start := time.Now()
	a.state = State{Status: StatusRunning, File: name, Stage: "parse", Done: 0.3, Run: prev.Run}
	// The step now belongs to the reading under way.
	restore := func() {
		a.state = prev
		m.busy = false
	}
	a.query(ctx, map[string]any{"kind": "reanalyse", "params": how}, func(ctx app.Context, answer string) {
		r, err := decodeReport(answer, "")
		if err != nil {
			restore()
			m.err = err.Error()
			return
		}
		ms := float64(time.Since(start).Microseconds()) / 1000 // including the trip to the Worker
		m.busy, m.open = false, false
		a.showReport(ctx, State{Status: StatusRunning, Stage: "details", Done: 0.9, File: name, Report: r, EngineMS: ms, Run: prev.Run, Rank: defaultRank(r.Ranks)})
	}, func(ctx app.Context, msg string) {
		restore()
		m.err = msg
	})
}

func init() {
	addMessages(map[string][2]string{
		"map.title.failed":         {"Tell Gutlens how to read this file", "Vertel Gutlens hoe dit bestand gelezen moet worden"},
		"map.title":                {"How this file is read", "Hoe dit bestand gelezen wordt"},
		"map.open":                 {"Change how this file is read", "Verander hoe dit bestand gelezen wordt"},
		"map.loading":              {"Reading the start of the file…", "Het begin van het bestand wordt gelezen…"},
		"map.intro.failed":         {"%v is a table, but not one Gutlens knows: labs export their results in different ways. Say which column holds the bacteria (taxa) and which the amounts, then read the file. It stays on this device.", "%v is een tabel, maar niet een die Gutlens kent: elk lab maakt zijn bestanden anders. Kies welke kolom de bacteriën (taxa) bevat en welke de hoeveelheden, en lees het bestand dan. Het blijft op dit apparaat."},
		"map.intro":                {"Gutlens decided how to read %v. If that is wrong, choose differently and read it again.", "Gutlens heeft bepaald hoe %v gelezen wordt. Klopt dat niet, kies dan iets anders en lees het opnieuw."},
		"map.label":                {"mothur label (OTU cutoff)", "mothur-label (OTU-grens)"},
		"map.label.default":        {"%v (default)", "%v (standaard)"},
		"map.label.apply":          {"Read this label", "Lees dit label"},
		"map.label.hint":           {"The file holds the same samples at several cutoffs. The default is 0.03 when present, otherwise the finest.", "Het bestand bevat dezelfde monsters bij meerdere grenzen. Standaard is 0.03 als dat er is, anders de fijnste."},
		"map.orient":               {"Orientation", "Richting"},
		"map.orient.taxa":          {"Taxa in rows, samples in columns", "Taxa in rijen, monsters in kolommen"},
		"map.orient.samples":       {"Samples in rows, taxa in columns", "Monsters in rijen, taxa in kolommen"},
		"map.orient.apply":         {"Read in this orientation", "Lees in deze richting"},
		"map.columns":              {"Columns", "Kolommen"},
		"map.layout":               {"The table has", "De tabel heeft"},
		"map.layout.taxaRows":      {"a row per taxon, a column per sample", "een rij per taxon, een kolom per monster"},
		"map.layout.samplesRows":   {"a row per sample, a column per taxon", "een rij per monster, een kolom per taxon"},
		"map.layout.long":          {"a row per taxon and sample (long format)", "een rij per taxon en monster (lange vorm)"},
		"map.taxon":                {"Column with the taxon (bacterium)", "Kolom met het taxon (de bacterie)"},
		"map.sample":               {"Column with the sample", "Kolom met het monster"},
		"map.value":                {"Column with the amount", "Kolom met de hoeveelheid"},
		"map.values.samples":       {"Columns with amounts (one per sample)", "Kolommen met hoeveelheden (één per monster)"},
		"map.values.taxa":          {"Columns with amounts (one per taxon)", "Kolommen met hoeveelheden (één per taxon)"},
		"map.decimal":              {"Numbers use a decimal comma (12,5)", "Getallen hebben een decimale komma (12,5)"},
		"map.unit":                 {"The amounts are", "De hoeveelheden zijn"},
		"map.unit.guess":           {"decided from the numbers", "bepaald uit de getallen"},
		"map.apply":                {"Read the file with these columns", "Lees het bestand met deze kolommen"},
		"map.preview":              {"The first %v of %v rows", "De eerste %v van %v rijen"},
		"map.column":               {"column %v", "kolom %v"},
		"map.role.taxon":           {"taxon", "taxon"},
		"map.role.sample":          {"sample", "monster"},
		"map.role.value":           {"amount", "hoeveelheid"},
		"map.header.title":         {"Where the table starts", "Waar de tabel begint"},
		"map.header":               {"Line with the column names", "Regel met de kolomnamen"},
		"map.header.apply":         {"Read from this line", "Lees vanaf deze regel"},
		"map.preamble":             {"%v lines above the table (not read)", "%v regels boven de tabel (niet gelezen)"},
		"map.skipped":              {"Rows left out (not taxa):", "Weggelaten rijen (geen taxa):"},
		"map.numbers":              {"How numbers are written", "Hoe getallen geschreven zijn"},
		"map.numbers.note":         {"Gutlens read the numbers so: %v. Check that this is right.", "Gutlens las de getallen zo: %v. Controleer of dat klopt."},
		"map.thousands":            {"Thousands separator", "Scheidingsteken voor duizendtallen"},
		"map.thousands.none":       {"none (1234)", "geen (1234)"},
		"map.thousands.comma":      {"comma (1,234)", "komma (1,234)"},
		"map.thousands.dot":        {"dot (1.234)", "punt (1.234)"},
		"map.thousands.space":      {"space (1 234)", "spatie (1 234)"},
		"map.thousands.apostrophe": {"apostrophe (1'234)", "apostrof (1'234)"},
		"map.percent":              {"%", "%"},
		"map.percent.title":        {"The values carry a % sign: read as percent", "De waarden hebben een %-teken: gelezen als procent"},
	})
}
