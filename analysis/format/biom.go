package format

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gutlens/gutlens/analysis"
	"github.com/gutlens/gutlens/analysis/taxonomy"
)

// BIOM 1.0 JSON, as specified in biom-format's biom-1.0.rst: rows are
// features, columns are samples; data is sparse [[row, col, value], …] or
// dense [[v, …], …].
//
// The reader makes one pass over the bytes: the top-level members are
// walked by hand, rows and columns are decoded one entry at a time with
// encoding/json, and data is scanned in place by a number scanner into
// (row, column, value) cells, zeros dropped. Memory is proportional to the
// non-zero entries, never to a declared shape. Members come in any order
// (biom-format 2.1.12 writes data before rows): data is scanned as soon as
// shape and matrix_type are known, else its span is remembered and scanned
// at the end.

const biomName = "biom-json"

func matchBIOMJSON(data []byte) bool {
	t := bytes.TrimLeft(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")), " \t\r\n")
	return len(t) > 0 && t[0] == '{'
}

// biomEntry is one element of rows or columns. The HDF5 reader builds
// them from observation/metadata too.
type biomEntry struct {
	ID       string                     `json:"id"`
	Metadata map[string]json.RawMessage `json:"metadata"`
}

// biomTaxonomyKeys are the metadata keys that hold a row's taxonomy, in
// the order they are tried.
var biomTaxonomyKeys = [...]string{"taxonomy", "Taxonomy", "taxonomy_string"}

// biomRow is a rows element as the JSON reader decodes it: only the
// taxonomy keys of the metadata are kept (encoding/json prefers the exact
// key, so "taxonomy" and "Taxonomy" stay apart).
type biomRow struct {
	ID       string `json:"id"`
	Metadata struct {
		Taxonomy       biomTaxonomy `json:"taxonomy"`
		TaxonomyUpper  biomTaxonomy `json:"Taxonomy"`
		TaxonomyString biomTaxonomy `json:"taxonomy_string"`
	} `json:"metadata"`
}

// biomTaxonomy is a taxonomy as BIOM metadata writes it: a list of strings
// or one string.
type biomTaxonomy struct {
	kind  byte // 0: absent or null; 'l': a list; 's': a string; 'x': neither
	parts []string
	one   string
}

// UnmarshalJSON reads a list of strings or a string. A list of plain
// strings (no escapes), the usual case, is sliced by hand. Any other value
// is kept as 'x', for biomFeatureOf to report.
func (t *biomTaxonomy) UnmarshalJSON(b []byte) error {
	*t = biomTaxonomy{}
	switch {
	case len(b) == 0 || b[0] == 'n':
	case b[0] == '[':
		t.kind = 'l'
		if parts, ok := plainStrings(b); ok {
			t.parts = parts
		} else if json.Unmarshal(b, &t.parts) != nil {
			t.kind = 'x'
		}
	case b[0] == '"':
		t.kind = 's'
		if json.Unmarshal(b, &t.one) != nil {
			t.kind = 'x'
		}
	default:
		t.kind = 'x'
	}
	return nil
}

// plainStrings reads a JSON list of strings without escapes, in valid
// UTF-8; ok is false for anything else.
func plainStrings(b []byte) (parts []string, ok bool) {
	parts = make([]string, 0, bytes.Count(b, []byte{','})+1)
	i := 1
	skip := func() {
		for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
			i++
		}
	}
	for {
		skip()
		if i < len(b) && b[i] == ']' && len(parts) == 0 {
			return parts, i == len(b)-1
		}
		if i >= len(b) || b[i] != '"' {
			return nil, false
		}
		j := i + 1
		for j < len(b) && b[j] != '"' {
			if b[j] == '\\' || b[j] < 0x20 {
				return nil, false
			}
			j++
		}
		if j >= len(b) || !utf8.Valid(b[i+1:j]) { // encoding/json replaces bad UTF-8
			return nil, false
		}
		parts = append(parts, string(b[i+1:j]))
		i = j + 1
		skip()
		switch {
		case i < len(b) && b[i] == ',':
			i++
		case i == len(b)-1 && b[i] == ']':
			return parts, true
		default:
			return nil, false
		}
	}
}

// biomColumn is a columns element; its metadata is checked as JSON and
// not kept.
type biomColumn struct {
	ID string `json:"id"`
}

// biomCell is one non-zero value of the matrix.
type biomCell struct {
	row, col int32
	v        float64
}

// biomReader holds the state of one pass over a BIOM JSON document.
type biomReader struct {
	data []byte
	pos  int
	seen map[string]bool // top-level members read

	format      *string
	generatedBy string
	matrixType  string // "sparse" or "dense" once read
	shape       []int64
	shapeOK     bool // shape holds two sizes that fit the file
	rows        []analysis.Feature
	samples     []string
	sampleIdx   map[string]bool

	dataStart int // where data starts, when it came before shape or matrix_type
	scanned   bool
	// The non-zero cells, in chunks that are never copied: full ones, and
	// the one being filled.
	full [][]biomCell
	cur  []biomCell
}

// maxCellChunk is the largest chunk of cells (1 MiB); chunks start small
// and double, so a small table allocates little.
const maxCellChunk = 1 << 16

// add appends a cell.
func (r *biomReader) add(i, j int, v float64) {
	if len(r.cur) == cap(r.cur) {
		r.grow()
	}
	r.cur = append(r.cur, biomCell{int32(i), int32(j), v})
}

func (r *biomReader) grow() {
	n := 64
	if r.cur != nil {
		r.full = append(r.full, r.cur)
		n = min(2*cap(r.cur), maxCellChunk)
	}
	r.cur = make([]biomCell, 0, n)
}

// readBIOMJSON reads a BIOM 1.0 JSON document in one pass.
func readBIOMJSON(data []byte, o Options) (*analysis.Table, error) {
	r := &biomReader{data: data, seen: map[string]bool{}, dataStart: -1}
	if err := r.document(); err != nil {
		return nil, err
	}
	return r.table()
}

// document walks the top-level object, reading each member.
func (r *biomReader) document() error {
	r.pos = len(r.data) - len(bytes.TrimPrefix(r.data, []byte("\xef\xbb\xbf")))
	if err := r.expect('{', "{ at the start of the document"); err != nil {
		return err
	}
	r.skipSpace()
	if r.pos < len(r.data) && r.data[r.pos] == '}' {
		r.pos++
		return r.end()
	}
	for {
		keyAt := r.pos
		key, err := r.key()
		if err != nil {
			return err
		}
		if err := r.expect(':', ": after a member name"); err != nil {
			return err
		}
		if r.seen[key] {
			line, col := position(r.data, int64(keyAt)+1)
			return &ParseError{Format: biomName, Line: line, Column: col, Field: key, Err: errors.New("the member appears twice")}
		}
		r.seen[key] = true
		r.skipSpace()
		if err := r.member(key); err != nil {
			return err
		}
		r.skipSpace()
		if r.pos >= len(r.data) {
			return r.truncated()
		}
		switch r.data[r.pos] {
		case ',':
			r.pos++
			r.skipSpace()
			continue
		case '}':
			r.pos++
			return r.end()
		}
		return r.syntax(r.pos, "expected , or } after a member, found %q", r.data[r.pos])
	}
}

// end checks that nothing but space follows the document.
func (r *biomReader) end() error {
	r.skipSpace()
	if r.pos < len(r.data) {
		return r.syntax(r.pos, "invalid character %q after the top-level value", r.data[r.pos])
	}
	return nil
}

func (r *biomReader) skipSpace() {
	for r.pos < len(r.data) {
		switch r.data[r.pos] {
		case ' ', '\t', '\n', '\r':
			r.pos++
		default:
			return
		}
	}
}

func (r *biomReader) expect(c byte, what string) error {
	r.skipSpace()
	if r.pos >= len(r.data) {
		return r.truncated()
	}
	if r.data[r.pos] != c {
		return r.syntax(r.pos, "expected %s, found %q", what, r.data[r.pos])
	}
	r.pos++
	return nil
}

// key reads a member name.
func (r *biomReader) key() (string, error) {
	if r.pos >= len(r.data) {
		return "", r.truncated()
	}
	if r.data[r.pos] != '"' {
		return "", r.syntax(r.pos, "expected a member name in double quotes, found %q", r.data[r.pos])
	}
	start, escaped := r.pos, false
	for i := start + 1; i < len(r.data); i++ {
		switch c := r.data[i]; {
		case c == '\\':
			escaped = true
			i++
		case c < 0x20:
			return "", r.syntax(i, "invalid control character in a member name")
		case c == '"':
			r.pos = i + 1
			if !escaped {
				return string(r.data[start+1 : i]), nil
			}
			var k string
			if err := json.Unmarshal(r.data[start:i+1], &k); err != nil {
				return "", r.syntax(start, "invalid member name: %v", err)
			}
			return k, nil
		}
	}
	return "", r.truncated()
}

// member reads the value of one top-level member at r.pos.
func (r *biomReader) member(key string) error {
	switch key {
	case "format":
		return r.decode(key, &r.format)
	case "generated_by":
		var s *string
		err := r.decode(key, &s)
		if s != nil {
			r.generatedBy = *s
		}
		return err
	case "matrix_type":
		var s *string
		if err := r.decode(key, &s); err != nil {
			return err
		}
		if s == nil {
			r.seen[key] = false // null: missing
			return nil
		}
		if *s != "sparse" && *s != "dense" {
			return &ParseError{Format: biomName, Field: key, Err: fmt.Errorf(`expected "sparse" or "dense", found %q`, truncate(*s))}
		}
		r.matrixType = *s
		return r.shapeKnown()
	case "matrix_element_type":
		var s *string
		if err := r.decode(key, &s); err != nil {
			return err
		}
		if s != nil && *s == "unicode" {
			return &UnsupportedError{Format: biomName, What: `matrix_element_type "unicode"`}
		}
		return nil
	case "shape":
		if err := r.decode(key, &r.shape); err != nil {
			return err
		}
		return r.checkShape()
	case "rows":
		var row biomRow
		return r.entries(key, func(i, at int) (int, error) {
			id, tax, end, ok := plainRow(r.data, at)
			if !ok {
				row = biomRow{}
				var err error
				if end, err = r.decodeAt(at, &row); err != nil {
					return 0, err
				}
				m := &row.Metadata
				id, tax = row.ID, [...]biomTaxonomy{m.Taxonomy, m.TaxonomyUpper, m.TaxonomyString}
			}
			f, err := biomFeatureOf(id, [...]*biomTaxonomy{&tax[0], &tax[1], &tax[2]})
			if err != nil {
				return 0, &ParseError{Format: biomName, Field: fmt.Sprintf("rows[%d].metadata", i), Err: err}
			}
			r.rows = append(r.rows, f)
			return end, nil
		})
	case "columns":
		r.sampleIdx = map[string]bool{}
		return r.entries(key, func(i, at int) (int, error) {
			id, _, end, ok := plainRow(r.data, at)
			if !ok {
				var e biomColumn
				var err error
				if end, err = r.decodeAt(at, &e); err != nil {
					return 0, err
				}
				id = e.ID
			}
			if r.sampleIdx[id] {
				return 0, &ParseError{Format: biomName, Field: fmt.Sprintf("columns[%d].id", i), Err: fmt.Errorf("duplicate sample id %q", truncate(id))}
			}
			r.sampleIdx[id] = true
			r.samples = append(r.samples, id)
			return end, nil
		})
	case "data":
		if r.matrixType != "" && r.shapeOK {
			end, err := r.scan(r.pos)
			r.pos, r.scanned = end, true
			return err
		}
		// Shape or matrix_type comes later: remember where data is and
		// scan it once they are known.
		r.dataStart = r.pos
		if r.pos < len(r.data) && r.data[r.pos] == '[' {
			return r.skipArray()
		}
		var skip skipValue
		return r.decode(key, &skip)
	}
	var skip skipValue
	return r.decode(key, &skip)
}

// skipArray moves past the array at r.pos by counting brackets outside
// strings, without checking what is inside: the scanner checks that when
// it reads the span.
func (r *biomReader) skipArray() error {
	depth := 0
	for i := r.pos; i < len(r.data); i++ {
		switch r.data[i] {
		case '[':
			depth++
		case ']':
			if depth--; depth == 0 {
				r.pos = i + 1
				return nil
			}
		case '"':
			for i++; i < len(r.data) && r.data[i] != '"'; i++ {
				if r.data[i] == '\\' {
					i++
				}
			}
		}
	}
	return r.truncated()
}

// skipValue checks a JSON value and keeps nothing of it.
type skipValue struct{}

func (*skipValue) UnmarshalJSON([]byte) error { return nil }

// decode decodes the value at r.pos into v and moves past it.
func (r *biomReader) decode(field string, v any) error {
	dec := json.NewDecoder(bytes.NewReader(r.data[r.pos:]))
	if err := dec.Decode(v); err != nil {
		return r.jsonError(field, r.pos, err)
	}
	r.pos += int(dec.InputOffset())
	return nil
}

// decodeAt decodes the JSON value at byte at into v with encoding/json and
// returns the offset after it.
func (r *biomReader) decodeAt(at int, v any) (int, error) {
	dec := json.NewDecoder(bytes.NewReader(r.data[at:]))
	if err := dec.Decode(v); err != nil {
		return 0, err
	}
	return at + int(dec.InputOffset()), nil
}

// entries reads a list (rows or columns) one element at a time: each reads
// the element at byte at and returns the offset after it. A null list
// counts as missing.
func (r *biomReader) entries(field string, each func(i, at int) (int, error)) error {
	r.skipSpace()
	base := r.pos
	if bytes.HasPrefix(r.data[base:], []byte("null")) {
		r.seen[field] = false
		r.pos += len("null")
		return nil
	}
	if base >= len(r.data) {
		return r.truncated()
	}
	if r.data[base] != '[' {
		line, col := position(r.data, int64(base)+1)
		return &ParseError{Format: biomName, Line: line, Column: col, Field: field, Err: errors.New(`expected a list of {"id": …, "metadata": …}`)}
	}
	r.pos++
	for i := 0; ; i++ {
		r.skipSpace()
		if r.pos >= len(r.data) {
			return r.truncated()
		}
		if i == 0 && r.data[r.pos] == ']' {
			r.pos++
			break
		}
		at := r.pos
		end, err := each(i, at)
		if err != nil {
			if pe, ok := err.(*ParseError); ok {
				if pe.Line == 0 {
					pe.Line, pe.Column = position(r.data, int64(at)+1)
				}
				return pe
			}
			return r.jsonError(fmt.Sprintf("%s[%d]", field, i), at, err)
		}
		r.pos = end
		r.skipSpace()
		if r.pos >= len(r.data) {
			return r.truncated()
		}
		if c := r.data[r.pos]; c == ']' {
			r.pos++
			break
		} else if c != ',' {
			return r.syntax(r.pos, "expected , or ] after %s[%d], found %q", field, i, c)
		}
		r.pos++
	}
	return r.shapeKnown()
}

// plainRow reads the rows or columns element at byte i when it has the
// usual plain shape — members "id" (a string) and "metadata" (null, or an
// object of only the taxonomy keys, each null, a string or a list of
// strings), strings without escapes in valid UTF-8, no repeated member —
// and returns its id, its taxonomy per biomTaxonomyKeys and the offset
// after it. ok is false for anything else, which encoding/json then reads
// (with the same result for what plainRow accepts).
func plainRow(b []byte, i int) (id string, tax [len(biomTaxonomyKeys)]biomTaxonomy, end int, ok bool) {
	ws := func() {
		for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
			i++
		}
	}
	str := func() (string, bool) {
		if i >= len(b) || b[i] != '"' {
			return "", false
		}
		j := i + 1
		for j < len(b) && b[j] != '"' {
			if b[j] == '\\' || b[j] < 0x20 {
				return "", false
			}
			j++
		}
		if j >= len(b) || !utf8.Valid(b[i+1:j]) {
			return "", false
		}
		s := string(b[i+1 : j])
		i = j + 1
		return s, true
	}
	// object calls member for each member of the object at i.
	object := func(member func(key string) bool) bool {
		ws()
		if i >= len(b) || b[i] != '{' {
			return false
		}
		i++
		for first := true; ; first = false {
			ws()
			if first && i < len(b) && b[i] == '}' {
				i++
				return true
			}
			k, ok := str()
			if !ok {
				return false
			}
			ws()
			if i >= len(b) || b[i] != ':' {
				return false
			}
			i++
			ws()
			if !member(k) {
				return false
			}
			ws()
			switch {
			case i < len(b) && b[i] == ',':
				i++
			case i < len(b) && b[i] == '}':
				i++
				return true
			default:
				return false
			}
		}
	}
	null := func() bool {
		if bytes.HasPrefix(b[i:], []byte("null")) {
			i += len("null")
			return true
		}
		return false
	}
	taxonomy := func(t *biomTaxonomy) bool {
		switch {
		case null():
			return true
		case i < len(b) && b[i] == '"':
			s, ok := str()
			*t = biomTaxonomy{kind: 's', one: s}
			return ok
		case i < len(b) && b[i] == '[':
			j := i + 1
			for j < len(b) && b[j] != ']' {
				switch b[j] {
				case '"':
					for j++; j < len(b) && b[j] != '"'; j++ {
					}
				case '[', '{':
					return false
				}
				j++
			}
			if j >= len(b) {
				return false
			}
			parts, ok := plainStrings(b[i : j+1])
			*t = biomTaxonomy{kind: 'l', parts: parts}
			i = j + 1
			return ok
		}
		return false
	}
	// A repeated member is left to encoding/json (the last one wins there).
	var haveID, haveMeta bool
	var haveTax [len(biomTaxonomyKeys)]bool
	ok = object(func(key string) bool {
		switch {
		case key == "id" && !haveID:
			haveID = true
			var ok bool
			id, ok = str()
			return ok
		case key == "metadata" && !haveMeta:
			haveMeta = true
			if null() {
				return true
			}
			return object(func(key string) bool {
				for k, name := range biomTaxonomyKeys {
					if key == name && !haveTax[k] {
						haveTax[k] = true
						return taxonomy(&tax[k])
					}
				}
				return false
			})
		}
		return false
	})
	return id, tax, i, ok
}

// checkShape checks a shape when it is read: two sizes, each no more than
// a file of this length can list (every row and column takes at least
// "{}," in rows or columns), so that no declared shape reaches an
// allocation.
func (r *biomReader) checkShape() error {
	if r.shape == nil {
		r.seen["shape"] = false // null: missing
		return nil
	}
	if len(r.shape) != 2 || r.shape[0] < 0 || r.shape[1] < 0 {
		return &ParseError{Format: biomName, Field: "shape", Err: fmt.Errorf("expected [rows, columns], found %v", r.shape)}
	}
	if limit := int64(len(r.data)) / 3; r.shape[0] > limit || r.shape[1] > limit {
		return &ParseError{Format: biomName, Field: "shape", Err: fmt.Errorf("%d×%d: more rows or columns than a file of %d bytes can list", r.shape[0], r.shape[1], len(r.data))}
	}
	r.shapeOK = true
	return r.shapeKnown()
}

// shapeKnown checks the shape against rows and columns once all three
// have been read.
func (r *biomReader) shapeKnown() error {
	if !r.shapeOK || !r.seen["rows"] || !r.seen["columns"] {
		return nil
	}
	nr, nc := len(r.rows), len(r.samples)
	if r.shape[0] != int64(nr) || r.shape[1] != int64(nc) {
		return &ParseError{Format: biomName, Field: "shape",
			Err: fmt.Errorf("expected [%d, %d] to match the rows and columns, found %v", nr, nc, r.shape)}
	}
	return nil
}

// table checks what the document lacks and builds the table.
func (r *biomReader) table() (*analysis.Table, error) {
	missing := []string{}
	for _, m := range []string{"format", "rows", "columns", "matrix_type", "data"} {
		if !r.seen[m] || m == "format" && r.format == nil {
			missing = append(missing, m)
		}
	}
	if len(missing) > 0 {
		return nil, &ParseError{Format: biomName, Field: missing[0],
			Err: fmt.Errorf("JSON but not a BIOM 1.0 table: missing %s", strings.Join(missing, ", "))}
	}
	nr, nc := len(r.rows), len(r.samples)
	if !r.shapeOK || r.shape[0] != int64(nr) || r.shape[1] != int64(nc) {
		return nil, &ParseError{Format: biomName, Field: "shape",
			Err: fmt.Errorf("expected [%d, %d] to match the rows and columns, found %v", nr, nc, r.shape)}
	}
	if !r.scanned {
		if _, err := r.scan(r.dataStart); err != nil {
			return nil, err
		}
	}
	cols, err := r.columns(nc)
	if err != nil {
		return nil, err
	}
	t := &analysis.Table{Unit: analysis.UnitCounts, Samples: r.samples, Features: r.rows, Columns: cols}
	if t.Features == nil {
		t.Features = make([]analysis.Feature, 0)
	}
	t.Provenance.Version = *r.format
	t.Provenance.Tool = r.generatedBy
	if !t.Integer() {
		t.Unit = guessUnit(t.Columns)
	}
	for i := range t.Features {
		t.UnclassifiedKnown = t.UnclassifiedKnown || t.Features[i].Lineage != nil
	}
	return t, nil
}

// biomFeature reads a row's id and taxonomy (a list or one string, under
// "taxonomy", "Taxonomy" or "taxonomy_string").
func biomFeature(r biomEntry) (analysis.Feature, error) {
	var tax [len(biomTaxonomyKeys)]biomTaxonomy
	for k, key := range biomTaxonomyKeys {
		if raw, ok := r.Metadata[key]; ok {
			tax[k].UnmarshalJSON(raw)
		}
	}
	return biomFeatureOf(r.ID, [...]*biomTaxonomy{&tax[0], &tax[1], &tax[2]})
}

// biomFeatureOf reads the first taxonomy, in the order of
// biomTaxonomyKeys, that is present and not null.
func biomFeatureOf(id string, tax [len(biomTaxonomyKeys)]*biomTaxonomy) (analysis.Feature, error) {
	f := analysis.Feature{ID: id}
	for k, t := range tax {
		switch t.kind {
		case 'l':
			f.Taxonomy = strings.Join(t.parts, "; ")
			f.Lineage, f.Unassigned = taxonomy.FromParts(t.parts)
		case 's':
			f.Taxonomy = t.one
			f.Lineage, f.Unassigned = taxonomy.Parse(t.one)
		case 'x':
			return f, fmt.Errorf("%s: expected a list of strings or a string", biomTaxonomyKeys[k])
		default:
			continue
		}
		break
	}
	return f, nil
}

// scan reads the data member at start into the cells, with the declared
// shape and matrix type, and returns the offset just past it.
func (r *biomReader) scan(start int) (int, error) {
	nr, nc := int(r.shape[0]), int(r.shape[1])
	if r.matrixType == "dense" {
		if int64(nr)*int64(nc) > MaxCells {
			return start, fmt.Errorf("%w: dense table of %d×%d cells", ErrTooLarge, nr, nc)
		}
		rows := 0
		end, err := r.numberRows(start, func(i int, row []float64) error {
			if i >= nr {
				return fmt.Errorf("more rows than the %d of the shape", nr)
			}
			if len(row) != nc {
				return fmt.Errorf("expected %d values, found %d", nc, len(row))
			}
			for j, v := range row {
				if v < 0 || v > maxValue {
					return &ParseError{Format: biomName, Field: fmt.Sprintf("data[%d][%d]", i, j), Err: fmt.Errorf("expected a non-negative abundance, found %v", v)}
				}
				if v != 0 {
					r.add(i, j, v)
				}
			}
			rows++
			return nil
		})
		if err == nil && rows != nr {
			line, col := position(r.data, int64(start)+1)
			err = &ParseError{Format: biomName, Line: line, Column: col, Field: "data", Err: fmt.Errorf("expected %d rows, found %d", nr, rows)}
		}
		return end, err
	}
	fr, fc := float64(nr), float64(nc)
	return r.numberRows(start, func(k int, e []float64) error {
		if len(e) != 3 {
			return fmt.Errorf("expected [row, column, value], found %d numbers", len(e))
		}
		i, j, v := e[0], e[1], e[2]
		if !(i >= 0 && i < fr && j >= 0 && j < fc) || i != math.Trunc(i) || j != math.Trunc(j) {
			return fmt.Errorf("row %v, column %v outside the %d×%d shape", i, j, nr, nc)
		}
		if v < 0 || v > maxValue {
			return fmt.Errorf("expected a non-negative abundance, found %v", v)
		}
		if v != 0 {
			r.add(int(i), int(j), v)
		}
		return nil
	})
}

// columns turns the cells into one sparse vector per sample: a counting
// sort by column (stable, so rows stay in file order), each column sorted
// by row when the file did not list it so, and repeated (row, column)
// cells summed as biom-format does (scipy COO). The vectors share two
// arrays, each capped at its own length.
func (r *biomReader) columns(nc int) ([]analysis.Vector, error) {
	chunks := append(r.full, r.cur)
	r.full, r.cur = nil, nil
	start := make([]int, nc+1)
	for _, cells := range chunks {
		for _, c := range cells {
			start[c.col+1]++
		}
	}
	for j := range nc {
		start[j+1] += start[j]
	}
	index := make([]int, start[nc])
	value := make([]float64, start[nc])
	next := append([]int(nil), start[:nc]...)
	for k, cells := range chunks {
		for _, c := range cells {
			at := next[c.col]
			index[at], value[at] = int(c.row), c.v
			next[c.col]++
		}
		chunks[k] = nil // let the chunk go
	}
	cols := make([]analysis.Vector, nc)
	w := 0
	for j := range nc {
		a, b := start[j], start[j+1]
		seg := byRow{index[a:b], value[a:b]}
		if !sort.IsSorted(seg) {
			sort.Stable(seg)
		}
		from := w
		for k := a; k < b; k++ {
			if w > from && index[w-1] == index[k] {
				value[w-1] += value[k]
				if value[w-1] > maxValue {
					return nil, &ParseError{Format: biomName, Field: "data", Err: fmt.Errorf("row %d, column %d: repeated entries sum past %g", index[k], j, maxValue)}
				}
				continue
			}
			index[w], value[w] = index[k], value[k]
			w++
		}
		if w > from {
			cols[j] = analysis.Vector{Index: index[from:w:w], Value: value[from:w:w]}
		}
	}
	return cols, nil
}

// byRow sorts one column's cells by row.
type byRow struct {
	index []int
	value []float64
}

func (s byRow) Len() int           { return len(s.index) }
func (s byRow) Less(a, b int) bool { return s.index[a] < s.index[b] }
func (s byRow) Swap(a, b int) {
	s.index[a], s.index[b] = s.index[b], s.index[a]
	s.value[a], s.value[b] = s.value[b], s.value[a]
}

// numberRows scans a JSON array of arrays of numbers, [[n, n, …], …], as
// BIOM's data member holds, starting at data[start], calling fn with each
// row (the slice is reused). It returns the offset just past the array.
// It checks the JSON grammar itself, and is much faster than
// encoding/json's reflection for the millions of numbers a large table
// has.
func (r *biomReader) numberRows(start int, fn func(k int, row []float64) error) (int, error) {
	raw := r.data
	i := start
	skip := func() {
		for i < len(raw) && (raw[i] == ' ' || raw[i] == '\t' || raw[i] == '\n' || raw[i] == '\r') {
			i++
		}
	}
	fail := func(k, at int, err error) (int, error) {
		if at >= len(raw) {
			return at, r.truncated()
		}
		field := "data"
		if k >= 0 {
			field = fmt.Sprintf("data[%d]", k)
		}
		line, col := position(raw, int64(at)+1)
		return at, &ParseError{Format: biomName, Line: line, Column: col, Field: field, Err: err}
	}
	skip()
	if i >= len(raw) || raw[i] != '[' {
		return fail(-1, i, errors.New("expected a list of rows of numbers"))
	}
	i++
	row := make([]float64, 0, 8)
	for k := 0; ; k++ {
		skip()
		if i < len(raw) && raw[i] == ']' && k == 0 {
			return i + 1, nil
		}
		rowAt := i
		if i >= len(raw) || raw[i] != '[' {
			return fail(k, i, errors.New("expected a list of numbers"))
		}
		i++
		row = row[:0]
		for {
			skip()
			if i < len(raw) && raw[i] == ']' && len(row) == 0 {
				i++
				break
			}
			v, end, ok := scanNumber(raw, i)
			if !ok {
				if end >= len(raw) {
					return fail(k, end, nil)
				}
				return fail(k, i, fmt.Errorf("expected a number, found %q", truncate(string(raw[i:min(len(raw), i+20)]))))
			}
			i = end
			row = append(row, v)
			skip()
			if i < len(raw) && raw[i] == ',' {
				i++
				continue
			}
			if i < len(raw) && raw[i] == ']' {
				i++
				break
			}
			return fail(k, i, errors.New("expected , or ] in a row of numbers"))
		}
		if err := fn(k, row); err != nil {
			if pe, ok := err.(*ParseError); ok {
				if pe.Line == 0 {
					pe.Line, pe.Column = position(raw, int64(rowAt)+1)
				}
				return i, pe
			}
			return fail(k, rowAt, err)
		}
		skip()
		if i < len(raw) && raw[i] == ',' {
			i++
			continue
		}
		if i < len(raw) && raw[i] == ']' {
			return i + 1, nil
		}
		return fail(k, i, errors.New("expected , or ] between rows"))
	}
}

// scanNumber reads the JSON number at raw[i]: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
// It returns the value and the offset past it; ok is false when the bytes
// are no JSON number (end is then where the number stopped) or the number
// overflows float64. Integers of up to 15 digits, the common case, skip
// strconv.
func scanNumber(raw []byte, i int) (v float64, end int, ok bool) {
	start := i
	digits := func() int {
		n := 0
		for i < len(raw) && raw[i] >= '0' && raw[i] <= '9' {
			i++
			n++
		}
		return n
	}
	if i < len(raw) && raw[i] == '-' {
		i++
	}
	intStart := i
	switch {
	case i < len(raw) && raw[i] == '0':
		i++
	case digits() == 0:
		return 0, i, false
	}
	intEnd := i
	plain := true
	if i < len(raw) && raw[i] == '.' {
		i++
		if digits() == 0 {
			return 0, i, false
		}
		plain = false
	}
	if i < len(raw) && (raw[i] == 'e' || raw[i] == 'E') {
		i++
		if i < len(raw) && (raw[i] == '+' || raw[i] == '-') {
			i++
		}
		if digits() == 0 {
			return 0, i, false
		}
		plain = false
	}
	if plain && intEnd-intStart <= 15 {
		n := int64(0)
		for _, c := range raw[intStart:intEnd] {
			n = n*10 + int64(c-'0')
		}
		v = float64(n)
		if raw[start] == '-' {
			v = -v
		}
		return v, i, true
	}
	v, err := strconv.ParseFloat(string(raw[start:i]), 64)
	return v, i, err == nil
}

// syntax is a JSON syntax error at byte off.
func (r *biomReader) syntax(off int, msg string, args ...any) error {
	line, col := position(r.data, int64(off)+1)
	return &ParseError{Format: biomName, Line: line, Column: col, Err: fmt.Errorf("invalid JSON: "+msg, args...)}
}

// truncated is the error for a document that stops early.
func (r *biomReader) truncated() error {
	line, col := position(r.data, int64(len(r.data)))
	return &ParseError{Format: biomName, Line: line, Column: col, Err: errors.New("the JSON ends early: the file is truncated")}
}

// jsonError turns an encoding/json error from a decoder started at byte
// base into a ParseError with a line and column, under field.
func (r *biomReader) jsonError(field string, base int, err error) error {
	if errors.Is(err, io.EOF) {
		err = io.ErrUnexpectedEOF
	}
	pe := jsonParseError(r.data, base, err)
	if pe.Field != "" {
		pe.Field = field + "." + pe.Field
	} else {
		pe.Field = field
	}
	return pe
}

// jsonError turns encoding/json errors into ParseErrors with a line and column.
func jsonError(data []byte, err error) error {
	return jsonParseError(data, 0, err)
}

// jsonParseError is jsonError for a decoder that started at byte base of
// data.
func jsonParseError(data []byte, base int, err error) *ParseError {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	pe := &ParseError{Format: biomName, Err: err}
	var off int64 = -1
	switch {
	case errors.As(err, &se) && !strings.Contains(se.Error(), "unexpected end of JSON input"):
		off = int64(base) + se.Offset
		pe.Err = fmt.Errorf("invalid JSON: %v", se)
	case errors.As(err, &te):
		off = int64(base) + te.Offset
		pe.Field = te.Field
		pe.Err = fmt.Errorf("expected %v, found JSON %s", te.Type, te.Value)
	case errors.Is(err, io.ErrUnexpectedEOF) || strings.Contains(err.Error(), "unexpected end of JSON input"):
		off = int64(len(data))
		pe.Err = errors.New("the JSON ends early: the file is truncated")
	}
	if off >= 0 {
		pe.Line, pe.Column = position(data, off)
	}
	return pe
}

// position converts a byte offset to a 1-based line and column: those of
// the byte before off, as encoding/json's offsets count the bytes read (so
// the byte at i is at position(data, i+1)).
func position(data []byte, off int64) (line, col int) {
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	before := data[:off]
	line = bytes.Count(before, []byte("\n")) + 1
	col = int(off) - (bytes.LastIndexByte(before, '\n') + 1)
	if col == 0 {
		col = 1
	}
	return line, col
}
