package format

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/gutlens/gutlens/analysis"
)

// biomJSONFiles are the BIOM JSON files of the corpus (FORMATS.md §3.1).
var biomJSONFiles = []string{
	"AG_100nt.biom.gz",                 // 23,884 × 202, QIIME 1
	"HMPv35_100nt_even1k.json.biom.gz", // 5,430 × 5,452, 359,042 non-zeros, biom-format 2.1.12
	"bench_10000x1000x0.100.biom.gz",   // 10,000 × 1,000, 975,500 non-zeros, synthetic
	"AmericanGutMetaphlanWGS.biom",
	"min_dense_otu_table.biom",
	"min_sparse_otu_table.biom",
	"rich_dense_otu_table.biom",
	"rich_sparse_otu_table.biom",
}

// readPlain reads a file and removes its gzip layers.
func readPlain(t testing.TB, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Skipf("not available: %v", err)
	}
	plain, _, err := plainBytes(data)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return plain
}

// refBIOM is a BIOM JSON document read the plain way, with encoding/json
// into [][]float64: the reference the streaming reader is checked against.
type refBIOM struct {
	Rows []struct {
		ID string `json:"id"`
	} `json:"rows"`
	Columns []struct {
		ID string `json:"id"`
	} `json:"columns"`
	MatrixType string      `json:"matrix_type"`
	Data       [][]float64 `json:"data"`
}

// parseRef reads a document with encoding/json, member names matched
// exactly (encoding/json alone would match them case-insensitively).
func parseRef(data []byte) (*refBIOM, error) {
	var members map[string]json.RawMessage
	if err := json.Unmarshal(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")), &members); err != nil {
		return nil, err
	}
	ref := &refBIOM{}
	for key, v := range map[string]any{"rows": &ref.Rows, "columns": &ref.Columns, "matrix_type": &ref.MatrixType, "data": &ref.Data} {
		if err := json.Unmarshal(members[key], v); err != nil {
			return nil, fmt.Errorf("%s: %w", key, err)
		}
	}
	return ref, nil
}

// refCells returns the non-zero cells of a reference document as
// "row,column" → value, repeated sparse entries summed.
func (d *refBIOM) refCells() map[[2]int]float64 {
	cells := map[[2]int]float64{}
	for i, e := range d.Data {
		if d.MatrixType == "dense" {
			for j, v := range e {
				if v != 0 {
					cells[[2]int{i, j}] += v
				}
			}
			continue
		}
		if e[2] != 0 {
			cells[[2]int{int(e[0]), int(e[1])}] += e[2]
		}
	}
	return cells
}

// checkAgainstRef decodes data with readBIOMJSON and compares ids and
// every cell with the encoding/json reading.
func checkAgainstRef(t *testing.T, name string, data []byte) {
	t.Helper()
	tab, err := readBIOMJSON(data, Options{Name: name})
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	compareRef(t, name, data, tab)
}

// compareRef compares a table read by readBIOMJSON with the
// encoding/json reading of its bytes.
func compareRef(t *testing.T, name string, data []byte, tab *analysis.Table) {
	t.Helper()
	ref, err := parseRef(data)
	if err != nil {
		t.Fatalf("%s: read by readBIOMJSON, but encoding/json says: %v", name, err)
	}
	if err := tab.Check(); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if len(tab.Features) != len(ref.Rows) || len(tab.Samples) != len(ref.Columns) {
		t.Fatalf("%s: %d×%d, want %d×%d", name, len(tab.Features), len(tab.Samples), len(ref.Rows), len(ref.Columns))
	}
	for i, r := range ref.Rows {
		if tab.Features[i].ID != r.ID {
			t.Fatalf("%s: feature %d = %q, want %q", name, i, tab.Features[i].ID, r.ID)
		}
	}
	for j, c := range ref.Columns {
		if tab.Samples[j] != c.ID {
			t.Fatalf("%s: sample %d = %q, want %q", name, j, tab.Samples[j], c.ID)
		}
	}
	want := ref.refCells()
	n := 0
	for j, c := range tab.Columns {
		if !sort.IntsAreSorted(c.Index) {
			t.Fatalf("%s: column %d rows not ascending", name, j)
		}
		for k, i := range c.Index {
			if k > 0 && c.Index[k-1] == i {
				t.Fatalf("%s: column %d repeats row %d", name, j, i)
			}
			if w := want[[2]int{i, j}]; c.Value[k] != w {
				t.Fatalf("%s: [%d, %d] = %v, want %v", name, i, j, c.Value[k], w)
			}
			n++
		}
	}
	if n != len(want) {
		t.Fatalf("%s: %d non-zero cells, want %d", name, n, len(want))
	}
}

// The streaming reader agrees cell for cell with encoding/json on every
// BIOM JSON file we have.
func TestBIOMJSONMatchesEncodingJSON(t *testing.T) {
	for _, name := range []string{"tiny.biom", "tiny-dense.biom"} {
		checkAgainstRef(t, name, readTestdata(t, name))
	}
	if _, err := os.Stat(filepath.Join(sharedDir, "corpus")); err != nil {
		t.Skipf("corpus not present (%v)", err)
	}
	for _, name := range biomJSONFiles {
		t.Run(name, func(t *testing.T) {
			checkAgainstRef(t, name, readPlain(t, filepath.Join(sharedDir, "corpus", "biom-json", name)))
		})
	}
}

// reorder writes a BIOM JSON document with its top-level members in the
// given order (the others after them, in file order).
func reorder(t *testing.T, data []byte, first ...string) []byte {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(data))
	if _, err := dec.Token(); err != nil {
		t.Fatal(err)
	}
	var keys []string
	vals := map[string]json.RawMessage{}
	for dec.More() {
		k, err := dec.Token()
		if err != nil {
			t.Fatal(err)
		}
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			t.Fatal(err)
		}
		keys = append(keys, k.(string))
		vals[k.(string)] = v
	}
	order := append([]string(nil), first...)
	for _, k := range keys {
		if !strings.Contains(strings.Join(first, "\x00")+"\x00", k+"\x00") {
			order = append(order, k)
		}
	}
	var b bytes.Buffer
	b.WriteString("{\n")
	for i, k := range order {
		if i > 0 {
			b.WriteString(",\n")
		}
		fmt.Fprintf(&b, "%q: %s", k, vals[k])
	}
	b.WriteString("\n}\n")
	return b.Bytes()
}

// Members come in any order: data before shape, matrix_type, rows or
// columns reads the same table.
func TestBIOMJSONMemberOrder(t *testing.T) {
	for _, file := range []string{"tiny.biom", "tiny-dense.biom"} {
		data := readTestdata(t, file)
		want, err := readBIOMJSON(data, Options{})
		if err != nil {
			t.Fatal(err)
		}
		for _, order := range [][]string{
			{"data", "shape", "matrix_type", "rows", "columns"},
			{"shape", "matrix_type", "data", "columns", "rows"},
			{"rows", "columns", "shape", "matrix_type", "data"},
			{"matrix_type", "data", "rows", "columns", "shape"},
			{"columns", "data", "matrix_type", "rows", "shape", "format"},
		} {
			got, err := readBIOMJSON(reorder(t, data, order...), Options{})
			if err != nil {
				t.Errorf("%s in order %q: %v", file, order, err)
				continue
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s in order %q: table differs:\n%+v\nwant\n%+v", file, order, got, want)
			}
		}
	}
}

// bytesAllocated returns the bytes f allocates.
func bytesAllocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// A declared 10⁹ × 10⁹ shape fails without allocating for it, whatever
// the member order and matrix type (testdata/bad/README.md, shape-bomb).
func TestBIOMJSONShapeBombMemory(t *testing.T) {
	bomb := readTestdata(t, "bad/shape-bomb.biom")
	dense := replaceOnce(t, replaceOnce(t, bomb, `"sparse"`, `"dense"`), `"data": [`, `"data": [[1, 2], [3, 4]], "x": [`)
	for name, data := range map[string][]byte{
		"sparse":            bomb,
		"sparse data first": reorder(t, bomb, "shape", "matrix_type", "data"),
		"dense":             dense,
		"dense data first":  reorder(t, dense, "matrix_type", "shape", "data"),
	} {
		var err error
		n := bytesAllocated(func() { _, err = readBIOMJSON(data, Options{}) })
		var pe *ParseError
		if !errors.As(err, &pe) || pe.Field != "shape" {
			t.Errorf("%s: error %v, want a ParseError on field shape", name, err)
		}
		if n > 1<<20 {
			t.Errorf("%s: %d bytes allocated for a %d-byte file, want under 1 MiB", name, n, len(data))
		}
	}
}

func TestBIOMJSONErrors(t *testing.T) {
	biom := readTestdata(t, "tiny.biom")
	dense := readTestdata(t, "tiny-dense.biom")
	tests := []struct {
		name      string
		data      []byte
		line, col int
		field     string
		msg       string
	}{
		// tiny.biom: line 28 is "    [0, 0, 120], [0, 1, 45],".
		{"bad-number", replaceOnce(t, biom, "[0, 0, 120]", "[0, 0, 12x]"), 28, 14, "data[0]", `expected , or ]`},
		{"plus-sign", replaceOnce(t, biom, "[0, 0, 120]", "[0, 0, +120]"), 28, 12, "data[0]", `expected a number, found "+120`},
		{"leading-dot", replaceOnce(t, biom, "[0, 0, 120]", "[0, 0, .5]"), 28, 12, "data[0]", `expected a number`},
		{"overflow", replaceOnce(t, biom, "[0, 0, 120]", "[0, 0, 1e999]"), 28, 12, "data[0]", `expected a number, found "1e999`},
		{"outside", replaceOnce(t, biom, "[0, 0, 120]", "[0, 9, 120]"), 28, 5, "data[0]", "outside the 8×4 shape"},
		// Line 8 is `  "rows": [`, the second rows member once one is added on line 5.
		{"twice", replaceOnce(t, biom, `"type": "OTU table",`, `"type": "OTU table", "rows": [],`), 8, 3, "rows", "appears twice"},
		{"trailing", append(append([]byte(nil), biom...), "{}"...), 0, 0, "", "after the top-level value"},
		{"no-colon", replaceOnce(t, biom, `"type": "OTU table"`, `"type" "OTU table"`), 5, 10, "", "expected :"},
		{"bad-rows", replaceOnce(t, biom, `"rows": [`, `"rows": {"a": [`), 8, 11, "rows", "expected a list"},
		{"bad-id", replaceOnce(t, biom, `{"id": "OTU3", `, `{"id": 3, `), 0, 0, "rows[2].id", "expected string"},
		{"data-truncated", biom[:bytes.Index(biom, []byte("[2, 0, 3]"))+4], 0, 0, "", "ends early"},
		{"dense-long", replaceOnce(t, dense, "[340, 12, 80, 0]", "[340, 12, 80, 0], [1, 1, 1, 1]"), 0, 0, "data[8]", "more rows than the 8 of the shape"},
		{"dense-short", replaceOnce(t, dense, "[340, 12, 80, 0],", ""), 0, 0, "data", "expected 8 rows, found 7"},
		{"negative-shape", replaceOnce(t, biom, `"shape": [8, 4]`, `"shape": [-8, 4]`), 0, 0, "shape", "expected [rows, columns]"},
	}
	for _, tt := range tests {
		_, err := readBIOMJSON(tt.data, Options{})
		checkParseError(t, tt.name, err, tt.line, tt.col, tt.field, tt.msg)
	}
}

// A dense table over MaxCells is refused before its data is read.
func TestBIOMJSONDenseTooLarge(t *testing.T) {
	data := []byte(`{"format": "1.0.0", "matrix_type": "dense", "shape": [20000, 20000], "data": [[1]],` +
		`"rows": [], "columns": []}` + strings.Repeat(" ", 120000))
	if _, err := readBIOMJSON(data, Options{}); !errors.Is(err, ErrTooLarge) {
		t.Errorf("error %v, want ErrTooLarge", err)
	}
}

// A byte-order mark, escaped member names, empty lists and null metadata
// are read; a null member is a missing one.
func TestBIOMJSONEdges(t *testing.T) {
	data := []byte("\xef\xbb\xbf{\"form\\u0061t\": \"1.0.0\", \"rows\": [{\"id\": \"a\", \"metadata\": null}, {\"id\": \"b\", \"metadata\": {\"Taxonomy\": \"k__Bacteria; g__Blautia\", \"other\": [1, {}]}}]," +
		" \"columns\": [{\"id\": \"S\", \"metadata\": {\"x\": 1}}], \"matrix_type\": \"sparse\", \"shape\": [2, 1], \"data\": [[1, 0, 2.5e1], [1, 0, -0], [0, 0, 0]]}\n")
	tab, err := readBIOMJSON(data, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if tab.Features[1].Lineage[5] != "Blautia" || tab.Features[0].Lineage != nil || !reflect.DeepEqual(tab.Columns[0].Index, []int{1}) || tab.Columns[0].Value[0] != 25 {
		t.Errorf("table %+v", tab)
	}
	empty := []byte(`{"format": "1.0.0", "rows": [], "columns": [], "matrix_type": "dense", "shape": [0, 0], "data": []}`)
	if tab, err := readBIOMJSON(empty, Options{}); err != nil || len(tab.Features) != 0 || len(tab.Samples) != 0 {
		t.Errorf("empty table: %+v, %v", tab, err)
	}
	null := bytes.Replace(empty, []byte(`"columns": []`), []byte(`"columns": null`), 1)
	_, err = readBIOMJSON(null, Options{})
	checkParseError(t, "null columns", err, 0, 0, "columns", "missing columns")
}

// Decoding the BIOM JSON tables of the corpus from their plain bytes
// (gzip removed once, outside the loop).
func BenchmarkReadBIOMJSON(b *testing.B) {
	for _, name := range biomJSONFiles[:3] {
		b.Run(strings.SplitN(name, ".", 2)[0], func(b *testing.B) {
			data := readPlain(b, filepath.Join(sharedDir, "corpus", "biom-json", name))
			b.ReportAllocs()
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				if _, err := readBIOMJSON(data, Options{Name: name}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// synthBIOM writes a samples × features BIOM 1.0 JSON table the way
// biom-format's Table.to_json does, like the tables of
// testdata/diversity/bench_vs_skbio.py: about 5 % of the cells non-zero,
// counts written as floats ("3.0"), ids F0… and S0…, metadata null.
func synthBIOM(samples, features int) []byte {
	rng := rand.New(rand.NewPCG(42, 0))
	var b bytes.Buffer
	fmt.Fprintf(&b, `{"id": "None","format": "Biological Observation Matrix 1.0.0","format_url": "http://biom-format.org","matrix_type": "sparse","generated_by": "bench","date": "2026-01-01T00:00:00","type": null,"matrix_element_type": "float","shape": [%d, %d],"data": [`, features, samples)
	sep := ""
	for f := range features {
		for s := range samples {
			if rng.Float64() < 0.05 || f == 0 {
				v := 1 + math.Floor(rng.ExpFloat64()*float64(1+f%50))
				fmt.Fprintf(&b, "%s[%d,%d,%.1f]", sep, f, s, v)
				sep = ","
			}
		}
	}
	b.WriteString(`],"rows": [`)
	for f := range features {
		if f > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"id": "F%d", "metadata": null}`, f)
	}
	b.WriteString(`],"columns": [`)
	for s := range samples {
		if s > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"id": "S%d", "metadata": null}`, s)
	}
	b.WriteString("]}")
	return b.Bytes()
}

// DecodeBytes on the tables of testdata/diversity/bench_vs_skbio.py, as
// `gutlens diversity` runs it: the synthetic 100×1000 and 1000×5000
// tables, and the HMP table with its gzip layer.
func BenchmarkDecodeBIOMJSON(b *testing.B) {
	hmp, _ := os.ReadFile(filepath.Join(sharedDir, "corpus", "biom-json", "HMPv35_100nt_even1k.json.biom.gz"))
	for _, c := range []struct {
		name string
		data []byte
	}{
		{"100x1000", synthBIOM(100, 1000)},
		{"1000x5000", synthBIOM(1000, 5000)},
		{"HMP-gzip", hmp},
	} {
		b.Run(c.name, func(b *testing.B) {
			if c.data == nil {
				b.Skip("not available")
			}
			b.ReportAllocs()
			b.SetBytes(int64(len(c.data)))
			for b.Loop() {
				if _, _, err := DecodeBytes(c.data, Options{Name: c.name}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// plainRow, the fast path for rows and columns elements, reads what
// encoding/json reads wherever it accepts an element, and leaves every
// other shape to encoding/json.
func TestPlainRow(t *testing.T) {
	for _, tt := range []struct {
		in    string
		plain bool
	}{
		{`{"id": "OTU1", "metadata": null}`, true},
		{`{"id":"OTU1","metadata":{"taxonomy":["k__Bacteria", "g__[Eubacterium]", "s__"]}}`, true},
		{`{ "metadata" : { "Taxonomy" : "k__B; p__F" } , "id" : "x" }`, true},
		{`{"id": "x", "metadata": {"taxonomy_string": null, "taxonomy": []}}`, true},
		{`{}`, true},
		{`{"id": "x", "metadata": {}}`, true},
		{`{"id": "a\"b", "metadata": null}`, false},                      // escape
		{`{"id": "x", "metadata": {"taxonomy": ["k__A\u00e9"]}}`, false}, // escape in the list
		{`{"id": "x", "id": "y", "metadata": null}`, false},              // repeated: encoding/json keeps the last
		{`{"ID": "x", "metadata": null}`, false},                         // encoding/json matches it case-insensitively
		{`{"id": "x", "metadata": {"confidence": 0.9}}`, false},          // other metadata
		{`{"id": "x", "metadata": {"taxonomy": [["a"]]}}`, false},
		{`{"id": "x", "metadata": {"taxonomy": ["a", ]}}`, false},
		{`{"id": 7, "metadata": null}`, false},
		{"{\"id\": \"\xff\", \"metadata\": null}", false}, // invalid UTF-8: encoding/json replaces it
	} {
		b := []byte("  " + tt.in + " ,")
		id, tax, end, ok := plainRow(b, 2)
		if ok != tt.plain {
			t.Errorf("plainRow(%s) ok = %v, want %v", tt.in, ok, tt.plain)
			continue
		}
		if !ok {
			continue
		}
		if end != 2+len(tt.in) {
			t.Errorf("plainRow(%s) ends at %d, want %d", tt.in, end, 2+len(tt.in))
		}
		var row biomRow
		if err := json.Unmarshal([]byte(tt.in), &row); err != nil {
			t.Fatalf("encoding/json on %s: %v", tt.in, err)
		}
		m := row.Metadata
		want := [...]biomTaxonomy{m.Taxonomy, m.TaxonomyUpper, m.TaxonomyString}
		if id != row.ID || !reflect.DeepEqual(tax, want) {
			t.Errorf("plainRow(%s) = %q %+v, encoding/json %q %+v", tt.in, id, tax, row.ID, want)
		}
	}
}

// checkScanNumber compares scanNumber on s, followed by a comma, with
// strconv.ParseFloat: the same bits for every JSON number strconv reads,
// ok false for the others.
func checkScanNumber(t *testing.T, s string) {
	t.Helper()
	v, end, ok := scanNumber([]byte(s+","), 0)
	want, err := strconv.ParseFloat(s, 64)
	number := json.Valid([]byte(s)) && s != "" && (s[0] == '-' || s[0] >= '0' && s[0] <= '9')
	switch {
	case number && err == nil:
		if !ok || end != len(s) || math.Float64bits(v) != math.Float64bits(want) {
			t.Errorf("scanNumber(%q) = %v, %d, %v; want %v, %d, true", s, v, end, ok, want, len(s))
		}
	case ok && end == len(s):
		t.Errorf("scanNumber(%q) = %v, %d, true; want not ok (valid JSON %v, strconv %v)", s, v, end, number, err)
	}
}

// scanNumber converts numbers, by its fast path or by strconv, to the
// float64 strconv gives.
func TestScanNumber(t *testing.T) {
	for _, s := range []string{"0", "-0", "-0.0", "1.0", "27", "0.125", "3e5", "1E+2", "2.5e-3", "0.000123",
		"9007199254740992", "9007199254740993", "9007199254740993.0", "12345678901234567890", "1e22", "1e23",
		"123456789012345678901234567890e-10", "0e400", "1e400", "1e-400", "4.9e-324", "1.7976931348623157e308",
		"0.1", "0.3", "1.00000000000000000000001", "00", "01", "1.", ".5", "-", "1e", "1e+", "+1", "- 1", "0x10"} {
		checkScanNumber(t, s)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	digits := func(n int) string {
		b := make([]byte, n)
		for k := range b {
			b[k] = byte('0' + rng.IntN(10)*rng.IntN(2)) // half zeros
		}
		return string(b)
	}
	for range 200000 {
		s := strings.TrimLeft(digits(1+rng.IntN(20)), "0")
		if s == "" {
			s = "0"
		}
		if rng.IntN(2) == 0 {
			s += "." + digits(1+rng.IntN(20))
		}
		if rng.IntN(3) == 0 {
			s += fmt.Sprintf("e%d", rng.IntN(80)-40)
		}
		if rng.IntN(4) == 0 {
			s = "-" + s
		}
		checkScanNumber(t, s)
	}
}

func FuzzScanNumber(f *testing.F) {
	for _, s := range []string{"1.0", "-0.0", "2.5e-3", "9007199254740993", "1e23", "0.000123"} {
		f.Add(s)
	}
	f.Fuzz(checkScanNumber)
}
