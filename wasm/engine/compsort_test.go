package main

import (
	"encoding/csv"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/gutlens/gutlens/analysis/report/view"
)

// The sample orders of tiny.biom. At genus its bands are, by mean share,
// Prevotella, Bacteroides, Akkermansia …; S1 is mostly Bacteroides, S2
// Akkermansia, S3 Prevotella, and S4 is empty.
func TestCompositionOrder(t *testing.T) {
	e := loadEngine(t, "../../testdata/tiny.biom")
	order := func(rank, params string) SampleOrder {
		t.Helper()
		return ask[SampleOrder](t, e, `{"kind":"composition.order","rank":"`+rank+`","params":`+params+`}`)
	}
	for _, tc := range []struct {
		rank, params string
		want         []string
		band         string
	}{
		{"genus", `{"key":"file"}`, []string{"S1", "S2", "S3", "S4"}, ""},
		{"genus", `{}`, []string{"S1", "S2", "S3", "S4"}, ""},
		{"genus", `{"key":"name"}`, []string{"S1", "S2", "S3", "S4"}, ""},
		{"genus", `{"key":"taxon"}`, []string{"S3", "S1", "S2", "S4"}, "taxon:Prevotella"},
		{"genus", `{"key":"taxon","band":"taxon:Bacteroides"}`, []string{"S1", "S3", "S2", "S4"}, "taxon:Bacteroides"},
		{"genus", `{"key":"taxon","band":"other:Other"}`, []string{"S1", "S2", "S3", "S4"}, "other:Other"},
		// The band is not one at phylum: the default (largest) band there.
		{"phylum", `{"key":"taxon","band":"taxon:Prevotella"}`, []string{"S3", "S1", "S2", "S4"}, "taxon:Bacteroidetes"},
		{"genus", `{"key":"dominant"}`, []string{"S3", "S1", "S2", "S4"}, ""},
	} {
		got := order(tc.rank, tc.params)
		if !slices.Equal(got.Order, tc.want) || got.Band != tc.band {
			t.Errorf("%s %s: order %v band %q, want %v %q", tc.rank, tc.params, got.Order, got.Band, tc.want, tc.band)
		}
	}
	// Shannon, largest first, as the report has it; S4 (empty) last.
	got := order("genus", `{"key":"shannon"}`)
	r := e.report
	for i := 1; i < len(got.Order)-1; i++ {
		if a, b := float64(r.Samples[got.Order[i-1]].ShannonLn), float64(r.Samples[got.Order[i]].ShannonLn); a < b {
			t.Errorf("by Shannon: %s (%v) before %s (%v)", got.Order[i-1], a, got.Order[i], b)
		}
	}
	if len(got.Order) != 4 || got.Order[3] != "S4" {
		t.Errorf("by Shannon: %v, want the empty S4 last", got.Order)
	}
	for _, req := range []string{
		`{"kind":"composition.order","rank":"genus","params":{"key":"colour"}}`,
		`{"kind":"composition.order","rank":"nope","params":{"key":"taxon"}}`,
		`{"kind":"composition.order","rank":"genus","params":"x"}`,
		`{"kind":"composition.csv","rank":"nope","params":{"key":"file"}}`,
	} {
		if out := e.query(req); out.Error == "" {
			t.Errorf("%s: no error", req)
		}
	}
}

// The composition CSV: bands in rows, every sample in the order asked
// for in columns, shares as fractions in full precision.
func TestCompositionCSV(t *testing.T) {
	e := loadEngine(t, "../../testdata/tiny.biom")
	out := e.query(`{"kind":"composition.csv","rank":"genus","params":{"key":"dominant"}}`)
	if out.Error != "" {
		t.Fatal(out.Error)
	}
	rows, err := csv.NewReader(strings.NewReader(out.JSON)).ReadAll()
	if err != nil {
		t.Fatalf("%v\n%s", err, out.JSON)
	}
	c, err := e.composition("genus")
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"genus (fraction of sample)", "lineage", "S3", "S1", "S2", "S4"}; !slices.Equal(rows[0], want) {
		t.Errorf("header %q, want %q", rows[0], want)
	}
	if len(rows) != 1+len(c.Taxa) {
		t.Fatalf("%d rows for %d bands", len(rows)-1, len(c.Taxa))
	}
	for k, row := range rows[1:] {
		if row[0] != c.Taxa[k].Name || row[1] != c.Taxa[k].Lineage {
			t.Errorf("row %d names %q %q, want %q %q", k, row[0], row[1], c.Taxa[k].Name, c.Taxa[k].Lineage)
		}
		for j, id := range rows[0][2:] {
			v, err := strconv.ParseFloat(row[2+j], 64)
			if w := float64(c.Shares[id][k]); err != nil || v != w {
				t.Errorf("%s in %s = %q, want %v exactly", row[0], id, row[2+j], w)
			}
		}
	}
	if !strings.Contains(out.JSON, strconv.FormatFloat(340.0/548, 'g', -1, 64)) {
		t.Error("Bacteroides in S1 (340/548) is not written in full precision")
	}
	// Undefined shares are empty cells.
	c2 := *c
	c2.Shares = map[string][]view.Float{"X": {view.Float(math.NaN())}}
	c2.Taxa = c.Taxa[:1]
	if got := compositionCSV(&c2, []string{"X", "missing"}); !strings.HasSuffix(got, ","+"\n") || strings.Contains(got, "NaN") {
		t.Errorf("undefined shares written as %q", got)
	}
}
