package main

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/gutlens/gutlens/analysis/report"
	"github.com/gutlens/gutlens/analysis/report/view"
)

// The composition's "Sort samples by" (app/composition.go): the order of
// every sample of the file, which the report's pages follow, and the
// composition table of every sample in that order as CSV.

func init() {
	queries["composition.order"] = func(e *engine, q Query) result {
		order, band, err := e.sampleOrder(q)
		if err != nil {
			return result{Error: err.Error()}
		}
		return marshal(SampleOrder{Order: order, Band: band})
	}
	queries["composition.csv"] = func(e *engine, q Query) result {
		order, _, err := e.sampleOrder(q)
		if err != nil {
			return result{Error: err.Error()}
		}
		c, err := e.composition(q.Rank)
		if err != nil {
			return result{Error: err.Error()}
		}
		// The answer is the file's text itself, not JSON.
		return result{JSON: compositionCSV(c, order)}
	}
}

// SampleOrder is the answer to "composition.order".
type SampleOrder struct {
	Order []string `json:"order"`          // every sample id, in the order asked for
	Band  string   `json:"band,omitempty"` // for view.SortTaxon: the band sorted by (view.BandKey)
}

// sortParams are the parameters of the composition queries.
type sortParams struct {
	Key  string `json:"key"`  // view.SortFile …; "" is the file's order
	Band string `json:"band"` // for view.SortTaxon: a view.BandKey, else the default band
}

// sampleOrder orders every sample of the report as q asks (at q.Rank for
// the orders that read the composition), and names the band a taxon
// order used.
func (e *engine) sampleOrder(q Query) ([]string, string, error) {
	var p sortParams
	if len(q.Params) > 0 {
		if err := json.Unmarshal(q.Params, &p); err != nil {
			return nil, "", fmt.Errorf("engine: bad sort params: %v", err)
		}
	}
	if p.Key == "" {
		p.Key = view.SortFile
	}
	if !slices.Contains(view.SortKeys, p.Key) {
		return nil, "", fmt.Errorf("engine: unknown sample order %q", p.Key)
	}
	r := e.report
	var c *report.Composition
	band, bandKey := -1, ""
	if view.SortByRank(p.Key) {
		var err error
		if c, err = e.composition(q.Rank); err != nil {
			return nil, "", err
		}
		if p.Key == view.SortTaxon {
			if band = c.Band(p.Band); band >= 0 {
				bandKey = view.BandKey(c.Taxa[band])
			}
		}
	}
	shannon := func(id string) float64 {
		if s := r.Samples[id]; s != nil {
			return float64(s.ShannonLn)
		}
		return math.NaN()
	}
	return view.SortSamples(r.SampleOrder, p.Key, c, band, shannon), bandKey, nil
}

// compositionCSV is the composition table: one row per band (the taxa,
// Other, Unclassified), the rank's name and the band's lineage, then one
// column per sample in order, each value the band's share of the sample
// as a fraction (0–1) in full precision; empty when undefined.
func compositionCSV(c *report.Composition, order []string) string {
	var b strings.Builder
	b.WriteString(report.CSVField(c.Rank+" (fraction of sample)") + ",lineage")
	for _, id := range order {
		b.WriteString("," + report.CSVField(id))
	}
	b.WriteByte('\n')
	var buf []byte
	for k, t := range c.Taxa {
		b.WriteString(report.CSVField(t.Name) + "," + report.CSVField(t.Lineage))
		for _, id := range order {
			b.WriteByte(',')
			row := c.Shares[id]
			if k >= len(row) {
				continue
			}
			if v := float64(row[k]); !math.IsNaN(v) && !math.IsInf(v, 0) {
				buf = strconv.AppendFloat(buf[:0], v, 'g', -1, 64)
				b.Write(buf)
			}
		}
		b.WriteByte('\n')
	}
	return b.String()
}
