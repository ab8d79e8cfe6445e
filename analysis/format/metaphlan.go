package format

import (
	"fmt"
	"strings"

	"github.com/gutlens/gutlens/analysis"
	"github.com/gutlens/gutlens/analysis/taxonomy"
)

// MetaPhlAn 2, 3 and 4 profiles, and tables merged by merge_metaphlan_tables.py.
//
// A profile lists clades at every rank, each rank summing to 100 % (less the
// UNKNOWN/UNCLASSIFIED share when MetaPhlAn estimated it). The table keeps
// the species rows (s__, without the t__ strain/SGB rows under them) as
// features, so that no read is counted twice; the explicit unclassified row
// goes to Table.Unclassified. A profile without any species row keeps its
// finest rank instead.

const mpaName = "metaphlan"

func matchMetaPhlAn(data []byte) bool {
	ls := lines(data[:min(len(data), 8192)])
	for i, l := range ls {
		if i > 8 {
			break
		}
		switch {
		case strings.HasPrefix(l, "#mpa_v"),
			strings.HasPrefix(l, "#clade_name"),
			strings.HasPrefix(l, "#") && strings.HasSuffix(l, "\tMetaphlan_Analysis"),
			strings.HasPrefix(l, "#") && strings.HasSuffix(l, "\tMetaphlan2_Analysis"):
			return true
		case !strings.HasPrefix(l, "#"):
			return false
		}
	}
	return false
}

// mpaRow is one clade with its values per sample.
type mpaRow struct {
	line   int
	clade  string
	taxid  string
	values []float64
}

func readMetaPhlAn(data []byte, o Options) (*analysis.Table, error) {
	t := &analysis.Table{Unit: analysis.UnitPercent}
	ls := lines(data)
	var samples []string
	abundanceCol, taxidCol := -1, -1
	i := 0
	for ; i < len(ls) && strings.HasPrefix(ls[i], "#"); i++ {
		l := ls[i]
		fields := strings.Split(l[1:], "\t")
		switch {
		case strings.HasPrefix(l, "#mpa_v"):
			t.Provenance.Version = strings.TrimPrefix(l, "#")
		case len(fields) == 2 && strings.HasPrefix(fields[1], "Metaphlan"):
			if fields[0] != "SampleID" && fields[0] != "" {
				samples = []string{fields[0]}
			}
			if fields[1] == "Metaphlan2_Analysis" {
				t.Provenance.Tool = "MetaPhlAn 2"
			}
		case fields[0] == "clade_name":
			for k, f := range fields {
				switch f {
				case "NCBI_tax_id", "clade_taxid":
					taxidCol = k
				case "relative_abundance":
					abundanceCol = k
				}
			}
		case strings.HasSuffix(l, " reads processed"):
			t.Provenance.Notes = append(t.Provenance.Notes, strings.TrimPrefix(l, "#"))
		}
	}
	switch {
	case t.Provenance.Tool == "" && strings.HasPrefix(t.Provenance.Version, "mpa_v3"):
		t.Provenance.Tool = "MetaPhlAn 3"
	case t.Provenance.Tool == "" && strings.HasPrefix(t.Provenance.Version, "mpa_v"):
		t.Provenance.Tool = "MetaPhlAn 4"
	}
	merged := i < len(ls) && strings.HasPrefix(ls[i], "clade_name\t")
	if merged {
		header := strings.Split(ls[i], "\t")
		first := 1
		if len(header) > 1 && header[1] == "NCBI_tax_id" {
			taxidCol, first = 1, 2
		}
		if len(header) <= first {
			return nil, errorf(mpaName, i+1, 2, "expected sample columns after clade_name")
		}
		var perr *ParseError
		if samples, perr = headerSamples(mpaName, i+1, header, first, len(header)); perr != nil {
			return nil, perr
		}
		abundanceCol = first
		i++
	} else if len(samples) == 0 {
		samples = []string{sampleName(o.Name)}
	}
	var rows []mpaRow
	nvals := len(samples)
	for ; i < len(ls); i++ {
		l := ls[i]
		if strings.TrimSpace(l) == "" || strings.HasPrefix(l, "#") {
			continue
		}
		fields := strings.Split(l, "\t")
		ac := abundanceCol
		if ac < 0 { // no header: MetaPhlAn 2 has 2 columns, later versions 3 or 4
			ac = 1
			if len(fields) >= 3 {
				ac, taxidCol = 2, 1
			}
		}
		if len(fields) < ac+nvals {
			return nil, errorf(mpaName, i+1, len(fields)+1, "expected %d tab-separated fields, found %d", ac+nvals, len(fields))
		}
		r := mpaRow{line: i + 1, clade: fields[0], values: make([]float64, nvals)}
		if taxidCol >= 0 && taxidCol < len(fields) {
			r.taxid = fields[taxidCol]
		}
		for k := range nvals {
			v, err := parseValue(mpaName, i+1, ac+k+1, fields[ac+k])
			if err != nil {
				return nil, err
			}
			r.values[k] = v
		}
		if r.clade == "" {
			return nil, errorf(mpaName, i+1, 1, "expected a clade name")
		}
		rows = append(rows, r)
	}
	return mpaTable(t, samples, rows)
}

// mpaRank is the rank index of a clade's last component (0 domain … 7 strain),
// or -1 for UNKNOWN/UNCLASSIFIED and unprefixed names.
func mpaRank(clade string) int {
	last := clade[strings.LastIndexByte(clade, '|')+1:]
	if len(last) < 3 || last[1:3] != "__" {
		return -1
	}
	switch last[0] {
	case 'k', 'd':
		return 0
	case 'p':
		return 1
	case 'c':
		return 2
	case 'o':
		return 3
	case 'f':
		return 4
	case 'g':
		return 5
	case 's':
		return 6
	case 't':
		return 7
	}
	return -1
}

func mpaTable(t *analysis.Table, samples []string, rows []mpaRow) (*analysis.Table, error) {
	t.Samples = samples
	unclassified := make([]float64, len(samples))
	finest := -1
	for _, r := range rows {
		if rk := mpaRank(r.clade); rk > finest && rk <= 6 {
			finest = rk
		}
	}
	b := newBuilder(len(samples))
	for _, r := range rows {
		switch strings.ToUpper(r.clade) {
		case "UNKNOWN", "UNCLASSIFIED":
			for k, v := range r.values {
				unclassified[k] += v
			}
			t.Unclassified, t.UnclassifiedKnown = unclassified, true
			continue
		}
		rk := mpaRank(r.clade)
		if rk < 0 {
			return nil, errorf(mpaName, r.line, 1, "expected a clade such as k__Bacteria|p__Firmicutes, found %q", truncate(r.clade))
		}
		if rk != finest {
			continue
		}
		lineage, _ := taxonomy.Parse(r.clade)
		for k := range lineage {
			lineage[k] = strings.ReplaceAll(lineage[k], "_", " ")
		}
		f := analysis.Feature{ID: r.clade, Lineage: lineage, Taxonomy: r.clade, TaxID: lastTaxID(r.taxid)}
		idx := len(t.Features)
		t.Features = append(t.Features, f)
		for k, v := range r.values {
			b.add(idx, k, v)
		}
	}
	t.Columns = b.cols
	if !t.UnclassifiedKnown {
		t.Provenance.Notes = append(t.Provenance.Notes, "no UNKNOWN/UNCLASSIFIED row: MetaPhlAn ran without estimating the unclassified share, so percentages are of the classified reads only")
	}
	if finest >= 0 {
		t.Provenance.Notes = append(t.Provenance.Notes,
			fmt.Sprintf("features are the %d %s-level clades; higher ranks are their sums", len(t.Features), analysis.Ranks[finest]))
	}
	return t, nil
}

// lastTaxID returns the clade's own taxid from MetaPhlAn's "2|1239|186801".
func lastTaxID(s string) string {
	s = s[strings.LastIndexByte(s, '|')+1:]
	if s == "-1" {
		return ""
	}
	return s
}
