package format

import (
	"archive/zip"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// decodeBytes runs Decode, turning a panic into a test failure.
func decodeBytes(t *testing.T, data []byte, name string) (err error) {
	t.Helper()
	defer func() {
		if r := recover(); r != nil {
			t.Errorf("Decode(%q) panicked: %v", name, r)
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	tab, _, err := Decode(bytes.NewReader(data), Options{Name: name})
	if err == nil && tab == nil {
		t.Errorf("Decode(%q) = nil table and nil error", name)
	}
	return err
}

// checkParseError checks that err is a *ParseError at the line and column
// (0 meaning: not checked), whose Field (when field != "") and message
// (when msg != "") are as expected.
func checkParseError(t *testing.T, what string, err error, line, col int, field, msg string) {
	t.Helper()
	var pe *ParseError
	if !errors.As(err, &pe) {
		t.Errorf("%s = %v (%T), want a *ParseError", what, err, err)
		return
	}
	if line > 0 && (pe.Line != line || pe.Column != col) {
		t.Errorf("%s at line %d, column %d, want line %d, column %d (%v)", what, pe.Line, pe.Column, line, col, err)
	}
	if field != "" && pe.Field != field {
		t.Errorf("%s field = %q, want %q (%v)", what, pe.Field, field, err)
	}
	if msg != "" && !strings.Contains(err.Error(), msg) {
		t.Errorf("%s = %q, want a message containing %q", what, err, msg)
	}
}

// Each file in testdata/bad is rejected as testdata/bad/README.md says.
func TestDecodeBad(t *testing.T) {
	tests := []struct {
		file      string
		parse     bool // a *ParseError
		line, col int
		field     string
		msg       string
		is        error
	}{
		{file: "bad-cell.tsv", parse: true, line: 5, col: 3, msg: `"abc"`},
		{file: "negative.tsv", parse: true, line: 4, col: 4, msg: "non-negative"},
		{file: "bad-mpa.txt", parse: true, line: 40, col: 3, msg: `"abc"`},
		{file: "truncated.biom", parse: true, msg: "truncated"},
		{file: "empty.txt", parse: true, msg: "empty"},
		{file: "shape-bomb.biom", parse: true, field: "shape"},
		{file: "unknown.bin", is: ErrFormat},
	}
	files, err := filepath.Glob(filepath.Join(testdata, "bad", "*"))
	if err != nil {
		t.Fatal(err)
	}
	covered := map[string]bool{"README.md": true}
	for _, tt := range tests {
		covered[tt.file] = true
		t.Run(tt.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(testdata, "bad", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			err = decodeBytes(t, data, tt.file)
			what := fmt.Sprintf("Decode(%q)", tt.file)
			if err == nil {
				t.Fatalf("%s = nil error, want an error", what)
			}
			if !strings.Contains(err.Error(), tt.file) {
				t.Errorf("%s = %q, want the file name in the message", what, err)
			}
			if tt.parse {
				checkParseError(t, what, err, tt.line, tt.col, tt.field, tt.msg)
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("%s = %v, want errors.Is %v", what, err, tt.is)
			}
		})
	}
	for _, f := range files {
		if !covered[filepath.Base(f)] {
			t.Errorf("testdata/bad/%s has no expectation in TestDecodeBad", filepath.Base(f))
		}
	}
}

// The truncated BIOM is reported at its end: line 13, column 19 is byte
// 1000 of truncated.biom (checked with head -c 1000 | tail -1 | wc -c).
func TestDecodeTruncatedPosition(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(testdata, "bad", "truncated.biom"))
	if err != nil {
		t.Fatal(err)
	}
	err = decodeBytes(t, data, "truncated.biom")
	checkParseError(t, "Decode(truncated.biom)", err, 13, 19, "", "ends early")
}

func gzipBytes(t *testing.T, data []byte) []byte {
	t.Helper()
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	if _, err := w.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func readTestdata(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(testdata, name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// zipBytes builds a zip archive holding the named files.
func zipBytes(t *testing.T, files map[string]string) []byte {
	t.Helper()
	var b bytes.Buffer
	w := zip.NewWriter(&b)
	for name, body := range files {
		fw, err := w.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.WriteString(fw, body); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// A zip that is not a QIIME 2 artifact is valid input Gutlens does not
// handle: an *UnsupportedError.
func TestDecodeUnsupportedZip(t *testing.T) {
	tests := []struct {
		name string
		data []byte
	}{
		{"notes.zip", zipBytes(t, map[string]string{"notes.txt": "hello"})},
		{"notes.zip.gz", gzipBytes(t, zipBytes(t, map[string]string{"a/b.txt": "x"}))},
	}
	for _, tt := range tests {
		err := decodeBytes(t, tt.data, tt.name)
		var ue *UnsupportedError
		if !errors.As(err, &ue) {
			t.Errorf("Decode(%q) = %v (%T), want an *UnsupportedError", tt.name, err, err)
			continue
		}
		if !strings.Contains(err.Error(), strings.TrimSuffix(tt.name, ".gz")) {
			t.Errorf("Decode(%q) = %q, want the file name in the message", tt.name, err)
		}
	}
}

// Bytes that start with the HDF5 or zip magic but are not HDF5 or zip are
// refused cleanly with a *ParseError.
func TestDecodeBadMagic(t *testing.T) {
	junk := bytes.Repeat([]byte{0}, 64)
	tests := []struct {
		name string
		data []byte
	}{
		{"x.biom", append([]byte("\x89HDF\r\n\x1a\n"), junk...)},
		{"short.biom", []byte("\x89HDF\r\n\x1a\n")},
		{"x.qza", append([]byte("PK\x03\x04"), junk...)},
		{"short.qza", []byte("PK\x03\x04")},
		{"x.biom.gz", gzipBytes(t, append([]byte("\x89HDF\r\n\x1a\n"), junk...))},
	}
	for _, tt := range tests {
		err := decodeBytes(t, tt.data, tt.name)
		var pe *ParseError
		if !errors.As(err, &pe) {
			t.Errorf("Decode(%q) = %v (%T), want a *ParseError", tt.name, err, err)
			continue
		}
		if !strings.Contains(err.Error(), strings.TrimSuffix(tt.name, ".gz")) {
			t.Errorf("Decode(%q) = %q, want the file name in the message", tt.name, err)
		}
	}
}

// zeroReader yields zero bytes.
type zeroReader struct{}

func (zeroReader) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

func TestDecodeGzipBomb(t *testing.T) {
	// Writing and then expanding 513 MiB takes seconds natively but far
	// longer (and most of the memory) under js/wasm, so skip it there.
	if runtime.GOARCH == "wasm" {
		t.Skip("gzip bomb: too slow and memory-hungry under GOARCH=wasm")
	}
	if testing.Short() {
		t.Skip("gzip bomb: expands 513 MiB; skipped with -short")
	}
	var b bytes.Buffer
	w, err := gzip.NewWriterLevel(&b, gzip.BestCompression)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(w, io.LimitReader(zeroReader{}, MaxInputBytes+1<<20)); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	err = decodeBytes(t, b.Bytes(), "bomb.gz")
	if !errors.Is(err, ErrTooLarge) {
		t.Errorf("Decode(gzip of %d MiB of zeros) = %v, want errors.Is ErrTooLarge", (MaxInputBytes+1<<20)>>20, err)
	}
	if err != nil && !strings.Contains(err.Error(), "bomb.gz") {
		t.Errorf("Decode(gzip bomb) = %q, want the file name in the message", err)
	}
}

// Decode reads up to maxGzipLayers (4) nested gzip layers and refuses more.
func TestDecodeNestedGzip(t *testing.T) {
	tsv := readTestdata(t, "tiny.tsv")
	data := tsv
	for layers := 1; layers <= maxGzipLayers+2; layers++ {
		data = gzipBytes(t, data)
		tab, format, err := Decode(bytes.NewReader(data), Options{Name: "nested.tsv.gz"})
		if layers <= maxGzipLayers {
			if err != nil || format != "tsv" || !tab.Provenance.Gzip {
				t.Errorf("Decode(%d gzip layers) = %q, %v, want tsv and no error, Provenance.Gzip", layers, format, err)
			}
			continue
		}
		var pe *ParseError
		if !errors.As(err, &pe) || !strings.Contains(err.Error(), "nested gzip") {
			t.Errorf("Decode(%d gzip layers) = %v, want a *ParseError about nested gzip", layers, err)
		}
	}
}

func TestDecodeCorruptGzip(t *testing.T) {
	gz := readTestdata(t, "tiny.tsv.gz")
	tests := []struct {
		name string
		data []byte
	}{
		{"header-only.gz", gz[:2]},
		{"truncated.gz", gz[:len(gz)/2]},
		{"no-trailer.gz", gz[:len(gz)-4]},
	}
	for _, tt := range tests {
		err := decodeBytes(t, tt.data, tt.name)
		var pe *ParseError
		if !errors.As(err, &pe) {
			t.Errorf("Decode(%q) = %v (%T), want a *ParseError", tt.name, err, err)
		}
	}
}

// replaceOnce replaces old with new in data, failing when old is absent.
func replaceOnce(t *testing.T, data []byte, old, new string) []byte {
	t.Helper()
	if !bytes.Contains(data, []byte(old)) {
		t.Fatalf("test input lacks %q", old)
	}
	return bytes.Replace(data, []byte(old), []byte(new), 1)
}

func TestDecodeBadBIOM(t *testing.T) {
	biom := readTestdata(t, "tiny.biom")
	dense := readTestdata(t, "tiny-dense.biom")
	tests := []struct {
		name  string
		data  []byte
		field string
		msg   string
	}{
		{"row-outside.biom", replaceOnce(t, biom, "[7, 1, 2]", "[8, 1, 2]"), "data[15]", "outside"},
		{"col-outside.biom", replaceOnce(t, biom, "[7, 1, 2]", "[7, 4, 2]"), "data[15]", "outside"},
		{"negative-index.biom", replaceOnce(t, biom, "[0, 0, 120]", "[-1, 0, 120]"), "data[0]", "outside"},
		{"fraction-index.biom", replaceOnce(t, biom, "[0, 0, 120]", "[0.5, 0, 120]"), "data[0]", "outside"},
		{"short-entry.biom", replaceOnce(t, biom, "[0, 0, 120]", "[0, 0]"), "data[0]", "[row, column, value]"},
		{"negative.biom", replaceOnce(t, biom, "[1, 2, 80]", "[1, 2, -80]"), "data[4]", "non-negative"},
		{"negative-dense.biom", replaceOnce(t, dense, "[340, 12, 80, 0]", "[340, 12, -80, 0]"), "data[1][2]", "non-negative"},
		{"short-dense.biom", replaceOnce(t, dense, "[340, 12, 80, 0]", "[340, 12, 80]"), "data[1]", "expected 4 values"},
		{"dup-sample.biom", replaceOnce(t, biom, `{"id": "S2", "metadata": null}`, `{"id": "S1", "metadata": null}`), "columns[1].id", "duplicate sample"},
		{"bad-shape.biom", replaceOnce(t, biom, `"shape": [8, 4]`, `"shape": [8, 5]`), "shape", ""},
		{"no-shape.biom", replaceOnce(t, biom, `"shape": [8, 4],`, ``), "shape", ""},
		{"no-data.biom", replaceOnce(t, biom, `"matrix_type": "sparse",`, ``), "matrix_type", "missing"},
		{"bad-type.biom", replaceOnce(t, biom, `"matrix_type": "sparse"`, `"matrix_type": "coo"`), "matrix_type", ""},
		{"bad-taxonomy.biom", replaceOnce(t, biom, `{"taxonomy": ["Unassigned"]}`, `{"taxonomy": 7}`), "rows[7].metadata", ""},
		{"string-value.biom", replaceOnce(t, biom, "[0, 0, 120]", `[0, 0, "120"]`), "", ""},
		{"type-error.biom", replaceOnce(t, biom, `"shape": [8, 4]`, `"shape": "8x4"`), "shape", ""},
	}
	for _, tt := range tests {
		err := decodeBytes(t, tt.data, tt.name)
		what := fmt.Sprintf("Decode(%q)", tt.name)
		if err == nil {
			t.Errorf("%s = nil error, want a *ParseError", what)
			continue
		}
		checkParseError(t, what, err, 0, 0, tt.field, tt.msg)
		if !strings.Contains(err.Error(), tt.name) {
			t.Errorf("%s = %q, want the file name in the message", what, err)
		}
	}
}

func TestDecodeUnicodeBIOM(t *testing.T) {
	biom := readTestdata(t, "tiny.biom")
	data := replaceOnce(t, biom, `"matrix_element_type": "int"`, `"matrix_element_type": "unicode"`)
	err := decodeBytes(t, data, "unicode.biom")
	var ue *UnsupportedError
	if !errors.As(err, &ue) {
		t.Errorf("Decode(unicode.biom) = %v, want an *UnsupportedError", err)
	}
}

func TestDecodeBadTSV(t *testing.T) {
	tsv := readTestdata(t, "tiny.tsv")
	mpa := readTestdata(t, "tiny-mpa3.txt")
	tests := []struct {
		name      string
		data      []byte
		line, col int
		msg       string
	}{
		// Header is line 2: #OTU ID, S1 (field 2), S2 (field 3) ….
		{"dup-sample.tsv", replaceOnce(t, tsv, "S1\tS2\t", "S1\tS1\t"), 2, 3, `"S1"`},
		{"empty-sample.tsv", replaceOnce(t, tsv, "S1\tS2\t", "S1\t\t"), 2, 3, "empty sample"},
		// The header has 6 fields (#OTU ID, S1..S4, taxonomy). OTU2 is line 4;
		// dropping its S4 value leaves 5 fields, so the first missing field
		// is the 6th.
		{"short-row.tsv", replaceOnce(t, tsv, "OTU2\t340.0\t12.0\t80.0\t0.0\t", "OTU2\t340.0\t12.0\t80.0\t"), 4, 6, "expected 6 tab-separated fields as in the header, found 5"},
		// An extra field on OTU3 (line 5): the 7th field is one too many.
		{"long-row.tsv", replaceOnce(t, tsv, "OTU3\t0.0\t", "OTU3\t0.0\t0.0\t"), 5, 7, "found 7"},
		{"no-id.tsv", replaceOnce(t, tsv, "OTU4\t", " \t"), 6, 1, "feature id"},
		{"nan.tsv", replaceOnce(t, tsv, "OTU5\t0.0", "OTU5\tNaN"), 7, 2, "NaN"},
		{"inf.tsv", replaceOnce(t, tsv, "OTU5\t0.0", "OTU5\t+Inf"), 7, 2, "Inf"},
		{"huge.tsv", replaceOnce(t, tsv, "OTU5\t0.0", "OTU5\t1e301"), 7, 2, "1e301"},
		// tiny-mpa3.txt: line 6 is UNKNOWN, line 7 k__Bacteria.
		{"negative.txt", replaceOnce(t, mpa, "k__Bacteria\t2\t85.49", "k__Bacteria\t2\t-85.49"), 7, 3, "non-negative"},
		{"short.txt", replaceOnce(t, mpa, "k__Bacteria\t2\t85.49\t", "k__Bacteria"), 7, 2, "expected 3"},
		{"no-clade.txt", replaceOnce(t, mpa, "k__Archaea\t2157\t", "\t2157\t"), 8, 1, "clade"},
		{"bad-clade.txt", replaceOnce(t, mpa, "k__Archaea\t2157\t", "Archaea\t2157\t"), 8, 1, "Archaea"},
	}
	for _, tt := range tests {
		err := decodeBytes(t, tt.data, tt.name)
		what := fmt.Sprintf("Decode(%q)", tt.name)
		if err == nil {
			t.Errorf("%s = nil error, want a *ParseError", what)
			continue
		}
		checkParseError(t, what, err, tt.line, tt.col, "", tt.msg)
		if !strings.Contains(err.Error(), tt.name) {
			t.Errorf("%s = %q, want the file name in the message", what, err)
		}
	}
}

// A merged MetaPhlAn table with an empty sample name is refused at its column.
func TestDecodeBadMergedMetaPhlAn(t *testing.T) {
	data := []byte("#mpa_v31_CHOCOPhlAn_201901\nclade_name\tA\t\tC\nk__Bacteria\t100\t100\t100\n")
	err := decodeBytes(t, data, "merged.txt")
	checkParseError(t, "Decode(merged.txt)", err, 2, 3, "", "empty sample")
}

// Errors without a file name carry none; with one they carry it once.
func TestDecodeErrorNoName(t *testing.T) {
	data := readTestdata(t, "bad/bad-cell.tsv")
	_, _, err := Decode(bytes.NewReader(data), Options{})
	if err == nil || strings.HasPrefix(err.Error(), ":") {
		t.Errorf("Decode(bad-cell.tsv, no name) = %v, want an error without a leading file name", err)
	}
	_, _, err = Decode(bytes.NewReader(data), Options{Name: "b.tsv"})
	if err == nil || strings.Count(err.Error(), "b.tsv") != 1 {
		t.Errorf("Decode(bad-cell.tsv as b.tsv) = %v, want the name once", err)
	}
}
