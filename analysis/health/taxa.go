package health

import (
	"github.com/gutlens/gutlens/analysis"
)

// ReferenceTaxa are single taxa whose share the health report places
// against the reference cohorts (metric TaxonMetric).
var ReferenceTaxa = []Taxon{
	{Name: "Akkermansia muciniphila", Rank: "species"},
	{Name: "Christensenellaceae", Rank: "family"},
	{Name: "Bifidobacterium", Rank: "genus"},
}

// TaxonMetric is the reference metric of a taxon's share.
func TaxonMetric(name string) string { return "taxon:" + name }

// TaxonShare returns, per sample, the summed value of the features that
// belong to the taxon (matched by name at its rank, as MatchGuilds does,
// with former names through taxonomy.Canonical) over the sample's total.
// resolvable is false when the table names no taxa at the taxon's rank
// (e.g. a species in a genus-level table): the share is then unknown, not
// zero, and share is nil.
func TaxonShare(t *analysis.Table, tx Taxon) (share []float64, resolvable bool) {
	r := rankIndex(tx.Rank)
	if r < 0 {
		return nil, false
	}
	names := map[string]bool{key(r, tx.Name): true}
	for _, s := range tx.Synonyms {
		names[key(r, s)] = true
	}
	in := make([]bool, len(t.Features))
	keys := tableKeys(t)
	for i := range t.Features {
		k := keys[i]
		if k[r] != "" {
			resolvable = true
		}
		in[i] = names[k[r]]
	}
	if !resolvable {
		return nil, false
	}
	share = make([]float64, len(t.Samples))
	for s, c := range t.Columns {
		sum, total := 0.0, 0.0
		for n, i := range c.Index {
			total += c.Value[n]
			if in[i] {
				sum += c.Value[n]
			}
		}
		share[s] = sum / total
	}
	return share, true
}
