package format

import (
	"math"
	"slices"
	"strings"

	"github.com/gutlens/gutlens/analysis"
)

// ganon report (.tre): one sample, one row per taxon at every rank, nine
// tab-separated fields (pirovc/ganon docs/outputfiles.md):
//
//	unclassified	-	-	unclassified	0	0	0	174530	27.61288
//	root	1	1	root	0	0	457530	457530	72.38712
//	phylum	1239	1|2|1239	Bacillota	0	0	47906	47906	6.32083
//	species	1406	1|2|…|1406	Paenibacillus polymyxa	57	0	0	57	57.57576
//
// rank, target (taxid or assembly), lineage of taxids, name, unique and
// shared (direct) assignments, assignments to the children, cumulative
// assignments, and the cumulative percentage — of reads, or with
// --report-type abundance ganon's genome-size-corrected abundance estimate.
// The tree comes from the lineage column. As for Kraken reports, the
// features are the species clades valued by their cumulative read counts;
// reads assigned above species are in no feature (a note gives their share)
// and the unclassified row is Table.Unclassified.

const ganonName = "ganon"

func matchGanon(data []byte) bool {
	n := 0
	for _, l := range lines(data[:min(len(data), 4096)]) {
		if strings.TrimSpace(l) == "" || strings.HasPrefix(l, "#") {
			continue
		}
		f := strings.Split(l, "\t")
		if len(f) != 9 {
			return false
		}
		switch {
		case f[0] == "unclassified" && f[3] == "unclassified":
		case f[0] == "root" && f[2] == "1":
		case ganonLineage(f[2]):
		default:
			return false
		}
		if n++; n >= 2 {
			return true
		}
	}
	return false
}

// ganonLineage reports "1|2|1239": taxids (or assembly ids) joined by "|".
func ganonLineage(s string) bool {
	if s == "" || !strings.Contains(s, "|") {
		return false
	}
	for _, p := range strings.Split(s, "|") {
		if p == "" || strings.ContainsAny(p, " \t") {
			return false
		}
	}
	return true
}

func readGanon(data []byte, o Options) (*analysis.Table, error) {
	t := &analysis.Table{Unit: analysis.UnitCounts, Samples: []string{sampleName(o.Name)}, Provenance: analysis.Provenance{Tool: "ganon"}}
	var rows []krakenRow
	var lineages [][]string
	byTarget := map[string]int{}
	unclassified, hasU := 0.0, false
	for i, l := range lines(data) {
		n := i + 1
		if strings.TrimSpace(l) == "" || strings.HasPrefix(l, "#") {
			continue
		}
		f := strings.Split(l, "\t")
		if len(f) != 9 {
			return nil, errorf(ganonName, n, min(len(f), 9)+1, "expected 9 tab-separated fields (rank, target, lineage, name, unique, shared, children, cumulative, cumulative %%), found %d", len(f))
		}
		var v [5]float64
		for k := range v {
			x, err := parseValue(ganonName, n, 5+k, f[4+k])
			if err != nil {
				return nil, err
			}
			v[k] = x
		}
		rank, target, name := strings.TrimSpace(f[0]), strings.TrimSpace(f[1]), strings.TrimSpace(f[3])
		if rank == "unclassified" {
			unclassified += v[3]
			hasU = true
			continue
		}
		if name == "" {
			return nil, errorf(ganonName, n, 4, "expected a taxon name")
		}
		lin := strings.Split(strings.TrimSpace(f[2]), "|")
		if lin[len(lin)-1] != target {
			return nil, errorf(ganonName, n, 3, "expected a lineage ending in the target %q, found %q", truncate(target), truncate(f[2]))
		}
		if prev, dup := byTarget[target]; dup {
			return nil, errorf(ganonName, n, 2, "target %q already listed on line %d", truncate(target), rows[prev].line)
		}
		if d := v[0] + v[1] + v[2]; math.Abs(d-v[3]) > 1e-9*max(1, v[3]) {
			return nil, errorf(ganonName, n, 8, "expected the cumulative count to be unique + shared + children = %v, found %v", d, v[3])
		}
		r := krakenRow{line: n, clade: v[3], direct: v[0] + v[1], rank: rank, name: name, depth: len(lin) - 1, parent: -1}
		if krakenIsDigits(target) {
			r.taxid = target
		}
		byTarget[target] = len(rows)
		rows = append(rows, r)
		lineages = append(lineages, lin)
	}
	if len(rows) == 0 && !hasU {
		return nil, errorf(ganonName, 1, 1, "expected ganon report lines")
	}
	// Parents from the lineages, shallow rows first, so that every row's
	// ancestors are known when it is reached.
	order := make([]int, len(rows))
	for k := range order {
		order[k] = k
	}
	slices.SortStableFunc(order, func(a, b int) int { return rows[a].depth - rows[b].depth })
	for _, k := range order {
		r := &rows[k]
		r.anc = [7]int{-1, -1, -1, -1, -1, -1, -1}
		lin := lineages[k]
		for j := len(lin) - 2; j >= 0; j-- {
			if p, ok := byTarget[lin[j]]; ok {
				r.parent = p
				r.anc = rows[p].anc
				if ri := krakenRankIndex(rows[p].rank); ri >= 0 {
					r.anc[ri] = p
				}
				break
			}
		}
	}
	if hasU {
		t.Unclassified, t.UnclassifiedKnown = []float64{unclassified}, true
	} else {
		t.Provenance.Notes = append(t.Provenance.Notes, "no unclassified row: the report does not say how many reads were unclassified")
	}
	krakenFeatures(t, rows, "cumulative read counts (column 8)")
	return t, nil
}
