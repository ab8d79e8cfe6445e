package format

import (
	"fmt"
	"strings"

	"github.com/gutlens/gutlens/analysis"
)

// Bracken abundance tables (.bracken), one sample per file:
//
//	name	taxonomy_id	taxonomy_lvl	kraken_assigned_reads	added_reads	new_est_reads	fraction_total_reads
//	Salmonella enterica	28901	S	759772	411842	1171614	0.98589
//
// Every row is a feature valued by new_est_reads (counts), Bracken's
// re-estimate of the reads at that level. fraction_total_reads is the
// fraction of the reads assigned at that level (printed with 5 decimals,
// so small taxa show 0.00000); it is checked but not used. The table
// holds one level only (species unless Bracken ran with -l): unclassified
// reads and reads Bracken could not push down to the level are not in it.
// Bracken's Kraken-style report (.breport) is read by the Kraken reader.

const brackenName = "bracken"

var brackenHeader = []string{"name", "taxonomy_id", "taxonomy_lvl", "kraken_assigned_reads", "added_reads", "new_est_reads", "fraction_total_reads"}

func matchBracken(data []byte) bool {
	ls := lines(data[:min(len(data), 1024)])
	return len(ls) > 0 && brackenIsHeader(ls[0])
}

func brackenIsHeader(l string) bool {
	fields := strings.Split(l, "\t")
	if len(fields) < len(brackenHeader) {
		return false
	}
	for k, h := range brackenHeader {
		if strings.TrimSpace(fields[k]) != h {
			return false
		}
	}
	return true
}

// brackenLevel maps Bracken's taxonomy_lvl (K, P, C, O, F, G, S, S1 …) to a
// rank index, 7 (strain) for the numbered levels below species, -1 otherwise.
func brackenLevel(lvl string) int {
	if k := krakenRankIndex(lvl); k >= 0 {
		return k
	}
	if len(lvl) > 1 && lvl[0] == 'S' && krakenIsDigits(lvl[1:]) {
		return 7
	}
	return -1
}

func readBracken(data []byte, o Options) (*analysis.Table, error) {
	ls := lines(data)
	if len(ls) == 0 || !brackenIsHeader(ls[0]) {
		return nil, errorf(brackenName, 1, 1, "expected the header %q", strings.Join(brackenHeader, "\t"))
	}
	t := &analysis.Table{Unit: analysis.UnitCounts, Samples: []string{sampleName(o.Name)}}
	t.Provenance.Tool = "Bracken"
	b := newBuilder(1)
	levels := map[string]bool{}
	var levelOrder []string
	for i := 1; i < len(ls); i++ {
		l, n := ls[i], i+1
		if strings.TrimSpace(l) == "" {
			continue
		}
		fields := strings.Split(l, "\t")
		if len(fields) < len(brackenHeader) {
			return nil, errorf(brackenName, n, len(fields)+1, "expected %d tab-separated fields, found %d", len(brackenHeader), len(fields))
		}
		name := strings.TrimSpace(fields[0])
		if name == "" {
			return nil, errorf(brackenName, n, 1, "expected a taxon name")
		}
		taxid := strings.TrimSpace(fields[1])
		if !krakenIsDigits(taxid) {
			return nil, errorf(brackenName, n, 2, "expected a numeric taxonomy id, found %q", truncate(taxid))
		}
		lvl := strings.TrimSpace(fields[2])
		var est float64
		for k := 3; k <= 6; k++ {
			v, err := parseValue(brackenName, n, k+1, fields[k])
			if err != nil {
				return nil, err
			}
			if k == 5 {
				est = v
			}
		}
		if !levels[lvl] {
			levels[lvl] = true
			levelOrder = append(levelOrder, lvl)
		}
		f := analysis.Feature{ID: name, TaxID: taxid}
		if k := brackenLevel(lvl); k >= 0 {
			f.Lineage = make([]string, len(analysis.Ranks))
			f.Lineage[k] = name
		}
		b.add(len(t.Features), 0, est)
		t.Features = append(t.Features, f)
	}
	t.Columns = b.cols
	t.Provenance.Notes = append(t.Provenance.Notes,
		fmt.Sprintf("features are the %d taxa at Bracken level %s, valued by new_est_reads; unclassified reads and reads above that level are not in a .bracken table", len(t.Features), strings.Join(levelOrder, ", ")))
	return t, nil
}
