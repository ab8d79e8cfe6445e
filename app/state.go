// Package app holds the Gutlens go-app components. It renders report
// models; it computes no science (that is package analysis, run in the
// engine Web Worker).
package app

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"

	"github.com/gutlens/gutlens/analysis/report/view"
)

// Status is where an analysis stands.
type Status int

const (
	StatusIdle Status = iota
	StatusRunning
	StatusFailed
	StatusDone
)

var statusNames = [...]string{"idle", "running", "failed", "done"}

func (s Status) String() string { return statusNames[s] }

// State is what the analyser shows: one value, replaced as a whole on each
// step, so Render depends on it alone.
type State struct {
	Status Status
	File   string
	Stage  string       // engine stage while running: "read", "parse", "metrics"
	Done   float64      // 0–1 while running
	Err    string       // when failed
	Report *view.Report // the summary: metrics per sample, no top lists
	// Details holds the full entries (with top taxa) of the samples on the
	// shown page, fetched from the engine page by page.
	Details  map[string]*view.Sample
	EngineMS float64 // time the engine took
	Run      int     // finished analyses so far (done or failed)
	Page     int     // page of sample cards shown, from 0
	// Rank is the level of the composition chart; Composition its bands
	// for the shown page (nil while loading).
	Rank        string
	Composition *view.Composition
	// Health is the rendered health view of the shown page's samples (nil
	// while loading); HealthSample the one shown ("" = the first).
	Health       *view.HealthView
	HealthSample string
	// Enterotypes is the rendered community-type placement of the page.
	Enterotypes *view.EnterotypeView
	// CardsShown is how many sample cards of the page are built: they are
	// added a few per frame, so no single render is a long task.
	CardsShown int
	// HealthShown is how many health statements are built (same reason).
	HealthShown int
	// CompTableOpen is whether the composition's data table is open; it is
	// only built then.
	CompTableOpen bool
}

// pageIDs returns the sample ids on page p.
func (s State) pageIDs(p int) []string {
	if s.Report == nil {
		return nil
	}
	n := len(s.Report.SampleOrder)
	from := min(p*pageSize, n)
	return s.Report.SampleOrder[from:min(from+pageSize, n)]
}

// decodeSamples parses the engine's answer to a "samples" query.
func decodeSamples(s string) (map[string]*view.Sample, error) {
	var page struct {
		Samples map[string]*view.Sample `json:"samples"`
	}
	if err := json.Unmarshal([]byte(s), &page); err != nil {
		return nil, fmt.Errorf("the engine's answer could not be read: %w", err)
	}
	return page.Samples, nil
}

// decodeReport parses the engine's JSON.
func decodeReport(s string) (*view.Report, error) {
	var r view.Report
	if err := json.Unmarshal([]byte(s), &r); err != nil {
		return nil, fmt.Errorf("the engine's answer could not be read: %w", err)
	}
	if r.Schema != view.Schema {
		return nil, fmt.Errorf("the engine answered with schema %q, expected %q", r.Schema, view.Schema)
	}
	return &r, nil
}

// full writes a number in full precision for data-value attributes.
func full(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "null"
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}
