package report

import (
	"errors"
	"fmt"
	"sort"

	"github.com/gutlens/gutlens/analysis"
	"github.com/gutlens/gutlens/analysis/report/view"
)

// Composition is what a table is made of at one rank, as stacked bars
// show it.
// It is view.Composition, so that the UI reads it without linking this package.
type Composition = view.Composition

// CompTaxon is one band of a Composition.
// It is view.CompTaxon, so that the UI reads it without linking this package.
type CompTaxon = view.CompTaxon

// ErrNoRank is returned for a rank the table's taxonomy does not name.
var ErrNoRank = errors.New("report: the table names no taxa at that rank")

// Ranks returns the ranks at which the table names at least one taxon.
func Ranks(t *analysis.Table) []string {
	var out []string
	for r, name := range analysis.Ranks {
		for i := range t.Features {
			if l := t.Features[i].Lineage; len(l) > r && l[r] != "" {
				out = append(out, name)
				break
			}
		}
	}
	return out
}

// Compose returns the composition of t at the rank (an index into
// analysis.Ranks), with the topN taxa of largest mean share across the
// samples that have any content (ties by name).
func Compose(t *analysis.Table, rank, topN int) (*Composition, error) {
	if rank < 0 || rank >= len(analysis.Ranks) {
		return nil, fmt.Errorf("report: rank %d out of range", rank)
	}
	c, err := t.Collapse(rank)
	if err != nil {
		return nil, err
	}
	named := false
	for i := range c.Features {
		named = named || (!c.Features[i].Unassigned && len(c.Features[i].Lineage) > rank && c.Features[i].Lineage[rank] != "")
	}
	if !named {
		return nil, ErrNoRank
	}
	// Per sample: everything = Σ features + the explicit unclassified amount.
	shares := make([]map[int]float64, len(c.Samples))
	unclassified := make([]float64, len(c.Samples))
	mean := make([]float64, len(c.Features))
	nonEmpty := 0
	for s, col := range c.Columns {
		all := col.Sum()
		if c.Unclassified != nil {
			all += c.Unclassified[s]
			unclassified[s] = c.Unclassified[s]
		}
		shares[s] = make(map[int]float64, len(col.Index))
		if all == 0 {
			continue
		}
		nonEmpty++
		for k, i := range col.Index {
			if c.Features[i].Unassigned {
				unclassified[s] += col.Value[k]
				continue
			}
			shares[s][i] = col.Value[k] / all
			mean[i] += col.Value[k] / all
		}
		unclassified[s] /= all
	}
	var order []int
	for i := range c.Features {
		if !c.Features[i].Unassigned && mean[i] > 0 {
			order = append(order, i)
		}
	}
	sort.SliceStable(order, func(a, b int) bool {
		if mean[order[a]] != mean[order[b]] {
			return mean[order[a]] > mean[order[b]]
		}
		return c.Features[order[a]].Name() < c.Features[order[b]].Name()
	})
	top := order[:min(topN, len(order))]
	comp := &Composition{Rank: analysis.Ranks[rank], Shares: make(map[string][]Float, len(c.Samples))}
	for _, i := range top {
		f := &c.Features[i]
		comp.Taxa = append(comp.Taxa, CompTaxon{Name: displayName(f, rank), Lineage: lineageKey(f), Kind: "taxon"})
	}
	comp.Taxa = append(comp.Taxa, CompTaxon{Name: "Other", Kind: "other"}, CompTaxon{Name: "Unclassified", Kind: "unclassified"})
	isTop := make(map[int]bool, len(top))
	for _, i := range top {
		isTop[i] = true
	}
	for s, id := range c.Samples {
		row := make([]Float, len(comp.Taxa))
		for k, i := range top {
			row[k] = Float(shares[s][i])
		}
		// Other: the named taxa below the top, summed in feature order (a
		// sum over the map would differ in the last bits from run to run).
		other := 0.0
		for _, i := range c.Columns[s].Index {
			if v, ok := shares[s][i]; ok && !isTop[i] {
				other += v
			}
		}
		row[len(top)] = Float(other)
		row[len(top)+1] = Float(unclassified[s])
		comp.Shares[id] = row
	}
	return comp, nil
}

// displayName is a collapsed feature's name for a legend: its id ("…
// (unclassified at genus)") when it names nothing at the rank, else
// Feature.Name.
func displayName(f *analysis.Feature, rank int) string {
	if len(f.Lineage) <= rank || f.Lineage[rank] == "" {
		return f.ID
	}
	return f.Name()
}

// CompositionTopN is how many named taxa a composition shows before
// "Other": the 8 that distinct colours can tell apart.
const CompositionTopN = 8

// Composition returns the report's table at a rank ("phylum" … "species").
func (r *Report) Composition(rank string) (*Composition, error) {
	if r.table == nil {
		return nil, errors.New("report: no table behind this report")
	}
	for i, name := range analysis.Ranks {
		if name == rank {
			return Compose(r.table, i, CompositionTopN)
		}
	}
	return nil, fmt.Errorf("report: unknown rank %q", rank)
}
