package taxonomy

import "strings"

// Rank indices, as in analysis.Ranks.
const (
	Domain = iota
	Phylum
	Class
	Order
	Family
	Genus
	Species
	Strain
)

// A Source is the publication behind a name change.
type Source struct {
	Authors string // first author et al.
	Year    int
	Journal string // journal, volume and pages or article number
	DOI     string // "" when not verified
	// Checked says how the citation and the name change were checked;
	// "not verified" entries come from ../shared/research/KNOWLEDGE.md §2.0
	// and should be confirmed before publishing.
	Checked string
}

// A Synonym maps a former name at a rank to the current one.
type Synonym struct {
	Rank    int    // Phylum, Genus, Species …
	Former  string // as Normalize writes it
	Current string
	Source  *Source
}

var (
	zheng2020 = &Source{"Zheng J, Wittouck S, Salvetti E et al.", 2020, "Int J Syst Evol Microbiol 70:2782–2858", "10.1099/ijsem.0.004107",
		"title, authors and DOI seen on the IJSEM citation page; species moves as listed in KNOWLEDGE.md §2.0 (L. casei and L. plantarum are the type species of Lacticaseibacillus and Lactiplantibacillus in the paper's genus descriptions)"}
	orenGarrity2021 = &Source{"Oren A, Garrity GM", 2021, "Int J Syst Evol Microbiol 71(10):005056", "10.1099/ijsem.0.005056",
		"title, article number and issue seen on the Hebrew University research portal; the renames as listed in KNOWLEDGE.md §2.0 and FORMATS.md §3.14"}
	gokerOren2023 = &Source{"Göker M, Oren A", 2023, "Int J Syst Evol Microbiol 73(9):006024", "10.1099/ijsem.0.006024",
		"abstract seen: Methanobacteriota proposed as a substitute for 'Euryarchaeota'"}
	garciaLopez2019 = &Source{"García-López M, Meier-Kolthoff JP, Tindall BJ et al.", 2019, "Front Microbiol 10:2083", "10.3389/fmicb.2019.02083",
		"P. vulgatus: encyclopaedia entry citing the paper; P. plebeius and P. coprocola named as Phocaeicola species in the P. faecicola description (doi:10.1099/ijsem.0.005008)"}
	haasBlanchard2020 = &Source{"Haas KN, Blanchard JL", 2020, "Int J Syst Evol Microbiol 70:23–34", "10.1099/ijsem.0.003698",
		"citation seen for Enterocloster clostridioformis; E. bolteae as listed in KNOWLEDGE.md §2.0"}
	shetty2018 = &Source{"Shetty SA, Zuffa S, Bui TPN et al.", 2018, "Int J Syst Evol Microbiol 68", "10.1099/ijsem.0.003041",
		"abstract seen at the DOI: E. hallii reclassified as Anaerobutyricum hallii"}
	blancoMiguez2023 = &Source{"Blanco-Míguez A et al. (naming: Hitch TCA et al. 2022, Syst Appl Microbiol)", 2023, "Cell Host Microbe 31:1804", "10.1016/j.chom.2023.09.013",
		"abstract seen: 'Segatella copri (formerly Prevotella copri)'; the DOI of Hitch et al. 2022 was not verified"}
	knowledgeOnly = &Source{"(see KNOWLEDGE.md §2.0)", 0, "", "",
		"not verified: listed in KNOWLEDGE.md §2.0 without a citation (Agathobacter: Rosero et al. 2016; Mediterraneibacter: Togo et al. 2018; Hungatella: Kaur et al. 2014; B. infantis: Mattarelli et al. 2008 — all from memory)"}
)

// Synonyms lists the name changes Canonical applies: only those in
// ../shared/research/KNOWLEDGE.md §2.0 or checked against a source (see
// each Source.Checked). Former names map to the current (LPSN/NCBI) name.
var Synonyms = []Synonym{
	// Phylum names validly published in 2021 (and 2023 for the archaea).
	{Phylum, "Firmicutes", "Bacillota", orenGarrity2021},
	{Phylum, "Bacteroidetes", "Bacteroidota", orenGarrity2021},
	{Phylum, "Proteobacteria", "Pseudomonadota", orenGarrity2021},
	{Phylum, "Actinobacteria", "Actinomycetota", orenGarrity2021},
	{Phylum, "Actinobacteriota", "Actinomycetota", orenGarrity2021}, // GTDB and SILVA 138 spelling
	{Phylum, "Euryarchaeota", "Methanobacteriota", gokerOren2023},

	// The 2020 Lactobacillus split.
	{Species, "Lactobacillus rhamnosus", "Lacticaseibacillus rhamnosus", zheng2020},
	{Species, "Lactobacillus casei", "Lacticaseibacillus casei", zheng2020},
	{Species, "Lactobacillus salivarius", "Ligilactobacillus salivarius", zheng2020},
	{Species, "Lactobacillus ruminis", "Ligilactobacillus ruminis", zheng2020},
	{Species, "Lactobacillus reuteri", "Limosilactobacillus reuteri", zheng2020},
	{Species, "Lactobacillus plantarum", "Lactiplantibacillus plantarum", zheng2020},

	// Bacteroides → Phocaeicola.
	{Species, "Bacteroides vulgatus", "Phocaeicola vulgatus", garciaLopez2019},
	{Species, "Bacteroides plebeius", "Phocaeicola plebeius", garciaLopez2019},
	{Species, "Bacteroides coprocola", "Phocaeicola coprocola", garciaLopez2019},

	// Prevotella split.
	{Species, "Prevotella copri", "Segatella copri", blancoMiguez2023},

	// Clostridia renames.
	{Species, "Clostridium bolteae", "Enterocloster bolteae", haasBlanchard2020},
	{Species, "Clostridium clostridioforme", "Enterocloster clostridioformis", haasBlanchard2020},
	{Species, "Eubacterium hallii", "Anaerobutyricum hallii", shetty2018},
	{Species, "Eubacterium rectale", "Agathobacter rectalis", knowledgeOnly},
	{Species, "Clostridium hathewayi", "Hungatella hathewayi", knowledgeOnly},
	{Species, "Ruminococcus gnavus", "Mediterraneibacter gnavus", knowledgeOnly},
	{Species, "Bifidobacterium infantis", "Bifidobacterium longum", knowledgeOnly}, // B. longum subsp. infantis
}

// synonymIndex maps rank and lower-cased former name to the synonym.
var synonymIndex = func() [NRanks]map[string]*Synonym {
	var idx [NRanks]map[string]*Synonym
	for i := range Synonyms {
		s := &Synonyms[i]
		if idx[s.Rank] == nil {
			idx[s.Rank] = map[string]*Synonym{}
		}
		idx[s.Rank][strings.ToLower(s.Former)] = s
	}
	return idx
}()

// Canonical returns the key to match a name at a rank (Phylum, Genus …)
// across files and taxonomies: Normalize(name), replaced by the current
// name when it is a former one in Synonyms. Keys are compared as returned;
// the synonym lookup ignores case. Names with no name in them give "".
//
//	Canonical(Phylum, "p__Firmicutes_A")            = "Bacillota"
//	Canonical(Species, "s__Bacteroides_vulgatus")   = "Phocaeicola vulgatus"
//
// A rank outside 0…NRanks-1 panics.
func Canonical(rank int, name string) string {
	if rank < 0 || rank >= NRanks {
		panic("taxonomy: Canonical: rank out of range")
	}
	key := Normalize(name)
	if s := synonymIndex[rank][strings.ToLower(key)]; s != nil {
		return s.Current
	}
	return key
}

// Lookup returns the synonym entry that Canonical would apply to name at
// rank, or nil; it says where a rename comes from.
func Lookup(rank int, name string) *Synonym {
	if rank < 0 || rank >= NRanks {
		return nil
	}
	return synonymIndex[rank][strings.ToLower(Normalize(name))]
}
