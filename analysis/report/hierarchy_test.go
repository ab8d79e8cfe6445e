package report

import (
	"errors"
	"math"
	"os"
	"strings"
	"testing"

	"github.com/gutlens/gutlens/analysis"
)

func hierTable() *analysis.Table {
	lin := func(s string) []string {
		l := strings.Split(s, ";")
		for len(l) < len(analysis.Ranks) {
			l = append(l, "")
		}
		return l
	}
	return &analysis.Table{
		Samples: []string{"A", "B"},
		Features: []analysis.Feature{
			{ID: "f0", Lineage: lin("Bacteria;Firmicutes;Clostridia;Eubacteriales;Oscillospiraceae;Faecalibacterium;Faecalibacterium prausnitzii")},
			{ID: "f1", Lineage: lin("Bacteria;Firmicutes;Clostridia;Eubacteriales;Lachnospiraceae;Roseburia;")},
			{ID: "f2", Lineage: lin("Bacteria;Bacteroidota;Bacteroidia;Bacteroidales;Bacteroidaceae;Bacteroides;uniformis")},
			{ID: "f3", Lineage: lin("Bacteria;Firmicutes;uncultured;Eubacteriales;;;")}, // unnamed class
			{ID: "f4", Unassigned: true},
			{ID: "f5", Lineage: lin(";;;;;;")}, // nothing named
		},
		Columns: []analysis.Vector{
			{Index: []int{0, 1, 2, 3, 4, 5}, Value: []float64{30, 10, 40, 5, 5, 2}},
			{},
		},
		Unclassified: []float64{8, 0},
		Unit:         analysis.UnitCounts,
	}
}

// The children of every node add up to the node, and each ring (the nodes
// at a depth, plus the leaves above it) adds up to the whole sample.
func checkTree(t *testing.T, h *TaxonTree) {
	t.Helper()
	if len(h.Nodes) == 0 || h.Nodes[0].Kind != "root" || h.Nodes[0].Parent != -1 {
		t.Fatalf("no root: %+v", h.Nodes)
	}
	ids := map[string]bool{}
	maxDepth := 0
	for i, n := range h.Nodes {
		if ids[n.ID] {
			t.Errorf("node id %q twice", n.ID)
		}
		ids[n.ID] = true
		maxDepth = max(maxDepth, n.Depth)
		if i > 0 && (n.Depth != h.Nodes[n.Parent].Depth+1 || n.Rank != h.Ranks[n.Depth-1]) {
			t.Errorf("node %q: depth %d rank %q under depth %d", n.ID, n.Depth, n.Rank, h.Nodes[n.Parent].Depth)
		}
		if len(n.Children) == 0 {
			continue
		}
		sum := 0.0
		for _, c := range n.Children {
			sum += float64(h.Nodes[c].Share)
			if h.Nodes[c].Parent != i {
				t.Errorf("child %d of %d has parent %d", c, i, h.Nodes[c].Parent)
			}
		}
		if math.Abs(sum-float64(n.Share)) > 1e-12 {
			t.Errorf("children of %q add up to %v, the node is %v", n.ID, sum, float64(n.Share))
		}
	}
	for d := 1; d <= maxDepth; d++ {
		sum := 0.0
		for _, n := range h.Nodes {
			if n.Depth == d || (n.Depth < d && n.Depth > 0 && len(n.Children) == 0) {
				sum += float64(n.Share)
			}
		}
		if math.Abs(sum-float64(h.Nodes[0].Share)) > 1e-12 {
			t.Errorf("ring %d adds up to %v", d, sum)
		}
	}
}

func nodeByID(h *TaxonTree, id string) *TaxonNode {
	for i := range h.Nodes {
		if h.Nodes[i].ID == id {
			return &h.Nodes[i]
		}
	}
	return nil
}

func TestHierarchy(t *testing.T) {
	h, err := Hierarchy(hierTable(), "A")
	if err != nil {
		t.Fatal(err)
	}
	checkTree(t, h)
	if strings.Join(h.Ranks, ",") != "domain,phylum,class,order,family,genus,species" {
		t.Errorf("ranks %v", h.Ranks)
	}
	all := 100.0 // 92 in features + 8 reported unclassified
	for _, c := range []struct {
		id, name, kind, phylum string
		amount                 float64
	}{
		{"", "A", "root", "", all},
		{"Bacteria", "Bacteria", "taxon", "", 85},
		{"?", "Unclassified", "unclassified", "", 15}, // f4 5 + f5 2 + 8 reported
		{"Bacteria|Firmicutes", "Firmicutes", "taxon", "Firmicutes", 45},
		{"Bacteria|Firmicutes|?", "Firmicutes (unclassified at class)", "unclassified", "Firmicutes", 5},
		{"Bacteria|Firmicutes|Clostridia|Eubacteriales|Lachnospiraceae|Roseburia|?", "Roseburia (unclassified at species)", "unclassified", "Firmicutes", 10},
		{"Bacteria|Bacteroidota|Bacteroidia|Bacteroidales|Bacteroidaceae|Bacteroides|Bacteroides uniformis", "Bacteroides uniformis", "taxon", "Bacteroidota", 40},
	} {
		n := nodeByID(h, c.id)
		if n == nil {
			t.Errorf("no node %q", c.id)
			continue
		}
		if n.Name != c.name || n.Kind != c.kind || n.Phylum != c.phylum || math.Abs(float64(n.Share)-c.amount/all) > 1e-15 {
			t.Errorf("node %q = %+v, want %s %s %s %v", c.id, *n, c.name, c.kind, c.phylum, c.amount/all)
		}
	}
	// Order: by share, unclassified last.
	root := h.Nodes[0]
	if len(root.Children) != 2 || h.Nodes[root.Children[0]].ID != "Bacteria" || h.Nodes[root.Children[1]].ID != "?" {
		t.Errorf("top level %v", root.Children)
	}
	phyla := h.Nodes[root.Children[0]].Children
	if len(phyla) != 2 || h.Nodes[phyla[0]].Name != "Firmicutes" || h.Nodes[phyla[1]].Name != "Bacteroidota" {
		t.Errorf("phyla %v", phyla)
	}
	// An unclassified node is a leaf.
	if n := nodeByID(h, "Bacteria|Firmicutes|?"); n != nil && len(n.Children) != 0 {
		t.Errorf("unclassified node has children %v", n.Children)
	}
}

func TestHierarchyEmptyAndErrors(t *testing.T) {
	h, err := Hierarchy(hierTable(), "B")
	if err != nil {
		t.Fatal(err)
	}
	if len(h.Nodes) != 1 || h.Nodes[0].Share != 0 {
		t.Errorf("empty sample: %+v", h.Nodes)
	}
	if _, err := Hierarchy(hierTable(), "nope"); !errors.Is(err, ErrNoSample) {
		t.Errorf("unknown sample: %v", err)
	}
	tab := hierTable()
	for i := range tab.Features {
		tab.Features[i].Lineage = nil
	}
	if _, err := Hierarchy(tab, "A"); !errors.Is(err, analysis.ErrNoTaxonomy) {
		t.Errorf("no taxonomy: %v", err)
	}
}

// On real files: every sample's tree adds up, and the top level's
// unclassified node is the sample's unclassified share.
func TestHierarchyFiles(t *testing.T) {
	for _, file := range []string{"../../testdata/tiny.biom", "../../web/static/sample/gutlens-sample.biom", "../../testdata/tiny-mpa4.txt"} {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		r, err := Analyse(data, file[strings.LastIndex(file, "/")+1:], "native", nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, id := range r.SampleOrder {
			h, err := r.Hierarchy(id)
			if err != nil {
				t.Fatalf("%s %s: %v", file, id, err)
			}
			checkTree(t, h)
			u := nodeByID(h, "?")
			want := float64(r.Samples[id].UnclassifiedShare)
			got := 0.0
			if u != nil {
				got = float64(u.Share)
			}
			if r.Input.UnclassifiedKnown && !math.IsNaN(want) && math.Abs(got-want) > 1e-12 {
				t.Errorf("%s %s: unclassified %v, sample says %v", file, id, got, want)
			}
		}
	}
}
