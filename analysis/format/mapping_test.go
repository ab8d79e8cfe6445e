package format

import (
	"bytes"
	"compress/gzip"
	"errors"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/gutlens/gutlens/analysis"
)

func mappingFile(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(testdata, name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// mappingValues returns sample s of t as feature id → value.
func mappingValues(t *analysis.Table, s int) map[string]float64 {
	out := map[string]float64{}
	c := t.Columns[s]
	for k, i := range c.Index {
		out[t.Features[i].ID] = c.Value[k]
	}
	return out
}

var consumerValues = map[string]float64{"Bacteroides": 32.5, "Faecalibacterium": 18.25, "Prevotella": 12, "Akkermansia": 4.75, "Escherichia": 1.5, "Overig": 31}

func TestPreviewConsumerSemicolons(t *testing.T) {
	data := mappingFile(t, "formats3/consumer-nl.csv")
	if _, _, err := Decode(bytes.NewReader(data), Options{}); err == nil {
		t.Fatal("the generic reader reads consumer-nl.csv; the test file should be one it refuses")
	}
	p, err := Preview(data)
	if err != nil {
		t.Fatal(err)
	}
	if p.Delimiter != ";" || !p.DecimalComma || p.NRows != 6 || len(p.Rows) != 6 || p.Format != "csv" {
		t.Errorf("preview = delimiter %q, decimal comma %v, %d rows (%d shown), format %q", p.Delimiter, p.DecimalComma, p.NRows, len(p.Rows), p.Format)
	}
	if want := []string{"Bacterie", "Percentage", "Categorie"}; !reflect.DeepEqual(p.Header, want) {
		t.Errorf("header = %q, want %q", p.Header, want)
	}
	if want := []bool{false, true, false}; !reflect.DeepEqual(p.Numeric, want) {
		t.Errorf("numeric = %v, want %v", p.Numeric, want)
	}
	if want := []string{"taxon", "value", ""}; !reflect.DeepEqual(p.Roles, want) {
		t.Errorf("roles = %q, want %q", p.Roles, want)
	}
	g := p.Guess
	if g.Layout != LayoutWide || g.Orientation != OrientTaxaInRows || g.TaxonColumn != 0 || !reflect.DeepEqual(g.ValueColumns, []int{1}) || !g.DecimalComma {
		t.Errorf("guess = %+v", g)
	}
	// The guess reads the file.
	tab, err := DecodeMapped(data, g, Options{Name: "consumer-nl.csv"})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(tab.Samples, []string{"consumer-nl"}) || tab.Unit != analysis.UnitPercent || tab.Provenance.Format != "csv-mapped" || tab.Provenance.SHA256 == "" {
		t.Errorf("table: samples %q, unit %v, format %q", tab.Samples, tab.Unit, tab.Provenance.Format)
	}
	if got := mappingValues(tab, 0); !reflect.DeepEqual(got, consumerValues) {
		t.Errorf("values = %v, want %v", got, consumerValues)
	}
	notes := strings.Join(tab.Provenance.Notes, "\n")
	for _, want := range []string{`column mapping: taxa in rows named by column "Bacterie"; samples in columns "Percentage"`, "decimal commas", "1 other columns ignored"} {
		if !strings.Contains(notes, want) {
			t.Errorf("notes lack %q:\n%s", want, notes)
		}
	}
}

// A mapped file reads exactly like the equivalent plain table.
func TestDecodeMappedEqualsPlain(t *testing.T) {
	plain, _, err := Decode(bytes.NewReader(mappingFile(t, "formats3/consumer-nl-plain.csv")), Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, file := range []string{"formats3/consumer-nl.csv", "formats3/consumer-en.csv"} {
		data := mappingFile(t, file)
		p, err := Preview(data)
		if err != nil {
			t.Fatal(err)
		}
		tab, err := DecodeMapped(data, p.Guess, Options{Name: "consumer-nl.csv"})
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		if file == "formats3/consumer-en.csv" {
			tab.Features[5].ID = "Overig" // "Other" in English
		}
		if !reflect.DeepEqual(tab.Samples, plain.Samples) || !reflect.DeepEqual(tab.Features, plain.Features) ||
			!reflect.DeepEqual(tab.Columns, plain.Columns) || tab.Unit != plain.Unit || tab.UnclassifiedKnown != plain.UnclassifiedKnown {
			t.Errorf("%s: mapped table differs from the plain one:\n%+v\n%+v", file, tab, plain)
		}
	}
}

func TestPreviewOddHeaders(t *testing.T) {
	// Comma-separated, quoted header with a comma, "%" values, a taxid column.
	data := []byte("\xef\xbb\xbf\"Taxon name, full\",NCBI taxid,\"Relative abundance (%)\"\r\n" +
		"Bacteroides,816,\"40 %\"\r\nBlautia,572511,60%\r\n")
	p, err := Preview(data)
	if err != nil {
		t.Fatal(err)
	}
	if p.Delimiter != "," || p.DecimalComma || p.Header[0] != "Taxon name, full" {
		t.Errorf("preview = %+v", p)
	}
	if g := p.Guess; g.TaxonColumn != 0 || !reflect.DeepEqual(g.ValueColumns, []int{2}) {
		t.Errorf("guess = %+v: want taxon 0, values [2] (the taxid is no value)", g)
	}
	tab, err := DecodeMapped(data, p.Guess, Options{Name: "export.csv"})
	if err != nil {
		t.Fatal(err)
	}
	if got := mappingValues(tab, 0); got["Bacteroides"] != 40 || got["Blautia"] != 60 || tab.Samples[0] != "export" || tab.Unit != analysis.UnitPercent {
		t.Errorf("table = %v %v %v", tab.Samples, got, tab.Unit)
	}
}

func TestDecodeMappedLong(t *testing.T) {
	data := []byte("Monster\tBacterie\tAantal reads\tOpmerking\nA\tBlautia\t10\tx\nA\tDorea\t5\t\nB\tBlautia\t7\ty\n")
	p, err := Preview(data)
	if err != nil {
		t.Fatal(err)
	}
	g := p.Guess
	if g.Layout != LayoutLong || g.SampleColumn != 0 || g.TaxonColumn != 1 || g.ValueColumn != 2 {
		t.Fatalf("guess = %+v", g)
	}
	if want := []string{"sample", "taxon", "value", ""}; !reflect.DeepEqual(p.Roles, want) {
		t.Errorf("roles = %q", p.Roles)
	}
	tab, err := DecodeMapped(data, g, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(tab.Samples, []string{"A", "B"}) || tab.Unit != analysis.UnitCounts {
		t.Errorf("samples %q unit %v", tab.Samples, tab.Unit)
	}
	if a, b := mappingValues(tab, 0), mappingValues(tab, 1); a["Blautia"] != 10 || a["Dorea"] != 5 || b["Blautia"] != 7 || len(b) != 1 {
		t.Errorf("values %v %v", a, b)
	}
	if !strings.Contains(strings.Join(tab.Provenance.Notes, "\n"), `long format: taxon column "Bacterie", sample column "Monster", value column "Aantal reads"`) {
		t.Errorf("notes = %q", tab.Provenance.Notes)
	}
}

func TestDecodeMappedSamplesInRowsAndUnit(t *testing.T) {
	data := []byte("id;Blautia;Dorea\nS1;1,5;2,5\nS2;3;\n")
	m := Mapping{Orientation: OrientSamplesInRows, SampleColumn: 0, ValueColumns: []int{1, 2}, DecimalComma: true, Unit: "abundance"}
	tab, err := DecodeMapped(data, m, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(tab.Samples, []string{"S1", "S2"}) || len(tab.Features) != 2 || tab.Unit != analysis.UnitAbundance {
		t.Fatalf("table %+v", tab)
	}
	if a, b := mappingValues(tab, 0), mappingValues(tab, 1); a["Blautia"] != 1.5 || a["Dorea"] != 2.5 || b["Blautia"] != 3 || len(b) != 1 {
		t.Errorf("values %v %v", a, b)
	}
}

func TestDecodeMappedRepeatedTaxaSummed(t *testing.T) {
	data := []byte("taxon,reads\nBlautia,3\nDorea,1\nBlautia,4\n")
	tab, err := DecodeMapped(data, Mapping{TaxonColumn: 0, ValueColumns: []int{1}}, Options{Name: "r.csv"})
	if err != nil {
		t.Fatal(err)
	}
	if got := mappingValues(tab, 0); got["Blautia"] != 7 || len(tab.Features) != 2 {
		t.Errorf("values %v", got)
	}
	if !strings.Contains(strings.Join(tab.Provenance.Notes, "\n"), "1 repeated taxon rows summed") {
		t.Errorf("notes %q", tab.Provenance.Notes)
	}
}

func TestDecodeMappedErrors(t *testing.T) {
	data := []byte("Bacterie;Percentage;Categorie\nBacteroides;32,5;Goed\nBlautia;abc;Goed\n")
	for _, c := range []struct {
		m    Mapping
		want string
	}{
		{Mapping{TaxonColumn: 0, ValueColumns: []int{1}}, `line 2, column 2: column "Percentage": expected a number written like 1234.5, found "32,5" (decimal commas? choose them in the mapping)`},
		{Mapping{TaxonColumn: 0, ValueColumns: []int{1}, DecimalComma: true}, `line 3, column 2: column "Percentage": expected a number written like 1234,5, found "abc"`},
		{Mapping{TaxonColumn: 0, ValueColumns: []int{7}}, "column 8 does not exist"},
		{Mapping{TaxonColumn: 0}, "expected at least one value column"},
		{Mapping{TaxonColumn: 0, ValueColumns: []int{1, 1}}, "chosen twice"},
		{Mapping{Layout: LayoutLong, TaxonColumn: 0, SampleColumn: 0, ValueColumn: 1}, "must differ"},
		{Mapping{Layout: "diagonal"}, `expected "wide" or "long"`},
		{Mapping{TaxonColumn: 0, ValueColumns: []int{1}, Unit: "grams"}, "unknown unit"},
	} {
		_, err := DecodeMapped(data, c.m, Options{Name: "x.csv"})
		var pe *ParseError
		if err == nil || !errors.As(err, &pe) || !strings.Contains(err.Error(), c.want) || pe.File != "x.csv" {
			t.Errorf("%+v: error %v, want a ParseError with %q", c.m, err, c.want)
		}
	}
	if _, err := DecodeMapped([]byte("a;b\n-1;-2\n"), Mapping{TaxonColumn: 0, ValueColumns: []int{1}}, Options{}); err == nil || !strings.Contains(err.Error(), "non-negative") {
		t.Errorf("negative value: %v", err)
	}
}

func TestPreviewRefusesBinaryAndPlainText(t *testing.T) {
	for _, data := range [][]byte{mappingFile(t, "tiny-dense.biom")[:0], []byte("\x89HDF\r\n\x1a\nxxxx"), []byte("just words\nno delimiter\n"), {0, 1, 2}} {
		if p, err := Preview(data); err == nil {
			t.Errorf("Preview(%q) = %+v, want an error", data, p)
		}
	}
}

func TestPreviewAndDecodeAsMothur(t *testing.T) {
	data := mappingFile(t, "formats2/tiny.shared")
	var gz bytes.Buffer
	w := gzip.NewWriter(&gz)
	w.Write(data)
	w.Close()
	p, err := Preview(gz.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if p.Format != "mothur-shared" || !reflect.DeepEqual(p.Labels, []string{"unique", "0.03"}) || p.DefaultLabel != "0.03" {
		t.Errorf("preview: format %q labels %q default %q", p.Format, p.Labels, p.DefaultLabel)
	}
	tab, name, err := DecodeAs(gz.Bytes(), Reading{Label: "unique"}, Options{Name: "tiny.shared.gz"})
	if err != nil {
		t.Fatal(err)
	}
	if name != "mothur-shared" || !tab.Provenance.Gzip || len(tab.Features) != 4 || tab.Provenance.Version != "unique" {
		t.Errorf("label unique: %s, %d features, version %q", name, len(tab.Features), tab.Provenance.Version)
	}
	if _, _, err := DecodeAs(data, Reading{Label: "0.5"}, Options{}); err == nil {
		t.Error("an unknown label was read")
	}
	if _, _, err := DecodeAs([]byte("a,b\nx,1\n"), Reading{Label: "0.03"}, Options{}); err == nil {
		t.Error("a label was applied to a CSV")
	}
	if _, _, err := DecodeAs(data, Reading{Label: "0.03", Orientation: OrientTaxaInRows}, Options{}); err == nil {
		t.Error("two readings at once were accepted")
	}
}

func TestDecodeAsOrientation(t *testing.T) {
	data := mappingFile(t, "formats2/tiny-samples-in-rows.csv")
	auto, _, err := Decode(bytes.NewReader(data), Options{})
	if err != nil {
		t.Fatal(err)
	}
	same, _, err := DecodeAs(data, Reading{Orientation: OrientSamplesInRows}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(same.Samples, auto.Samples) || !reflect.DeepEqual(same.Columns, auto.Columns) || len(same.Samples) != 2 {
		t.Errorf("samples-in-rows differs from the detected orientation: %q vs %q", same.Samples, auto.Samples)
	}
	flip, _, err := DecodeAs(data, Reading{Orientation: OrientTaxaInRows}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(flip.Samples, []string{"-1", "Blautia", "Bacteroides", "Faecalibacterium"}) || len(flip.Features) != 2 {
		t.Errorf("flipped: samples %q, %d features", flip.Samples, len(flip.Features))
	}
	if !strings.HasPrefix(flip.Provenance.Notes[0], "orientation: features (taxa) in rows, samples in columns (chosen by you)") {
		t.Errorf("notes %q", flip.Provenance.Notes)
	}
	if _, _, err := DecodeAs(mappingFile(t, "formats2/tiny-long.csv"), Reading{Orientation: OrientTaxaInRows}, Options{}); err == nil {
		t.Error("a long table was given an orientation")
	}
	if _, _, err := DecodeAs(data, Reading{Orientation: "sideways"}, Options{}); err == nil {
		t.Error("orientation sideways accepted")
	}
}

func FuzzMapping(f *testing.F) {
	addSeeds(f, "formats3/*.csv", "formats2/*.csv", "formats2/tiny.shared", "tiny.tsv")
	exports, err := filepath.Glob(filepath.Join("testdata", "mapping", "*.*sv"))
	if err != nil || len(exports) == 0 {
		f.Fatalf("no testdata/mapping seeds: %v", err)
	}
	for _, path := range exports {
		f.Add(exportFile(f, filepath.Base(path)))
	}
	f.Add([]byte("Titel\r\nTaxon;Reads;Aandeel\r\nA;1.234;12,5 %\r\n\"B; c\";5;1 %\r\nTotaal;1.239;13,5 %\r\nNoot\r\n"))
	f.Add([]byte("Report,,\nTaxon,Reads\nA,\"1,234\"\nB,12.5\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > maxFuzzInput {
			return
		}
		p, err := Preview(data)
		if err != nil {
			return
		}
		if len(p.Roles) != len(p.Header) || len(p.Numeric) != len(p.Header) || len(p.Units) != len(p.Header) {
			t.Fatalf("%d roles, %d numeric flags, %d units for %d header cells", len(p.Roles), len(p.Numeric), len(p.Units), len(p.Header))
		}
		if p.HeaderLine < 1 || p.Guess.HeaderLine != p.HeaderLine || len(p.Preamble) > p.HeaderLine-1 {
			t.Fatalf("header line %d, guessed %d, %d preamble lines", p.HeaderLine, p.Guess.HeaderLine, len(p.Preamble))
		}
		if _, err := styleOf(p.Guess.DecimalComma, p.Guess.Thousands); err != nil || p.Decimal != "." && p.Decimal != "," {
			t.Fatalf("decimal %q, thousands %q: %v", p.Decimal, p.Thousands, err)
		}
		// The header line found is the one read when the caller names it.
		again, err := PreviewHeader(data, p.HeaderLine)
		if err != nil || !reflect.DeepEqual(again.Header, p.Header) || again.HeaderLine != p.HeaderLine {
			t.Fatalf("PreviewHeader(%d) = %+v, %v; want header %q", p.HeaderLine, again, err, p.Header)
		}
		for _, m := range []Mapping{p.Guess, {TaxonColumn: 0, ValueColumns: []int{1}, DecimalComma: true}, {Layout: LayoutLong, TaxonColumn: 0, SampleColumn: 1, ValueColumn: 2}, {TaxonColumn: 0, ValueColumns: []int{1}, Thousands: ",", HeaderLine: p.HeaderLine}} {
			tab, err := DecodeMapped(data, m, Options{Name: "fuzz.csv"})
			if err != nil {
				var pe *ParseError
				var ue *UnsupportedError
				if !errors.As(err, &pe) && !errors.As(err, &ue) && !errors.Is(err, ErrTooLarge) {
					t.Fatalf("error of type %T: %v", err, err)
				}
				continue
			}
			checkFuzzTable(t, tab)
			for _, c := range tab.Columns {
				for _, v := range c.Value {
					if v < 0 || math.IsNaN(v) || math.IsInf(v, 0) {
						t.Fatalf("value %v", v)
					}
				}
			}
		}
	})
}
