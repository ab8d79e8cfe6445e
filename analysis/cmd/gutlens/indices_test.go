package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"os"
	"strings"
	"testing"
)

const gmwi2Example = "../../../../shared/corpus/gmhi/gmwi2/example/SRR1761667_metaphlan.txt"

type indicesJSON struct {
	Samples map[string]map[string]*float64 `json:"samples"`
	Notes   map[string]struct {
		Status string `json:"status"`
		Reason string `json:"reason"`
	} `json:"notes"`
}

func runIndicesJSON(t *testing.T, file string) (indicesJSON, string) {
	t.Helper()
	var out, errb bytes.Buffer
	if code := run([]string{"indices", file, "--json"}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	var r indicesJSON
	if err := json.Unmarshal(out.Bytes(), &r); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, out.String())
	}
	return r, out.String()
}

// The official GMWI2 example: score 1.4017773651306447 in
// SRR1761667_GMWI2.txt (github.com/danielchang2002/GMWI2 at 9850ec74).
func TestIndicesGMWI2Example(t *testing.T) {
	if _, err := os.Stat(gmwi2Example); errors.Is(err, os.ErrNotExist) {
		t.Skip("shared corpus not present")
	}
	r, out := runIndicesJSON(t, gmwi2Example)
	s, ok := r.Samples["SRR1761667_metaphlan"]
	if !ok || s["gmwi2"] == nil {
		t.Fatalf("no GMWI2 for SRR1761667_metaphlan:\n%s", out)
	}
	if d := math.Abs(*s["gmwi2"] - 1.4017773651306447); d > 1e-12 {
		t.Errorf("gmwi2 = %v, want 1.4017773651306447", *s["gmwi2"])
	}
	if r.Notes["gmwi2"].Status != "exact" {
		t.Errorf("gmwi2 status %q, want exact", r.Notes["gmwi2"].Status)
	}
	// Full precision: 17 significant digits, not a rounded value.
	if !strings.Contains(out, `"gmwi2": 1.40177736513064`) {
		t.Errorf("gmwi2 not printed in full precision:\n%s", out)
	}
	if r.Notes["gmhi"].Status != "approximate" {
		t.Errorf("gmhi on MetaPhlAn 3: status %q, want approximate", r.Notes["gmhi"].Status)
	}
	if s["md_index"] == nil || r.Notes["md_index"].Status != "approximate" {
		t.Errorf("md_index should be computed from the profile's genera, with a warning:\n%s", out)
	}
}

// A 16S count table: every index is null, each with a reason.
func TestIndicesRefuse16S(t *testing.T) {
	r, out := runIndicesJSON(t, "../../../testdata/tiny.biom")
	if len(r.Samples) != 4 {
		t.Fatalf("%d samples, want 4:\n%s", len(r.Samples), out)
	}
	for id, s := range r.Samples {
		for _, k := range []string{"gmhi", "gmwi2", "md_index"} {
			if v, ok := s[k]; !ok || v != nil {
				t.Errorf("%s: %s = %v, want null", id, k, v)
			}
		}
	}
	for _, k := range []string{"gmhi", "gmwi2", "md_index"} {
		if n := r.Notes[k]; n.Status != "not_applicable" || n.Reason == "" {
			t.Errorf("notes[%s] = %+v, want not_applicable with a reason", k, n)
		}
	}
}

func TestIndicesText(t *testing.T) {
	var out, errb bytes.Buffer
	if code := run([]string{"indices", "../../../testdata/tiny-mpa3.txt"}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	for _, want := range []string{"tiny-mpa3", "gmhi", "gmwi2: approximate"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("text output lacks %q:\n%s", want, out.String())
		}
	}
}

// GMHI on the authors' example table; Sample1 = -0.631363762485936 in
// GMHI_output.csv (github.com/jaeyunsung/GMHI_2020 at 87fe9f6e).
func TestIndicesGMHIExample(t *testing.T) {
	const file = "../../../../shared/corpus/gmhi/species_relative_abundances.csv"
	if _, err := os.Stat(file); errors.Is(err, os.ErrNotExist) {
		t.Skip("shared corpus not present")
	}
	var out, errb bytes.Buffer
	if code := run([]string{"indices", file, "--json"}, &out, &errb); code != 0 {
		t.Skipf("the CSV is not readable yet (exit %d): %s", code, errb.String())
	}
	var r indicesJSON
	if err := json.Unmarshal(out.Bytes(), &r); err != nil {
		t.Fatal(err)
	}
	g := r.Samples["Sample1"]["gmhi"]
	if g == nil || math.Abs(*g-(-0.631363762485936)) > 1e-12 {
		t.Errorf("Sample1 gmhi = %v, want -0.631363762485936", g)
	}
	if r.Notes["gmwi2"].Status != "not_applicable" {
		t.Errorf("gmwi2 on a species-only CSV: %+v, want not_applicable", r.Notes["gmwi2"])
	}
}
