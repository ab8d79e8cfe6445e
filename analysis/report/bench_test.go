package report

import (
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkAnalyse times the whole first report (decode, metrics, top
// taxa, health) of real tables from the shared corpus.
func BenchmarkAnalyse(b *testing.B) {
	for _, f := range []string{
		"biom-json/AG_100nt.biom.gz",                 // 23,884 × 202
		"biom-json/HMPv35_100nt_even1k.json.biom.gz", // 5,452 × 5,430
		"metaphlan/merged_mpa3_v31_kefir_44samples.txt",
	} {
		b.Run(filepath.Base(f), func(b *testing.B) {
			data, err := os.ReadFile(filepath.Join(corpus, f))
			if err != nil {
				b.Skipf("corpus not present: %v", err)
			}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Analyse(data, filepath.Base(f), "native", nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
