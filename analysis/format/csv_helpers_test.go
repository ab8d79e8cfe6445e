package format

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/gutlens/gutlens/analysis"
)

// formats2 holds the hand-made inputs of the mothur, DADA2, taxonomy,
// generic CSV and uBiome readers (testdata/formats2/README.md).
const formats2 = "formats2"

// corpusFile reads a file of the shared corpus, skipping the test when the
// corpus is absent.
func corpusFile(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(sharedDir, "corpus", name))
	if err != nil {
		if os.IsNotExist(err) {
			t.Skipf("corpus file %s not present (%v): these checks need %s/corpus", name, err, sharedDir)
		}
		t.Fatal(err)
	}
	return data
}

func formats2File(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(testdata, formats2, name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// tableTotal returns Σ of every value plus the unclassified amounts.
func tableTotal(tab *analysis.Table) float64 {
	s := 0.0
	for _, c := range tab.Columns {
		s += c.Sum()
	}
	for _, u := range tab.Unclassified {
		s += u
	}
	return s
}

// sampleTotals returns Σ values per sample.
func sampleTotals(tab *analysis.Table) []float64 {
	out := make([]float64, len(tab.Columns))
	for s, c := range tab.Columns {
		out[s] = c.Sum()
	}
	return out
}

// corpusSeeds adds small corpus files to a fuzz corpus when present.
func corpusSeeds(f *testing.F, names ...string) {
	for _, n := range names {
		data, err := os.ReadFile(filepath.Join(sharedDir, "corpus", n))
		if err != nil || len(data) > maxFuzzInput {
			continue
		}
		if p, err := ungzipAll(data); err == nil && len(p) <= maxFuzzInput {
			data = p
		}
		f.Add(data)
	}
}

// fuzzFormats2 fuzzes one reader with the formats2 seeds and corpus seeds.
func fuzzFormats2(f *testing.F, read func([]byte, Options) (*analysis.Table, error), seeds []string, corpus []string) {
	for _, s := range seeds {
		f.Add(formats2File(f, s))
	}
	corpusSeeds(f, corpus...)
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > maxFuzzInput {
			return
		}
		tab, err := read(data, Options{Name: "fuzz.txt"})
		if err != nil {
			if tab != nil {
				t.Fatalf("non-nil table and error %v", err)
			}
			return
		}
		checkFuzzTable(t, tab)
	})
}

// featureIDList returns the feature ids in order.
func featureIDList(tab *analysis.Table) []string {
	ids := make([]string, len(tab.Features))
	for i, f := range tab.Features {
		ids[i] = f.ID
	}
	return ids
}
