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

// maxPreamble bounds the lines above the header a Preview returns.
const maxPreamble = 50

// Preview reads the start of delimited text (gzip allowed) and guesses a
// Mapping: the header line (below any title or preamble), the delimiter,
// how numbers are written, and which columns hold what. It fails for
// binary files and text without a delimiter.
func Preview(data []byte) (*TablePreview, error) {
	return PreviewHeader(data, 0)
}

// PreviewHeader is Preview with the header on the given 1-based line of
// the file (after gzip); 0 finds it.
func PreviewHeader(data []byte, headerLine int) (*TablePreview, error) {
	plain, _, err := plainBytes(data)
	if err != nil {
		return nil, err
	}
	if bytes.HasPrefix(plain, hdf5Magic) || bytes.HasPrefix(plain, zipMagic) || !isText(plain) {
		return nil, &UnsupportedError{Format: "preview", What: "this is not delimited text"}
	}
	// Only the start is previewed; whole records are cut at a line end.
	head := plain
	if len(head) > mappingHeadBytes {
		head = head[:mappingHeadBytes]
		if i := bytes.LastIndexByte(head, '\n'); i > 0 {
			head = head[:i+1]
		}
	}
	t, err := readText("preview", head)
	if err != nil {
		return nil, err
	}
	if len(t.recs) == 0 {
		return nil, errorf("preview", 1, 0, "expected a header line")
	}
	h := 0
	if headerLine > 0 {
		if h, err = headerAt("preview", t, headerLine); err != nil {
			return nil, err
		}
	} else {
		h = findHeader(t.recs)
	}
	body, bodyLines := t.recs[h+1:], t.line[h+1:]
	p := &TablePreview{Delimiter: string(t.comma), Header: t.recs[h], NRows: len(body), HeaderLine: t.line[h]}
	if len(head) < len(plain) {
		p.NRows = bytes.Count(plain, []byte{'\n'}) - t.line[h] // an estimate for big files
	}
	if n := t.line[h] - 1; n > 0 {
		p.Preamble = physicalLines(plain, min(n, maxPreamble))
	}
	if len(p.Header) > maxPreviewColumns {
		p.Header = p.Header[:maxPreviewColumns]
	}
	for _, rec := range body[:min(len(body), PreviewRows)] {
		p.Rows = append(p.Rows, rec[:min(len(rec), maxPreviewColumns)])
	}
	n := len(p.Header)
	// Look at more rows than are shown to decide what is numeric; totals
	// and text lines do not count.
	var sample [][]string
	var sampleLines []int
	for r, rec := range body[:min(len(body), 200)] {
		if !isTextLine(rec, p.Header) && !isSummaryName(firstCell(rec)) {
			sample = append(sample, rec)
			sampleLines = append(sampleLines, bodyLines[r])
		}
	}
	p.Numeric, p.Units = make([]bool, n), make([]string, n)
	var cells []cellRef
	for j := range n {
		nums, filled, pct := 0, 0, false
		for _, rec := range sample {
			if j >= len(rec) || isNA(rec[j]) {
				continue
			}
			filled++
			if sign, ok := anyNumber(rec[j]); ok {
				nums++
				pct = pct || sign
			}
		}
		p.Numeric[j] = filled > 0 && nums*10 >= filled*9
		if !p.Numeric[j] {
			continue
		}
		if pct {
			p.Units[j] = analysis.UnitPercent.String()
		}
		for r, rec := range sample {
			if j < len(rec) && !isNA(rec[j]) {
				cells = append(cells, cellRef{rec[j], sampleLines[r], p.Header[j]})
			}
		}
	}
	style := decideStyle(cells, t.comma)
	p.Decimal, p.NumberNote, p.NumberAmbiguous = string(style.style.decimal), style.note, style.ambiguous
	if style.style.thousands != 0 {
		p.Thousands = string(style.style.thousands)
	}
	p.DecimalComma = style.style.decimal == ','
	p.Guess = guessMapping(p.Header, sample, p.Numeric)
	p.Guess.DecimalComma, p.Guess.Thousands, p.Guess.HeaderLine = p.DecimalComma, p.Thousands, p.HeaderLine
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
	if names, values := mappedColumns(p.Guess); names >= 0 {
		kinds := classifyRows(p.Header, body, names, values)
		for r, k := range kinds {
			if k == rowData || len(p.Skipped) >= 20 {
				continue
			}
			name := firstCell(body[r])
			if k == rowTotal {
				name = body[r][names]
			}
			p.Skipped = append(p.Skipped, fmt.Sprintf("line %d: %q (%s)", bodyLines[r], truncate(name), k))
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

// firstCell returns the first non-empty cell of a record.
func firstCell(rec []string) string {
	for _, c := range rec {
		if c != "" {
			return c
		}
	}
	return ""
}

// isTextLine reports whether a record below a header of several columns
// is a line of text: it has no delimiter at all.
func isTextLine(rec, header []string) bool {
	return len(rec) == 1 && len(header) > 1
}

// A rowKind says how a mapped reading treats a record below the header.
type rowKind int

const (
	rowData  rowKind = iota
	rowTotal         // "Total", "Totaal:", "Summe" in the names column
	rowText          // a line without delimiter, or text below the last row of numbers
)

func (k rowKind) String() string {
	switch k {
	case rowTotal:
		return "a total row"
	case rowText:
		return "text, not a row of the table"
	}
	return "data"
}

// mappedColumns returns the names column and the value columns of a
// mapping (names -1 when it has none).
func mappedColumns(m Mapping) (names int, values []int) {
	switch {
	case m.Layout == LayoutLong:
		return m.TaxonColumn, []int{m.ValueColumn}
	case m.Orientation == OrientSamplesInRows:
		return m.SampleColumn, m.ValueColumns
	}
	return m.TaxonColumn, m.ValueColumns
}

// classifyRows sorts the records below the header into data, totals and
// text. Text below the table is the records after the last one with a
// number in a value column that hold no number there and either nothing
// in the value columns ("Legend:;;") or not as many cells as the header
// (a note with commas in it). A row as wide as the header with a word
// among its values stays data, so that the bad value is reported.
func classifyRows(header []string, body [][]string, names int, values []int) []rowKind {
	kinds := make([]rowKind, len(body))
	numbers := func(rec []string) bool {
		for _, j := range values {
			if j >= 0 && j < len(rec) {
				if _, ok := anyNumber(rec[j]); ok {
					return true
				}
			}
		}
		return false
	}
	last := -1
	for r, rec := range body {
		switch {
		case isTextLine(rec, header):
			kinds[r] = rowText
		case names >= 0 && names < len(rec) && isSummaryName(rec[names]):
			kinds[r] = rowTotal
		case numbers(rec):
			last = r
		}
	}
	empty := func(rec []string) bool {
		for _, j := range values {
			if j >= 0 && j < len(rec) && !isNA(rec[j]) {
				return false
			}
		}
		return true
	}
	if last >= 0 {
		for r := last + 1; r < len(body); r++ {
			if rec := body[r]; kinds[r] == rowData && !numbers(rec) && (empty(rec) || len(rec) != len(header)) {
				kinds[r] = rowText
			}
		}
	}
	return kinds
}

// Header words that say what a column holds (lower case, EN and NL).
var (
	taxonWords  = []string{"taxon", "taxa", "taxonomy", "bacteri", "organism", "name", "naam", "genus", "geslacht", "species", "soort", "clade", "otu", "asv", "feature", "microb", "lineage", "stam", "strain"}
	sampleWords = []string{"sample", "monster", "staal", "group", "run"}
	valueWords  = []string{"abundance", "percent", "%", "count", "reads", "value", "relative", "aandeel", "hoeveelheid", "share", "fraction", "waarde", "aantal", "ratio"}
	idWords     = []string{"taxid", "tax_id", "tax id", "ncbi", "rank", "level", "niveau", "id"}
	countWords  = []string{"count", "reads", "aantal", "number"}
	shareWords  = []string{"%", "percent", "relative", "relatie", "aandeel", "share", "fraction", "proportion"}
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
		case isSummaryName(h[j]): // a "Total" column sums the others
		case hasWord(h[j], valueWords):
			values = append(values, j)
		case !hasWord(h[j], idWords):
			others = append(others, j)
		}
	}
	if len(values) == 0 {
		values = others
	}
	// A count column beside a share column ("Aantal reads", "Relatief
	// aandeel") measures one sample twice: read the counts.
	if len(values) == 2 {
		a, b := values[0], values[1]
		switch {
		case hasWord(h[a], countWords) && !hasWord(h[a], shareWords) && hasWord(h[b], shareWords) && !hasWord(h[b], countWords):
			values = values[:1]
		case hasWord(h[b], countWords) && !hasWord(h[b], shareWords) && hasWord(h[a], shareWords) && !hasWord(h[a], countWords):
			values = values[1:]
		}
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

// readMapped reads delimited text with a Mapping: it finds the header
// (or takes the Mapping's line), checks the columns, normalises the values
// (decimal commas, thousands separators, "%"), leaves out total rows and
// text, and hands a plain table to the generic wide or long reader, so a
// mapped file reads exactly like the equivalent plain CSV.
func readMapped(data []byte, m Mapping, o Options) (*analysis.Table, error) {
	d, err := readText(mappedName, data)
	if err != nil {
		return nil, err
	}
	if len(d.recs) == 0 {
		return nil, errorf(mappedName, 1, 0, "expected a header and at least one row")
	}
	first := 0
	if m.HeaderLine > 0 {
		if first, err = headerAt(mappedName, d, m.HeaderLine); err != nil {
			return nil, err
		}
	} else {
		first = findHeader(d.recs)
	}
	h := d.recs[first]
	headerLine := d.line[first]
	body, lines := d.recs[first+1:], d.line[first+1:]
	if len(body) == 0 {
		return nil, errorf(mappedName, headerLine, 0, "expected at least one row after the header")
	}
	col := func(what string, j int) error {
		if j < 0 || j >= len(h) {
			return &ParseError{Format: mappedName, Line: headerLine, Field: what,
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
	style, err := styleOf(m.DecimalComma, m.Thousands)
	if err != nil {
		return nil, &ParseError{Format: mappedName, Field: "thousands", Err: err}
	}
	percentHeading := false // values headed "Percentage", "Abundance (%)"
	if layout == LayoutLong {
		percentHeading = hasWord(h[m.ValueColumn], []string{"%", "percent"})
	} else if m.Orientation != OrientSamplesInRows && len(keys) == 2 {
		percentHeading = hasWord(h[keys[1]], []string{"%", "percent"})
	}
	percentSigns := 0 // values written "12 %"
	valueCol := func(k int) bool { return layout == LayoutLong && k == 2 || layout == LayoutWide && k > 0 }
	plain := &delimited{comma: rune(d.comma)}
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
	plain.line = append(plain.line, headerLine)
	merged := 0
	var totals, texts []string
	values := keys[1:]
	if layout == LayoutLong {
		values = keys[2:]
	}
	kinds := classifyRows(h, body, keys[0], values)
	rowOf := map[string]int{} // wide taxa in rows: repeated taxa are summed
	for r, rec := range body {
		line := lines[r]
		switch kinds[r] {
		case rowTotal:
			totals = append(totals, fmt.Sprintf("line %d", line))
			continue
		case rowText:
			texts = append(texts, fmt.Sprintf("line %d", line))
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
				v, pct, ok := style.parse(c)
				if !ok {
					return nil, errorf(mappedName, line, j+1, "column %s: expected a number written like %s, found %q%s", label(j), style.example(), truncate(c), styleHint(c, style))
				}
				if v < 0 {
					return nil, errorf(mappedName, line, j+1, "column %s: expected a non-negative abundance, found %v", label(j), v)
				}
				if pct {
					percentSigns++
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
					a, _ := strconv.ParseFloat(p[k], 64)
					b, _ := strconv.ParseFloat(out[k], 64)
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
		return nil, errorf(mappedName, headerLine, 0, "expected at least one row after the header")
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
	switch {
	case headerLine == 2:
		notes = append(notes, "header on line 2: line 1 above it (a title) skipped")
	case headerLine > 2:
		notes = append(notes, fmt.Sprintf("header on line %d: lines 1–%d above it (a title or preamble) skipped", headerLine, headerLine-1))
	}
	if style.decimal == ',' {
		notes = append(notes, "decimal commas read as decimal points")
	}
	if style.thousands != 0 {
		notes = append(notes, fmt.Sprintf("thousands separators %q removed (values written like %s)", style.thousands, style.example()))
	}
	if len(totals) > 0 {
		notes = append(notes, fmt.Sprintf("%d total rows left out: %s", len(totals), listSome(totals)))
	}
	if len(texts) > 0 {
		notes = append(notes, fmt.Sprintf("%d lines of text below or inside the table left out: %s", len(texts), listSome(texts)))
	}
	if merged > 0 {
		notes = append(notes, fmt.Sprintf("%d repeated taxon rows summed", merged))
	}
	if ignored := len(h) - len(keys); ignored > 0 {
		notes = append(notes, fmt.Sprintf("%d other columns ignored", ignored))
	}
	switch {
	case m.Unit != "":
		t.Unit = unit
		notes = append(notes, "unit chosen by you: "+unit.String())
	case percentSigns > 0:
		t.Unit = analysis.UnitPercent
		notes = append(notes, fmt.Sprintf("values read as percent: %d are written with a %% sign", percentSigns))
	case percentHeading && (t.Unit == analysis.UnitCounts || t.Unit == analysis.UnitAbundance):
		t.Unit = analysis.UnitPercent
		notes = append(notes, "values read as percent: the file heads them as a percentage")
	}
	t.Provenance.Notes = append(notes, t.Provenance.Notes...)
	return t, nil
}

// styleHint suggests the mapping choice that reads a value that st
// cannot.
func styleHint(c string, st numberStyle) string {
	m := styleMask(c)
	if m == 0 {
		return ""
	}
	for k, other := range numberStyles {
		if m&(1<<k) != 0 && other.decimal == st.decimal {
			return " (thousands separators? choose them in the mapping)"
		}
	}
	if st.decimal == '.' {
		return " (decimal commas? choose them in the mapping)"
	}
	return " (a decimal point? clear the decimal comma in the mapping)"
}
