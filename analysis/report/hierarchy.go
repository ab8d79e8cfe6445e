package report

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/gutlens/gutlens/analysis"
	"github.com/gutlens/gutlens/analysis/report/view"
	"github.com/gutlens/gutlens/analysis/taxonomy"
)

// TaxonTree is one sample as a taxonomic tree, as a sunburst (Krona) shows
// it.
// It is view.TaxonTree, so that the UI reads it without linking this package.
type TaxonTree = view.TaxonTree

// TaxonNode is one node of a TaxonTree.
// It is view.TaxonNode, so that the UI reads it without linking this package.
type TaxonNode = view.TaxonNode

// ErrNoSample is returned for a sample id the table does not have.
var ErrNoSample = errors.New("report: no such sample")

// hierarchyMaxRank is the finest rank a hierarchy reaches: species.
const hierarchyMaxRank = 6

// Hierarchy returns the taxonomic tree of sample id in t (see TaxonTree). A table without taxonomy
// returns analysis.ErrNoTaxonomy.
func Hierarchy(t *analysis.Table, id string) (*TaxonTree, error) {
	s := -1
	for i, name := range t.Samples {
		if name == id {
			s = i
			break
		}
	}
	if s < 0 {
		return nil, fmt.Errorf("%w: %q", ErrNoSample, id)
	}
	lo, hi := -1, -1
	for r := 0; r <= hierarchyMaxRank; r++ {
		for i := range t.Features {
			if l := t.Features[i].Lineage; len(l) > r && !taxonomy.IsPlaceholder(strings.TrimSpace(l[r])) {
				if lo < 0 {
					lo = r
				}
				hi = r
				break
			}
		}
	}
	if lo < 0 {
		return nil, analysis.ErrNoTaxonomy
	}
	h := &TaxonTree{Sample: id}
	for r := lo; r <= hi; r++ {
		h.Ranks = append(h.Ranks, analysis.Ranks[r])
	}

	// Build the tree of amounts, then order and flatten it.
	root := &hbuild{kind: "root"}
	col := t.Columns[s]
	unclassified := 0.0
	if t.Unclassified != nil {
		unclassified = t.Unclassified[s]
	}
	for k, fi := range col.Index {
		v := col.Value[k]
		f := &t.Features[fi]
		if f.Unassigned || f.Lineage == nil {
			unclassified += v
			continue
		}
		root.amount += v
		n := root
		for r := lo; r <= hi; r++ {
			name := ""
			if r < len(f.Lineage) {
				if name = strings.TrimSpace(f.Lineage[r]); taxonomy.IsPlaceholder(name) {
					name = ""
				}
			}
			if name != "" && r == 6 {
				name = speciesName(f.Lineage, name)
			}
			if name == "" && n == root {
				// Nothing named at the top level: with the unassigned.
				root.amount -= v
				unclassified += v
				break
			}
			c := n.child(name, analysis.Ranks[r])
			c.amount += v
			if name == "" {
				break // nothing finer is placed below an unclassified node
			}
			n = c
		}
	}
	if unclassified > 0 {
		c := root.child("", analysis.Ranks[lo])
		c.amount += unclassified
		root.amount += unclassified
	}
	flatten(h, root, -1, 0, "", "", root.amount)
	return h, nil
}

// speciesName is a species' display name: Greengenes gives the epithet
// alone (g__Bacteroides; s__uniformis), which reads as "Bacteroides
// uniformis".
func speciesName(lineage []string, sp string) string {
	if len(lineage) > 5 && sp[0] >= 'a' && sp[0] <= 'z' && !strings.ContainsAny(sp, " _") {
		if g := strings.TrimSpace(lineage[5]); !taxonomy.IsPlaceholder(g) {
			return g + " " + sp
		}
	}
	return sp
}

// hbuild is a node while the tree is built.
type hbuild struct {
	name, rank, kind string
	amount           float64
	children         []*hbuild
	index            map[string]*hbuild
}

// child returns the child named name ("" for unclassified), made when new.
func (n *hbuild) child(name, rank string) *hbuild {
	if n.index == nil {
		n.index = map[string]*hbuild{}
	}
	c, ok := n.index[name]
	if !ok {
		kind := "taxon"
		if name == "" {
			kind = "unclassified"
		}
		c = &hbuild{name: name, rank: rank, kind: kind}
		n.index[name] = c
		n.children = append(n.children, c)
	}
	return c
}

// flatten appends n and its subtree in preorder.
func flatten(h *TaxonTree, n *hbuild, parent, depth int, id, phylum string, all float64) int {
	share := 0.0
	if all > 0 && n.kind == "root" {
		share = 1
	} else if all > 0 {
		share = n.amount / all
	}
	name := n.name
	switch {
	case n.kind == "root":
		name = h.Sample
	case n.kind == "unclassified" && depth == 1:
		name = "Unclassified"
	case n.kind == "unclassified":
		name = h.Nodes[parent].Name + " (unclassified at " + n.rank + ")"
	}
	if depth > 0 {
		seg := n.name
		if n.kind == "unclassified" {
			seg = "?"
		}
		if depth == 1 {
			id = seg
		} else {
			id += "|" + seg
		}
	}
	if n.kind == "taxon" && n.rank == "phylum" {
		phylum = n.name
	}
	i := len(h.Nodes)
	h.Nodes = append(h.Nodes, TaxonNode{ID: id, Name: name, Rank: n.rank, Kind: n.kind, Share: Float(share), Depth: depth, Parent: parent, Phylum: phylum})
	sort.SliceStable(n.children, func(a, b int) bool {
		ca, cb := n.children[a], n.children[b]
		if (ca.kind == "unclassified") != (cb.kind == "unclassified") {
			return cb.kind == "unclassified"
		}
		if ca.amount != cb.amount {
			return ca.amount > cb.amount
		}
		return ca.name < cb.name
	})
	for _, c := range n.children {
		if c.amount <= 0 {
			continue
		}
		ci := flatten(h, c, i, depth+1, id, phylum, all)
		h.Nodes[i].Children = append(h.Nodes[i].Children, ci)
	}
	return i
}

// Hierarchy returns the tree of one sample of the report's table.
func (r *Report) Hierarchy(sample string) (*TaxonTree, error) {
	if r.table == nil {
		return nil, errors.New("report: no table behind this report")
	}
	return Hierarchy(r.table, sample)
}
