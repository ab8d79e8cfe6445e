package format

import (
	"errors"
	"math"
	"path/filepath"
	"testing"

	"github.com/gutlens/gutlens/analysis"
)

func FuzzQIIME2(f *testing.F) {
	addHDF5Seeds(f, hdf5Dir+"/*.qza", filepath.Join(sharedDir, "corpus", "qiime2", "*.qza"))
	f.Add(rawZip(f, rawEntry{testUUID + "/metadata.yaml", []byte("type: FeatureData[Taxonomy]\n"), 28},
		rawEntry{testUUID + "/data/taxonomy.tsv", []byte("Feature ID\tTaxon\tConfidence\n#q2:types\tcategorical\tnumeric\nO1\tk__B; g__x\t0.9\nO2\tUnassigned\t1\n"), 88}))
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzDecode(t, data, "fuzz.qza")
		m, err := ReadQIIME2Taxonomy(data)
		var p *hdf5Panic
		if errors.As(err, &p) {
			t.Fatalf("panic: %v", p.value)
		}
		if err != nil && m != nil {
			t.Fatalf("ReadQIIME2Taxonomy = %d entries and error %v", len(m), err)
		}
		for id, e := range m {
			if len(e.Lineage) != len(analysis.Ranks) || math.IsInf(e.Confidence, 0) {
				t.Fatalf("entry %q: lineage %v, confidence %v", id, e.Lineage, e.Confidence)
			}
		}
	})
}
