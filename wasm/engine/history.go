package main

import (
	"bytes"
	"encoding/csv"
	"math"
	"strconv"
	"time"

	"github.com/gutlens/gutlens/analysis/report"
)

// The engine's answers for the history and export views: a compact record
// of the current report to keep on the device, the full report with its
// provenance, and the per-sample table as CSV.
func init() {
	queries["record"] = func(e *engine, q Query) result { return marshal(e.record(time.Now())) }
	queries["export-report"] = func(e *engine, q Query) result { return marshal(e.exportReport(time.Now())) }
	queries["export-csv"] = func(e *engine, q Query) result { return e.exportCSV() }
}

// RecordSchema names the compact result the history keeps.
const RecordSchema = "gutlens-result/1"

// recordDetailSamples is how many samples keep their top taxa and
// composition in a saved result; all keep their metrics.
const recordDetailSamples = 100

// recordTopN is how many top taxa a saved sample keeps.
const recordTopN = 5

// Record is one saved result: what the longitudinal view needs, and enough
// to recognise the file and the method later. The page adds "id" and
// "saved".
type Record struct {
	Schema    string           `json:"schema"`
	Generator report.Generator `json:"generator"`
	Input     RecordInput      `json:"input"`
	Analysed  string           `json:"analysed"` // RFC 3339, UTC
	Samples   []RecordSample   `json:"samples"`
	// Composition holds the shares at genus and phylum (when the file
	// names them) of the first recordDetailSamples samples.
	Composition map[string]*report.Composition `json:"composition"`
	// Truncated says that samples beyond recordDetailSamples kept only
	// their metrics.
	Truncated bool `json:"truncated"`
}

// RecordInput describes the file: its format, version, the tool and
// database that made it, and its hash.
type RecordInput struct {
	File              string `json:"file"`
	Format            string `json:"format"`
	FormatTitle       string `json:"format_title"`
	FormatVersion     string `json:"format_version"`
	Tool              string `json:"tool"`
	SHA256            string `json:"sha256"`
	Gzip              bool   `json:"gzip"`
	NSamples          int    `json:"n_samples"`
	NFeatures         int    `json:"n_features"`
	Unit              string `json:"unit"`
	UnclassifiedKnown bool   `json:"unclassified_reported"`
}

// RecordSample is one sample's metrics and top taxa.
type RecordSample struct {
	ID                string         `json:"id"`
	Total             float64        `json:"total"`
	ObservedFeatures  int            `json:"observed_features"`
	ShannonLn         report.Float   `json:"shannon_ln"`
	Simpson           report.Float   `json:"simpson"`
	UnclassifiedShare report.Float   `json:"unclassified_share"`
	Top               []report.Taxon `json:"top_taxa,omitempty"`
}

func (e *engine) composition(rank string) (*report.Composition, error) {
	if c, ok := e.compositions[rank]; ok {
		return c, nil
	}
	c, err := e.report.Composition(rank)
	if err != nil {
		return nil, err
	}
	e.compositions[rank] = c
	return c, nil
}

// record builds the compact result of the current report.
func (e *engine) record(now time.Time) *Record {
	r := e.report
	in := r.Input
	rec := &Record{
		Schema:    RecordSchema,
		Generator: r.Generator,
		Input: RecordInput{
			File: in.File, Format: in.Format, FormatTitle: in.FormatTitle, FormatVersion: in.Version,
			Tool: in.Tool, SHA256: in.SHA256, Gzip: in.Gzip, NSamples: in.NSamples, NFeatures: in.NFeatures,
			Unit: in.Unit.String(), UnclassifiedKnown: in.UnclassifiedKnown,
		},
		Analysed:    now.UTC().Format(time.RFC3339),
		Composition: map[string]*report.Composition{},
		Truncated:   len(r.SampleOrder) > recordDetailSamples,
	}
	detail := r.SampleOrder[:min(len(r.SampleOrder), recordDetailSamples)]
	for i, id := range r.SampleOrder {
		s := r.Samples[id]
		rs := RecordSample{ID: id, Total: s.Total, ObservedFeatures: s.ObservedFeatures,
			ShannonLn: s.ShannonLn, Simpson: s.Simpson, UnclassifiedShare: s.UnclassifiedShare}
		if !in.UnclassifiedKnown {
			rs.UnclassifiedShare = report.Float(math.NaN())
		}
		if i < len(detail) {
			rs.Top = s.Top[:min(len(s.Top), recordTopN)]
		}
		rec.Samples = append(rec.Samples, rs)
	}
	for _, rank := range r.Ranks {
		if rank != "genus" && rank != "phylum" {
			continue
		}
		if c, err := e.composition(rank); err == nil {
			rec.Composition[rank] = c.Subset(detail)
		}
	}
	return rec
}

// Provenance says where an exported report came from.
type Provenance struct {
	InputFile      string `json:"input_file"`
	InputSHA256    string `json:"input_sha256"`
	Parser         string `json:"parser"` // the format as sniffed
	ParserTitle    string `json:"parser_title"`
	FormatVersion  string `json:"format_version,omitempty"`
	Tool           string `json:"tool,omitempty"` // the profiler and database named in the file
	GutlensVersion string `json:"gutlens_version"`
	Engine         string `json:"engine"`
	// ReferenceCohorts are the reference cohorts the percentiles use,
	// with the version of each quantile table; none when the report
	// compares with none.
	ReferenceCohorts []ReferenceCohort `json:"reference_cohorts,omitempty"`
	Date             string            `json:"date"` // of the export, RFC 3339, UTC
}

// ReferenceCohort identifies a reference cohort's quantile table.
type ReferenceCohort struct {
	ID              string `json:"id"`
	Name            string `json:"name"`
	Version         int    `json:"version"`   // of the quantile table
	Generated       string `json:"generated"` // date the table was made
	Profiler        string `json:"profiler"`
	ProfilerVersion string `json:"profiler_version"`
}

// ExportedReport is the full report (every sample with its top taxa)
// with its provenance.
type ExportedReport struct {
	*report.Report
	Provenance Provenance `json:"provenance"`
}

func (e *engine) exportReport(now time.Time) *ExportedReport {
	r := e.report
	p := Provenance{
		InputFile: r.Input.File, InputSHA256: r.Input.SHA256,
		Parser: r.Input.Format, ParserTitle: r.Input.FormatTitle, FormatVersion: r.Input.Version, Tool: r.Input.Tool,
		GutlensVersion: r.Generator.Version, Engine: r.Generator.Engine,
		Date: now.UTC().Format(time.RFC3339),
	}
	if r.Health != nil {
		for _, c := range r.Health.Cohorts {
			p.ReferenceCohorts = append(p.ReferenceCohorts, ReferenceCohort{ID: c.ID, Name: c.Name,
				Version: c.Provenance.Version, Generated: c.Provenance.Generated, Profiler: c.Profiler, ProfilerVersion: c.ProfilerVersion})
		}
	}
	return &ExportedReport{Report: r, Provenance: p}
}

// CSVHeader is the header of the per-sample table.
var CSVHeader = []string{"sample", "total", "observed_features", "shannon_ln", "simpson", "unclassified_share", "top_taxon", "top_taxon_share"}

// exportCSV writes the per-sample table: one row per sample in the file's
// order; undefined values are empty cells.
func (e *engine) exportCSV() result {
	r := e.report
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write(CSVHeader)
	num := func(v float64) string {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return ""
		}
		return strconv.FormatFloat(v, 'g', -1, 64)
	}
	for _, id := range r.SampleOrder {
		s := r.Samples[id]
		unclass := num(float64(s.UnclassifiedShare))
		if !r.Input.UnclassifiedKnown {
			unclass = ""
		}
		top, share := "", ""
		if len(s.Top) > 0 {
			top, share = s.Top[0].Name, num(float64(s.Top[0].Share))
		}
		w.Write([]string{id, num(s.Total), strconv.Itoa(s.ObservedFeatures), num(float64(s.ShannonLn)), num(float64(s.Simpson)), unclass, top, share})
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return result{Error: err.Error()}
	}
	return result{JSON: b.String()}
}
