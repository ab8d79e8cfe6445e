package report

import (
	"math"
	"sort"

	"github.com/gutlens/gutlens/analysis"
	"github.com/gutlens/gutlens/analysis/report/view"
)

// Heatmap is a table's samples × its top taxa at one rank: the share of
// each taxon in each sample, for a heatmap.
type Heatmap struct {
	Rank    string      `json:"rank"` // "" for the features as given
	Taxa    []CompTaxon `json:"taxa"` // the top taxa by mean share
	Samples []string    `json:"samples"`
	// Shares[s][k] is the share of Taxa[k] in Samples[s], of everything
	// in the sample (as Composition).
	Shares [][]float64 `json:"-"`
	Max    float64     `json:"max"` // the largest share, the top of the colour scale
}

// HeatmapTopN is how many taxa a heatmap shows.
const HeatmapTopN = 20

// BuildHeatmap returns the heatmap of t at the rank (an index into
// analysis.Ranks; -1 for the features as given) with the topN taxa of
// largest mean share.
func BuildHeatmap(t *analysis.Table, rank, topN int) (*Heatmap, error) {
	h := &Heatmap{Samples: t.Samples}
	if rank >= 0 {
		c, err := Compose(t, rank, topN)
		if err != nil {
			return nil, err
		}
		h.Rank = c.Rank
		for _, tx := range c.Taxa {
			if tx.Kind == "taxon" {
				h.Taxa = append(h.Taxa, tx)
			}
		}
		h.Shares = make([][]float64, len(t.Samples))
		for s, id := range t.Samples {
			row := make([]float64, len(h.Taxa))
			for k := range h.Taxa {
				row[k] = float64(c.Shares[id][k])
			}
			h.Shares[s] = row
		}
	} else {
		heatmapFeatures(t, topN, h)
	}
	for _, row := range h.Shares {
		for _, v := range row {
			h.Max = math.Max(h.Max, v)
		}
	}
	return h, nil
}

// heatmapFeatures fills h with the features of t (no taxonomy).
func heatmapFeatures(t *analysis.Table, topN int, h *Heatmap) {
	mean := make([]float64, len(t.Features))
	for _, col := range t.Columns {
		all := col.Sum()
		if all == 0 {
			continue
		}
		for k, i := range col.Index {
			mean[i] += col.Value[k] / all
		}
	}
	var order []int
	for i, m := range mean {
		if m > 0 {
			order = append(order, i)
		}
	}
	sort.SliceStable(order, func(a, b int) bool { return mean[order[a]] > mean[order[b]] })
	order = order[:min(topN, len(order))]
	pos := make(map[int]int, len(order))
	for k, i := range order {
		pos[i] = k
		f := &t.Features[i]
		h.Taxa = append(h.Taxa, CompTaxon{Name: f.Name(), Lineage: lineageKey(f), Kind: "taxon"})
	}
	h.Shares = make([][]float64, len(t.Samples))
	for s, col := range t.Columns {
		row := make([]float64, len(order))
		if all := col.Sum(); all > 0 {
			for k, i := range col.Index {
				if p, ok := pos[i]; ok {
					row[p] = col.Value[k] / all
				}
			}
		}
		h.Shares[s] = row
	}
}

// RGBA renders the heatmap as RGBA pixels, one per cell (a row per
// sample, a column per taxon), coloured by Viridis(share / Max).
func (h *Heatmap) RGBA() []byte {
	w := len(h.Taxa)
	px := make([]byte, 4*w*len(h.Shares))
	for s, row := range h.Shares {
		for k, v := range row {
			r, g, b := Viridis(h.Scale(v))
			p := 4 * (s*w + k)
			px[p], px[p+1], px[p+2], px[p+3] = r, g, b, 255
		}
	}
	return px
}

// Scale maps a share to 0–1 on the heatmap's colour scale (linear, 0 to Max).
func (h *Heatmap) Scale(v float64) float64 {
	if !(h.Max > 0) || math.IsNaN(v) {
		return 0
	}
	return math.Min(1, math.Max(0, v/h.Max))
}

// Viridis returns the colour of v (0–1, clamped) on the viridis map,
// interpolated linearly between its 11 stops.
func Viridis(v float64) (r, g, b uint8) { return view.Viridis(v) }

// ViridisHex is Viridis as "#rrggbb".
func ViridisHex(v float64) string { return view.ViridisHex(v) }
