package health_test

import (
	"fmt"

	"github.com/gutlens/gutlens/analysis"
	"github.com/gutlens/gutlens/analysis/health"
)

func ExampleGMHI() {
	// Two species of a MetaPhlAn 2 profile, in percent: one health-
	// prevalent (MH) and one health-scarce (MN) marker species.
	t := &analysis.Table{
		Samples:  []string{"S1"},
		Unit:     analysis.UnitPercent,
		Features: []analysis.Feature{{ID: "s__Bifidobacterium_adolescentis"}, {ID: "s__Ruminococcus_gnavus"}},
		Columns:  []analysis.Vector{{Index: []int{0, 1}, Value: []float64{60, 40}}},
	}
	t.Provenance.Tool = "MetaPhlAn 2"
	r, err := health.GMHI(t)
	if err != nil {
		fmt.Println(err)
		return
	}
	s := r.Samples[0]
	fmt.Printf("GMHI %.4f (R_MH %d, R_MN %d), exact %v\n", s.GMHI, s.RMH, s.RMN, r.Exact)
	// ψ_MH = 1/7 · (−0.6 ln 0.6), ψ_MN = 1/31 · (−0.4 ln 0.4):
	// GMHI = log10((0.043785 + 1e-5) / (0.011823 + 1e-5)) = 0.5683.

	// Output: GMHI 0.5683 (R_MH 1, R_MN 1), exact true
}

func ExampleGMWI2() {
	profile := []byte(`#mpa_v30_CHOCOPhlAn_201901
#SampleID	Metaphlan_Analysis
#clade_name	NCBI_tax_id	relative_abundance	additional_species
UNKNOWN	-1	50.0	
k__Bacteria	2	50.0	
k__Bacteria|p__Actinobacteria	2|201174	50.0	
k__Bacteria|p__Actinobacteria|c__Actinobacteria	2|201174|1760	50.0	
k__Bacteria|p__Actinobacteria|c__Actinobacteria|o__Bifidobacteriales	2|201174|1760|85004	50.0	
k__Bacteria|p__Actinobacteria|c__Actinobacteria|o__Bifidobacteriales|f__Bifidobacteriaceae	2|201174|1760|85004|31953	50.0	
k__Bacteria|p__Actinobacteria|c__Actinobacteria|o__Bifidobacteriales|f__Bifidobacteriaceae|g__Bifidobacterium	2|201174|1760|85004|31953|1678	50.0	
k__Bacteria|p__Actinobacteria|c__Actinobacteria|o__Bifidobacteriales|f__Bifidobacteriaceae|g__Bifidobacterium|s__Bifidobacterium_adolescentis	2|201174|1760|85004|31953|1678|1680	50.0	
`)
	c, err := health.ReadMetaPhlAn(profile, "S1.txt")
	if err != nil {
		fmt.Println(err)
		return
	}
	r, err := health.GMWI2(c)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("GMWI2 %.4f from %d clade(s), exact %v\n", r.Samples[0].GMWI2, len(r.Samples[0].Present), r.Exact)
	// Output: GMWI2 0.1844 from 1 clade(s), exact true
}
