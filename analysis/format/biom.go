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
	kind   byte // 0: absent or null; 'l': a list; 's': a string; 'x': neither
	parts  []string
	joined string // of a list: the parts joined by "; "
	one    string
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
		if parts, joined, ok := plainStrings(b); ok {
			t.parts, t.joined = parts, joined
		} else if json.Unmarshal(b, &t.parts) != nil {
			t.kind = 'x'
		} else {
			t.joined = strings.Join(t.parts, "; ")
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
// UTF-8; ok is false for anything else. The parts are substrings of
// joined, the parts joined by "; " (as Feature.Taxonomy shows them), so
// that a list costs one string.
func plainStrings(b []byte) (parts []string, joined string, ok bool) {
	var buf [16][]byte
	strs := buf[:0] // each string's bytes, in b
	c := jsonCursor{b: b, i: 1}
	c.space()
	if c.next(']') {
		return []string{}, "", c.i == len(b)
	}
	for {
		s, ok := c.plainString()
		if !ok {
			return nil, "", false
		}
		strs = append(strs, s)
		c.space()
		switch {
		case c.next(','):
			c.space()
		case c.i == len(b)-1 && c.next(']'):
			parts, joined = joinParts(strs)
			return parts, joined, true
		default:
			return nil, "", false
		}
	}
}

// joinParts joins strs by "; " into one string and returns each of strs
// as a substring of it.
func joinParts(strs [][]byte) (parts []string, joined string) {
	n := 2 * (len(strs) - 1)
	for _, s := range strs {
		n += len(s)
	}
	var sb strings.Builder
	sb.Grow(n)
	for k, s := range strs {
		if k > 0 {
			sb.WriteString("; ")
		}
		sb.Write(s)
	}
	joined = sb.String()
	parts = make([]string, len(strs))
	at := 0
	for k, s := range strs {
		parts[k] = joined[at : at+len(s)]
		at += len(s) + 2
	}
	return parts, joined
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
	cellsFrom int // where the scan of data started
	scanned   bool
	// The non-zero cells, in chunks that are never copied: full ones, and
	// the one being filled.
	full [][]biomCell
	cur  []biomCell
	// perCol[j+1] counts the cells of column j.
	perCol []int
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
	r.perCol[j+1]++
}

// grow starts a new chunk of cells. The first is sized for the rest of
// the file, at 16 bytes a cell ("[12,345,6.0]," takes 13), between 64 cells
// and maxCellChunk.
func (r *biomReader) grow() {
	n := min(max((len(r.data)-r.cellsFrom)/16, 64), maxCellChunk)
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

func (r *biomReader) skipSpace() { r.pos = spaceEnd(r.data, r.pos) }

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
		if n := r.sizeHint(0); n > 0 {
			r.rows = make([]analysis.Feature, 0, n)
		}
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
		n := r.sizeHint(1)
		r.sampleIdx = make(map[string]bool, n)
		if n > 0 {
			r.samples = make([]string, 0, n)
		}
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

// sizeHint is the number of rows (axis 0) or columns (axis 1) to make
// room for when their list starts at r.pos: the shape's, once read, but no
// more than elements of 8 bytes would fill the rest of the file (a real
// one, {"id": "F1", "metadata": null}, takes 30), so that a false shape
// costs memory only in proportion to the file.
func (r *biomReader) sizeHint(axis int) int {
	if !r.shapeOK {
		return 0
	}
	return int(min(r.shape[axis], int64(len(r.data)-r.pos)/8))
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
	c := jsonCursor{b: b, i: i}
	c.space()
	if !c.next('{') {
		return "", tax, 0, false
	}
	// A repeated member is left to encoding/json (the last one wins there).
	var haveID, haveMeta bool
	for first := true; ; first = false {
		c.space()
		if first && c.next('}') {
			return id, tax, c.i, true
		}
		key, ok := c.member()
		if !ok {
			return "", tax, 0, false
		}
		switch {
		case string(key) == "id" && !haveID:
			haveID = true
			s, ok := c.plainString()
			if !ok {
				return "", tax, 0, false
			}
			id = string(s)
		case string(key) == "metadata" && !haveMeta:
			haveMeta = true
			if !c.null() && !c.taxonomies(&tax) {
				return "", tax, 0, false
			}
		default:
			return "", tax, 0, false
		}
		if more, ok := c.more(); !more {
			return id, tax, c.i, ok
		}
	}
}

// jsonCursor walks JSON bytes for the hand-written fast paths: b[i] is
// the next byte.
type jsonCursor struct {
	b []byte
	i int
}

// space moves past JSON white space.
func (c *jsonCursor) space() { c.i = spaceEnd(c.b, c.i) }

// next moves past the next byte if it is ch.
func (c *jsonCursor) next(ch byte) bool {
	if c.i < len(c.b) && c.b[c.i] == ch {
		c.i++
		return true
	}
	return false
}

// null moves past a null.
func (c *jsonCursor) null() bool {
	if bytes.HasPrefix(c.b[c.i:], []byte("null")) {
		c.i += len("null")
		return true
	}
	return false
}

// plainString reads a string without escapes, in valid UTF-8 (what
// encoding/json reads as the same bytes), and returns its bytes.
func (c *jsonCursor) plainString() ([]byte, bool) {
	b, i := c.b, c.i
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
	c.i = j + 1
	return b[i+1 : j], true
}

// member reads a plain member name and the colon after it, and moves to
// the value.
func (c *jsonCursor) member() ([]byte, bool) {
	key, ok := c.plainString()
	if !ok {
		return nil, false
	}
	c.space()
	if !c.next(':') {
		return nil, false
	}
	c.space()
	return key, true
}

// more moves past the comma or closing brace after a member value: more
// is true when another member follows, ok when the object ended well.
func (c *jsonCursor) more() (more, ok bool) {
	c.space()
	if c.next(',') {
		return true, true
	}
	return false, c.next('}')
}

// taxonomies reads a metadata object of only the taxonomy keys, each at
// most once, into tax, per biomTaxonomyKeys.
func (c *jsonCursor) taxonomies(tax *[len(biomTaxonomyKeys)]biomTaxonomy) bool {
	if !c.next('{') {
		return false
	}
	var have [len(biomTaxonomyKeys)]bool
	for first := true; ; first = false {
		c.space()
		if first && c.next('}') {
			return true
		}
		key, ok := c.member()
		if !ok {
			return false
		}
		k := 0
		for k < len(biomTaxonomyKeys) && biomTaxonomyKeys[k] != string(key) {
			k++
		}
		if k == len(biomTaxonomyKeys) || have[k] || !c.taxonomy(&tax[k]) {
			return false
		}
		have[k] = true
		if more, ok := c.more(); !more {
			return ok
		}
	}
}

// taxonomy reads a taxonomy value: null, a plain string or a list of
// plain strings.
func (c *jsonCursor) taxonomy(t *biomTaxonomy) bool {
	b, i := c.b, c.i
	switch {
	case c.null():
		return true
	case i < len(b) && b[i] == '"':
		s, ok := c.plainString()
		*t = biomTaxonomy{kind: 's', one: string(s)}
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
		parts, joined, ok := plainStrings(b[i : j+1])
		*t = biomTaxonomy{kind: 'l', parts: parts, joined: joined}
		c.i = j + 1
		return ok
	}
	return false
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
			f.Taxonomy = t.joined
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
	r.cellsFrom, r.perCol = start, make([]int, nc+1)
	if r.matrixType == "dense" {
		if int64(nr)*int64(nc) > MaxCells {
			return start, fmt.Errorf("%w: dense table of %d×%d cells", ErrTooLarge, nr, nc)
		}
		rows := 0
		end, err := r.numberRows(start, false, func(i int, row []float64) error {
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
	return r.numberRows(start, true, func(k int, e []float64) error {
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
	start := r.perCol
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
		if w == a && ascending(index[a:b]) { // the usual case: nothing to sort, sum or move
			if a < b {
				cols[j] = analysis.Vector{Index: index[a:b:b], Value: value[a:b:b]}
			}
			w = b
			continue
		}
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

// ascending reports whether rows is strictly ascending: sorted, no row
// repeated.
func ascending(rows []int) bool {
	for k := 1; k < len(rows); k++ {
		if rows[k] <= rows[k-1] {
			return false
		}
	}
	return true
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
// row (the slice is reused). With sparse, rows of the usual [row, column,
// value] shape are read by sparseCell, without fn. It returns the offset
// just past the array. It checks the JSON grammar itself, and is much
// faster than encoding/json's reflection for the millions of numbers a
// large table has.
func (r *biomReader) numberRows(start int, sparse bool, fn func(k int, row []float64) error) (int, error) {
	raw := r.data
	i := spaceEnd(raw, start)
	if i >= len(raw) || raw[i] != '[' {
		return r.dataError(-1, i, errors.New("expected a list of rows of numbers"))
	}
	i++
	var row []float64
	for k := 0; ; k++ {
		i = spaceEnd(raw, i)
		if i < len(raw) && raw[i] == ']' && k == 0 {
			return i + 1, nil
		}
		end, ok := 0, false
		if sparse {
			end, ok = r.sparseCell(i)
		}
		if !ok {
			var err error
			if row, end, err = r.numberRow(k, i, row[:0], fn); err != nil {
				return end, err
			}
		}
		i = spaceEnd(raw, end)
		if i < len(raw) && raw[i] == ',' {
			i++
			continue
		}
		if i < len(raw) && raw[i] == ']' {
			return i + 1, nil
		}
		return r.dataError(k, i, errors.New("expected , or ] between rows"))
	}
}

// numberRow reads row k of data, the list of numbers at byte i, into row
// and calls fn with it. It returns the row and the offset after it.
func (r *biomReader) numberRow(k, i int, row []float64, fn func(k int, row []float64) error) ([]float64, int, error) {
	raw := r.data
	rowAt := i
	if i >= len(raw) || raw[i] != '[' {
		end, err := r.dataError(k, i, errors.New("expected a list of numbers"))
		return row, end, err
	}
	i++
	for {
		i = spaceEnd(raw, i)
		if i < len(raw) && raw[i] == ']' && len(row) == 0 {
			i++
			break
		}
		v, end, ok := scanNumber(raw, i)
		if !ok {
			if end >= len(raw) {
				end, err := r.dataError(k, end, nil)
				return row, end, err
			}
			end, err := r.dataError(k, i, fmt.Errorf("expected a number, found %q", truncate(string(raw[i:min(len(raw), i+20)]))))
			return row, end, err
		}
		row = append(row, v)
		i = spaceEnd(raw, end)
		if i < len(raw) && raw[i] == ',' {
			i++
			continue
		}
		if i < len(raw) && raw[i] == ']' {
			i++
			break
		}
		end, err := r.dataError(k, i, errors.New("expected , or ] in a row of numbers"))
		return row, end, err
	}
	if err := fn(k, row); err != nil {
		if pe, ok := err.(*ParseError); ok {
			if pe.Line == 0 {
				pe.Line, pe.Column = position(raw, int64(rowAt)+1)
			}
			return row, i, pe
		}
		end, err := r.dataError(k, rowAt, err)
		return row, end, err
	}
	return row, i, nil
}

// dataError is the error err at byte at of data's row k (k < 0: of data
// itself), or the truncation error when at is past the end.
func (r *biomReader) dataError(k, at int, err error) (int, error) {
	if at >= len(r.data) {
		return at, r.truncated()
	}
	field := "data"
	if k >= 0 {
		field = fmt.Sprintf("data[%d]", k)
	}
	line, col := position(r.data, int64(at)+1)
	return at, &ParseError{Format: biomName, Line: line, Column: col, Field: field, Err: err}
}

// sparseCell reads the sparse data element at byte i when it has the
// usual shape — [row, column, value], row and column integers of up to
// nine digits inside the shape, value a non-negative abundance — adds the
// cell unless the value is zero, and returns the offset after it. ok is
// false, and nothing is added, for anything else, which numberRow then
// reads and reports.
func (r *biomReader) sparseCell(i int) (end int, ok bool) {
	b := r.data
	if i >= len(b) || b[i] != '[' {
		return i, false
	}
	row, i, ok := plainIndex(b, i+1, r.shape[0])
	if !ok {
		return i, false
	}
	col, i, ok := plainIndex(b, i, r.shape[1])
	if !ok {
		return i, false
	}
	v, i, ok := scanNumber(b, spaceEnd(b, i))
	if !ok || !(v >= 0 && v <= maxValue) {
		return i, false
	}
	if i = spaceEnd(b, i); i >= len(b) || b[i] != ']' {
		return i, false
	}
	if v != 0 {
		r.add(row, col, v)
	}
	return i + 1, true
}

// plainIndex reads an integer below n written as JSON does, of up to nine
// digits, with the comma after it, at byte i, spaces allowed around it;
// it returns the integer and the offset after the comma.
func plainIndex(b []byte, i int, n int64) (int, int, bool) {
	i = spaceEnd(b, i)
	start, v := i, 0
	for ; i < len(b) && b[i] >= '0' && b[i] <= '9'; i++ {
		v = v*10 + int(b[i]-'0')
	}
	if d := i - start; d == 0 || d > 9 || d > 1 && b[start] == '0' || int64(v) >= n {
		return 0, i, false
	}
	if i = spaceEnd(b, i); i >= len(b) || b[i] != ',' {
		return 0, i, false
	}
	return v, i + 1, true
}

// spaceEnd returns the offset of the first byte from i on that is not
// JSON white space.
func spaceEnd(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// scanNumber reads the JSON number at raw[i]: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
// It returns the value and the offset past it; ok is false when the bytes
// are no JSON number (end is then where the number stopped) or the number
// overflows float64. Numbers whose significant digits, the decimal point
// and trailing zeros removed, make an integer below 2^53 with a power of
// ten within ±22 — "1.0", "27", "0.125", "3e5", the common cases — are
// converted without strconv, to the float64 strconv gives (exactFloat).
func scanNumber(raw []byte, i int) (v float64, end int, ok bool) {
	start := i
	neg := i < len(raw) && raw[i] == '-'
	if neg {
		i++
	}
	var m uint64 // the significant digits, while there are at most 19
	nd := 0      // significant digits
	exp10 := 0   // the power of ten m is scaled by
	switch {
	case i < len(raw) && raw[i] == '0':
		i++
	case i < len(raw) && raw[i] >= '1' && raw[i] <= '9':
		for ; i < len(raw) && raw[i]-'0' <= 9; i++ {
			if nd < 19 {
				m = m*10 + uint64(raw[i]-'0')
			}
			nd++
		}
	default:
		return 0, i, false
	}
	if i < len(raw) && raw[i] == '.' {
		i++
		from, zeros := i, 0 // zeros: the zero digits not yet in m
		for ; i < len(raw) && raw[i]-'0' <= 9; i++ {
			if raw[i] == '0' {
				zeros++
				continue
			}
			if m != 0 { // leading zeros are not significant
				nd += zeros
			}
			exp10 -= zeros + 1
			if nd++; nd <= 19 {
				for ; zeros > 0; zeros-- {
					m *= 10
				}
				m = m*10 + uint64(raw[i]-'0')
			}
			zeros = 0
		}
		if i == from {
			return 0, i, false
		}
	}
	if i < len(raw) && (raw[i] == 'e' || raw[i] == 'E') {
		i++
		eneg := i < len(raw) && raw[i] == '-'
		if i < len(raw) && (raw[i] == '+' || raw[i] == '-') {
			i++
		}
		from, e := i, 0
		for ; i < len(raw) && raw[i]-'0' <= 9; i++ {
			if e < 10000 {
				e = e*10 + int(raw[i]-'0')
			}
		}
		if i == from {
			return 0, i, false
		}
		if eneg {
			e = -e
		}
		exp10 += e
	}
	if v, exact := exactFloat(m, nd, exp10); exact {
		if neg {
			v = -v
		}
		return v, i, true
	}
	v, err := strconv.ParseFloat(string(raw[start:i]), 64)
	return v, i, err == nil
}

// exactPow10 holds the powers of ten that float64 represents exactly.
var exactPow10 = [...]float64{1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
	1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22}

// exactFloat returns m × 10^exp10 when one IEEE multiplication or division
// of exact operands gives it (Clinger's fast path, as in strconv's
// atof64exact): m, of nd significant digits, below 2^53 and |exp10| ≤ 22.
// The result, correctly rounded, is then the one strconv.ParseFloat gives.
func exactFloat(m uint64, nd, exp10 int) (float64, bool) {
	switch {
	case nd > 19 || m > 1<<53:
		return 0, false
	case m == 0:
		return 0, true
	case exp10 == 0:
		return float64(m), true
	case exp10 > 0 && exp10 < len(exactPow10):
		return float64(m) * exactPow10[exp10], true
	case exp10 < 0 && -exp10 < len(exactPow10):
		return float64(m) / exactPow10[-exp10], true
	}
	return 0, false
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
