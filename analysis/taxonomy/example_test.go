package taxonomy_test

import (
	"fmt"

	"github.com/gutlens/gutlens/analysis/taxonomy"
)

func ExampleNormalize() {
	for _, name := range []string{
		"s__Bacteroides_vulgatus",               // MetaPhlAn
		"p__Firmicutes_A",                       // GTDB
		"c__Clostridia_258483",                  // Greengenes2
		"[Eubacterium]_coprostanoligenes_group", // SILVA
		"Bacteroidaceae(100)",                   // mothur
		"Lachnospiraceae_unclassified(100)",     // mothur: no name at this rank
	} {
		fmt.Printf("%q\n", taxonomy.Normalize(name))
	}
	// Output:
	// "Bacteroides vulgatus"
	// "Firmicutes"
	// "Clostridia"
	// "Eubacterium coprostanoligenes group"
	// "Bacteroidaceae"
	// ""
}

func ExampleCanonical() {
	fmt.Println(taxonomy.Canonical(taxonomy.Phylum, "p__Firmicutes_A"))
	fmt.Println(taxonomy.Canonical(taxonomy.Phylum, "p__Bacillota"))
	fmt.Println(taxonomy.Canonical(taxonomy.Species, "s__Lactobacillus_rhamnosus"))
	s := taxonomy.Lookup(taxonomy.Species, "s__Lactobacillus_rhamnosus")
	fmt.Println(s.Source.Authors, s.Source.Year, "doi:"+s.Source.DOI)
	// Output:
	// Bacillota
	// Bacillota
	// Lacticaseibacillus rhamnosus
	// Zheng J, Wittouck S, Salvetti E et al. 2020 doi:10.1099/ijsem.0.004107
}
