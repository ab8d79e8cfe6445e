package format

import (
	"fmt"
	"sort"
	"strings"

	"github.com/gutlens/gutlens/analysis"
	"github.com/gutlens/gutlens/analysis/taxonomy"
)

// Generic CSV and TSV tables, the last resort of Decode (FORMATS.md §3.12):
//
//   - wide tables in either orientation: taxa in rows (phyloseq
//     write.csv(otu_table(x)), GMHI, merged profiles) or samples in rows
//     (write.csv(t(otu_table(x))), the CRC genus table, phyloseq's
//     enterotype). The first column holds row names; the corner cell may be
//     empty (R) or missing (write.table). Rows or columns whose cells are
//     all non-numeric are metadata and skipped; NA cells read as 0.
//   - the long format of phyloseq's psmelt: one row per (feature, sample)
//     with OTU, Sample and Abundance columns, plus sample variables and
//     Kingdom…Species rank columns.
//
// A column or row named "-1" (phyloseq's enterotype) is the unclassified
// share and goes to Table.Unclassified.

const csvName = "csv"

// Orientation of a wide table.
const (
	orientAuto        = iota
	orientTaxaInRows  // features in rows, samples in columns
	orientSamplesRows // samples in rows, features in columns
)

func matchCSV(data []byte) bool {
	if !isText(data) {
		return false
	}
	ls := headLines(data, 64)
	i := firstRecordLine(ls)
	if i >= len(ls) {
		return false
	}
	comma := sniffComma(ls[i])
	if comma == 0 {
		return false
	}
	if i+1 >= len(ls) && len(data) <= 256<<10 {
		return false // a header without rows
	}
	return len(splitCells(ls[i], comma)) >= 2
}

func readCSV(data []byte, o Options) (*analysis.Table, error) {
	d, err := readDelimited(csvName, data)
	if err != nil {
		return nil, err
	}
	if len(d.recs) < 2 {
		return nil, errorf(csvName, 1, 0, "expected a header and at least one row")
	}
	if lc := longColumns(d.recs[0]); lc != nil {
		return readLong(csvName, d, lc)
	}
	return readWide(csvName, d, orientAuto)
}

// rankColumn maps a column name to a rank index (analysis.Ranks), or -1.
func rankColumn(name string) int {
	switch strings.ToLower(strings.TrimSpace(name)) {
	case "kingdom", "domain", "superkingdom":
		return 0
	case "phylum":
		return 1
	case "class":
		return 2
	case "order":
		return 3
	case "family":
		return 4
	case "genus":
		return 5
	case "species":
		return 6
	case "strain":
		return 7
	}
	return -1
}

// longCols names the columns of a long-format table.
type longCols struct {
	feature, sample, value int
	ranks                  [taxonomy.NRanks]int // column per rank, -1 if none
}

// longColumns recognises a long-format header: a sample column, a value
// column and a feature column (psmelt: OTU, Sample, Abundance).
func longColumns(h []string) *longCols {
	lc := &longCols{feature: -1, sample: -1, value: -1}
	for r := range lc.ranks {
		lc.ranks[r] = -1
	}
	for j, c := range h {
		switch strings.ToLower(c) {
		case "sample", "sampleid", "sample_id", "sample id", "sample_name":
			if lc.sample < 0 {
				lc.sample = j
			}
		case "abundance", "count", "counts", "value", "reads", "relative_abundance", "rel_abundance":
			if lc.value < 0 {
				lc.value = j
			}
		case "otu", "otu id", "otuid", "asv", "feature", "feature id", "featureid", "feature_id", "taxon", "taxa", "clade_name":
			if lc.feature < 0 {
				lc.feature = j
			}
		}
		if r := rankColumn(c); r >= 0 && lc.ranks[r] < 0 {
			lc.ranks[r] = j
		}
	}
	if lc.sample < 0 || lc.value < 0 {
		return nil
	}
	if lc.feature < 0 {
		// No id column: the finest rank column names the feature.
		for r := len(lc.ranks) - 1; r >= 0; r-- {
			if lc.ranks[r] >= 0 {
				lc.feature = lc.ranks[r]
				break
			}
		}
	}
	if lc.feature < 0 {
		return nil
	}
	return lc
}

// readLong reads a long-format table.
func readLong(format string, d *delimited, lc *longCols) (*analysis.Table, error) {
	h := d.recs[0]
	t := &analysis.Table{}
	featIdx := map[string]int{}
	sampIdx := map[string]int{}
	type cell struct {
		f    int
		v    float64
		line int
	}
	var cols [][]cell
	hasRanks := false
	for _, c := range lc.ranks {
		hasRanks = hasRanks || c >= 0
	}
	need := max(lc.feature, lc.sample, lc.value) + 1
	na := 0
	for r := 1; r < len(d.recs); r++ {
		rec, line := d.recs[r], d.line[r]
		if len(rec) < need {
			return nil, errorf(format, line, len(rec)+1, "expected at least %d fields, found %d", need, len(rec))
		}
		id, s := rec[lc.feature], rec[lc.sample]
		if id == "" {
			return nil, errorf(format, line, lc.feature+1, "expected a feature id")
		}
		if s == "" {
			return nil, errorf(format, line, lc.sample+1, "expected a sample id")
		}
		var v float64
		if isNA(rec[lc.value]) {
			na++
		} else {
			var perr *ParseError
			if v, perr = parseValue(format, line, lc.value+1, rec[lc.value]); perr != nil {
				return nil, perr
			}
		}
		f, ok := featIdx[id]
		if !ok {
			f = len(t.Features)
			featIdx[id] = f
			feat := analysis.Feature{ID: id}
			if hasRanks {
				feat.Lineage = make([]string, taxonomy.NRanks)
				parts := []string{}
				for rank, c := range lc.ranks {
					if c >= 0 && c < len(rec) && !isNA(rec[c]) {
						feat.Lineage[rank] = rec[c]
						parts = append(parts, rec[c])
					}
				}
				feat.Taxonomy = strings.Join(parts, "; ")
				feat.Unassigned = taxonomy.IsUnassigned(feat.Lineage[0])
			}
			t.Features = append(t.Features, feat)
		}
		si, ok := sampIdx[s]
		if !ok {
			si = len(t.Samples)
			sampIdx[s] = si
			t.Samples = append(t.Samples, s)
			cols = append(cols, nil)
		}
		cols[si] = append(cols[si], cell{f, v, line})
	}
	b := newBuilder(len(t.Samples))
	for si, cs := range cols {
		sort.SliceStable(cs, func(i, j int) bool { return cs[i].f < cs[j].f })
		for k, c := range cs {
			if k > 0 && cs[k-1].f == c.f {
				return nil, errorf(format, c.line, lc.feature+1, "feature %q in sample %q already given on line %d",
					truncate(t.Features[c.f].ID), truncate(t.Samples[si]), cs[k-1].line)
			}
			b.add(c.f, si, c.v)
		}
	}
	t.Columns = b.cols
	t.Unit = guessUnit(t.Columns)
	t.UnclassifiedKnown = hasRanks
	t.Provenance.Notes = append(t.Provenance.Notes, d.comments...)
	t.Provenance.Notes = append(t.Provenance.Notes, fmt.Sprintf(
		"long format (as phyloseq's psmelt writes it): feature column %q, sample column %q, value column %q; %d other columns ignored",
		h[lc.feature], h[lc.sample], h[lc.value], len(h)-3-countRanks(lc)))
	if na > 0 {
		t.Provenance.Notes = append(t.Provenance.Notes, fmt.Sprintf("%d NA values read as 0", na))
	}
	return t, nil
}

func countRanks(lc *longCols) int {
	n := 0
	for _, c := range lc.ranks {
		if c >= 0 && c != lc.feature {
			n++
		}
	}
	return n
}

// readWide reads a wide table in the given orientation (orientAuto:
// decided from the names, see orientation).
func readWide(format string, d *delimited, orient int) (*analysis.Table, error) {
	header := d.recs[0]
	body, lines := d.recs[1:], d.line[1:]
	// write.table(row.names=TRUE) omits the corner cell: every row is one
	// longer than the header.
	if len(header) > 0 && header[len(header)-1] == "" && len(header) >= 3 {
		trailing := true // a trailing delimiter on every line (mothur-style)
		for _, rec := range body {
			if len(rec) != len(header) || rec[len(rec)-1] != "" {
				trailing = false
				break
			}
		}
		if trailing {
			header = header[:len(header)-1]
			for i := range body {
				body[i] = body[i][:len(body[i])-1]
			}
		}
	}
	if len(body) > 0 {
		short := true
		for _, rec := range body {
			if len(rec) != len(header)+1 {
				short = false
				break
			}
		}
		if short {
			header = append([]string{""}, header...)
		}
	}
	if len(header) < 2 {
		return nil, errorf(format, d.line[0], 1, "expected a header with at least two columns")
	}
	for i, rec := range body {
		if len(rec) != len(header) {
			return nil, errorf(format, lines[i], min(len(rec), len(header))+1,
				"expected %d fields as in the header, found %d", len(header), len(rec))
		}
	}
	taxCol := -1 // a last column of lineages, one per row: only with taxa in rows
	if last := len(header) - 1; orient != orientSamplesRows && last >= 2 && taxonomyHeaders[strings.ToLower(header[last])] {
		taxCol = last
	}
	// Metadata rows: no numeric cell, or — before the first all-numeric row
	// — any word among the numbers (the HMP species table opens with VISNO,
	// STSite … rows, and VISNO mixes 1, 2 with "01S"). Metadata columns: no
	// numeric cell in the remaining rows.
	dataCol := func(j int) bool { return j > 0 && j != taxCol }
	keepRow := make([]bool, len(body))
	metaRows := []string{}
	dataStarted := false
	for i, rec := range body {
		numeric, filled, words := false, false, false
		for j, c := range rec {
			if !dataCol(j) || isNA(c) {
				continue
			}
			filled = true
			if isNumber(c) {
				numeric = true
			} else {
				words = true
			}
		}
		meta := filled && (!numeric || words && !dataStarted)
		keepRow[i] = !meta
		if meta {
			metaRows = append(metaRows, rec[0])
		} else if filled {
			dataStarted = true
		}
	}
	keepCol := make([]bool, len(header))
	metaCols := []string{}
	for j := range header {
		if !dataCol(j) {
			continue
		}
		numeric, filled := false, false
		for i, rec := range body {
			if !keepRow[i] || isNA(rec[j]) {
				continue
			}
			filled = true
			if isNumber(rec[j]) {
				numeric = true
				break
			}
		}
		keepCol[j] = numeric || !filled
		if filled && !numeric {
			metaCols = append(metaCols, header[j])
		}
	}
	var rowNames, colNames []string
	var rowIdx, colIdx []int
	for i, rec := range body {
		if keepRow[i] {
			rowNames = append(rowNames, rec[0])
			rowIdx = append(rowIdx, i)
		}
	}
	for j := range header {
		if keepCol[j] {
			colNames = append(colNames, header[j])
			colIdx = append(colIdx, j)
		}
	}
	if len(rowIdx) == 0 || len(colIdx) == 0 {
		return nil, errorf(format, d.line[0], 0, "no numeric values: expected a table of abundances")
	}
	t := &analysis.Table{}
	t.Provenance.Notes = append(t.Provenance.Notes, d.comments...)
	why := ""
	if orient == orientAuto {
		orient, why = orientation(rowNames, colNames)
		if taxCol >= 0 {
			orient, why = orientTaxaInRows, fmt.Sprintf("the last column %q holds the taxonomy of each row", header[taxCol])
		}
	}
	if why != "" {
		what := "features (taxa) in rows, samples in columns"
		if orient == orientSamplesRows {
			what = "samples in rows, features (taxa) in columns"
		}
		t.Provenance.Notes = append(t.Provenance.Notes, "orientation: "+what+" ("+why+"); flip it if this is wrong")
	}
	if len(metaRows) > 0 {
		t.Provenance.Notes = append(t.Provenance.Notes, fmt.Sprintf("%d rows of sample metadata (words among the values) skipped: %s", len(metaRows), listSome(metaRows)))
	}
	if len(metaCols) > 0 {
		t.Provenance.Notes = append(t.Provenance.Notes, fmt.Sprintf("%d columns without numbers skipped as metadata: %s", len(metaCols), listSome(metaCols)))
	}
	sampleNames, featureNames := colNames, rowNames
	if orient == orientSamplesRows {
		sampleNames, featureNames = rowNames, colNames
	}
	// Features, with "-1" as the unclassified share.
	unclassified := -1
	featureOf := make([]int, len(featureNames)) // position → feature index, -1 for unclassified
	seen := map[string]int{}
	for k, name := range featureNames {
		line, col := featurePos(orient, d.line[0], lines, rowIdx, colIdx, k)
		if name == "" {
			return nil, errorf(format, line, col, "expected a feature name")
		}
		if prev, dup := seen[name]; dup {
			return nil, errorf(format, line, col, "feature %q already named in %s %d", truncate(name), axisWord(orient, true), prev)
		}
		seen[name] = axisPos(orient, true, line, col)
		if name == "-1" {
			unclassified = k
			featureOf[k] = -1
			continue
		}
		f := analysis.Feature{ID: name}
		if taxCol >= 0 {
			f.Taxonomy = body[rowIdx[k]][taxCol]
			f.Lineage, f.Unassigned = taxonomy.Parse(f.Taxonomy)
		} else if looksLineage(name) {
			f.Taxonomy = name
			f.Lineage, f.Unassigned = taxonomy.Parse(name)
		} else {
			f.Unassigned = taxonomy.IsUnassigned(name) && name != ""
		}
		featureOf[k] = len(t.Features)
		t.Features = append(t.Features, f)
	}
	seen = map[string]int{}
	for k, name := range sampleNames {
		line, col := featurePos(3-orient, d.line[0], lines, rowIdx, colIdx, k)
		if name == "" {
			return nil, errorf(format, line, col, "expected a sample name")
		}
		if prev, dup := seen[name]; dup {
			return nil, errorf(format, line, col, "sample %q already named in %s %d", truncate(name), axisWord(orient, false), prev)
		}
		seen[name] = axisPos(orient, false, line, col)
		t.Samples = append(t.Samples, name)
	}
	b := newBuilder(len(t.Samples))
	if unclassified >= 0 {
		t.Unclassified = make([]float64, len(t.Samples))
	}
	na := 0
	cellValue := func(i, j int) (float64, error) {
		c := body[rowIdx[i]][colIdx[j]]
		if isNA(c) {
			na++
			return 0, nil
		}
		v, err := parseValue(format, lines[rowIdx[i]], colIdx[j]+1, c)
		if err != nil {
			return 0, err
		}
		return v, nil
	}
	put := func(fpos, s int, v float64) {
		if f := featureOf[fpos]; f >= 0 {
			b.add(f, s, v)
		} else {
			t.Unclassified[s] = v
		}
	}
	if orient == orientSamplesRows {
		for i := range rowIdx {
			for j := range colIdx {
				v, err := cellValue(i, j)
				if err != nil {
					return nil, err
				}
				put(j, i, v)
			}
		}
	} else {
		for i := range rowIdx {
			for j := range colIdx {
				v, err := cellValue(i, j)
				if err != nil {
					return nil, err
				}
				put(i, j, v)
			}
		}
	}
	t.Columns = b.cols
	t.Unit = guessUnitWith(t.Columns, t.Unclassified)
	t.UnclassifiedKnown = unclassified >= 0 || taxCol >= 0
	if unclassified >= 0 {
		t.Provenance.Notes = append(t.Provenance.Notes, `the feature "-1" (phyloseq's enterotype: not assigned to a genus) is read as the unclassified share`)
	}
	if na > 0 {
		t.Provenance.Notes = append(t.Provenance.Notes, fmt.Sprintf("%d NA or empty cells read as 0", na))
	}
	return t, nil
}

// featurePos returns the line and column of the k-th name along an axis:
// orientTaxaInRows → the row names, orientSamplesRows → the column names.
func featurePos(orient, headerLine int, lines, rowIdx, colIdx []int, k int) (int, int) {
	if orient == orientSamplesRows {
		return headerLine, colIdx[k] + 1
	}
	return lines[rowIdx[k]], 1
}

// axisWord names where the feature (or sample) names are: "row" names
// sit on lines, "column" names in the header.
func axisWord(orient int, feature bool) string {
	if (orient == orientSamplesRows) == feature {
		return "column"
	}
	return "line"
}

func axisPos(orient int, feature bool, line, col int) int {
	if axisWord(orient, feature) == "column" {
		return col
	}
	return line
}

func listSome(xs []string) string {
	const n = 5
	if len(xs) <= n {
		return strings.Join(xs, ", ")
	}
	return strings.Join(xs[:n], ", ") + fmt.Sprintf(" … (%d more)", len(xs)-n)
}

// guessUnitWith is guessUnit with each sample's unclassified amount
// counted in its total.
func guessUnitWith(cols []analysis.Vector, uncl []float64) analysis.Unit {
	if uncl == nil {
		return guessUnit(cols)
	}
	tmp := make([]analysis.Vector, len(cols))
	for s, c := range cols {
		tmp[s].Value = append(append([]float64(nil), c.Value...), uncl[s])
	}
	return guessUnit(tmp)
}

// looksLineage reports whether a name is a lineage string: rank prefixes,
// "|" (MetaPhlAn) or ";" (QIIME, SILVA) separators.
func looksLineage(s string) bool {
	return strings.Contains(s, "|") || strings.Contains(s, ";") ||
		(len(s) > 3 && s[1] == '_' && s[2] == '_' && strings.IndexByte("kdpcofgst", s[0]) >= 0)
}

// taxonLike reports whether a name looks like a taxon or feature id: a
// lineage, a DNA sequence, an OTU/ASV id, a Latin name ("Blautia",
// "[Eubacterium]_coprostanoligenes_group", "Escherichia-Shigella"), or an
// unclassified marker.
func taxonLike(s string) bool {
	if looksLineage(s) || isSequence(s, 50) || s == "-1" || taxonomy.IsUnassigned(s) {
		return s != ""
	}
	l := strings.ToLower(s)
	for _, p := range []string{"otu", "asv", "zotu", "esv", "sv"} {
		if strings.HasPrefix(l, p) {
			rest := strings.TrimLeft(l[len(p):], "_-.")
			if rest != "" && strings.Trim(rest, "0123456789") == "" {
				return true
			}
		}
	}
	s = strings.TrimLeft(s, "[")
	if len(s) < 3 || s[0] < 'A' || s[0] > 'Z' {
		return false
	}
	lower := 0
	for i := 1; i < len(s); i++ {
		switch c := s[i]; {
		case c >= 'a' && c <= 'z':
			lower++
		case c == '_' || c == '-' || c == ' ' || c == '[' || c == ']' || c == '.':
		default:
			return false
		}
	}
	return lower >= 2
}

// sampleLike reports whether a name looks like a sequencing-archive
// sample or run accession (SRR…, ERR…, SAMEA…).
func sampleLike(s string) bool {
	for _, p := range []string{"SRR", "ERR", "DRR", "SRS", "ERS", "DRS", "SRX", "ERX", "SAMEA", "SAMN", "SAMD"} {
		if strings.HasPrefix(s, p) && len(s) > len(p) && strings.Trim(s[len(p):], "0123456789") == "" {
			return true
		}
	}
	return false
}

// orientation decides which axis holds the features (FORMATS.md §3.12):
// the axis whose names look like taxa, else the one whose names look like
// sample accessions is the other, else the longer axis holds the taxa.
func orientation(rowNames, colNames []string) (int, string) {
	frac := func(names []string, f func(string) bool) float64 {
		if len(names) == 0 {
			return 0
		}
		n := 0
		for _, s := range names {
			if f(s) {
				n++
			}
		}
		return float64(n) / float64(len(names))
	}
	rt, ct := frac(rowNames, taxonLike), frac(colNames, taxonLike)
	pct := func(x float64) int { return int(100*x + 0.5) }
	switch {
	case ct >= 0.5 && ct > rt+0.25:
		return orientSamplesRows, fmt.Sprintf("%d%% of the column names look like taxa, %d%% of the row names", pct(ct), pct(rt))
	case rt >= 0.5 && rt > ct+0.25:
		return orientTaxaInRows, fmt.Sprintf("%d%% of the row names look like taxa, %d%% of the column names", pct(rt), pct(ct))
	}
	rs, cs := frac(rowNames, sampleLike), frac(colNames, sampleLike)
	switch {
	case rs >= 0.5 && rs > cs:
		return orientSamplesRows, fmt.Sprintf("%d%% of the row names are sample accessions", pct(rs))
	case cs >= 0.5 && cs > rs:
		return orientTaxaInRows, fmt.Sprintf("%d%% of the column names are sample accessions", pct(cs))
	}
	if len(colNames) > len(rowNames) {
		return orientSamplesRows, fmt.Sprintf("no names look like taxa; the longer axis (%d columns against %d rows) is taken as the taxa", len(colNames), len(rowNames))
	}
	return orientTaxaInRows, fmt.Sprintf("no names look like taxa; the longer axis (%d rows against %d columns) is taken as the taxa", len(rowNames), len(colNames))
}
