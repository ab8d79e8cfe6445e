// Package report builds the report model from a table: language-neutral
// data that the web view renders and the CLI prints as JSON.
package report

import (
	"encoding/json"
	"math"
	"sort"
	"strings"

	"github.com/gutlens/gutlens/analysis"
	"github.com/gutlens/gutlens/analysis/diversity"
	"github.com/gutlens/gutlens/analysis/format"
	"github.com/gutlens/gutlens/analysis/report/view"
)

// Schema names the JSON document Report marshals to.
const Schema = view.Schema

// TopN is how many taxa a sample's top list holds.
const TopN = view.TopN

// Version is the Gutlens version, set at link time (-ldflags -X).
var Version = "dev"

// Report is the first report on a file.
type Report struct {
	Schema    string    `json:"schema"`
	Generator Generator `json:"generator"`
	Input     Input     `json:"input"`
	// SampleOrder lists the sample ids in the file's order; Samples is keyed by them.
	SampleOrder []string           `json:"sample_order"`
	Samples     map[string]*Sample `json:"samples"`
	// Ranks lists the ranks at which the taxonomy names taxa, broadest
	// first: the levels a composition can be shown at.
	Ranks []string `json:"ranks"`
	// Health is the health model: indices, guilds and percentiles against
	// named reference cohorts, and cited, graded statements per sample.
	Health *HealthReport `json:"health,omitempty"`
	// Enterotypes places each sample on the continuum between reference
	// community types (a continuum, not a category).
	Enterotypes *EnterotypeReport `json:"enterotypes,omitempty"`

	table *analysis.Table // the decoded table, for Composition
}

// Generator names what made the report.
// It is view.Generator, so that the UI reads it without linking this package.
type Generator = view.Generator

// Input describes the file as read.
// It is view.Input, so that the UI reads it without linking this package.
type Input = view.Input

// Sample holds one sample's first metrics.
// It is view.Sample, so that the UI reads it without linking this package.
type Sample = view.Sample

// Taxon is one entry of a top list: features with the same lineage summed.
// It is view.Taxon, so that the UI reads it without linking this package.
type Taxon = view.Taxon

// Float is a float64 whose NaN and ±Inf are written as JSON null.
// It is view.Float, so that the UI reads it without linking this package.
type Float = view.Float

// Progress receives the stage being worked on ("parse", "metrics") and
// the fraction done overall, 0–1.
type Progress func(stage string, done float64)

// Analyse decodes a file's bytes and builds its report.
func Analyse(data []byte, file, engine string, progress Progress) (*Report, error) {
	return AnalyseFiles([]format.Input{{Name: file, Data: data}}, engine, progress)
}

// AnalyseFiles decodes one table, or a table plus its taxonomy file
// (format.DecodeFiles), and builds the report.
func AnalyseFiles(files []format.Input, engine string, progress Progress) (*Report, error) {
	if progress == nil {
		progress = func(string, float64) {}
	}
	progress("parse", 0)
	t, name, err := format.DecodeFiles(files)
	if err != nil {
		return nil, err
	}
	progress("metrics", 0.5)
	names := make([]string, len(files))
	for i, f := range files {
		names[i] = f.Name
	}
	r := Build(t, strings.Join(names, " + "))
	r.Generator.Engine = engine
	r.Input.Format = name
	r.Input.FormatTitle = format.Title(name)
	progress("done", 1)
	return r, nil
}

// Build computes the report of a decoded table.
func Build(t *analysis.Table, file string) *Report {
	r := &Report{
		Schema:      Schema,
		Generator:   Generator{Name: "gutlens", Version: Version},
		SampleOrder: t.Samples,
		Samples:     make(map[string]*Sample, len(t.Samples)),
		Ranks:       Ranks(t),
		table:       t,
		Input: Input{
			File: file, Format: t.Provenance.Format, Version: t.Provenance.Version,
			Tool: t.Provenance.Tool, SHA256: t.Provenance.SHA256, Gzip: t.Provenance.Gzip,
			NSamples: len(t.Samples), NFeatures: len(t.Features), Unit: t.Unit,
			Integer: t.Integer(), Notes: t.Provenance.Notes, UnclassifiedKnown: t.UnclassifiedKnown,
		},
	}
	r.Input.FormatTitle = format.Title(t.Provenance.Format)
	keys := make([]string, len(t.Features))
	for i := range t.Features {
		keys[i] = lineageKey(&t.Features[i])
	}
	for s, id := range t.Samples {
		r.Samples[id] = sample(t, s, keys)
	}
	r.Health = Health(r)
	r.Enterotypes = Enterotypes(r)
	return r
}

// sample builds one sample's entry; keys[i] is lineageKey of feature i.
func sample(t *analysis.Table, s int, keys []string) *Sample {
	col := t.Columns[s]
	total := diversity.Total(col.Value)
	unclassified := 0.0
	if t.Unclassified != nil {
		unclassified = t.Unclassified[s]
	}
	type acc struct {
		name, lineage string
		value         float64
	}
	byLineage := map[string]*acc{}
	for k, i := range col.Index {
		f := &t.Features[i]
		if f.Unassigned {
			unclassified += col.Value[k]
			continue
		}
		key := keys[i]
		a := byLineage[key]
		if a == nil {
			a = &acc{name: f.Name(), lineage: key}
			byLineage[key] = a
		}
		a.value += col.Value[k]
	}
	all := total
	if t.Unclassified != nil {
		all += t.Unclassified[s]
	}
	if !t.UnclassifiedKnown {
		unclassified = math.NaN()
	}
	share := func(v float64) Float {
		if all == 0 {
			return Float(math.NaN())
		}
		return Float(v / all)
	}
	taxa := make([]*acc, 0, len(byLineage))
	for _, a := range byLineage {
		taxa = append(taxa, a)
	}
	sort.Slice(taxa, func(a, b int) bool {
		if taxa[a].value != taxa[b].value {
			return taxa[a].value > taxa[b].value
		}
		return taxa[a].lineage < taxa[b].lineage
	})
	out := &Sample{
		Total:             total,
		ObservedFeatures:  diversity.Observed(col.Value),
		ShannonLn:         Float(diversity.Shannon(col.Value)),
		Simpson:           Float(diversity.Simpson(col.Value)),
		UnclassifiedShare: share(unclassified),
		Top:               []Taxon{},
	}
	for _, a := range taxa[:min(TopN, len(taxa))] {
		lin := a.lineage
		if lin == a.name {
			lin = ""
		}
		out.Top = append(out.Top, Taxon{Name: a.name, Lineage: lin, Value: a.value, Share: share(a.value)})
	}
	return out
}

// lineageKey joins a feature's named ranks ("Bacteria; Firmicutes; …"), or
// gives its id when it has no taxonomy.
func lineageKey(f *analysis.Feature) string {
	var named []string
	for _, n := range f.Lineage {
		if n != "" {
			named = append(named, n)
		}
	}
	if len(named) == 0 {
		return f.ID
	}
	return strings.Join(named, "; ")
}

// Summary returns a copy of the report without its per-sample entries
// (Samples is empty; SampleOrder is kept) and per-sample health: what a
// view needs first, small and quick to read even for thousands of samples.
// Subset and RenderHealth give the entries of the samples shown.
func (r *Report) Summary() *Report {
	c := *r
	c.Samples = map[string]*Sample{}
	if r.Health != nil {
		h := *r.Health
		h.Samples, h.SampleOrder = nil, nil // the report's SampleOrder says it
		c.Health = &h
	}
	if r.Enterotypes != nil {
		e := *r.Enterotypes
		e.Samples, e.SampleOrder = nil, nil
		c.Enterotypes = &e
	}
	return &c
}

// Subset returns the full entries of the given samples; unknown ids are
// left out.
func (r *Report) Subset(ids []string) map[string]*Sample {
	out := make(map[string]*Sample, len(ids))
	for _, id := range ids {
		if s, ok := r.Samples[id]; ok {
			out[id] = s
		}
	}
	return out
}

// JSON returns the report as indented JSON.
func (r *Report) JSON() ([]byte, error) {
	return json.MarshalIndent(r, "", "  ")
}

// Table returns the decoded table behind the report (nil for a report read
// back from JSON).
func (r *Report) Table() *analysis.Table { return r.table }
