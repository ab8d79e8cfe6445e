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
	DOI     string // "" when the source could not be confirmed
	// Checked says how the citation and the name change were checked. It
	// starts with "not verified" when the publication could not be
	// confirmed (then DOI is ""): the rename is listed in
	// ../shared/research/KNOWLEDGE.md §2.0 and the check says where the
	// current name is in use.
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
	blancoMiguez2023 = &Source{"Blanco-Míguez A et al.", 2023, "Cell Host Microbe 31:1804–1819", "10.1016/j.chom.2023.09.013",
		"2026-11-26: abstract seen ('Segatella copri (formerly Prevotella copri)'); issue 31(11), pages and DOI on its PubMed record (37883976) and at PMC10635906. " +
			"The naming paper, Hitch TCA et al. 2022 (Syst Appl Microbiol), was not confirmed: its DOI appears only in a third-party citation (doi:10.1016/j.syapm.2022.126354), not on a journal, PubMed or LPSN page, so this source stands in for it"}
	mattarelli2008 = &Source{"Mattarelli P, Bonaparte C, Pot B, Biavati B", 2008, "Int J Syst Evol Microbiol 58:767–772", "10.1099/ijs.0.65319-0",
		"2026-11-26: abstract at microbiologyresearch.org/content/journal/ijsem/10.1099/ijs.0.65319-0 (B. longum subsp. infantis comb. nov.); authors and 58:767–772 from reference lists (eol.org, tgw1916.net). " +
			"B. infantis was first merged into B. longum by Sakata et al. 2002 (Int J Syst Evol Microbiol 52:1945–1951, doi:10.1099/00207713-52-6-1945, PubMed 12508852); species-level matching drops the subspecies"}
	// The three renames below are in current use (the checks say where),
	// but the papers that made them could not be confirmed: no DOI.
	rosero2016 = &Source{"Rosero JA et al. (not confirmed)", 2016, "", "",
		"not verified (2026-11-26): the current name is GTDB r207's (s__Agathobacter rectalis in the MetaPhlAn SGB→GTDB map, corpus other-profilers/); " +
			"the naming paper, Rosero et al. 2016 (KNOWLEDGE.md §2.0), was found only in third-party code comments, with no DOI"}
	togo2018 = &Source{"Togo AH et al. (not confirmed)", 2018, "", "",
		"not verified (2026-11-26): NCBI Taxonomy places R. gnavus in Mediterraneibacter (microbewiki.kenyon.edu/index.php/R._gnavus); " +
			"GTDB r207 calls it Ruminococcus_B gnavus instead. The naming paper, Togo et al. 2018 (KNOWLEDGE.md §2.0), was not found: a third-party comment gives another journal than the draft, and no DOI was seen"}
	kaur2014 = &Source{"Kaur, Yawar, Kumar and Suresh", 2014, "", "",
		"not verified (2026-11-26): the authority 'Hungatella hathewayi (Steer et al. 2001) Kaur, Yawar, Kumar and Suresh' is in the Bergey's Manual genus text (quoted at scite.ai), " +
			"and MetaPhlAn 3 (NCBI names) reports s__Hungatella_hathewayi (corpus gmhi/gmwi2/kefir_profiles); the year (2014) is KNOWLEDGE.md's, the journal and DOI were not seen"}
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
	{Species, "Eubacterium rectale", "Agathobacter rectalis", rosero2016},
	{Species, "Clostridium hathewayi", "Hungatella hathewayi", kaur2014},
	{Species, "Ruminococcus gnavus", "Mediterraneibacter gnavus", togo2018},
	{Species, "Bifidobacterium infantis", "Bifidobacterium longum", mattarelli2008}, // B. longum subsp. infantis
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
