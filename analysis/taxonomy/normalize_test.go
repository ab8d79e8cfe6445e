package taxonomy

import (
	"reflect"
	"strings"
	"testing"
)

// Names from ../shared/corpus (file in the comment) and FORMATS.md §3.14.
func TestNormalize(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"s__Bacteroides_vulgatus", "Bacteroides vulgatus"},                                 // metaphlan/mpa3_v30_SRR1761667_with-UNKNOWN.txt
		{"k__Bacteria", "Bacteria"},                                                         // metaphlan
		{"d__Bacteria", "Bacteria"},                                                         // qiime2/crc-gut_taxonomy_silva138.tsv
		{" p__Firmicutes", "Firmicutes"},                                                    // Greengenes, with the space after ";"
		{"p__Firmicutes_A", "Firmicutes"},                                                   // other-profilers/metaphlan_vOct22_SGB2GTDB_r207.tsv.gz
		{"p__Bacillota_A", "Bacillota"},                                                     // other-profilers/sylph-tax_gtdb.sylphmpa
		{"s__Prevotella copri_A", "Prevotella copri"},                                       // SGB2GTDB r207
		{"s__Faecalibacterium prausnitzii_C", "Faecalibacterium prausnitzii"},               // GTDB species with a suffixed epithet
		{"g__Clostridium_AQ", "Clostridium"},                                                // GTDB two-letter suffix
		{"c__Clostridia_258483", "Clostridia"},                                              // Greengenes2 (FORMATS.md §3.14)
		{"f__SBYG_4172", "SBYG 4172"},                                                       // Greengenes 13_8 placeholder, kept
		{"g__WAL_1855", "WAL 1855"},                                                         // Greengenes 13_8 placeholder, kept
		{"o__UBA184", "UBA184"},                                                             // GTDB placeholder, kept
		{"g__CAG-41", "CAG-41"},                                                             // GTDB placeholder, kept
		{"t__SGB1814", "SGB1814"},                                                           // MetaPhlAn 4
		{"s__GGB9712_SGB15244", "GGB9712 SGB15244"},                                         // MetaPhlAn 4 unnamed
		{"g__[Eubacterium]_coprostanoligenes_group", "Eubacterium coprostanoligenes group"}, // SILVA 138
		{"[Eubacterium]_hallii_group", "Eubacterium hallii group"},                          // SILVA 138
		{"g__Escherichia-Shigella", "Escherichia-Shigella"},                                 // SILVA 138
		{"g__Lachnospiraceae_UCG-010", "Lachnospiraceae UCG-010"},                           // SILVA 138
		{"g__Lachnospiraceae_NK4A136_group", "Lachnospiraceae NK4A136 group"},               // SILVA 138
		{"Bacteroidaceae(100)", "Bacteroidaceae"},                                           // mothur/schubert.cons.taxonomy
		{`"Bacteroidetes"(100)`, "Bacteroidetes"},                                           // mothur/mothur_example.cons.taxonomy.gz
		{"Phocaeicola(77)", "Phocaeicola"},                                                  // mothur/schubert.cons.taxonomy
		{"d_Bacteria", "Bacteria"},                                                          // bracken/bracken_sample_kreport2mpa.mpa
		{"p_Proteobacteria", "Proteobacteria"},                                              // bracken/bracken_sample_kreport2mpa.mpa
		{"s_Escherichia_coli", "Escherichia coli"},                                          // kreport2mpa species
		{"D_0__Bacteria", "Bacteria"},                                                       // SILVA 132 QIIME release
		{"D_5__Ruminococcaceae_UCG-014", "Ruminococcaceae UCG-014"},                         // SILVA 132 QIIME release
		{"Blautia obeum/wexlerae [ref_mOTU_v3_02154]", "Blautia obeum/wexlerae"},            // mOTUs 3 (FORMATS.md §3.14)
		{"s__Flavonifractor plautii", "Flavonifractor plautii"},                             // GTDB / mOTUs 4
		{"s__infantis", "infantis"},                                                         // Greengenes 13_8 epithet only
		{"Bacteroides   vulgatus ", "Bacteroides vulgatus"},                                 // runs of space
		{"'Ruminococcus'", "Ruminococcus"},                                                  // quotes

		// "No name here".
		{"Lachnospiraceae_unclassified(100)", ""}, // mothur/schubert.cons.taxonomy
		{"unclassified(100)", ""},                 // mothur/mothur_example.cons.taxonomy.gz
		{"s__Alistipes_unclassified", ""},         // metaphlan/GMHI_example_mpa2_species_25samples.csv
		{"s__Burkholderiales_unclassified", ""},   // metaphlan/mpa4_vOct22_ERR7569997_SGB.txt
		{"unclassified Lachnospiraceae", ""},      // NCBI placeholder node
		{"Unassigned", ""},                        // QIIME 2
		{"UNCLASSIFIED", ""},                      // MetaPhlAn 4
		{"unknown", ""},                           // MetaPhlAn 3
		{"NA", ""},                                // DADA2
		{"-1", ""},                                // mOTUs
		{"g__", ""},                               // Greengenes 13_8
		{"s__", ""},                               // SGB2GTDB
		{"d_", ""},                                // empty kreport2mpa prefix
		{"", ""},
		{"g__uncultured", ""}, // SILVA
		{"s__uncultured_Bacteroidales_bacterium", ""},   // SILVA
		{"s__gut_metagenome", ""},                       // SILVA
		{"s__human_gut_metagenome", ""},                 // SILVA
		{"Lachnospiraceae (unclassified at genus)", ""}, // a label made by Collapse
	} {
		if got := Normalize(c.in); got != c.want {
			t.Errorf("Normalize(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestNormalizeIdempotent(t *testing.T) {
	for _, in := range []string{"s__Bacteroides_vulgatus", "p__Firmicutes_A", "c__Clostridia_258483",
		"[Eubacterium]_coprostanoligenes_group", "Lachnospiraceae_UCG-010", "Bacteroidaceae(100)"} {
		once := Normalize(in)
		if twice := Normalize(once); twice != once {
			t.Errorf("Normalize(Normalize(%q)) = %q, want %q", in, twice, once)
		}
	}
}

func TestCanonical(t *testing.T) {
	for _, c := range []struct {
		rank     int
		in, want string
	}{
		{Phylum, "p__Firmicutes", "Bacillota"},
		{Phylum, "p__Firmicutes_A", "Bacillota"}, // GTDB r207
		{Phylum, "p__Bacillota_A", "Bacillota"},  // GTDB r220 (sylph)
		{Phylum, "Bacillota", "Bacillota"},
		{Phylum, `"Firmicutes"(100)`, "Bacillota"}, // mothur
		{Phylum, "p__Bacteroidetes", "Bacteroidota"},
		{Phylum, "p__Bacteroidota", "Bacteroidota"},
		{Phylum, "p__Proteobacteria", "Pseudomonadota"},
		{Phylum, "p__Actinobacteria", "Actinomycetota"},
		{Phylum, "p__Actinobacteriota", "Actinomycetota"},
		{Phylum, "FIRMICUTES", "Bacillota"},            // case-insensitive lookup
		{Class, "c__Actinobacteria", "Actinobacteria"}, // the class keeps its name
		{Species, "s__Bacteroides_vulgatus", "Phocaeicola vulgatus"},
		{Species, "s__Phocaeicola vulgatus", "Phocaeicola vulgatus"},
		{Species, "s__Lactobacillus_rhamnosus", "Lacticaseibacillus rhamnosus"},
		{Species, "s__Lactobacillus_reuteri", "Limosilactobacillus reuteri"},
		{Species, "s__Lactobacillus_helveticus", "Lactobacillus helveticus"}, // stays in Lactobacillus
		{Species, "s__Eubacterium_rectale", "Agathobacter rectalis"},
		{Species, "s__Eubacterium_hallii", "Anaerobutyricum hallii"},
		{Species, "s__Clostridium_bolteae", "Enterocloster bolteae"},
		{Species, "s__Ruminococcus_gnavus", "Mediterraneibacter gnavus"},
		{Species, "s__Prevotella copri_A", "Segatella copri"}, // GTDB r207 cluster of P. copri
		{Genus, "g__Lactobacillus", "Lactobacillus"},          // the genus still exists
		{Genus, "g__Escherichia-Shigella", "Escherichia-Shigella"},
		{Genus, "Lachnospiraceae_unclassified(100)", ""},
	} {
		if got := Canonical(c.rank, c.in); got != c.want {
			t.Errorf("Canonical(%d, %q) = %q, want %q", c.rank, c.in, got, c.want)
		}
	}
}

func TestSynonymsWellFormed(t *testing.T) {
	seen := map[string]bool{}
	for _, s := range Synonyms {
		key := strings.ToLower(s.Former)
		if s.Rank < 0 || s.Rank >= NRanks || s.Source == nil || s.Source.Checked == "" {
			t.Errorf("synonym %q: bad rank or no source", s.Former)
		}
		if Normalize(s.Former) != s.Former || Normalize(s.Current) != s.Current {
			t.Errorf("synonym %q → %q is not in normalised form", s.Former, s.Current)
		}
		if seen[key] {
			t.Errorf("synonym %q listed twice", s.Former)
		}
		seen[key] = true
		if seen[strings.ToLower(s.Current)] && s.Rank == Species {
			t.Errorf("synonym %q → %q: the current name is also a former one (chains are not followed)", s.Former, s.Current)
		}
		if s.Source.DOI != "" && !strings.HasPrefix(s.Source.DOI, "10.") {
			t.Errorf("synonym %q: DOI %q", s.Former, s.Source.DOI)
		}
		// A DOI is given only for a confirmed source; an unconfirmed one
		// says so.
		if unconfirmed := strings.HasPrefix(s.Source.Checked, "not verified"); unconfirmed != (s.Source.DOI == "") {
			t.Errorf("synonym %q: DOI %q with check %q", s.Former, s.Source.DOI, s.Source.Checked)
		}
		if s.Source.Authors == "" || s.Source.Year < 1900 {
			t.Errorf("synonym %q: source %+v has no authors or year", s.Former, *s.Source)
		}
		if l := Lookup(s.Rank, s.Former); l == nil || l.Current != s.Current {
			t.Errorf("Lookup(%d, %q) = %v", s.Rank, s.Former, l)
		}
	}
}

func TestBinomial(t *testing.T) {
	for _, c := range []struct{ genus, species, want string }{
		{"g__Bifidobacterium", "s__longum", "Bifidobacterium longum"}, // Greengenes 13_8
		{"g__Faecalibacterium", "s__prausnitzii", "Faecalibacterium prausnitzii"},
		{"g__Bacteroides", "s__Bacteroides_vulgatus", "Bacteroides vulgatus"},
		{"", "s__prausnitzii", "prausnitzii"},
		{"g__Bacteroides", "s__", ""},
		{"g__Alistipes", "s__Alistipes_unclassified", ""},
	} {
		if got := Binomial(c.genus, c.species); got != c.want {
			t.Errorf("Binomial(%q, %q) = %q, want %q", c.genus, c.species, got, c.want)
		}
	}
}

func TestParseMore(t *testing.T) {
	for _, c := range []struct {
		in         string
		want       []string
		unassigned bool
	}{
		// mothur/schubert.cons.taxonomy, Otu0001
		{"Bacteria(100);Bacteroidetes(100);Bacteroidia(100);Bacteroidales(100);Bacteroidaceae(100);Phocaeicola(77);",
			[]string{"Bacteria", "Bacteroidetes", "Bacteroidia", "Bacteroidales", "Bacteroidaceae", "Phocaeicola", "", ""}, false},
		// mothur/mothur_example.cons.taxonomy.gz, OTU 3
		{`Bacteria(100);"Bacteroidetes"(100);"Bacteroidia"(100);"Bacteroidales"(100);unclassified(100);unclassified(100);`,
			[]string{"Bacteria", "Bacteroidetes", "Bacteroidia", "Bacteroidales", "unclassified", "unclassified", "", ""}, false},
		{"unclassified(100);unclassified(100);", []string{"unclassified", "unclassified", "", "", "", "", "", ""}, true},
		// bracken/bracken_sample_kreport2mpa.mpa
		{"d_Bacteria|p_Proteobacteria|c_Gammaproteobacteria|o_Enterobacterales|f_Enterobacteriaceae|g_Escherichia|s_Escherichia_coli",
			[]string{"Bacteria", "Proteobacteria", "Gammaproteobacteria", "Enterobacterales", "Enterobacteriaceae", "Escherichia", "Escherichia_coli", ""}, false},
		{"d_Bacteria|f_Enterobacteriaceae", []string{"Bacteria", "", "", "", "Enterobacteriaceae", "", "", ""}, false},
		// SILVA 132 QIIME release
		{"D_0__Bacteria;D_1__Firmicutes;D_2__Clostridia;D_3__Clostridiales;D_4__Ruminococcaceae;D_5__Ruminococcaceae UCG-014",
			[]string{"Bacteria", "Firmicutes", "Clostridia", "Clostridiales", "Ruminococcaceae", "Ruminococcaceae UCG-014", "", ""}, false},
	} {
		got, un := Parse(c.in)
		if !reflect.DeepEqual(got, c.want) || un != c.unassigned {
			t.Errorf("Parse(%q) = %q, %v; want %q, %v", c.in, got, un, c.want, c.unassigned)
		}
	}
}
