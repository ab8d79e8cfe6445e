package format

import (
	"fmt"
	"strings"

	"github.com/gutlens/gutlens/analysis"
)

// Kraken-style reports: Kraken 1 (kraken-report), Kraken 2 (with or without
// --report-minimizer-data), Centrifuge (centrifuge-kreport), KrakenUniq,
// Pavian's headed variant, and Bracken's re-estimated .breport. One report
// is one sample:
//
//	 81.14	7629151	7629151	U	0	unclassified
//	 18.86	1773599	25000	R	1	root
//	 …
//	 10.08	947816	946503	S	1280	                  Staphylococcus aureus
//
// Columns: percent of all reads in the clade, reads in the clade, reads
// assigned directly, [minimizers, distinct minimizers,] rank code, NCBI
// taxid, and the name indented two spaces per depth level (the indentation
// gives the tree; it is read before the name is trimmed). KrakenUniq and
// Pavian files name their columns in a header line instead.
//
// The features are the species-level clades (rank S, or "species"), each
// valued by its clade read count (column 2), which includes the reads
// assigned below it (subspecies, strains, assemblies). A species inside
// another species clade is not a feature, so no read is counted twice.
// Reads assigned above species (to a genus, family … or root) belong to no
// feature; a provenance note says what share of the classified reads that
// is. A report with no species row keeps its finest main rank instead. The
// U row's reads are Table.Unclassified.

const krakenName = "kraken"

// krakenCols locates the fields of a report line; -1 when absent.
type krakenCols struct {
	n                               int // fields per line
	pct, clade, direct, rank, taxid int
	name                            int
	named                           bool // from a header line (KrakenUniq, Pavian)
}

var (
	kraken6 = krakenCols{n: 6, pct: 0, clade: 1, direct: 2, rank: 3, taxid: 4, name: 5}
	kraken7 = krakenCols{n: 7, pct: 0, clade: 1, direct: 2, rank: 3, taxid: 4, name: 6} // Pavian: depth in field 6
	kraken8 = krakenCols{n: 8, pct: 0, clade: 1, direct: 2, rank: 5, taxid: 6, name: 7} // --report-minimizer-data
)

// krakenHeaderCol maps header names (lower case) to the column they hold.
var krakenHeaderCol = map[string]string{
	"%": "pct", "perc": "pct", "percent": "pct", "percentage": "pct", "pct": "pct",
	"reads": "clade", "n-clade": "clade", "clade_reads": "clade", "cladereads": "clade",
	"taxreads": "direct", "n-stay": "direct", "direct_reads": "direct",
	"rank": "rank", "taxrank": "rank",
	"taxid": "taxid", "taxonid": "taxid", "tax_id": "taxid", "taxonomy_id": "taxid",
	"taxname": "name", "name": "name",
}

// krakenHeader reads a header line; ok is false when the line is not one.
func krakenHeader(l string) (c krakenCols, ok bool) {
	fields := strings.Split(l, "\t")
	c = krakenCols{n: len(fields), pct: -1, clade: -1, direct: -1, rank: -1, taxid: -1, name: -1, named: true}
	for k, f := range fields {
		switch krakenHeaderCol[strings.ToLower(strings.TrimSpace(f))] {
		case "pct":
			c.pct = k
		case "clade":
			c.clade = k
		case "direct":
			c.direct = k
		case "rank":
			c.rank = k
		case "taxid":
			c.taxid = k
		case "name":
			c.name = k
		}
	}
	return c, c.pct == 0 && c.clade > 0 && c.rank > 0 && c.name == len(fields)-1
}

// krakenIsRankCode matches ^[URDKPCOFGS-]\d{0,2}$ (MultiQC's pattern).
func krakenIsRankCode(s string) bool {
	if len(s) < 1 || len(s) > 3 || !strings.ContainsRune("URDKPCOFGS-", rune(s[0])) {
		return false
	}
	return krakenIsDigits(s[1:]) || len(s) == 1
}

func krakenIsDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// krakenIsNumber reports whether s (spaces trimmed) is a plain decimal number,
// as Kraken writes percentages and counts.
func krakenIsNumber(s string) bool {
	s = strings.TrimSpace(s)
	dot := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '.' && !dot:
			dot = true
		case c < '0' || c > '9':
			return false
		}
	}
	return s != "" && s != "."
}

// krakenLineCols returns the layout of a headerless data line, judged by
// its field count and the shape of its fields.
func krakenLineCols(l string) (krakenCols, bool) {
	fields := strings.Split(l, "\t")
	var c krakenCols
	switch len(fields) {
	case 6:
		c = kraken6
	case 7:
		c = kraken7
	case 8:
		c = kraken8
	default:
		return c, false
	}
	if !krakenIsNumber(fields[c.pct]) || !krakenIsDigits(fields[c.clade]) || !krakenIsDigits(fields[c.direct]) ||
		!krakenIsRankCode(fields[c.rank]) || !krakenIsDigits(fields[c.taxid]) {
		return c, false
	}
	if c.n == 7 && !krakenIsDigits(fields[5]) {
		return c, false
	}
	return c, true
}

// matchKraken looks at the first line that is not a comment: a KrakenUniq
// or Pavian header, or a report line (MultiQC's pattern, by fields). Later
// lines are left to the reader, so that a bad cell is a ParseError at its
// place rather than a file of unknown format.
func matchKraken(data []byte) bool {
	ls := lines(data[:min(len(data), 4096)])
	if len(data) > 4096 && len(ls) > 1 {
		ls = ls[:len(ls)-1] // the last line may be cut
	}
	for i, l := range ls {
		switch {
		case i > 20:
			return false
		case strings.HasPrefix(l, "#"), strings.TrimSpace(l) == "":
			continue
		}
		if _, ok := krakenHeader(l); ok {
			return true
		}
		_, ok := krakenLineCols(l)
		return ok
	}
	return false
}

// krakenRow is one line of a report.
type krakenRow struct {
	line          int
	clade, direct float64
	rank, taxid   string
	name          string
	depth         int
	parent        int    // index of the parent row, -1 for a top-level row
	anc           [7]int // nearest ancestor per rank index (domain … species), -1 for none
}

// krakenRankIndex maps a rank code (or KrakenUniq rank word) to its index
// in analysis.Ranks, or -1 for ranks outside them (K, R, numbered ranks, -).
func krakenRankIndex(rank string) int {
	switch strings.ToLower(rank) {
	case "d", "superkingdom", "domain":
		return 0
	case "p", "phylum":
		return 1
	case "c", "class":
		return 2
	case "o", "order":
		return 3
	case "f", "family":
		return 4
	case "g", "genus":
		return 5
	case "s", "species":
		return 6
	}
	return -1
}

func krakenIsUnclassified(rank, name string) bool {
	return rank == "U" || (rank == "no rank" && name == "unclassified")
}

func readKraken(data []byte, o Options) (*analysis.Table, error) {
	t := &analysis.Table{Unit: analysis.UnitCounts, Samples: []string{sampleName(o.Name)}}
	ls := lines(data)
	var cols krakenCols
	have := false
	var rows []krakenRow
	var stack []int // indices of the open ancestors
	unclassified, hasU := 0.0, false
	for i, l := range ls {
		n := i + 1
		if strings.TrimSpace(l) == "" {
			continue
		}
		if strings.HasPrefix(l, "#") {
			if v, ok := strings.CutPrefix(l, "# KrakenUniq "); ok {
				t.Provenance.Tool = "KrakenUniq"
				if f := strings.Fields(v); len(f) > 0 {
					t.Provenance.Version = strings.TrimPrefix(f[0], "v")
				}
			}
			continue
		}
		if !have {
			if c, ok := krakenHeader(l); ok {
				cols, have = c, true
				if t.Provenance.Tool == "" && c.taxid >= 0 && strings.Contains(l, "taxReads") {
					t.Provenance.Tool = "KrakenUniq"
				}
				continue
			}
			c, ok := krakenLineCols(l)
			if !ok {
				return nil, errorf(krakenName, n, 1, "expected a Kraken report line (percent, clade reads, direct reads, rank, taxid, name)")
			}
			cols, have = c, true
		}
		fields := strings.Split(l, "\t")
		if len(fields) != cols.n {
			return nil, errorf(krakenName, n, min(len(fields), cols.n)+1, "expected %d tab-separated fields, found %d", cols.n, len(fields))
		}
		r := krakenRow{line: n, rank: strings.TrimSpace(fields[cols.rank]), parent: -1}
		if _, err := parseValue(krakenName, n, cols.pct+1, fields[cols.pct]); err != nil {
			return nil, err
		}
		var err *ParseError
		if r.clade, err = parseValue(krakenName, n, cols.clade+1, fields[cols.clade]); err != nil {
			return nil, err
		}
		if cols.direct >= 0 {
			if r.direct, err = parseValue(krakenName, n, cols.direct+1, fields[cols.direct]); err != nil {
				return nil, err
			}
		}
		if cols.taxid >= 0 {
			r.taxid = strings.TrimSpace(fields[cols.taxid])
			if !krakenIsDigits(r.taxid) {
				return nil, errorf(krakenName, n, cols.taxid+1, "expected a numeric taxonomy id, found %q", truncate(r.taxid))
			}
		}
		if !cols.named && !krakenIsRankCode(r.rank) {
			return nil, errorf(krakenName, n, cols.rank+1, "expected a rank code such as U, R, D, P, C, O, F, G, S, S1 or -, found %q", truncate(r.rank))
		}
		name := strings.TrimRight(fields[cols.name], " ")
		trimmed := strings.TrimLeft(name, " ")
		r.depth = (len(name) - len(trimmed)) / 2
		r.name = trimmed
		if r.name == "" {
			return nil, errorf(krakenName, n, cols.name+1, "expected a taxon name")
		}
		if krakenIsUnclassified(r.rank, r.name) {
			unclassified += r.clade
			hasU = true
			continue
		}
		for len(stack) > 0 && rows[stack[len(stack)-1]].depth >= r.depth {
			stack = stack[:len(stack)-1]
		}
		r.anc = [7]int{-1, -1, -1, -1, -1, -1, -1}
		if len(stack) > 0 {
			r.parent = stack[len(stack)-1]
			p := &rows[r.parent]
			r.anc = p.anc
			if k := krakenRankIndex(p.rank); k >= 0 {
				r.anc[k] = r.parent
			}
		}
		stack = append(stack, len(rows))
		rows = append(rows, r)
	}
	if !have {
		return nil, errorf(krakenName, 1, 0, "expected Kraken report lines")
	}
	if t.Provenance.Tool == "" {
		t.Provenance.Tool = krakenTool(cols, rows)
	}
	bracken := cols == kraken6 && isBrackenReport(rows)
	if bracken {
		t.Provenance.Tool = "Bracken"
		t.Provenance.Notes = append(t.Provenance.Notes,
			"Bracken report (.breport): the read counts are Bracken's re-estimate, not Kraken's classification; levels below Bracken's estimation level are not printed")
	}
	if hasU {
		t.Unclassified, t.UnclassifiedKnown = []float64{unclassified}, true
	}
	switch {
	case !hasU && bracken:
		t.Provenance.Notes = append(t.Provenance.Notes, "no unclassified (U) row: Bracken 2.6 and later leave the unclassified reads out of the report, so how many reads were unclassified is unknown")
	case !hasU:
		t.Provenance.Notes = append(t.Provenance.Notes, "no unclassified (U) row: the report does not say how many reads were unclassified")
	}
	krakenFeatures(t, rows, "clade read counts (column 2)")
	return t, nil
}

// krakenTool names the producing tool from the report's layout.
func krakenTool(c krakenCols, rows []krakenRow) string {
	switch {
	case c.named:
		return "Kraken (Pavian-style header)"
	case c == kraken8:
		return "Kraken 2 (--report-minimizer-data)"
	}
	for _, r := range rows {
		if len(r.rank) > 1 {
			return "Kraken 2"
		}
	}
	return "Kraken"
}

// isBrackenReport reports whether a 6-column report has Bracken's shape:
// the reads sit directly on the clades of one level (direct = clade reads
// there), nothing is printed below that level, and every other clade holds
// either no direct reads or only direct reads (older Bracken keeps a few
// genera whose species fell below the threshold). A Kraken report fails
// this on its first inner node with direct reads, usually root.
func isBrackenReport(rows []krakenRow) bool {
	level := krakenLevel(rows)
	if level < 0 {
		return false
	}
	filled := false
	for i, r := range rows {
		at := krakenRankIndex(r.rank) == level
		switch {
		case r.direct != 0 && r.direct != r.clade, at && r.direct != r.clade:
			return false
		case at && r.direct > 0:
			filled = true
		}
		if krakenUnder(rows, i, level) {
			return false
		}
	}
	return filled
}

// krakenLevel is the rank index the features are taken at: species when
// the report has species rows, otherwise its finest main rank; -1 when it
// has none.
func krakenLevel(rows []krakenRow) int {
	level := -1
	for _, r := range rows {
		level = max(level, krakenRankIndex(r.rank))
	}
	return level
}

// krakenUnder reports whether row i has an ancestor at the given level.
func krakenUnder(rows []krakenRow, i, level int) bool {
	return rows[i].anc[level] >= 0
}

var krakenRankPrefix = [...]string{"d__", "p__", "c__", "o__", "f__", "g__", "s__", "t__"}

// krakenFeatures adds the clades at the feature level, with their lineage
// built from their ancestors, and notes what the choice leaves out.
func krakenFeatures(t *analysis.Table, rows []krakenRow, valued string) {
	level := krakenLevel(rows)
	b := newBuilder(1)
	classified, inFeatures, zero := 0.0, 0.0, 0
	seen := map[string]bool{}
	for i, r := range rows {
		if r.parent < 0 {
			classified += r.clade
		}
		if level < 0 || krakenRankIndex(r.rank) != level || krakenUnder(rows, i, level) {
			continue
		}
		if r.clade == 0 {
			zero++ // --report-zero-counts lists every taxon of the database
			continue
		}
		lineage := make([]string, len(analysis.Ranks))
		lineage[level] = r.name
		for k, p := range r.anc[:level] {
			if p >= 0 {
				lineage[k] = rows[p].name
			}
		}
		var tax []string
		for k, name := range lineage {
			if name != "" {
				tax = append(tax, krakenRankPrefix[k]+name)
			}
		}
		id := r.name
		if seen[id] {
			id = fmt.Sprintf("%s [taxid %s]", r.name, r.taxid)
		}
		seen[id] = true
		b.add(len(t.Features), 0, r.clade)
		t.Features = append(t.Features, analysis.Feature{ID: id, Lineage: lineage, Taxonomy: strings.Join(tax, "|"), TaxID: r.taxid})
		inFeatures += r.clade
	}
	t.Columns = b.cols
	if level < 0 {
		msg := "the report has only the unclassified (U) row: every read is unclassified, no features"
		if len(rows) > 0 {
			msg = "the report names no domain, phylum … species clade: no features"
		}
		t.Provenance.Notes = append(t.Provenance.Notes, msg)
		return
	}
	code := "DPCOFGS"[level : level+1]
	t.Provenance.Notes = append(t.Provenance.Notes, fmt.Sprintf(
		"features are the %d %s-level (%s) clades, valued by their %s, which include the reads assigned below them",
		len(t.Features), analysis.Ranks[level], code, valued))
	if classified > 0 {
		rest := max(classified-inFeatures, 0)
		t.Provenance.Notes = append(t.Provenance.Notes, fmt.Sprintf(
			"%.0f of the %.0f classified reads (%.2f %%) were assigned above %s level and are in no feature",
			rest, classified, 100*rest/classified, analysis.Ranks[level]))
	}
	if zero > 0 {
		t.Provenance.Notes = append(t.Provenance.Notes, fmt.Sprintf("%d %s clades with 0 reads left out", zero, analysis.Ranks[level]))
	}
}
