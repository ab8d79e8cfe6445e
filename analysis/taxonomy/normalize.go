package taxonomy

import (
	"strings"
	"unicode"
)

// Normalize returns a matching key for a taxon name as some file wrote it,
// following FORMATS.md §3.14:
//
//	k__Bacteria, d_Bacteria, D_0__Bacteria, Bacteria(100)   → Bacteria
//	s__Bacteroides_vulgatus                                  → Bacteroides vulgatus
//	[Eubacterium]_coprostanoligenes_group                    → Eubacterium coprostanoligenes group
//	p__Firmicutes_A, s__Faecalibacterium prausnitzii_C       → Firmicutes, Faecalibacterium prausnitzii
//	c__Clostridia_258483 (Greengenes2)                       → Clostridia
//	Blautia obeum/wexlerae [ref_mOTU_v3_02154] (mOTUs 3)     → Blautia obeum/wexlerae
//
// In order: surrounding space and quotes go; one rank prefix goes (k__, d_,
// D_0__ …); a trailing RDP/mothur confidence "(100)" goes; a trailing
// bracketed mOTUs id goes, other square brackets and quotes are removed;
// then, word by word, a GTDB suffix ("_A", "_AQ" after a Latin word) and a
// Greengenes2 numeric suffix ("_258483" after a capitalised Latin word) are
// dropped; "_" becomes a space and runs of space collapse to one.
//
// Names that say "no name here" normalise to "": unclassified, Unassigned,
// unknown, NA, uncultured, metagenome placeholders (SILVA "gut_metagenome"),
// "<Taxon>_unclassified" (MetaPhlAn, mothur), "unclassified <Taxon>"
// (NCBI), "-1" (mOTUs) and the "<parent> (unclassified at <rank>)" labels
// that Collapse makes. GTDB and MetaPhlAn placeholder taxa that do name a
// clade (UBA184, CAG-41, UMGS1071, GGB1234_SGB5678) are kept.
//
// Case is kept, so the key still reads as a name; Canonical compares case-
// insensitively. SILVA "Escherichia-Shigella" and "Lachnospiraceae_UCG-010"
// keep their hyphen. The key is for matching only: show the original name.
func Normalize(name string) string {
	s := strings.TrimSpace(name)
	s = strings.Trim(s, `"'`)
	s = stripPrefix(s)
	s = stripConfidence(s)
	s = strings.TrimSpace(strings.Trim(s, `"'`))
	if isPlaceholder(s) {
		return ""
	}
	s = stripMOTUsID(s)
	s = bracketsQuotes.Replace(s)
	words := strings.Fields(s)
	for i, w := range words {
		words[i] = strings.ReplaceAll(dropSuffix(w), "_", " ")
	}
	s = strings.Join(strings.Fields(strings.Join(words, " ")), " ")
	if isPlaceholder(s) {
		return ""
	}
	return s
}

// stripPrefix removes one rank prefix: "k__", "d__" … (Greengenes, SILVA,
// GTDB, MetaPhlAn), "d_" … (kreport2mpa), "D_0__" … (SILVA 132 QIIME
// release).
func stripPrefix(s string) string {
	if _, n := rankPrefix(s); n > 0 {
		return s[n:]
	}
	return s
}

// rankPrefix reports the rank a prefix names and the prefix length; n is 0
// when s has no rank prefix.
func rankPrefix(s string) (rank, n int) {
	switch {
	case len(s) >= 3 && s[1] == '_' && s[2] == '_':
		if r, ok := prefixRank[s[0]]; ok {
			return r, 3
		}
	case len(s) >= 5 && s[0] == 'D' && s[1] == '_' && s[2] >= '0' && s[2] <= '7' && s[3] == '_' && s[4] == '_':
		// SILVA 132 QIIME release: D_0__ domain … D_6__ species.
		return int(s[2] - '0'), 5
	case len(s) >= 2 && s[1] == '_' && (len(s) == 2 || s[2] != '_') && strings.IndexByte("dkpcofgs", s[0]) >= 0:
		// kreport2mpa: d_Bacteria|p_Proteobacteria|…|s_Escherichia_coli.
		return prefixRank[s[0]], 2
	}
	return 0, 0
}

// stripConfidence removes a trailing RDP/mothur bootstrap confidence:
// "Bacteroidaceae(100)", `"Bacteroidetes"(100)`, "Blautia(77.5)".
func stripConfidence(s string) string {
	if !strings.HasSuffix(s, ")") {
		return s
	}
	open := strings.LastIndexByte(s, '(')
	if open < 0 {
		return s
	}
	num := s[open+1 : len(s)-1]
	if num == "" || strings.Trim(num, "0123456789.") != "" {
		return s
	}
	return strings.TrimSpace(s[:open])
}

// stripMOTUsID removes a trailing mOTUs identifier in brackets:
// "Blautia obeum/wexlerae [ref_mOTU_v3_02154]".
func stripMOTUsID(s string) string {
	if !strings.HasSuffix(s, "]") {
		return s
	}
	open := strings.LastIndex(s, " [")
	if open < 0 || !strings.Contains(s[open:], "mOTU") {
		return s
	}
	return strings.TrimSpace(s[:open])
}

// dropSuffix removes a GTDB suffix ("Firmicutes_A", "prausnitzii_C",
// "Clostridium_AQ") or a Greengenes2 numeric suffix ("Clostridia_258483")
// from one word. The part before the suffix must be a Latin word (letters,
// lower case after the first), so placeholders such as "WAL_1855" (Greengenes
// 13_8) and multi-part names ("Lachnospiraceae_NK4A136_group") are kept.
func dropSuffix(w string) string {
	i := strings.LastIndexByte(w, '_')
	if i <= 0 || i == len(w)-1 || !latinWord(w[:i]) {
		return w
	}
	suf := w[i+1:]
	switch {
	case len(suf) <= 3 && allIn(suf, unicode.IsUpper):
		return w[:i] // GTDB
	case allIn(suf, unicode.IsDigit) && unicode.IsUpper(rune(w[0])):
		return w[:i] // Greengenes2
	}
	return w
}

// latinWord reports whether w is a word of at least three letters, lower case
// after the first.
func latinWord(w string) bool {
	if len(w) < 3 {
		return false
	}
	for i, r := range w {
		if !unicode.IsLetter(r) || (i > 0 && !unicode.IsLower(r)) {
			return false
		}
	}
	return true
}

func allIn(s string, f func(rune) bool) bool {
	for _, r := range s {
		if !f(r) {
			return false
		}
	}
	return s != ""
}

// placeholders are names, lower-cased and with "_" as space, that mean
// "no name at this rank".
var placeholders = map[string]bool{
	"": true, "unclassified": true, "unassigned": true, "unknown": true, "unidentified": true,
	"na": true, "n/a": true, "nan": true, "none": true, "null": true, "-1": true, "no hit": true,
	"uncultured": true, "uncultured bacterium": true, "uncultured organism": true,
	"uncultured prokaryote": true, "uncultured archaeon": true, "metagenome": true,
	"gut metagenome": true, "human gut metagenome": true, "mouse gut metagenome": true,
	"ambiguous taxa": true, "incertae sedis": true,
}

// isPlaceholder reports whether a (prefix-free) name means "no name here".
func isPlaceholder(s string) bool {
	l := strings.ToLower(strings.TrimSpace(strings.ReplaceAll(s, "_", " ")))
	l = strings.Join(strings.Fields(l), " ")
	switch {
	case placeholders[l]:
		return true
	case strings.HasSuffix(l, " unclassified"), strings.HasPrefix(l, "unclassified "):
		return true // Bacteroides_unclassified (MetaPhlAn), unclassified Lachnospiraceae (NCBI)
	case strings.HasPrefix(l, "uncultured "):
		return true // SILVA species: uncultured_Bacteroidales_bacterium
	case strings.HasSuffix(l, ")") && strings.Contains(l, "(unclassified at "):
		return true // the labels Collapse makes
	}
	return false
}

// IsPlaceholder reports whether name, as a file wrote it, means "no name at
// this rank" (see Normalize): Normalize(name) == "".
func IsPlaceholder(name string) bool { return Normalize(name) == "" }

// Binomial returns the normalised binomial of a species name, adding the
// genus when the file gives the epithet alone (Greengenes 13_8:
// g__Bifidobacterium; s__longum → "Bifidobacterium longum"). It returns ""
// when the species has no name.
func Binomial(genus, species string) string {
	sp := Normalize(species)
	if sp == "" || strings.ContainsRune(sp, ' ') || !unicode.IsLower(rune(sp[0])) {
		return sp
	}
	if g := Normalize(genus); g != "" {
		return g + " " + sp
	}
	return sp
}

// bracketsQuotes removes the brackets and quotes Normalize drops; built
// once, since a Replacer is costly to build and Normalize runs per feature.
var bracketsQuotes = strings.NewReplacer("[", "", "]", "", `"`, "", "'", "")
