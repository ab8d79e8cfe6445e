// Package view holds the JSON data of the report model that the web view
// reads: the report summary, the per-sample details, compositions, trees,
// rendered health and enterotype views, and the column-mapping forms. It
// imports only the standard library and package analysis (for
// analysis.Unit), so that the browser UI links none of the engine: the
// formats, the health knowledge base or the numerics. Package report
// builds these types (its names for them are aliases of these) and the
// JSON is the same.
package view

import (
	"math"
	"strconv"

	"github.com/gutlens/gutlens/analysis"
)

// Schema names the JSON document a report marshals to.
const Schema = "gutlens-report/1"

// TopN is how many taxa a sample's top list holds.
const TopN = 10

// Report is the report on a file as the UI decodes it from the engine: the
// JSON of report.Report. Health and Enterotypes hold only what the UI
// reads of the engine's models: whether they are there.
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
	// Health and Enterotypes are non-nil when the report has a health
	// model or an enterotype placement (the engine renders them on request).
	Health      *Model `json:"health,omitempty"`
	Enterotypes *Model `json:"enterotypes,omitempty"`
}

// Model is the part of a health or enterotype model that the UI reads.
type Model struct {
	Schema string `json:"schema"`
}

// Generator names what made the report.
type Generator struct {
	Name    string `json:"name"`
	Version string `json:"version"`
	Engine  string `json:"engine"` // "native" or "wasm"
}

// Input describes the file as read.
type Input struct {
	File        string        `json:"file"`
	Format      string        `json:"format"`
	FormatTitle string        `json:"format_title"`
	Version     string        `json:"format_version,omitempty"`
	Tool        string        `json:"tool,omitempty"`
	SHA256      string        `json:"sha256"`
	Gzip        bool          `json:"gzip"`
	NSamples    int           `json:"n_samples"`
	NFeatures   int           `json:"n_features"`
	Unit        analysis.Unit `json:"unit"`
	Integer     bool          `json:"integer_counts"`
	Notes       []string      `json:"parse_notes"`
	// UnclassifiedKnown is false when the file does not report what share
	// is unclassified (see analysis.Table.UnclassifiedKnown).
	UnclassifiedKnown bool `json:"unclassified_reported"`
}

// Sample holds one sample's first metrics.
type Sample struct {
	Total            float64 `json:"total"`             // Σ values of the features
	ObservedFeatures int     `json:"observed_features"` // features with a value > 0
	ShannonLn        Float   `json:"shannon_ln"`        // Shannon H' in nats
	Simpson          Float   `json:"simpson"`           // 1 - Σ p²
	// UnclassifiedShare is the share of the sample not assigned to any
	// domain: the file's explicit unclassified amount plus unassigned
	// features, over everything; null when the file does not say.
	UnclassifiedShare Float   `json:"unclassified_share"`
	Top               []Taxon `json:"top_taxa"`
}

// Taxon is one entry of a top list: features with the same lineage summed.
type Taxon struct {
	Name    string  `json:"name"`
	Lineage string  `json:"lineage,omitempty"`
	Value   float64 `json:"value"` // in the table's unit
	Share   Float   `json:"share"` // of everything in the sample, classified or not
}

// Float is a float64 whose NaN and ±Inf are written as JSON null.
type Float float64

func (f Float) MarshalJSON() ([]byte, error) {
	v := float64(f)
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return []byte("null"), nil
	}
	return strconv.AppendFloat(nil, v, 'g', -1, 64), nil
}

func (f *Float) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*f = Float(math.NaN())
		return nil
	}
	v, err := strconv.ParseFloat(string(b), 64)
	*f = Float(v)
	return err
}
