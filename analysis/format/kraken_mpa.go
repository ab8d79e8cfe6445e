package format

import (
	"fmt"
	"strings"

	"github.com/gutlens/gutlens/analysis"
)

// MetaPhlAn-style ("mpa") reports made from Kraken reports by
// kreport2mpa.py (KrakenTools, Bracken) or `kraken-mpa-report`:
//
//	#Classification	sample.kreport          (only with --display-header)
//	d_Bacteria	25808392
//	d_Bacteria|p_Proteobacteria	10903399
//	…|g_Escherichia|s_Escherichia coli	1449813
//
// Ranks are joined by "|", each with a one-letter rank and one underscore
// (older versions, names with spaces) or two (current KrakenTools, which
// writes k__ for domains and turns spaces into "_"); x_ marks intermediate
// ranks. Values are clade read counts, or percentages of all reads with
// --percentages. combine_mpa.py gives one column per sample. As for
// MetaPhlAn, the species rows (last rank s_) are the features; a file with
// no species row keeps its finest rank. Root and unclassified reads are
// never written, so the unclassified share is unknown.

const krakenMPAName = "kraken-mpa"

// krakenMPARank returns the rank index of one clade component ("d_Bacteria",
// "s__Escherichia_coli"), -2 for an intermediate rank (x_), and the name
// without its prefix; ok is false when the component has no such prefix.
func krakenMPARank(part string) (rank int, name string, ok bool) {
	if len(part) < 3 || part[1] != '_' {
		return 0, "", false
	}
	name = part[2:]
	if name[0] == '_' {
		name = name[1:]
	}
	if name == "" {
		return 0, "", false
	}
	switch part[0] {
	case 'd', 'k':
		return 0, name, true
	case 'p':
		return 1, name, true
	case 'c':
		return 2, name, true
	case 'o':
		return 3, name, true
	case 'f':
		return 4, name, true
	case 'g':
		return 5, name, true
	case 's':
		return 6, name, true
	case 'x':
		return -2, name, true
	}
	return 0, "", false
}

// krakenMPAClade reports whether s is a "|"-joined clade of prefixed ranks,
// and whether its prefixes use a single underscore.
func krakenMPAClade(s string) (ok, single bool) {
	for _, p := range strings.Split(s, "|") {
		if _, _, ok := krakenMPARank(p); !ok {
			return false, false
		}
		if p[2] != '_' {
			single = true
		}
	}
	return true, single
}

// matchKrakenMPA claims a "#Classification" header, or clade lines with
// kreport2mpa's single-underscore prefixes, or double-underscore clades
// with integer read counts starting at domain level (a MetaPhlAn profile
// has percentages and "#" header lines, which the MetaPhlAn reader takes).
func matchKrakenMPA(data []byte) bool {
	ls := lines(data[:min(len(data), 8192)])
	if len(data) > 8192 && len(ls) > 1 {
		ls = ls[:len(ls)-1]
	}
	checked, single, integer := 0, false, true
	for i, l := range ls {
		if i == 0 && strings.HasPrefix(l, "#Classification\t") {
			return true
		}
		if checked == 5 {
			break
		}
		fields := strings.Split(l, "\t")
		if len(fields) < 2 {
			return false
		}
		ok, s := krakenMPAClade(fields[0])
		if !ok || (checked == 0 && fields[0][0] != 'd' && fields[0][0] != 'k') {
			return false
		}
		single = single || s
		for _, f := range fields[1:] {
			if !krakenIsNumber(f) {
				return false
			}
			integer = integer && krakenIsDigits(strings.TrimSpace(f))
		}
		checked++
	}
	return checked > 0 && (single || integer)
}

func readKrakenMPA(data []byte, o Options) (*analysis.Table, error) {
	ls := lines(data)
	t := &analysis.Table{Unit: analysis.UnitCounts}
	t.Provenance.Tool = "kreport2mpa"
	i := 0
	if len(ls) > 0 && strings.HasPrefix(ls[0], "#") {
		header := strings.Split(ls[0], "\t")
		for k, s := range header[1:] {
			s = strings.TrimSpace(s)
			if s == "" {
				return nil, errorf(krakenMPAName, 1, k+2, "empty sample name in the header")
			}
			t.Samples = append(t.Samples, sampleName(s))
		}
		i = 1
	}
	var rows []mpaRow
	percent := false
	for ; i < len(ls); i++ {
		l, n := ls[i], i+1
		if strings.TrimSpace(l) == "" || strings.HasPrefix(l, "#") {
			continue
		}
		fields := strings.Split(l, "\t")
		if t.Samples == nil {
			if len(fields) < 2 {
				return nil, errorf(krakenMPAName, n, len(fields)+1, "expected a clade and a read count")
			}
			t.Samples = []string{sampleName(o.Name)}
			for k := 2; k < len(fields); k++ {
				t.Samples = append(t.Samples, fmt.Sprintf("%s.%d", sampleName(o.Name), k))
			}
		}
		if len(t.Samples) == 0 {
			return nil, errorf(krakenMPAName, 1, 2, "expected sample names after #Classification")
		}
		if len(fields) != len(t.Samples)+1 {
			return nil, errorf(krakenMPAName, n, min(len(fields), len(t.Samples)+1)+1, "expected %d tab-separated fields, found %d", len(t.Samples)+1, len(fields))
		}
		if ok, _ := krakenMPAClade(fields[0]); !ok {
			return nil, errorf(krakenMPAName, n, 1, "expected a clade such as d_Bacteria|p_Proteobacteria, found %q", truncate(fields[0]))
		}
		r := mpaRow{line: n, clade: fields[0], values: make([]float64, len(t.Samples))}
		for k := range r.values {
			v, err := parseValue(krakenMPAName, n, k+2, fields[k+1])
			if err != nil {
				return nil, err
			}
			r.values[k] = v
			percent = percent || !krakenIsDigits(strings.TrimSpace(fields[k+1]))
		}
		rows = append(rows, r)
	}
	if t.Samples == nil {
		return nil, errorf(krakenMPAName, 1, 0, "expected clade lines")
	}
	if percent {
		t.Unit = analysis.UnitPercent
		t.Provenance.Notes = append(t.Provenance.Notes, "values with decimals: read as kreport2mpa --percentages (percent of all reads)")
	}
	krakenMPAFeatures(t, rows)
	return t, nil
}

// krakenMPALevel is the rank index of a clade's last component.
func krakenMPALevel(clade string) int {
	rank, _, _ := krakenMPARank(clade[strings.LastIndexByte(clade, '|')+1:])
	return rank
}

func krakenMPAFeatures(t *analysis.Table, rows []mpaRow) {
	level := -1
	for _, r := range rows {
		level = max(level, krakenMPALevel(r.clade))
	}
	b := newBuilder(len(t.Samples))
	for _, r := range rows {
		if level < 0 || krakenMPALevel(r.clade) != level {
			continue
		}
		lineage := make([]string, len(analysis.Ranks))
		for _, p := range strings.Split(r.clade, "|") {
			if k, name, _ := krakenMPARank(p); k >= 0 && lineage[k] == "" {
				if p[2] == '_' {
					name = strings.ReplaceAll(name, "_", " ")
				}
				lineage[k] = name
			}
		}
		idx := len(t.Features)
		t.Features = append(t.Features, analysis.Feature{ID: r.clade, Lineage: lineage, Taxonomy: r.clade})
		for k, v := range r.values {
			b.add(idx, k, v)
		}
	}
	t.Columns = b.cols
	if level >= 0 {
		t.Provenance.Notes = append(t.Provenance.Notes, fmt.Sprintf(
			"features are the %d %s-level clades; higher ranks are their sums, and reads assigned above %s level are in no feature", len(t.Features), analysis.Ranks[level], analysis.Ranks[level]))
	}
	t.Provenance.Notes = append(t.Provenance.Notes, "an mpa-style report leaves out root and the unclassified reads: the unclassified share is unknown")
}
