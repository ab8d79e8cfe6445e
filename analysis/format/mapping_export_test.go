package format

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/gutlens/gutlens/analysis"
)

// The exports of testdata/mapping (see its README for every line number
// and value below).

func exportFile(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "mapping", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// Read counts of the six taxa of lab-report-nl.csv and report-en.csv,
// summing to the 45,678 of their total rows.
var exportReads = map[string]float64{"Bacteroides": 14845, "Faecalibacterium": 8336, "Prevotella": 5481, "Akkermansia": 2170, "Escherichia": 685, "Overig": 14161}

// rename returns m with key old called new.
func rename(m map[string]float64, old, new string) map[string]float64 {
	out := map[string]float64{}
	for k, v := range m {
		if k == old {
			k = new
		}
		out[k] = v
	}
	return out
}

func notesHave(t *testing.T, tab *analysis.Table, want ...string) {
	t.Helper()
	notes := strings.Join(tab.Provenance.Notes, "\n")
	for _, w := range want {
		if !strings.Contains(notes, w) {
			t.Errorf("notes lack %q:\n%s", w, notes)
		}
	}
}

func TestPreviewLabReport(t *testing.T) {
	data := exportFile(t, "lab-report-nl.csv")
	p, err := Preview(data)
	if err != nil {
		t.Fatal(err)
	}
	if p.Delimiter != ";" || p.HeaderLine != 8 || p.NRows != 8 || len(p.Rows) != 8 {
		t.Errorf("delimiter %q, header line %d, %d rows (%d shown); want \";\", 8, 8 (6 taxa, a total, a note)", p.Delimiter, p.HeaderLine, p.NRows, len(p.Rows))
	}
	if want := []string{"Bacterie", "Aantal reads", "Relatief aandeel", "Beoordeling"}; !reflect.DeepEqual(p.Header, want) {
		t.Errorf("header = %q, want %q", p.Header, want)
	}
	if len(p.Preamble) != 7 || p.Preamble[0] != "Darmflora-analyse — Laboratorium Voorbeeld B.V." || p.Preamble[5] != "Totaal aantal reads;45.678" {
		t.Errorf("preamble = %q", p.Preamble)
	}
	if p.Rows[4][0] != "Escherichia; Shigella" || p.Rows[4][2] != "1,5 %" {
		t.Errorf("row 5 = %q, want the quoted name whole", p.Rows[4])
	}
	if p.Decimal != "," || p.Thousands != "." || !p.DecimalComma || p.NumberAmbiguous ||
		!strings.Contains(p.NumberNote, `a decimal comma and '.' between thousands, as "32,5 %" (line 9, column "Relatief aandeel"), and "14.845" (line 9, column "Aantal reads")`) {
		t.Errorf("numbers: decimal %q, thousands %q, ambiguous %v, note %q", p.Decimal, p.Thousands, p.NumberAmbiguous, p.NumberNote)
	}
	if want := []bool{false, true, true, false}; !reflect.DeepEqual(p.Numeric, want) {
		t.Errorf("numeric = %v, want %v", p.Numeric, want)
	}
	if want := []string{"", "", "percent", ""}; !reflect.DeepEqual(p.Units, want) {
		t.Errorf("units = %q, want %q", p.Units, want)
	}
	if want := []string{`line 16: "Totaal" (a total row)`, `line 18: "Dit rapport is geen medische diagnose." (text, not a row of the table)`}; !reflect.DeepEqual(p.Skipped, want) {
		t.Errorf("skipped = %q, want %q", p.Skipped, want)
	}
	// Reads beside shares: the reads are guessed as the one sample.
	g := p.Guess
	if g.Layout != LayoutWide || g.TaxonColumn != 0 || !reflect.DeepEqual(g.ValueColumns, []int{1}) || !g.DecimalComma || g.Thousands != "." || g.HeaderLine != 8 {
		t.Errorf("guess = %+v", g)
	}
	tab, err := DecodeMapped(data, g, Options{Name: "lab-report-nl.csv"})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(tab.Samples, []string{"lab-report-nl"}) || tab.Unit != analysis.UnitCounts {
		t.Errorf("samples %q, unit %v", tab.Samples, tab.Unit)
	}
	if got, want := mappingValues(tab, 0), rename(exportReads, "Escherichia", "Escherichia; Shigella"); !reflect.DeepEqual(got, want) {
		t.Errorf("values = %v, want %v", got, want)
	}
	notesHave(t, tab, "header on line 8: lines 1–7 above it", "1 total rows left out: line 16", "1 lines of text below or inside the table left out: line 18",
		"decimal commas read as decimal points", `thousands separators '.' removed`, "2 other columns ignored")

	// The shares instead: percent, from the % signs, equal to consumer-nl.csv.
	g.ValueColumns = []int{2}
	tab, err = DecodeMapped(data, g, Options{Name: "lab-report-nl.csv"})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := mappingValues(tab, 0), rename(consumerValues, "Escherichia", "Escherichia; Shigella"); !reflect.DeepEqual(got, want) || tab.Unit != analysis.UnitPercent {
		t.Errorf("shares = %v (%v), want %v in percent", got, tab.Unit, want)
	}
	notesHave(t, tab, "values read as percent: 6 are written with a % sign")
}

func TestPreviewReportEN(t *testing.T) {
	data := exportFile(t, "report-en.csv")
	p, err := Preview(data)
	if err != nil {
		t.Fatal(err)
	}
	if p.Delimiter != "," || p.HeaderLine != 5 || len(p.Preamble) != 4 || p.Preamble[1] != `"Sample ID: GM-2024-0457, stool",,,` {
		t.Errorf("delimiter %q, header line %d, preamble %q", p.Delimiter, p.HeaderLine, p.Preamble)
	}
	if p.Decimal != "." || p.Thousands != "," || p.NumberAmbiguous || !strings.Contains(p.NumberNote, `"14,845" (line 6, column "Read count")`) {
		t.Errorf("numbers: decimal %q, thousands %q, ambiguous %v, note %q", p.Decimal, p.Thousands, p.NumberAmbiguous, p.NumberNote)
	}
	if g := p.Guess; g.TaxonColumn != 0 || !reflect.DeepEqual(g.ValueColumns, []int{2}) || g.DecimalComma || g.Thousands != "," {
		t.Errorf("guess = %+v", g)
	}
	tab, err := DecodeMapped(data, p.Guess, Options{Name: "report-en.csv"})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := mappingValues(tab, 0), rename(exportReads, "Overig", "Other"); !reflect.DeepEqual(got, want) || tab.Unit != analysis.UnitCounts {
		t.Errorf("values = %v (%v), want %v", got, tab.Unit, want)
	}
	notesHave(t, tab, "header on line 5", "1 total rows left out: line 12", `thousands separators ',' removed`)
}

func TestMappedLongSpaces(t *testing.T) {
	data := exportFile(t, "long-spaces.tsv")
	p, err := Preview(data)
	if err != nil {
		t.Fatal(err)
	}
	g := p.Guess
	if g.Layout != LayoutLong || g.SampleColumn != 0 || g.TaxonColumn != 1 || g.ValueColumn != 2 || !g.DecimalComma || g.Thousands != " " {
		t.Fatalf("guess = %+v", g)
	}
	tab, err := DecodeMapped(data, g, Options{})
	if err != nil {
		t.Fatal(err)
	}
	s1, s2 := mappingValues(tab, 0), mappingValues(tab, 1)
	if want := map[string]float64{"Bacteroides": 14845, "Faecalibacterium": 8336, "Prevotella": 5481}; !reflect.DeepEqual(s1, want) {
		t.Errorf("S1 = %v, want %v", s1, want)
	}
	if want := map[string]float64{"Bacteroides": 1234, "Blautia": 987}; !reflect.DeepEqual(s2, want) {
		t.Errorf("S2 = %v, want %v (the Total row left out)", s2, want)
	}
	// The shares, headed "Abundance (%)", are percent.
	g.ValueColumn = 3
	tab, err = DecodeMapped(data, g, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if s2 := mappingValues(tab, 1); s2["Bacteroides"] != 10.5 || s2["Blautia"] != 8.4 || tab.Unit != analysis.UnitPercent {
		t.Errorf("S2 shares = %v (%v)", s2, tab.Unit)
	}
}

// "1,234" alone is 1.234 or 1234: decided, and said to be ambiguous.
func TestPreviewNumberAmbiguity(t *testing.T) {
	for _, c := range []struct {
		file                 string
		decimal, thousands   string
		ambiguous            bool
		note                 string
		bacteroides, blautia float64
	}{
		{"thousands-ambiguous.csv", ".", ",", true, "separated by commas", 1234, 2500},
		{"thousands-ambiguous-semicolon.csv", ",", "", true, "separated by semicolons", 1.234, 2.5},
		{"decimal-settled.csv", ",", "", false, `the same column writes "12345" (line 3, column "Reads") without a thousands separator`, 1.234, 12345},
	} {
		data := exportFile(t, c.file)
		p, err := Preview(data)
		if err != nil {
			t.Fatal(err)
		}
		if p.Decimal != c.decimal || p.Thousands != c.thousands || p.NumberAmbiguous != c.ambiguous ||
			!strings.Contains(p.NumberNote, `"1,234" (line 2, column "Reads")`) || !strings.Contains(p.NumberNote, c.note) {
			t.Errorf("%s: decimal %q, thousands %q, ambiguous %v, note %q; want %q, %q, %v, %q", c.file, p.Decimal, p.Thousands, p.NumberAmbiguous, p.NumberNote, c.decimal, c.thousands, c.ambiguous, c.note)
		}
		tab, err := DecodeMapped(data, p.Guess, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if v := mappingValues(tab, 0); v["Bacteroides"] != c.bacteroides || v["Blautia"] != c.blautia || v["Dorea"] != 987 {
			t.Errorf("%s: values %v", c.file, v)
		}
	}
}

func TestPreviewHeaderOverride(t *testing.T) {
	data := exportFile(t, "lab-report-nl.csv")
	p, err := PreviewHeader(data, 2)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(p.Header, []string{"Rapport", "Microbioom profiel"}) || p.HeaderLine != 2 || !reflect.DeepEqual(p.Preamble, []string{"Darmflora-analyse — Laboratorium Voorbeeld B.V."}) {
		t.Errorf("header line 2: header %q, line %d, preamble %q", p.Header, p.HeaderLine, p.Preamble)
	}
	for _, c := range []struct {
		line int
		msg  string
	}{{7, "line 7 is empty"}, {99, "no record on line 99"}} {
		_, err := PreviewHeader(data, c.line)
		checkParseError(t, "PreviewHeader", err, c.line, 0, "header line", c.msg)
		_, err = DecodeMapped(data, Mapping{HeaderLine: c.line, TaxonColumn: 0, ValueColumns: []int{1}}, Options{})
		checkParseError(t, "DecodeMapped", err, c.line, 0, "header line", c.msg)
	}
	// The header line of the mapping is the one read: line 8 as found.
	m := Mapping{HeaderLine: 8, TaxonColumn: 0, ValueColumns: []int{1}, DecimalComma: true, Thousands: "."}
	tab, err := DecodeMapped(data, m, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := mappingValues(tab, 0); got["Overig"] != 14161 || len(got) != 6 {
		t.Errorf("values %v", got)
	}
}

func TestDecodeMappedBadNumbers(t *testing.T) {
	data := exportFile(t, "lab-report-nl.csv")
	m := Mapping{TaxonColumn: 0, ValueColumns: []int{1}, DecimalComma: true, Thousands: "."}
	shares := m
	shares.ValueColumns = []int{2}
	for _, c := range []struct {
		old, new string
		m        Mapping
		want     string
	}{
		// Prevotella is line 11.
		{"5.481", "5.48.1", m, `line 11, column 2: column "Aantal reads": expected a number written like 1.234,5, found "5.48.1"`},
		{"5.481", "5,481.0", m, `found "5,481.0" (a decimal point? clear the decimal comma in the mapping)`},
		{"12,0 %", "12.0 %", shares, `line 11, column 3: column "Relatief aandeel": expected a number written like 1.234,5, found "12.0 %" (a decimal point?`},
		{"12,0 %", "-12 %", shares, `line 11, column 3: column "Relatief aandeel": expected a non-negative abundance, found -12`},
		{"5.481", "5 481", m, `found "5 481" (thousands separators? choose them in the mapping)`},
	} {
		_, err := DecodeMapped(replaceOnce(t, data, c.old, c.new), c.m, Options{Name: "lab.csv"})
		var pe *ParseError
		if !errors.As(err, &pe) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q → %q: error %v, want a ParseError with %q", c.old, c.new, err, c.want)
		}
	}
	for _, th := range []string{"x", ",,"} {
		_, err := DecodeMapped(data, Mapping{TaxonColumn: 0, ValueColumns: []int{1}, Thousands: th}, Options{})
		checkParseError(t, "thousands "+th, err, 0, 0, "thousands", "expected")
	}
	_, err := DecodeMapped(data, Mapping{TaxonColumn: 0, ValueColumns: []int{1}, DecimalComma: true, Thousands: ","}, Options{})
	checkParseError(t, "thousands and decimal ,", err, 0, 0, "thousands", "both")
}

func TestSplitRecords(t *testing.T) {
	text := "a;\"b;c\";\"d \"\"e\"\"\"\r\n\r\n;;\r\"multi\nline\";2\n\"unclosed;3\nx\"y;\"q\" z;4"
	recs, lines := splitRecords(text, ';', 0)
	want := [][]string{{"a", "b;c", `d "e"`}, {"multi\nline", "2"}, {`"unclosed`, "3"}, {`x"y`, `"q" z`, "4"}}
	if !reflect.DeepEqual(recs, want) || !reflect.DeepEqual(lines, []int{1, 4, 6, 7}) {
		t.Errorf("splitRecords = %q on lines %v, want %q on 1, 4, 6, 7", recs, lines, want)
	}
}

func TestSniffDelimiter(t *testing.T) {
	for _, c := range []struct {
		text string
		want byte
	}{
		{"Bacterie;Percentage\nBacteroides;32,5\nBlautia;1,5\n", ';'},
		{"Titel van het rapport, versie 2\nTaxon;Aandeel\nA;1,5\nB;2,5\nC;3\n", ';'},
		{"\"Taxon, name\",value\n\"A, b\",\"1,234\"\n", ','},
		{"OTU\tS1\ttaxonomy\nO1\t3\tk__B; p__F; g__X\nO2\t1\tk__B; p__F; g__Y\n", '\t'},
		{"clade|value\nk__B|12\n", '|'},
		{"just words\nno delimiter\n", 0},
	} {
		if got := sniffDelimiter(c.text); got != c.want {
			t.Errorf("sniffDelimiter(%q) = %q, want %q", c.text, got, c.want)
		}
	}
}

func TestNumberStyleParse(t *testing.T) {
	point, comma := numberStyle{'.', 0}, numberStyle{',', 0}
	for _, c := range []struct {
		st      numberStyle
		s       string
		v       float64
		pct, ok bool
	}{
		{point, "1234.5", 1234.5, false, true},
		{point, " -3 ", -3, false, true},
		{point, "+3", 3, false, true},
		{point, "1e-3", 0.001, false, true},
		{point, ".5", 0.5, false, true},
		{point, "12.5 %", 12.5, true, true},
		{point, "5.", 0, false, false},
		{point, "1,234", 0, false, false},
		{point, "1.2.3", 0, false, false},
		{point, "abc", 0, false, false},
		{point, "%", 0, true, false},
		{point, "1e999", 0, false, false},
		{numberStyle{'.', ','}, "1,234.5", 1234.5, false, true},
		{numberStyle{'.', ','}, "12,345,678", 12345678, false, true},
		{numberStyle{'.', ','}, "1234", 1234, false, true},
		{numberStyle{'.', ','}, "1,23", 0, false, false},
		{numberStyle{'.', ','}, "1234,567", 0, false, false},
		{numberStyle{'.', ','}, ",123", 0, false, false},
		{numberStyle{'.', ','}, "1,,234", 0, false, false},
		{comma, "12,5%", 12.5, true, true},
		{comma, "12.5", 0, false, false},
		{numberStyle{',', '.'}, "1.234,5", 1234.5, false, true},
		{numberStyle{',', '.'}, "1.234.567", 1234567, false, true},
		{numberStyle{',', ' '}, "1 234,5", 1234.5, false, true},
		{numberStyle{',', ' '}, "1\u00a0234", 1234, false, true},
		{numberStyle{',', ' '}, "1\u202f234,5 %", 1234.5, true, true},
		{numberStyle{',', ' '}, "1  234", 0, false, false},
		{numberStyle{'.', '\''}, "1'234.5", 1234.5, false, true},
	} {
		v, pct, ok := c.st.parse(c.s)
		if v != c.v || pct != c.pct || ok != c.ok {
			t.Errorf("%v.parse(%q) = %v, %v, %v; want %v, %v, %v", c.st, c.s, v, pct, ok, c.v, c.pct, c.ok)
		}
	}
}

func TestIsSummaryName(t *testing.T) {
	for s, want := range map[string]bool{
		"Total": true, "TOTAL": true, "Totaal:": true, "Totaal (100%)": true, "Sum of reads": true, "Summe": true,
		"Grand total": true, "Gesamt": true, "total_reads": true,
		"Totalis": false, "Bacteroides": false, "Summus": false, "Grand": false, "": false, "Somatogyrus": false,
	} {
		if got := isSummaryName(s); got != want {
			t.Errorf("isSummaryName(%q) = %v, want %v", s, got, want)
		}
	}
}

// Without a header the first record is the header, as before.
func TestPreviewHeaderless(t *testing.T) {
	p, err := Preview([]byte("Bacteroides;32,5\nBlautia;12\n"))
	if err != nil {
		t.Fatal(err)
	}
	if p.HeaderLine != 1 || p.Header[0] != "Bacteroides" || p.Preamble != nil {
		t.Errorf("header line %d, header %q, preamble %q", p.HeaderLine, p.Header, p.Preamble)
	}
}

// Old Mac spreadsheets end lines with CR alone.
func TestDecodeMappedCR(t *testing.T) {
	data := []byte("Report\r\rTaxon;Reads\rBlautia;1.234\rDorea;5\r")
	p, err := Preview(data)
	if err != nil {
		t.Fatal(err)
	}
	// "1.234" alone is ambiguous; with ";" it is read the European way.
	if p.HeaderLine != 3 || p.Thousands != "." || p.Decimal != "," || !p.NumberAmbiguous {
		t.Errorf("header line %d, thousands %q, decimal %q, ambiguous %v", p.HeaderLine, p.Thousands, p.Decimal, p.NumberAmbiguous)
	}
	tab, err := DecodeMapped(data, p.Guess, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := mappingValues(tab, 0); got["Blautia"] != 1234 || got["Dorea"] != 5 {
		t.Errorf("values %v", got)
	}
}

// A lab's export: the header below a preamble, ";" with decimal commas,
// "." between thousands, a total row and a note below the table.
func ExamplePreview() {
	data, err := os.ReadFile("testdata/mapping/lab-report-nl.csv")
	if err != nil {
		panic(err)
	}
	p, err := Preview(data)
	if err != nil {
		panic(err)
	}
	fmt.Printf("header on line %d: %q\n", p.HeaderLine, p.Header)
	fmt.Printf("delimiter %q, decimal %q, thousands %q, units %q\n", p.Delimiter, p.Decimal, p.Thousands, p.Units)
	fmt.Printf("value columns %v, skipped %q\n", p.Guess.ValueColumns, p.Skipped)
	tab, err := DecodeMapped(data, p.Guess, Options{Name: "lab-report-nl.csv"})
	if err != nil {
		panic(err)
	}
	fmt.Println(tab.Samples, len(tab.Features), tab.Columns[0].Sum(), tab.Unit)
	// Output:
	// header on line 8: ["Bacterie" "Aantal reads" "Relatief aandeel" "Beoordeling"]
	// delimiter ";", decimal ",", thousands ".", units ["" "" "percent" ""]
	// value columns [1], skipped ["line 16: \"Totaal\" (a total row)" "line 18: \"Dit rapport is geen medische diagnose.\" (text, not a row of the table)"]
	// [lab-report-nl] 6 45678 counts
}
