package format

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/gutlens/gutlens/analysis"
	"github.com/gutlens/gutlens/analysis/taxonomy"
)

// BIOM 1.0 JSON, as specified in biom-format's biom-1.0.rst: rows are
// features, columns are samples; data is sparse [[row, col, value], …] or
// dense [[v, …], …].

const biomName = "biom-json"

func matchBIOMJSON(data []byte) bool {
	t := bytes.TrimLeft(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")), " \t\r\n")
	return len(t) > 0 && t[0] == '{'
}

type biomEntry struct {
	ID       string                     `json:"id"`
	Metadata map[string]json.RawMessage `json:"metadata"`
}

type biomDoc struct {
	Format            *string         `json:"format"`
	GeneratedBy       string          `json:"generated_by"`
	Rows              []biomEntry     `json:"rows"`
	Columns           []biomEntry     `json:"columns"`
	MatrixType        *string         `json:"matrix_type"`
	MatrixElementType string          `json:"matrix_element_type"`
	Shape             []int64         `json:"shape"`
	Data              json.RawMessage `json:"data"`
}

func readBIOMJSON(data []byte, o Options) (*analysis.Table, error) {
	var doc biomDoc
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, jsonError(data, err)
	}
	missing := []string{}
	if doc.Format == nil {
		missing = append(missing, "format")
	}
	if doc.Rows == nil {
		missing = append(missing, "rows")
	}
	if doc.Columns == nil {
		missing = append(missing, "columns")
	}
	if doc.MatrixType == nil {
		missing = append(missing, "matrix_type")
	}
	if doc.Data == nil {
		missing = append(missing, "data")
	}
	if len(missing) > 0 {
		return nil, &ParseError{Format: biomName, Field: missing[0],
			Err: fmt.Errorf("JSON but not a BIOM 1.0 table: missing %s", strings.Join(missing, ", "))}
	}
	nr, nc := len(doc.Rows), len(doc.Columns)
	if len(doc.Shape) != 2 || doc.Shape[0] != int64(nr) || doc.Shape[1] != int64(nc) {
		return nil, &ParseError{Format: biomName, Field: "shape",
			Err: fmt.Errorf("expected [%d, %d] to match the rows and columns, found %v", nr, nc, doc.Shape)}
	}
	if doc.MatrixElementType == "unicode" {
		return nil, &UnsupportedError{Format: biomName, What: `matrix_element_type "unicode"`}
	}
	t := &analysis.Table{Unit: analysis.UnitCounts}
	t.Provenance.Version = *doc.Format
	t.Provenance.Tool = doc.GeneratedBy
	seen := make(map[string]bool, nc)
	for i, c := range doc.Columns {
		if seen[c.ID] {
			return nil, &ParseError{Format: biomName, Field: fmt.Sprintf("columns[%d].id", i), Err: fmt.Errorf("duplicate sample id %q", c.ID)}
		}
		seen[c.ID] = true
		t.Samples = append(t.Samples, c.ID)
	}
	t.Features = make([]analysis.Feature, nr)
	for i, r := range doc.Rows {
		f, err := biomFeature(r)
		if err != nil {
			return nil, &ParseError{Format: biomName, Field: fmt.Sprintf("rows[%d].metadata", i), Err: err}
		}
		t.Features[i] = f
	}
	var err error
	switch *doc.MatrixType {
	case "sparse":
		t.Columns, err = biomSparse(doc.Data, nr, nc)
	case "dense":
		t.Columns, err = biomDense(doc.Data, nr, nc)
	default:
		err = &ParseError{Format: biomName, Field: "matrix_type", Err: fmt.Errorf(`expected "sparse" or "dense", found %q`, *doc.MatrixType)}
	}
	if err != nil {
		return nil, err
	}
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
	f := analysis.Feature{ID: r.ID}
	for _, key := range []string{"taxonomy", "Taxonomy", "taxonomy_string"} {
		raw, ok := r.Metadata[key]
		if !ok || string(raw) == "null" {
			continue
		}
		var parts []string
		var one string
		if err := json.Unmarshal(raw, &parts); err != nil {
			if err := json.Unmarshal(raw, &one); err != nil {
				return f, fmt.Errorf("%s: expected a list of strings or a string", key)
			}
			f.Taxonomy = one
			f.Lineage, f.Unassigned = taxonomy.Parse(one)
		} else {
			f.Taxonomy = strings.Join(parts, "; ")
			f.Lineage, f.Unassigned = taxonomy.FromParts(parts)
		}
		break
	}
	return f, nil
}

func biomSparse(raw json.RawMessage, nr, nc int) ([]analysis.Vector, error) {
	type cell struct {
		row int
		v   float64
	}
	perCol := make([][]cell, nc)
	err := numberRows(raw, func(k int, e []float64) error {
		if len(e) != 3 {
			return fmt.Errorf("expected [row, column, value], found %d numbers", len(e))
		}
		r, c, v := e[0], e[1], e[2]
		if r != float64(int(r)) || c != float64(int(c)) || r < 0 || c < 0 || int(r) >= nr || int(c) >= nc {
			return fmt.Errorf("row %v, column %v outside the %d×%d shape", r, c, nr, nc)
		}
		if v < 0 || v > maxValue {
			return fmt.Errorf("expected a non-negative abundance, found %v", v)
		}
		if v != 0 {
			perCol[int(c)] = append(perCol[int(c)], cell{int(r), v})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	cols := make([]analysis.Vector, nc)
	for j, cells := range perCol {
		sort.SliceStable(cells, func(a, b int) bool { return cells[a].row < cells[b].row })
		col := &cols[j]
		if len(cells) > 0 {
			col.Index = make([]int, 0, len(cells))
			col.Value = make([]float64, 0, len(cells))
		}
		for k, c := range cells {
			if k > 0 && cells[k-1].row == c.row {
				// A repeated (row, column) pair: biom-format sums them (scipy COO).
				col.Value[len(col.Value)-1] += c.v
				if col.Value[len(col.Value)-1] > maxValue {
					return nil, &ParseError{Format: biomName, Field: "data", Err: fmt.Errorf("row %d, column %d: repeated entries sum past %g", c.row, j, maxValue)}
				}
				continue
			}
			col.Index = append(col.Index, c.row)
			col.Value = append(col.Value, c.v)
		}
	}
	return cols, nil
}

// numberRows scans a JSON array of arrays of numbers, [[n, n, …], …], as
// BIOM's data field holds, calling fn with each row (the slice is reused).
// It is much faster than encoding/json's reflection for the millions of
// numbers a large table has. raw has already been checked to be valid JSON.
func numberRows(raw []byte, fn func(k int, row []float64) error) error {
	i := 0
	skip := func() {
		for i < len(raw) && (raw[i] == ' ' || raw[i] == '\t' || raw[i] == '\n' || raw[i] == '\r') {
			i++
		}
	}
	fail := func(k int, err error) error {
		field := "data"
		if k >= 0 {
			field = fmt.Sprintf("data[%d]", k)
		}
		return &ParseError{Format: biomName, Field: field, Err: err}
	}
	skip()
	if i >= len(raw) || raw[i] != '[' {
		return fail(-1, errors.New("expected a list of rows of numbers"))
	}
	i++
	var row []float64
	for k := 0; ; k++ {
		skip()
		if i < len(raw) && raw[i] == ']' && k == 0 {
			return nil
		}
		if i >= len(raw) || raw[i] != '[' {
			return fail(k, errors.New("expected a list of numbers"))
		}
		i++
		row = row[:0]
		for {
			skip()
			if i < len(raw) && raw[i] == ']' && len(row) == 0 {
				i++
				break
			}
			start := i
			for i < len(raw) && (raw[i] == '-' || raw[i] == '+' || raw[i] == '.' || raw[i] == 'e' || raw[i] == 'E' || (raw[i] >= '0' && raw[i] <= '9')) {
				i++
			}
			v, err := strconv.ParseFloat(string(raw[start:i]), 64)
			if err != nil {
				return fail(k, fmt.Errorf("expected a number, found %q", truncate(string(raw[start:min(len(raw), start+20)]))))
			}
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
			return fail(k, errors.New("expected , or ] in a row of numbers"))
		}
		if err := fn(k, row); err != nil {
			if pe, ok := err.(*ParseError); ok {
				return pe
			}
			return fail(k, err)
		}
		skip()
		if i < len(raw) && raw[i] == ',' {
			i++
			continue
		}
		if i < len(raw) && raw[i] == ']' {
			return nil
		}
		return fail(k, errors.New("expected , or ] between rows"))
	}
}

func biomDense(raw json.RawMessage, nr, nc int) ([]analysis.Vector, error) {
	if int64(nr)*int64(nc) > MaxCells {
		return nil, fmt.Errorf("%w: dense table of %d×%d cells", ErrTooLarge, nr, nc)
	}
	b := newBuilder(nc)
	rows := 0
	err := numberRows(raw, func(i int, row []float64) error {
		if i >= nr {
			return fmt.Errorf("more rows than the %d in rows", nr)
		}
		if len(row) != nc {
			return fmt.Errorf("expected %d values, found %d", nc, len(row))
		}
		for j, v := range row {
			if v < 0 || v > maxValue {
				return &ParseError{Format: biomName, Field: fmt.Sprintf("data[%d][%d]", i, j), Err: fmt.Errorf("expected a non-negative abundance, found %v", v)}
			}
			b.add(i, j, v)
		}
		rows++
		return nil
	})
	if err != nil {
		return nil, err
	}
	if rows != nr {
		return nil, &ParseError{Format: biomName, Field: "data", Err: fmt.Errorf("expected %d rows, found %d", nr, rows)}
	}
	return b.cols, nil
}

// jsonError turns encoding/json errors into ParseErrors with a line and column.
func jsonError(data []byte, err error) error {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	pe := &ParseError{Format: biomName, Err: err}
	var off int64 = -1
	switch {
	case errors.As(err, &se) && !strings.Contains(se.Error(), "unexpected end of JSON input"):
		off = se.Offset
		pe.Err = fmt.Errorf("invalid JSON: %v", se)
	case errors.As(err, &te):
		off = te.Offset
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

// position converts a byte offset to a 1-based line and column.
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
