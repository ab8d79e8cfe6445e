package report

import (
	"math"
	"sort"

	"github.com/gutlens/gutlens/analysis"
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

// viridis holds 11 evenly spaced colours of matplotlib's viridis map
// (van der Walt & Smith 2015), from 0 to 1.
var viridis = [11][3]float64{
	{68, 1, 84}, {72, 36, 117}, {65, 68, 135}, {53, 95, 141}, {42, 120, 142},
	{33, 145, 140}, {34, 168, 132}, {68, 191, 112}, {122, 209, 81}, {189, 223, 38}, {253, 231, 37},
}

// Viridis returns the colour of v (0–1, clamped) on the viridis map,
// interpolated linearly between its 11 stops.
func Viridis(v float64) (r, g, b uint8) {
	if math.IsNaN(v) {
		v = 0
	}
	v = math.Min(1, math.Max(0, v)) * 10
	i := min(int(v), 9)
	f := v - float64(i)
	c := func(k int) uint8 { return uint8(math.Round(viridis[i][k] + f*(viridis[i+1][k]-viridis[i][k]))) }
	return c(0), c(1), c(2)
}

// ViridisHex is Viridis as "#rrggbb".
func ViridisHex(v float64) string {
	r, g, b := Viridis(v)
	const hex = "0123456789abcdef"
	return string([]byte{'#', hex[r>>4], hex[r&15], hex[g>>4], hex[g&15], hex[b>>4], hex[b&15]})
}
