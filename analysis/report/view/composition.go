package view

// Composition is what a table is made of at one rank, as stacked bars
// show it: the taxa with the largest mean share across samples, then one
// "Other" for the rest, then "Unclassified".
type Composition struct {
	Rank string      `json:"rank"`
	Taxa []CompTaxon `json:"taxa"` // the top taxa, then Other, then Unclassified
	// Shares[sample][k] is the share of Taxa[k] in the sample, of
	// everything in it (classified or not); each row sums to 1.
	Shares map[string][]Float `json:"shares"`
}

// CompTaxon is one band of a Composition.
type CompTaxon struct {
	Name    string `json:"name"`
	Lineage string `json:"lineage,omitempty"`
	Kind    string `json:"kind"` // "taxon", "other" or "unclassified"
}

// Subset returns the composition restricted to the given samples.
func (c *Composition) Subset(ids []string) *Composition {
	out := *c
	out.Shares = make(map[string][]Float, len(ids))
	for _, id := range ids {
		if row, ok := c.Shares[id]; ok {
			out.Shares[id] = row
		}
	}
	return &out
}
