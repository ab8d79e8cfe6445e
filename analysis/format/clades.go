package format

import (
	"fmt"
	"math"
	"strings"

	"github.com/gutlens/gutlens/analysis"
	"github.com/gutlens/gutlens/analysis/taxonomy"
)

// Clade tables: tab-separated tables whose rows are "|"-joined clades with
// rank prefixes, one row per clade at every rank, each value cumulative
// (the clade's own abundance plus everything below it), without the
// "#mpa_v…" header that marks a MetaPhlAn profile:
//
//	clade_name	relative_abundance	sequence_abundance	ANI (if strain-level)
//	d__Bacteria	100.0	100.0	NA
//	d__Bacteria|p__Bacillota	24.6	18.7	NA
//	…
//
// They come from sylph-tax (taxprof: one sample, the relative_abundance
// column; merge: one column per sample), from MetaPhlAn merges whose header
// comments were removed, and from other tools that print MetaPhlAn-style
// profiles. Read as a plain table, every rank would count once more: the
// reader keeps the leaves of the clade tree instead (strain rows t__ fold
// into their species), and a clade whose value is larger than the sum of
// its children by more than the printed precision keeps that remainder as
// a feature of its own, so that no abundance is dropped or counted twice.
// UNKNOWN, UNCLASSIFIED and sylph-tax's NO_TAXONOMY rows are the
// unclassified share.

const cladeName = "clade-table"

// matchCladeTable wants, in the first lines, at least two "|"-joined clades
// of which one is the parent of another, and no MetaPhlAn header (that
// format is matched first).
func matchCladeTable(data []byte) bool {
	ls := lines(data[:min(len(data), 16384)])
	if len(data) > 16384 && len(ls) > 0 {
		ls = ls[:len(ls)-1] // the last line may be cut
	}
	seen := map[string]bool{}
	nested := false
	header := true
	for _, l := range ls {
		if strings.HasPrefix(l, "#") || strings.TrimSpace(l) == "" {
			continue
		}
		first, _, ok := strings.Cut(l, "\t")
		if !ok {
			return false
		}
		if header {
			header = false
			if mpaRank(first) < 0 {
				continue // a header line
			}
		}
		if isCladeSpecial(first) {
			continue
		}
		if mpaRank(first) < 0 {
			return false
		}
		if i := strings.LastIndexByte(first, '|'); i > 0 && seen[first[:i]] {
			nested = true
		}
		seen[first] = true
	}
	return nested
}

// isCladeSpecial reports rows that hold the unclassified share.
func isCladeSpecial(clade string) bool {
	switch strings.ToUpper(clade) {
	case "UNKNOWN", "UNCLASSIFIED", "NO_TAXONOMY":
		return true
	}
	return strings.HasPrefix(clade, "NO_TAXONOMY|")
}

// cladeRow is one data line.
type cladeRow struct {
	line     int
	clade    string
	taxid    string
	values   []float64
	decimals int // fewest decimals printed in the row's values (17 for exponent notation)
	children []int
	parent   int
}

func readCladeTable(data []byte, o Options) (*analysis.Table, error) {
	t := &analysis.Table{}
	ls := lines(data)
	sample := ""
	i := 0
	for ; i < len(ls) && (strings.HasPrefix(ls[i], "#") || strings.TrimSpace(ls[i]) == ""); i++ {
		// sylph-tax: "#SampleID\t<reads file>\tTaxonomies_used:['GTDB_r220']"
		if f := strings.Split(ls[i], "\t"); f[0] == "#SampleID" && len(f) > 1 {
			sample = sampleName(strings.TrimSpace(f[1]))
			t.Provenance.Tool = "sylph-tax"
			if len(f) > 2 {
				t.Provenance.Notes = append(t.Provenance.Notes, "taxonomy: "+strings.TrimSpace(f[2]))
			}
		}
	}
	if i == len(ls) {
		return nil, errorf(cladeName, i, 1, "expected a header line and clade rows")
	}
	header := strings.Split(ls[i], "\t")
	first, taxidCol := 1, -1
	var samples []string
	valueCols := []int{}
	if mpaRank(header[0]) >= 0 {
		return nil, errorf(cladeName, i+1, 1, "expected a header line (clade_name and the sample names) before the clade rows")
	}
	if len(header) > 1 && (header[1] == "NCBI_tax_id" || header[1] == "clade_taxid") {
		taxidCol, first = 1, 2
	}
	col := func(name string) int {
		for k, h := range header {
			if strings.TrimSpace(h) == name {
				return k
			}
		}
		return -1
	}
	if ra, sa := col("relative_abundance"), col("sequence_abundance"); ra > 0 && sa > 0 {
		// A sylph-tax profile: one sample; sequence_abundance, ANI and
		// coverage are other measures of the same genomes.
		if t.Provenance.Tool == "" {
			t.Provenance.Tool = "sylph-tax"
		}
		if sample == "" {
			sample = sampleName(o.Name)
		}
		samples, valueCols = []string{sample}, []int{ra}
		t.Provenance.Notes = append(t.Provenance.Notes, "values: the relative_abundance column (taxonomic abundance, %); sequence_abundance, ANI and coverage are not used")
	} else {
		var err *ParseError
		if samples, err = headerSamples(cladeName, i+1, header, first, len(header)); err != nil {
			return nil, err
		}
		for k := first; k < len(header); k++ {
			valueCols = append(valueCols, k)
		}
		if len(samples) == 0 {
			return nil, errorf(cladeName, i+1, len(header)+1, "expected sample columns after %q", header[0])
		}
	}
	i++

	var rows []cladeRow
	index := map[string]int{}
	unclassified := make([]float64, len(samples))
	noTaxonomy := false
	for ; i < len(ls); i++ {
		l := ls[i]
		if strings.TrimSpace(l) == "" || strings.HasPrefix(l, "#") {
			continue
		}
		fields := strings.Split(l, "\t")
		need := valueCols[len(valueCols)-1] + 1
		if len(fields) < need {
			return nil, errorf(cladeName, i+1, len(fields)+1, "expected %d tab-separated fields, found %d", need, len(fields))
		}
		r := cladeRow{line: i + 1, clade: strings.TrimSpace(fields[0]), values: make([]float64, len(samples)), decimals: 17, parent: -1}
		if r.clade == "" {
			return nil, errorf(cladeName, i+1, 1, "expected a clade name")
		}
		if taxidCol >= 0 {
			r.taxid = lastTaxID(strings.TrimSpace(fields[taxidCol]))
		}
		for k, c := range valueCols {
			f := strings.TrimSpace(fields[c])
			v, err := parseValue(cladeName, i+1, c+1, f)
			if err != nil {
				return nil, err
			}
			r.values[k] = v
			r.decimals = min(r.decimals, printedDecimals(f))
		}
		if isCladeSpecial(r.clade) {
			if strings.HasPrefix(r.clade, "NO_TAXONOMY|") {
				continue // its genomes, already in NO_TAXONOMY
			}
			noTaxonomy = noTaxonomy || strings.EqualFold(r.clade, "NO_TAXONOMY")
			for k, v := range r.values {
				unclassified[k] += v
			}
			t.Unclassified, t.UnclassifiedKnown = unclassified, true
			continue
		}
		if mpaRank(r.clade) < 0 {
			return nil, errorf(cladeName, i+1, 1, "expected a clade such as d__Bacteria|p__Bacillota, found %q", truncate(r.clade))
		}
		if prev, dup := index[r.clade]; dup {
			return nil, errorf(cladeName, i+1, 1, "clade %q already listed on line %d", truncate(r.clade), rows[prev].line)
		}
		index[r.clade] = len(rows)
		rows = append(rows, r)
	}
	if len(rows) == 0 && !t.UnclassifiedKnown {
		return nil, errorf(cladeName, len(ls), 1, "expected clade rows")
	}
	// The tree: a row's parent is its nearest ancestor that has a row (a
	// table may skip ranks). Strain rows fold into their species.
	for k := range rows {
		c := rows[k].clade
		for j := strings.LastIndexByte(c, '|'); j > 0; j = strings.LastIndexByte(c[:j], '|') {
			if p, ok := index[c[:j]]; ok {
				rows[k].parent = p
				if mpaRank(c) != 7 {
					rows[p].children = append(rows[p].children, k)
				}
				break
			}
		}
	}
	t.Samples = samples
	b := newBuilder(len(samples))
	top := make([]analysis.Vector, len(samples)) // for the unit
	leaves, rests := 0, 0
	gtdbStyle := false
	for _, r := range rows {
		if strings.Contains(r.clade, " ") {
			gtdbStyle = true // "s__Flavonifractor plautii": names keep their underscores
			break
		}
	}
	for k, r := range rows {
		if r.parent >= 0 && mpaRank(r.clade) == 7 {
			continue
		}
		if r.parent < 0 {
			for s, v := range r.values {
				top[s].Index = append(top[s].Index, k)
				top[s].Value = append(top[s].Value, v)
			}
		}
		own := r.values
		if len(r.children) > 0 {
			own = make([]float64, len(r.values))
			decimals := r.decimals
			for _, c := range r.children {
				decimals = min(decimals, rows[c].decimals)
			}
			// Each printed value is off by at most half a unit in its last
			// decimal; the sum of n children and their parent by n+1 halves.
			tol := float64(len(r.children)+1) * 0.5 * pow10(-decimals)
			any := false
			for s, v := range r.values {
				sum := 0.0
				for _, c := range r.children {
					sum += rows[c].values[s]
				}
				d := v - sum
				switch {
				case d < -tol-1e-9*v:
					return nil, errorf(cladeName, r.line, valueCols[s]+1,
						"the clades under %q sum to %v in sample %q, more than its own %v: expected cumulative values, each clade including the clades below it",
						truncate(r.clade), sum, samples[s], v)
				case d > tol+1e-9*v:
					own[s], any = d, true
				}
			}
			if !any {
				continue
			}
			rests++
		} else {
			leaves++
		}
		lineage, _ := taxonomy.Parse(r.clade)
		if !gtdbStyle {
			for j := range lineage {
				lineage[j] = strings.ReplaceAll(lineage[j], "_", " ")
			}
		}
		f := analysis.Feature{ID: r.clade, Lineage: lineage, Taxonomy: r.clade, TaxID: r.taxid}
		idx := len(t.Features)
		t.Features = append(t.Features, f)
		for s, v := range own {
			b.add(idx, s, v)
		}
	}
	t.Columns = b.cols
	for s, v := range unclassified {
		if v > 0 {
			top[s].Index = append(top[s].Index, len(rows))
			top[s].Value = append(top[s].Value, v)
		}
	}
	// Profiles sum to 100 per sample even when every value is whole;
	// otherwise the values decide.
	t.Unit = guessUnit(top)
	if sumsTo(top, 100) {
		t.Unit = analysis.UnitPercent
	}
	t.Provenance.Notes = append(t.Provenance.Notes, fmt.Sprintf(
		"clade table with cumulative values: features are the %d leaf clades (strains folded into their species)", leaves))
	if rests > 0 {
		t.Provenance.Notes = append(t.Provenance.Notes, fmt.Sprintf(
			"%d clades hold more than the sum of their children: the remainder is kept as a feature named after the clade", rests))
	}
	switch {
	case noTaxonomy:
		t.Provenance.Notes = append(t.Provenance.Notes, "the NO_TAXONOMY row (genomes without a taxonomy entry) is the unclassified share")
	case !t.UnclassifiedKnown:
		t.Provenance.Notes = append(t.Provenance.Notes, "no UNKNOWN/UNCLASSIFIED row: the file does not say how much was unclassified")
	}
	return t, nil
}

// sumsTo reports whether every non-empty column sums to target, within
// relative 1e-3.
func sumsTo(cols []analysis.Vector, target float64) bool {
	seen := false
	for _, c := range cols {
		if s := c.Sum(); s != 0 {
			if math.Abs(s-target) > 1e-3*target {
				return false
			}
			seen = true
		}
	}
	return seen
}

// printedDecimals counts the digits after the decimal point; exponent
// notation counts as full precision.
func printedDecimals(s string) int {
	if strings.ContainsAny(s, "eE") {
		return 17
	}
	if j := strings.IndexByte(s, '.'); j >= 0 {
		return len(s) - j - 1
	}
	return 0
}

func pow10(n int) float64 {
	x := 1.0
	for ; n < 0; n++ {
		x /= 10
	}
	for ; n > 0; n-- {
		x *= 10
	}
	return x
}
