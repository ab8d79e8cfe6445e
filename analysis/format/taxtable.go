package format

import (
	"fmt"
	"strings"

	"github.com/gutlens/gutlens/analysis"
	"github.com/gutlens/gutlens/analysis/taxonomy"
)

// Taxonomy tables: a lineage per feature id, no abundances. Alone they are
// not a table Gutlens can analyse; DecodeFiles joins one to its feature
// table. Three kinds:
//
//   - QIIME 2 taxonomy.tsv: "Feature ID\tTaxon[\tConfidence]", an optional
//     "#q2:types" line, CRLF in some files (FORMATS.md §3.3);
//   - rank columns, as DADA2's assignTaxonomy/addSpecies result and
//     phyloseq's tax_table are written by R: a corner cell ("", missing, or
//     "#TAXONOMY"), then Kingdom, Phylum, … Species; NA for unassigned;
//   - mothur .cons.taxonomy: "OTU\tSize\tTaxonomy" (mothur.go).

const (
	qiime2TaxName = "qiime2-taxonomy"
	rankTaxName   = "rank-taxonomy"
	taxonomyName  = "taxonomy"
)

// A TaxonomyOnlyError reports a taxonomy table given on its own: it has
// lineages but no abundances, so it must come with its feature table.
type TaxonomyOnlyError struct {
	Title    string // e.g. "QIIME 2 taxonomy.tsv"
	Features int
}

func (e *TaxonomyOnlyError) Error() string {
	return fmt.Sprintf("this is a taxonomy table (%s, %d features), not an abundance table; drop it together with its feature table", e.Title, e.Features)
}

// taxEntry is the lineage of one feature id.
type taxEntry struct {
	ID         string
	Taxonomy   string
	Lineage    []string
	Unassigned bool
	Line       int
}

// taxTable is a parsed taxonomy table.
type taxTable struct {
	Format  string // qiime2-taxonomy, rank-taxonomy, mothur-taxonomy
	Title   string
	Entries []taxEntry
}

// qiime2IDHeaders are the first header cells of a QIIME 2 taxonomy TSV.
var qiime2IDHeaders = map[string]bool{"feature id": true, "feature-id": true, "featureid": true, "#otuid": true, "#otu id": true, "otu id": true, "otuid": true, "id": true, "sampleid": true, "#featureid": true, "#feature id": true}

func isQIIME2TaxHeader(l string) bool {
	cells := strings.Split(l, "\t")
	return len(cells) >= 2 && len(cells) <= 4 && qiime2IDHeaders[strings.ToLower(strings.TrimSpace(cells[0]))] &&
		(strings.EqualFold(strings.TrimSpace(cells[1]), "Taxon") || strings.EqualFold(strings.TrimSpace(cells[1]), "taxonomy"))
}

// isRankHeader reports whether a header line (after its corner cell) is
// made of rank names only, at least two of them.
func isRankHeader(l string) bool {
	comma := sniffComma(l)
	if comma == 0 {
		return false
	}
	cells := splitCells(l, comma)
	if len(cells) < 3 {
		return false
	}
	if rankColumn(cells[0]) >= 0 { // corner cell missing (write.table)
		cells = append([]string{""}, cells...)
	}
	for _, c := range cells[1:] {
		if rankColumn(c) < 0 {
			return false
		}
	}
	return true
}

// matchTaxTable recognises any of the three kinds by their header.
func matchTaxTable(data []byte) bool {
	if !isText(data) {
		return false
	}
	ls := headLines(data, 2)
	if len(ls) == 0 {
		return false
	}
	return matchMothurTaxonomy(ls) || isQIIME2TaxHeader(ls[0]) || isRankHeader(ls[0])
}

// readTaxTable parses a taxonomy table of any of the three kinds.
func readTaxTable(data []byte) (*taxTable, error) {
	if !isText(data) {
		return nil, errorf(taxonomyName, 1, 0, "not text")
	}
	ls := lines(data)
	switch {
	case len(ls) == 0:
		return nil, errorf(taxonomyName, 1, 0, "the file is empty")
	case matchMothurTaxonomy(ls):
		return readMothurTaxonomy(ls)
	case isQIIME2TaxHeader(ls[0]):
		return readQIIME2Taxonomy(ls)
	case isRankHeader(ls[0]):
		return readRankTaxonomy(data)
	}
	return nil, errorf(taxonomyName, 1, 1, "expected a taxonomy table header (Feature ID, Taxon …; Kingdom, Phylum …; or OTU, Size, Taxonomy)")
}

func readQIIME2Taxonomy(ls []string) (*taxTable, error) {
	tt := &taxTable{Format: qiime2TaxName, Title: "QIIME 2 taxonomy.tsv"}
	n := len(strings.Split(ls[0], "\t"))
	seen := map[string]int{}
	for i := 1; i < len(ls); i++ {
		l := ls[i]
		if strings.TrimSpace(l) == "" || strings.HasPrefix(l, "#q2:") {
			continue
		}
		fields := strings.Split(l, "\t")
		if len(fields) != n && !(len(fields) == n-1 && n == 3) { // Confidence may be left empty
			return nil, errorf(qiime2TaxName, i+1, min(len(fields), n)+1, "expected %d tab-separated fields as in the header, found %d", n, len(fields))
		}
		id := strings.TrimSpace(fields[0])
		if id == "" {
			return nil, errorf(qiime2TaxName, i+1, 1, "expected a feature id")
		}
		if prev, dup := seen[id]; dup {
			return nil, errorf(qiime2TaxName, i+1, 1, "feature %q already given on line %d", truncate(id), prev)
		}
		seen[id] = i + 1
		e := taxEntry{ID: id, Taxonomy: strings.TrimSpace(fields[1]), Line: i + 1}
		e.Lineage, e.Unassigned = taxonomy.Parse(e.Taxonomy)
		tt.Entries = append(tt.Entries, e)
	}
	return tt, nil
}

func readRankTaxonomy(data []byte) (*taxTable, error) {
	d, err := readDelimited(rankTaxName, data)
	if err != nil {
		return nil, err
	}
	tt := &taxTable{Format: rankTaxName, Title: "taxonomy table with rank columns (DADA2 assignTaxonomy, phyloseq tax_table)"}
	h := d.recs[0]
	if len(h) > 0 && rankColumn(h[0]) >= 0 {
		h = append([]string{""}, h...)
	}
	ranks := make([]int, len(h))
	for j := 1; j < len(h); j++ {
		ranks[j] = rankColumn(h[j])
	}
	seen := map[string]int{}
	for r := 1; r < len(d.recs); r++ {
		rec, line := d.recs[r], d.line[r]
		if len(rec) != len(h) {
			return nil, errorf(rankTaxName, line, min(len(rec), len(h))+1, "expected %d fields as in the header, found %d", len(h), len(rec))
		}
		id := rec[0]
		if id == "" {
			return nil, errorf(rankTaxName, line, 1, "expected a feature id")
		}
		if prev, dup := seen[id]; dup {
			return nil, errorf(rankTaxName, line, 1, "feature %q already given on line %d", truncate(id), prev)
		}
		seen[id] = line
		e := taxEntry{ID: id, Lineage: make([]string, taxonomy.NRanks), Line: line}
		parts := []string{}
		for j := 1; j < len(rec); j++ {
			if isNA(rec[j]) || e.Lineage[ranks[j]] != "" {
				continue
			}
			e.Lineage[ranks[j]] = rec[j]
			parts = append(parts, rec[j])
		}
		e.Taxonomy = strings.Join(parts, "; ")
		e.Unassigned = taxonomy.IsUnassigned(e.Lineage[0])
		tt.Entries = append(tt.Entries, e)
	}
	return tt, nil
}

// readTaxonomyAlone is the Read of the taxonomy entry in Formats: it
// checks the table and then refuses it with a TaxonomyOnlyError.
func readTaxonomyAlone(data []byte, o Options) (*analysis.Table, error) {
	tt, err := readTaxTable(data)
	if err != nil {
		return nil, err
	}
	return nil, &TaxonomyOnlyError{Title: tt.Title, Features: len(tt.Entries)}
}
