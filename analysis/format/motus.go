package format

import (
	"fmt"
	"strings"

	"github.com/gutlens/gutlens/analysis"
	"github.com/gutlens/gutlens/analysis/taxonomy"
)

// mOTUs profiles (`motus profile`, v2 and v3), tables merged by `motus
// merge`, and mOTUs 4 profiles:
//
//	# git tag version 3.0.3 |  motus version 3.0.3 | … | calc_motu 3.0.3 -k mOTU -C no_CAMI -g 3 -c -p | …
//	# call: python …/motus profile -p -c …
//	#consensus_taxonomy	NCBI_tax_id	<sample> [<sample> …]
//	Ruminococcus bromii [ref_mOTU_v3_00853]	40518	20
//	…
//	unassigned	NA	17
//
//	#tool_version=4.1.0	database_version=4.1	…	value_type=counts
//	mOTU	Taxonomy	<sample>
//	mOTUv4.0_000255	d__Bacteria;p__Bacillota;…;s__Flavonifractor plautii	48
//
// (mOTUs 2.5 writes "#mOTU\tconsensus_taxonomy\tNCBI_tax_id\t<sample>".)
// Values are relative-abundance fractions unless the header says counts:
// calc_motu's -c flag (v2/v3) or value_type=counts (v4). Without either, a
// table of whole numbers with some above 1 is read as counts.
//
// Every mOTU of the database is listed, zeros included (33,571 rows in
// v3): rows that are zero in every sample are left out of the table, and a
// note says how many. The "unassigned" row (v2.6 and later; "-1" before)
// is Table.Unclassified. NCBI_tax_id "NA" means no taxid.

const motusName = "motus"

func matchMOTUs(data []byte) bool {
	ls := lines(data[:min(len(data), 4096)])
	if len(ls) == 0 {
		return false
	}
	l := ls[0]
	return strings.HasPrefix(l, "#") && strings.Contains(strings.ToLower(l), "motus version") ||
		strings.HasPrefix(l, "#tool_version=") && strings.Contains(l, "value_type=") ||
		strings.HasPrefix(l, "#consensus_taxonomy\t")
}

// motusFlags reads the calc_motu part of a v2/v3 first line: whether -c
// (counts) is set, and the -k rank.
func motusFlags(l string) (counts, found bool, rank string) {
	for _, seg := range strings.Split(l, "|") {
		f := strings.Fields(seg)
		if len(f) == 0 || f[0] != "calc_motu" {
			continue
		}
		found = true
		for k, x := range f {
			switch {
			case x == "-c":
				counts = true
			case x == "-k" && k+1 < len(f):
				rank = f[k+1]
			}
		}
	}
	return counts, found, rank
}

// motusRankIndex maps the -k rank to a lineage index (mOTU: species).
func motusRankIndex(rank string) int {
	switch rank {
	case "", "mOTU", "species":
		return 6
	case "kingdom":
		return 0
	}
	return krakenRankIndex(rank)
}

func readMOTUs(data []byte, o Options) (*analysis.Table, error) {
	ls := lines(data)
	t := &analysis.Table{Unit: analysis.UnitFraction}
	t.Provenance.Tool = "mOTUs"
	unitKnown, rank := false, ""
	var header []string
	i := 0
	for ; i < len(ls); i++ {
		l := ls[i]
		if !strings.HasPrefix(l, "#") {
			if strings.HasPrefix(l, "mOTU\t") { // v4: the column header has no "#"
				header = strings.Split(l, "\t")
				i++
			}
			break
		}
		switch {
		case strings.HasPrefix(l, "#tool_version="):
			for _, kv := range strings.Split(l[1:], "\t") {
				k, v, _ := strings.Cut(kv, "=")
				switch k {
				case "tool_version":
					t.Provenance.Version = v
				case "value_type":
					unitKnown = true
					if v == "counts" {
						t.Unit = analysis.UnitCounts
					}
				}
			}
		case strings.Contains(strings.ToLower(l), "motus version"):
			// Index the lowered line itself: ToLower can change the length
			// of invalid UTF-8.
			low := strings.ToLower(l)
			if f := strings.Fields(low[strings.Index(low, "motus version")+len("motus version"):]); len(f) > 0 {
				t.Provenance.Version = f[0]
			}
			if counts, found, k := motusFlags(l); found {
				unitKnown, rank = true, k
				if counts {
					t.Unit = analysis.UnitCounts
				}
			}
		case strings.HasPrefix(l, "#consensus_taxonomy\t"), strings.HasPrefix(l, "#mOTU\t"):
			header = strings.Split(l[1:], "\t")
		}
	}
	if header == nil {
		return nil, errorf(motusName, i+1, 1, "expected a column header such as #consensus_taxonomy<TAB><sample>")
	}
	idCol, taxCol, taxidCol := -1, -1, -1
	var sampleCols []int
	for k, h := range header {
		switch strings.TrimSpace(h) {
		case "mOTU":
			idCol = k
		case "consensus_taxonomy", "Taxonomy":
			taxCol = k
		case "NCBI_tax_id":
			taxidCol = k
		default:
			if strings.TrimSpace(h) == "" {
				return nil, errorf(motusName, i, k+1, "empty sample name in the header")
			}
			sampleCols = append(sampleCols, k)
			t.Samples = append(t.Samples, strings.TrimSpace(h))
		}
	}
	if len(sampleCols) == 0 || (idCol < 0 && taxCol < 0) {
		return nil, errorf(motusName, i, len(header)+1, "expected a taxonomy column and sample columns in the header")
	}
	if idCol < 0 {
		idCol = taxCol
	}
	if len(t.Samples) == 1 && (t.Samples[0] == "unnamed sample" || t.Samples[0] == "") {
		t.Samples[0] = sampleName(o.Name)
	}
	level := motusRankIndex(rank)
	b := newBuilder(len(t.Samples))
	unclassified := make([]float64, len(t.Samples))
	vals := make([]float64, len(t.Samples))
	integer, above1, zero := true, false, 0
	for ; i < len(ls); i++ {
		l, n := ls[i], i+1
		if strings.TrimSpace(l) == "" || strings.HasPrefix(l, "#") {
			continue
		}
		fields := strings.Split(l, "\t")
		if len(fields) != len(header) {
			return nil, errorf(motusName, n, min(len(fields), len(header))+1, "expected %d tab-separated fields as in the header, found %d", len(header), len(fields))
		}
		nonzero := false
		for s, k := range sampleCols {
			v, err := parseValue(motusName, n, k+1, fields[k])
			if err != nil {
				return nil, err
			}
			vals[s] = v
			nonzero = nonzero || v > 0
			integer = integer && v == float64(int64(v))
			above1 = above1 || v > 1
		}
		id := strings.TrimSpace(fields[idCol])
		if id == "" {
			return nil, errorf(motusName, n, idCol+1, "expected a mOTU name")
		}
		tax := id
		if taxCol >= 0 {
			tax = strings.TrimSpace(fields[taxCol])
		}
		if id == "unassigned" || id == "-1" || tax == "unassigned" || tax == "-1" {
			for s, v := range vals {
				unclassified[s] += v
			}
			t.Unclassified, t.UnclassifiedKnown = unclassified, true
			continue
		}
		if !nonzero {
			zero++
			continue
		}
		f := analysis.Feature{ID: id, Taxonomy: tax}
		if taxidCol >= 0 {
			if f.TaxID = strings.TrimSpace(fields[taxidCol]); f.TaxID == "NA" {
				f.TaxID = ""
			}
		}
		f.Lineage = motusLineage(tax, level)
		idx := len(t.Features)
		t.Features = append(t.Features, f)
		for s, v := range vals {
			b.add(idx, s, v)
		}
	}
	t.Columns = b.cols
	if !unitKnown && integer && above1 {
		t.Unit = analysis.UnitCounts
		t.Provenance.Notes = append(t.Provenance.Notes, "the header does not say counts or relative abundances: whole numbers above 1 read as counts")
	}
	notes := []string{fmt.Sprintf("features are the %d mOTUs with a non-zero value in some sample", len(t.Features))}
	if zero > 0 {
		notes = append(notes, fmt.Sprintf("%d mOTUs that are zero in every sample left out", zero))
	}
	if !t.UnclassifiedKnown {
		notes = append(notes, "no unassigned (-1) row: the share of reads not assigned to a mOTU is unknown")
	}
	t.Provenance.Notes = append(t.Provenance.Notes, notes...)
	return t, nil
}

// motusLineage reads a GTDB-style lineage (v4: "d__Bacteria;…;s__Name") or
// puts a consensus name at the profile's rank: "Ruminococcus bromii
// [ref_mOTU_v3_00853]" is species "Ruminococcus bromii".
func motusLineage(tax string, level int) []string {
	if strings.Contains(tax, "__") {
		lineage, _ := taxonomy.Parse(tax)
		return lineage
	}
	name := tax
	if k := strings.LastIndex(name, " ["); k > 0 && strings.HasSuffix(name, "]") {
		name = name[:k]
	}
	if level < 0 {
		return nil
	}
	lineage := make([]string, len(analysis.Ranks))
	lineage[level] = name
	return lineage
}
