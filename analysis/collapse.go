package analysis

import (
	"errors"
	"fmt"
	"math"
	"strings"

	"github.com/gutlens/gutlens/analysis/taxonomy"
)

// ErrNoTaxonomy is returned by Collapse for a table whose features carry no
// lineage.
var ErrNoTaxonomy = errors.New("analysis: the table has no taxonomy to aggregate by")

// Collapse returns the table aggregated to a rank (an index into Ranks:
// 1 phylum … 5 genus, 6 species): features whose lineages agree from domain
// down to that rank become one feature g, with
//
//	x'[g, s] = Σ_{f ∈ g} x[f, s]
//
// summed in feature order with Neumaier compensation.
//
// Names are compared as the table writes them, except that names meaning
// "no name here" (taxonomy.IsPlaceholder: "", "unclassified",
// "Lachnospiraceae_unclassified", "uncultured" …) count as empty. Features
// without a name at the rank are never dropped: they are grouped per
// nearest named ancestor as "<parent> (unclassified at <rank>)", with the
// lineage empty from the first unnamed rank down. Features the file marks
// Unassigned become one Unassigned feature, and features without any
// lineage one "(no taxonomy)" feature. Synonyms are not merged (one file
// uses one taxonomy; see taxonomy.Canonical to match across files).
//
// Collapsed features are in order of first appearance; their ID is the
// group's name (the full lineage when two groups share a name), Taxonomy
// the lineage with rank prefixes, TaxID the file's taxid only when the group
// is one feature named at exactly that rank. Unit, Unclassified,
// UnclassifiedKnown and Provenance are kept, with a note added. Column
// totals are kept: exactly for counts, and to within rounding (a few ulp)
// for fractional values.
//
// A table without any lineage returns ErrNoTaxonomy; a rank outside Ranks
// panics.
func (t *Table) Collapse(rank int) (*Table, error) {
	if rank < 0 || rank >= len(Ranks) {
		panic(fmt.Sprintf("analysis: Collapse: rank %d out of range", rank))
	}
	g := newGrouping(rank)
	of := make([]int, len(t.Features))
	for i := range t.Features {
		of[i] = g.add(&t.Features[i])
	}
	if !g.anyLineage {
		return nil, ErrNoTaxonomy
	}
	out := &Table{
		Samples:           append([]string(nil), t.Samples...),
		Features:          g.features(),
		Columns:           make([]Vector, len(t.Columns)),
		Unit:              t.Unit,
		UnclassifiedKnown: t.UnclassifiedKnown,
		Provenance:        t.Provenance,
	}
	if t.Unclassified != nil {
		out.Unclassified = append([]float64(nil), t.Unclassified...)
	}
	out.Provenance.Notes = append(append([]string(nil), t.Provenance.Notes...), g.note(len(t.Features)))
	sum := make([]float64, len(g.groups))
	comp := make([]float64, len(g.groups))
	for s, c := range t.Columns {
		col, err := collapseColumn(c, of, sum, comp)
		if err != nil {
			return nil, fmt.Errorf("analysis: Collapse: sample %q: %w", t.Samples[s], err)
		}
		out.Columns[s] = col
	}
	if err := out.Check(); err != nil {
		return nil, err
	}
	return out, nil
}

// collapseColumn sums one sparse column into groups; sum and comp are
// scratch space of one slot per group, left zeroed.
func collapseColumn(c Vector, of []int, sum, comp []float64) (Vector, error) {
	var touched []int
	for k, i := range c.Index {
		gi := of[i]
		if sum[gi] == 0 && comp[gi] == 0 {
			touched = append(touched, gi)
		}
		sum[gi], comp[gi] = neumaier(sum[gi], comp[gi], c.Value[k])
	}
	sortInts(touched)
	v := Vector{Index: make([]int, 0, len(touched)), Value: make([]float64, 0, len(touched))}
	var err error
	for _, gi := range touched {
		x := sum[gi] + comp[gi]
		sum[gi], comp[gi] = 0, 0
		if !(x <= maxValue) {
			err = fmt.Errorf("the sum %v is too large", x)
		}
		if x > 0 {
			v.Index = append(v.Index, gi)
			v.Value = append(v.Value, x)
		}
	}
	return v, err
}

// neumaier adds x to the compensated sum (s, c) (Neumaier 1974).
func neumaier(s, c, x float64) (float64, float64) {
	t := s + x
	if math.Abs(s) >= math.Abs(x) {
		c += (s - t) + x
	} else {
		c += (x - t) + s
	}
	return t, c
}

// sortInts sorts a short slice in place (insertion sort: the group indices
// of one column arrive almost sorted).
func sortInts(a []int) {
	for i := 1; i < len(a); i++ {
		for j := i; j > 0 && a[j] < a[j-1]; j-- {
			a[j], a[j-1] = a[j-1], a[j]
		}
	}
}

// group is one feature of the collapsed table.
type group struct {
	lineage    []string // nil for "(no taxonomy)"
	unassigned bool
	n          int    // features in the group
	taxID      string // of the single feature named at exactly the rank
}

// grouping assigns features to groups.
type grouping struct {
	rank       int
	groups     []*group
	index      map[string]int
	anyLineage bool
	unassigned int // features marked Unassigned
	unnamed    int // features without a name at the rank
}

func newGrouping(rank int) *grouping {
	return &grouping{rank: rank, index: map[string]int{}}
}

// add returns the group of f, making it when new.
func (g *grouping) add(f *Feature) int {
	var key string
	var lineage []string
	switch {
	case f.Unassigned:
		key = "\x00unassigned"
		g.unassigned++
	case f.Lineage == nil:
		key = "\x00none"
	default:
		g.anyLineage = true
		lineage = make([]string, len(Ranks))
		for r := 0; r <= g.rank && r < len(f.Lineage); r++ {
			if name := strings.TrimSpace(f.Lineage[r]); !taxonomy.IsPlaceholder(name) {
				lineage[r] = name
			}
		}
		if lineage[g.rank] == "" {
			g.unnamed++
		}
		key = strings.Join(lineage[:g.rank+1], "\x00")
	}
	if f.Unassigned {
		g.anyLineage = g.anyLineage || f.Lineage != nil
	}
	gi, ok := g.index[key]
	if !ok {
		gi = len(g.groups)
		g.index[key] = gi
		g.groups = append(g.groups, &group{lineage: lineage, unassigned: f.Unassigned})
	}
	gr := g.groups[gi]
	gr.n++
	gr.taxID = ""
	if gr.n == 1 && lineage != nil && lineage[g.rank] != "" && finestNamed(f.Lineage) == g.rank {
		gr.taxID = f.TaxID // the taxid is the rank's own only for a lone feature named there
	}
	return gi
}

// finestNamed returns the finest rank with a name, or -1.
func finestNamed(lineage []string) int {
	for r := len(lineage) - 1; r >= 0; r-- {
		if !taxonomy.IsPlaceholder(lineage[r]) {
			return r
		}
	}
	return -1
}

// features builds the collapsed features.
func (g *grouping) features() []Feature {
	fs := make([]Feature, len(g.groups))
	count := map[string]int{}
	for i, gr := range g.groups {
		fs[i] = g.feature(gr)
		count[fs[i].ID]++
	}
	for i := range fs {
		if count[fs[i].ID] > 1 && fs[i].Lineage != nil && !fs[i].Unassigned {
			fs[i].ID = strings.Join(fs[i].Lineage[:g.rank+1], ";") + ";" + fs[i].ID
		}
	}
	return fs
}

func (g *grouping) feature(gr *group) Feature {
	switch {
	case gr.unassigned:
		return Feature{ID: "Unassigned", Lineage: make([]string, len(Ranks)), Taxonomy: "Unassigned", Unassigned: true}
	case gr.lineage == nil:
		return Feature{ID: "(no taxonomy)"}
	}
	l := gr.lineage
	first := g.rank + 1 // first unnamed rank after the last named one
	for first > 0 && l[first-1] == "" {
		first--
	}
	var id string
	if l[g.rank] != "" {
		id = l[g.rank]
		if g.rank == 6 && l[5] != "" && !strings.ContainsAny(id, " _") && id[0] >= 'a' && id[0] <= 'z' {
			id = l[5] + " " + id // the species epithet alone (Greengenes, DADA2): g__Blautia; s__obeum
		}
	} else {
		parent := ""
		if first > 0 {
			parent = l[first-1]
		}
		id = strings.TrimSpace(parent + " (unclassified at " + Ranks[g.rank] + ")")
	}
	var tax []string
	for r := 0; r <= g.rank; r++ {
		if l[r] != "" {
			tax = append(tax, rankLetters[r:r+1]+"__"+l[r])
		}
	}
	return Feature{ID: id, Lineage: l, Taxonomy: strings.Join(tax, "; "), TaxID: gr.taxID}
}

// rankLetters are the prefix letters of Ranks, as in "g__Blautia".
const rankLetters = "dpcofgst"

// note says what Collapse did, for Provenance.Notes.
func (g *grouping) note(nFeatures int) string {
	r := Ranks[g.rank]
	s := fmt.Sprintf("collapsed %d features to %d at %s level (values summed per lineage from domain to %s)", nFeatures, len(g.groups), r, r)
	if g.unnamed > 0 {
		s += fmt.Sprintf("; %d features without a %s name grouped per parent as \"… (unclassified at %s)\"", g.unnamed, r, r)
	}
	if g.unassigned > 0 {
		s += fmt.Sprintf("; %d Unassigned features kept as one Unassigned feature", g.unassigned)
	}
	return s
}
