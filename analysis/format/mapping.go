package format

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/gutlens/gutlens/analysis"
	"github.com/gutlens/gutlens/analysis/report/view"
)

// Reading a file the way the user says instead of the way Decode detects
// (issue 3): a column mapping for delimited text that no reader knows
// (consumer exports differ per lab), the label of a mothur .shared file,
// or the orientation of a generic CSV/TSV table.
//
// Preview shows the start of any delimited text with a guessed Mapping;
// DecodeMapped reads it with a Mapping; DecodeAs applies any Reading.

// MappedFormat is the format name of a table read with a Mapping, and
// MappedTitle its readable name.
const (
	MappedFormat = view.MappedFormat
	MappedTitle  = view.MappedTitle
	mappedName   = MappedFormat
)

// Layouts of a Mapping.
const (
	LayoutWide = view.LayoutWide // one axis taxa, the other samples
	LayoutLong = view.LayoutLong // one row per (taxon, sample, value)
)

// Orientations of a wide table.
const (
	OrientTaxaInRows    = view.OrientTaxaInRows
	OrientSamplesInRows = view.OrientSamplesInRows
)

// A Mapping says which columns of delimited text hold what.
// It is view.Mapping, so that the UI reads it without linking this package.
type Mapping = view.Mapping

// A Reading says how to read one file instead of detecting.
// It is view.Reading, so that the UI reads it without linking this package.
type Reading = view.Reading

// A TablePreview is the start of a delimited text file, for the
// column-mapping step.
// It is view.TablePreview, so that the UI reads it without linking this package.
type TablePreview = view.TablePreview

// PreviewRows is how many data rows a Preview holds.
const PreviewRows = 8

// maxPreviewColumns bounds the header cells a Preview returns.
const maxPreviewColumns = 200

// plainBytes removes gzip layers, with the limits of Decode.
func plainBytes(data []byte) ([]byte, bool, error) {
	if len(data) > MaxInputBytes {
		return nil, false, fmt.Errorf("%w: more than %d MiB", ErrTooLarge, MaxInputBytes>>20)
	}
	gz := false
	for layer := 0; bytes.HasPrefix(data, gzipMagic); layer++ {
		if layer >= maxGzipLayers {
			return nil, gz, &ParseError{Format: "gzip", Err: fmt.Errorf("more than %d nested gzip layers", maxGzipLayers)}
		}
		p, err := gunzip(data)
		if err != nil {
			return nil, gz, err
		}
		data, gz = p, true
	}
	return data, gz, nil
}

// Preview reads the start of delimited text (gzip allowed) and guesses a
// Mapping. It fails for binary files and text without a delimiter.
func Preview(data []byte) (*TablePreview, error) {
	plain, _, err := plainBytes(data)
	if err != nil {
		return nil, err
	}
	if bytes.HasPrefix(plain, hdf5Magic) || bytes.HasPrefix(plain, zipMagic) || !isText(plain) {
		return nil, &UnsupportedError{Format: "preview", What: "this is not delimited text"}
	}
	// Only the start is previewed; whole records are cut at a line end.
	head := plain
	if len(head) > 1<<20 {
		head = head[:1<<20]
		if i := bytes.LastIndexByte(head, '\n'); i > 0 {
			head = head[:i+1]
		}
	}
	d, err := readDelimited("preview", head)
	if err != nil {
		return nil, err
	}
	if len(d.recs) == 0 {
		return nil, errorf("preview", 1, 0, "expected a header line")
	}
	p := &TablePreview{Delimiter: string(d.comma), Header: d.recs[0], NRows: len(d.recs) - 1}
	if len(head) < len(plain) {
		p.NRows = bytes.Count(plain, []byte{'\n'}) - (d.line[0] - 1) // an estimate for big files
	}
	if len(p.Header) > maxPreviewColumns {
		p.Header = p.Header[:maxPreviewColumns]
	}
	for _, rec := range d.recs[1:min(len(d.recs), PreviewRows+1)] {
		p.Rows = append(p.Rows, rec[:min(len(rec), maxPreviewColumns)])
	}
	n := len(p.Header)
	// Look at more rows than are shown to decide what is numeric.
	sample := d.recs[1:min(len(d.recs), 201)]
	p.DecimalComma = d.comma != ',' && decimalCommas(sample)
	p.Numeric = make([]bool, n)
	for j := range n {
		nums, filled := 0, 0
		for _, rec := range sample {
			if j >= len(rec) || isNA(rec[j]) {
				continue
			}
			filled++
			if _, ok := mappedNumber(rec[j], p.DecimalComma); ok {
				nums++
			}
		}
		p.Numeric[j] = filled > 0 && nums*10 >= filled*9
	}
	p.Guess = guessMapping(p.Header, sample, p.Numeric)
	p.Guess.DecimalComma = p.DecimalComma
	p.Roles = make([]string, n)
	switch g := p.Guess; {
	case g.Layout == LayoutLong:
		p.Roles[g.TaxonColumn], p.Roles[g.SampleColumn], p.Roles[g.ValueColumn] = "taxon", "sample", "value"
	case g.Orientation == OrientSamplesInRows:
		p.Roles[g.SampleColumn] = "sample"
		for _, j := range g.ValueColumns {
			p.Roles[j] = "value"
		}
	default:
		p.Roles[g.TaxonColumn] = "taxon"
		for _, j := range g.ValueColumns {
			p.Roles[j] = "value"
		}
	}
	for _, f := range Formats {
		if f.Match(plain) {
			p.Format = f.Name
			break
		}
	}
	if p.Format == mothurSharedName {
		if labels, err := MothurLabels(plain); err == nil {
			p.Labels, p.DefaultLabel = labels, DefaultMothurLabel(labels)
		}
	}
	return p, nil
}

// decimalCommas reports whether the cells write numbers with a decimal
// comma ("12,5") and never with a decimal point.
func decimalCommas(recs [][]string) bool {
	comma := false
	for _, rec := range recs {
		for _, c := range rec {
			c = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(c), "%"))
			if strings.Count(c, ",") == 1 && !strings.Contains(c, ".") {
				if _, err := strconv.ParseFloat(strings.Replace(c, ",", ".", 1), 64); err == nil {
					comma = true
				}
			} else if strings.Contains(c, ".") {
				if _, err := strconv.ParseFloat(c, 64); err == nil {
					return false
				}
			}
		}
	}
	return comma
}

// mappedNumber reads a value cell: a number, optionally with a trailing
// "%" and, with decimalComma, a decimal comma.
func mappedNumber(s string, decimalComma bool) (float64, bool) {
	s = strings.TrimSpace(s)
	s = strings.TrimSpace(strings.TrimSuffix(s, "%"))
	if decimalComma && strings.Count(s, ",") == 1 && !strings.Contains(s, ".") {
		s = strings.Replace(s, ",", ".", 1)
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || v != v || v > maxValue || v < -maxValue {
		return 0, false
	}
	return v, true
}

// Header words that say what a column holds (lower case, EN and NL).
var (
	taxonWords  = []string{"taxon", "taxa", "taxonomy", "bacteri", "organism", "name", "naam", "genus", "geslacht", "species", "soort", "clade", "otu", "asv", "feature", "microb", "lineage", "stam", "strain"}
	sampleWords = []string{"sample", "monster", "staal", "group", "run"}
	valueWords  = []string{"abundance", "percent", "%", "count", "reads", "value", "relative", "aandeel", "hoeveelheid", "share", "fraction", "waarde", "aantal", "ratio"}
	idWords     = []string{"taxid", "tax_id", "tax id", "ncbi", "rank", "level", "niveau", "id"}
)

func hasWord(h string, words []string) bool {
	h = strings.ToLower(h)
	for _, w := range words {
		if strings.Contains(h, w) {
			return true
		}
	}
	return false
}

// guessMapping proposes a Mapping from the header and the first rows.
func guessMapping(h []string, recs [][]string, numeric []bool) Mapping {
	m := Mapping{TaxonColumn: -1, SampleColumn: -1, ValueColumn: -1}
	var text, nums []int
	for j := range h {
		if numeric[j] {
			nums = append(nums, j)
		} else {
			text = append(text, j)
		}
	}
	taxonScore := func(j int) int {
		s := 0
		if hasWord(h[j], taxonWords) {
			s += 2
		}
		like := 0
		for _, rec := range recs {
			if j < len(rec) && taxonLike(rec[j]) {
				like++
			}
		}
		if len(recs) > 0 && like*2 >= len(recs) {
			s++
		}
		return s
	}
	best, bestS := -1, -1
	for _, j := range text {
		if hasWord(h[j], sampleWords) && !hasWord(h[j], taxonWords) {
			if m.SampleColumn < 0 {
				m.SampleColumn = j
			}
			continue
		}
		if s := taxonScore(j); s > bestS {
			best, bestS = j, s
		}
	}
	m.TaxonColumn = best
	// Value columns: those headed like values when there are any, else
	// every numeric column that is not an id.
	var values, others []int
	for _, j := range nums {
		switch {
		case hasWord(h[j], valueWords):
			values = append(values, j)
		case !hasWord(h[j], idWords):
			others = append(others, j)
		}
	}
	if len(values) == 0 {
		values = others
	}
	if m.TaxonColumn < 0 {
		m.TaxonColumn = 0
		if len(values) > 0 && values[0] == 0 {
			values = values[1:]
		}
	}
	if m.SampleColumn >= 0 && len(values) >= 1 {
		m.Layout, m.ValueColumn = LayoutLong, values[0]
		return m
	}
	m.Layout, m.SampleColumn = LayoutWide, -1
	m.ValueColumns = values
	// Taxa in the header (samples in rows)?
	if len(values) > 1 {
		var rowNames, colNames []string
		for _, rec := range recs {
			if m.TaxonColumn < len(rec) {
				rowNames = append(rowNames, rec[m.TaxonColumn])
			}
		}
		for _, j := range values {
			colNames = append(colNames, h[j])
		}
		if o, _ := orientation(rowNames, colNames); o == orientSamplesRows {
			m.Orientation, m.SampleColumn, m.TaxonColumn = OrientSamplesInRows, m.TaxonColumn, -1
			return m
		}
	}
	m.Orientation = OrientTaxaInRows
	return m
}

// DecodeMapped reads delimited text (gzip allowed) with an explicit
// column mapping. The table's format is "csv-mapped"; a note says how
// each column was read.
func DecodeMapped(data []byte, m Mapping, o Options) (*analysis.Table, error) {
	t, _, err := DecodeAs(data, Reading{Mapping: &m}, o)
	return t, err
}

// DecodeAs reads a file as r says (see Reading), with the checks of
// Decode: limits, gzip, SHA-256, Table.Check. It returns the table and its
// format name.
func DecodeAs(data []byte, r Reading, o Options) (t *analysis.Table, name string, err error) {
	defer func() {
		if err != nil {
			t, err = nil, withFile(err, o.Name)
		}
	}()
	plain, gz, err := plainBytes(data)
	if err != nil {
		return nil, "", err
	}
	o.Name = strings.TrimSuffix(o.Name, ".gz")
	n := 0
	for _, set := range []bool{r.Mapping != nil, r.Label != "", r.Orientation != ""} {
		if set {
			n++
		}
	}
	if n != 1 {
		return nil, "", &ParseError{Format: "reading", Err: errors.New("expected exactly one of a column mapping, a mothur label or an orientation")}
	}
	switch {
	case r.Mapping != nil:
		name = mappedName
		t, err = readMapped(plain, *r.Mapping, o)
	case r.Label != "":
		name = mothurSharedName
		if !matchMothurShared(plain) {
			return nil, name, errorf(name, 1, 1, "not a mothur .shared file: a label applies only to one")
		}
		t, err = ReadMothurShared(plain, r.Label, o)
	default:
		name = csvName
		t, err = readOriented(plain, r.Orientation)
	}
	if err != nil {
		return nil, name, err
	}
	sum := sha256.Sum256(data)
	t.Provenance.Format, t.Provenance.SHA256, t.Provenance.Gzip = name, hex.EncodeToString(sum[:]), gz
	if err := t.Check(); err != nil {
		return nil, name, err
	}
	return t, name, nil
}

// readOriented reads a generic wide CSV/TSV table in the given orientation.
func readOriented(data []byte, orient string) (*analysis.Table, error) {
	o := orientTaxaInRows
	what := "features (taxa) in rows, samples in columns"
	switch orient {
	case OrientTaxaInRows:
	case OrientSamplesInRows:
		o, what = orientSamplesRows, "samples in rows, features (taxa) in columns"
	default:
		return nil, &ParseError{Format: csvName, Field: "orientation", Err: fmt.Errorf("expected %q or %q, found %q", OrientTaxaInRows, OrientSamplesInRows, truncate(orient))}
	}
	d, err := readDelimited(csvName, data)
	if err != nil {
		return nil, err
	}
	if len(d.recs) < 2 {
		return nil, errorf(csvName, 1, 0, "expected a header and at least one row")
	}
	if lc := longColumns(d.recs[0]); lc != nil {
		return nil, errorf(csvName, d.line[0], 0, "this is a long-format table (one row per taxon and sample): it has no orientation to choose")
	}
	t, err := readWide(csvName, d, o)
	if err != nil {
		return nil, err
	}
	t.Provenance.Notes = append([]string{"orientation: " + what + " (chosen by you)"}, t.Provenance.Notes...)
	return t, nil
}

// readMapped reads delimited text with a Mapping: it checks the columns,
// normalises the values (decimal commas, "%"), and hands a plain table to
// the generic wide or long reader, so a mapped file reads exactly like the
// equivalent plain CSV.
func readMapped(data []byte, m Mapping, o Options) (*analysis.Table, error) {
	d, err := readDelimited(mappedName, data)
	if err != nil {
		return nil, err
	}
	if len(d.recs) < 2 {
		return nil, errorf(mappedName, 1, 0, "expected a header and at least one row")
	}
	h := d.recs[0]
	col := func(what string, j int) error {
		if j < 0 || j >= len(h) {
			return &ParseError{Format: mappedName, Line: d.line[0], Field: what,
				Err: fmt.Errorf("column %d does not exist: the header has %d columns", j+1, len(h))}
		}
		return nil
	}
	label := func(j int) string { return fmt.Sprintf("%q", truncate(h[j])) }
	var keys []int // the columns read, in the order of the plain table
	var layout string
	switch m.Layout {
	case LayoutLong:
		layout = LayoutLong
		for _, c := range []struct {
			what string
			j    int
		}{{"taxon column", m.TaxonColumn}, {"sample column", m.SampleColumn}, {"value column", m.ValueColumn}} {
			if err := col(c.what, c.j); err != nil {
				return nil, err
			}
		}
		if m.TaxonColumn == m.SampleColumn || m.TaxonColumn == m.ValueColumn || m.SampleColumn == m.ValueColumn {
			return nil, &ParseError{Format: mappedName, Field: "mapping", Err: errors.New("the taxon, sample and value columns must differ")}
		}
		keys = []int{m.TaxonColumn, m.SampleColumn, m.ValueColumn}
	case "", LayoutWide:
		layout = LayoutWide
		names := m.TaxonColumn
		what := "taxon column"
		switch m.Orientation {
		case "", OrientTaxaInRows:
		case OrientSamplesInRows:
			names, what = m.SampleColumn, "sample column"
		default:
			return nil, &ParseError{Format: mappedName, Field: "orientation", Err: fmt.Errorf("expected %q or %q, found %q", OrientTaxaInRows, OrientSamplesInRows, truncate(m.Orientation))}
		}
		if err := col(what, names); err != nil {
			return nil, err
		}
		if len(m.ValueColumns) == 0 {
			return nil, &ParseError{Format: mappedName, Field: "value columns", Err: errors.New("expected at least one value column")}
		}
		keys = []int{names}
		seen := map[int]bool{names: true}
		for _, j := range m.ValueColumns {
			if err := col("value column", j); err != nil {
				return nil, err
			}
			if seen[j] {
				return nil, &ParseError{Format: mappedName, Field: "value columns", Err: fmt.Errorf("column %d (%s) is chosen twice", j+1, label(j))}
			}
			seen[j] = true
			keys = append(keys, j)
		}
	default:
		return nil, &ParseError{Format: mappedName, Field: "layout", Err: fmt.Errorf("expected %q or %q, found %q", LayoutWide, LayoutLong, truncate(m.Layout))}
	}
	var unit analysis.Unit
	if m.Unit != "" {
		if err := unit.UnmarshalText([]byte(m.Unit)); err != nil {
			return nil, &ParseError{Format: mappedName, Field: "unit", Err: err}
		}
	}
	dec := m.DecimalComma && d.comma != ','
	percentSigns := false // values written "12 %", or headed "Percentage"
	if layout == LayoutLong {
		percentSigns = hasWord(h[m.ValueColumn], []string{"%", "percent"})
	} else if m.Orientation != OrientSamplesInRows && len(keys) == 2 {
		percentSigns = hasWord(h[keys[1]], []string{"%", "percent"})
	}
	valueCol := func(k int) bool { return layout == LayoutLong && k == 2 || layout == LayoutWide && k > 0 }
	plain := &delimited{comma: d.comma, comments: d.comments}
	head := make([]string, len(keys))
	for k, j := range keys {
		head[k] = h[j]
	}
	if layout == LayoutWide {
		head[0] = ""
		if len(keys) == 2 && (h[keys[1]] == "" || hasWord(h[keys[1]], valueWords)) && m.Orientation != OrientSamplesInRows {
			head[1] = sampleName(o.Name) // one sample, its column headed "Percentage" …
		}
		for k := 1; k < len(head); k++ {
			if head[k] == "" {
				head[k] = fmt.Sprintf("column %d", keys[k]+1)
			}
		}
	}
	plain.recs = append(plain.recs, head)
	plain.line = append(plain.line, d.line[0])
	merged := 0
	rowOf := map[string]int{} // wide taxa in rows: repeated taxa are summed
	for r := 1; r < len(d.recs); r++ {
		rec, line := d.recs[r], d.line[r]
		if len(rec) == 1 && rec[0] == "" {
			continue
		}
		out := make([]string, len(keys))
		for k, j := range keys {
			if j >= len(rec) {
				if valueCol(k) {
					out[k] = "" // a short row: missing values read as 0
					continue
				}
				return nil, errorf(mappedName, line, len(rec)+1, "expected at least %d fields, found %d", j+1, len(rec))
			}
			c := rec[j]
			if valueCol(k) && !isNA(c) {
				percentSigns = percentSigns || strings.HasSuffix(c, "%")
				v, ok := mappedNumber(c, dec)
				if !ok {
					hint := ""
					if !dec && strings.Contains(c, ",") {
						hint = " (decimal commas? choose them in the mapping)"
					}
					return nil, errorf(mappedName, line, j+1, "column %s: expected a number, found %q%s", label(j), truncate(c), hint)
				}
				if v < 0 {
					return nil, errorf(mappedName, line, j+1, "column %s: expected a non-negative abundance, found %v", label(j), v)
				}
				c = strconv.FormatFloat(v, 'g', -1, 64)
			}
			out[k] = c
		}
		if layout == LayoutWide && m.Orientation != OrientSamplesInRows {
			if out[0] == "" {
				return nil, errorf(mappedName, line, keys[0]+1, "expected a taxon name in column %s", label(keys[0]))
			}
			if prev, ok := rowOf[out[0]]; ok {
				// Sum a repeated taxon (an export listing it under two categories).
				p := plain.recs[prev]
				for k := 1; k < len(out); k++ {
					a, _ := mappedNumber(p[k], false)
					b, _ := mappedNumber(out[k], false)
					if isNA(p[k]) {
						a = 0
					}
					if isNA(out[k]) {
						b = 0
					}
					p[k] = strconv.FormatFloat(a+b, 'g', -1, 64)
				}
				merged++
				continue
			}
			rowOf[out[0]] = len(plain.recs)
		}
		plain.recs = append(plain.recs, out)
		plain.line = append(plain.line, line)
	}
	if len(plain.recs) < 2 {
		return nil, errorf(mappedName, d.line[0], 0, "expected at least one row after the header")
	}
	var t *analysis.Table
	var how string
	if layout == LayoutLong {
		lc := &longCols{feature: 0, sample: 1, value: 2}
		for r := range lc.ranks {
			lc.ranks[r] = -1
		}
		t, err = readLong(mappedName, plain, lc)
		if err == nil {
			kept := t.Provenance.Notes[:0]
			for _, n := range t.Provenance.Notes {
				if !strings.HasPrefix(n, "long format (as phyloseq") { // the generic reader's note
					kept = append(kept, n)
				}
			}
			t.Provenance.Notes = kept
			how = fmt.Sprintf("long format: taxon column %s, sample column %s, value column %s", label(keys[0]), label(keys[1]), label(keys[2]))
		}
	} else {
		orient := orientTaxaInRows
		if m.Orientation == OrientSamplesInRows {
			orient = orientSamplesRows
		}
		t, err = readWide(mappedName, plain, orient)
		if err == nil {
			vals := make([]string, 0, len(keys)-1)
			for _, j := range keys[1:] {
				vals = append(vals, label(j))
			}
			if orient == orientSamplesRows {
				how = fmt.Sprintf("samples in rows named by column %s; taxa in columns %s", label(keys[0]), listSome(vals))
			} else {
				how = fmt.Sprintf("taxa in rows named by column %s; samples in columns %s", label(keys[0]), listSome(vals))
			}
		}
	}
	if err != nil {
		return nil, err
	}
	notes := []string{"read with your column mapping: " + how}
	if dec {
		notes = append(notes, "decimal commas read as decimal points")
	}
	if merged > 0 {
		notes = append(notes, fmt.Sprintf("%d repeated taxon rows summed", merged))
	}
	if ignored := len(h) - len(keys); ignored > 0 {
		notes = append(notes, fmt.Sprintf("%d other columns ignored", ignored))
	}
	if m.Unit == "" && percentSigns && t.Unit == analysis.UnitCounts {
		t.Unit = analysis.UnitPercent
		notes = append(notes, "whole numbers read as percent: the file writes them with % or under a percentage heading")
	}
	if m.Unit != "" {
		t.Unit = unit
		notes = append(notes, "unit chosen by you: "+unit.String())
	}
	t.Provenance.Notes = append(notes, t.Provenance.Notes...)
	return t, nil
}
