// Package app holds the Gutlens go-app components. It renders report
// models; it computes no science (that is package analysis, run in the
// engine Web Worker).
package app

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"

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
	// Unbuilt is how many parts of the report, counted from the last, are
	// not built yet: a new report builds one per frame (reportParts).
	Unbuilt int
	// CardsShown is how many sample cards of the page are built: they are
	// added a few per frame, so no single render is a long task.
	CardsShown int
	// HealthShown is how many health statements are built (same reason).
	HealthShown int
	// CompTableOpen is whether the composition's data table is open; it is
	// only built then.
	CompTableOpen bool
	// CompSort is the order the samples are shown in (view.SortFile …; ""
	// is the file's), CompBand the band a view.SortTaxon order sorts by
	// (view.BandKey). Order is every sample id in that order, as the
	// engine sorted them (nil: the file's order): the pages follow it.
	CompSort string
	CompBand string
	Order    []string
}

// order is the sample ids in the order the pages show them.
func (s State) order() []string {
	if s.Report == nil {
		return nil
	}
	if s.Order != nil && len(s.Order) == len(s.Report.SampleOrder) {
		return s.Order
	}
	return s.Report.SampleOrder
}

// pageIDs returns the sample ids on page p.
func (s State) pageIDs(p int) []string {
	ids := s.order()
	n := len(ids)
	from := min(p*pageSize, n)
	return ids[from:min(from+pageSize, n)]
}

// samplesPage is the engine's answer to a "samples" query: the full
// entries of the samples asked for.
type samplesPage struct {
	Samples map[string]*view.Sample `json:"samples"`
}

// decodeReport parses the engine's summary. order, unless empty, is its
// sample order as a JSON array of strings, sent apart from it
// (web/static/engine-worker.js) and read by decodeIDs.
func decodeReport(s, order string) (*view.Report, error) {
	var r view.Report
	if err := json.Unmarshal([]byte(s), &r); err != nil {
		return nil, fmt.Errorf("the engine's answer could not be read: %w", err)
	}
	if r.Schema != view.Schema {
		return nil, fmt.Errorf("the engine answered with schema %q, expected %q", r.Schema, view.Schema)
	}
	if order != "" {
		ids, err := decodeIDs(order)
		if err != nil {
			return nil, fmt.Errorf("the engine's sample order could not be read: %w", err)
		}
		r.SampleOrder = ids
	}
	return &r, nil
}

// decodeIDs reads a JSON array of strings. Written as JSON.stringify
// writes it (no spaces), it is read by a plain scan, each id without an
// escape a slice of s: for HMP's 5,452 sample ids that takes 0.7 ms in
// wasm where encoding/json takes 6 ms (BenchmarkDecodeIDs). Anything else
// is left to encoding/json.
func decodeIDs(s string) ([]string, error) {
	if len(s) < 2 || s[0] != '[' {
		return decodeIDsJSON(s)
	}
	if s == "[]" {
		return []string{}, nil
	}
	ids := make([]string, 0, strings.Count(s, `","`)+1)
	for i := 1; ; {
		if i >= len(s) || s[i] != '"' {
			return decodeIDsJSON(s)
		}
		j, escaped := i+1, false
		for ; j < len(s) && s[j] != '"'; j++ {
			switch {
			case s[j] < ' ':
				return decodeIDsJSON(s) // not JSON: let encoding/json say why
			case s[j] == '\\':
				escaped = true
				j++
			}
		}
		if j >= len(s) {
			return decodeIDsJSON(s)
		}
		if escaped {
			id, err := decodeID(s[i : j+1])
			if err != nil {
				return nil, err
			}
			ids = append(ids, id)
		} else {
			ids = append(ids, s[i+1:j])
		}
		switch i = j + 1; {
		case i == len(s)-1 && s[i] == ']':
			return ids, nil
		case i < len(s) && s[i] == ',':
			i++
		default:
			return decodeIDsJSON(s)
		}
	}
}

// decodeID reads one JSON string with escapes.
func decodeID(s string) (string, error) {
	var id string
	err := json.Unmarshal([]byte(s), &id)
	return id, err
}

func decodeIDsJSON(s string) ([]string, error) {
	var ids []string
	err := json.Unmarshal([]byte(s), &ids)
	return ids, err
}

// full writes a number in full precision for data-value attributes.
func full(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "null"
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}
