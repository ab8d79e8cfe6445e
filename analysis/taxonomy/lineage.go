// Package taxonomy parses lineage strings into ranks.
package taxonomy

import "strings"

// NRanks is the number of ranks a lineage has: domain, phylum, class,
// order, family, genus, species, strain (analysis.Ranks).
const NRanks = 8

// prefixRank maps a rank prefix letter (k__, d__, p__ …) to its rank index.
var prefixRank = map[byte]int{'k': 0, 'd': 0, 'p': 1, 'c': 2, 'o': 3, 'f': 4, 'g': 5, 's': 6, 't': 7}

// Parse splits a lineage into names per rank. It understands Greengenes and
// SILVA/GTDB prefixes ("k__Bacteria; p__Firmicutes", "d__Bacteria;p__…"),
// MetaPhlAn clades ("k__Bacteria|p__Firmicutes"), kreport2mpa clades
// ("d_Bacteria|p_Proteobacteria"), SILVA 132 QIIME prefixes
// ("D_0__Bacteria;D_1__Firmicutes") and unprefixed lineages, which fill the
// ranks in order ("Bacteria;Firmicutes;…", with a leading "Root" skipped).
// RDP/mothur confidences are dropped ("Bacteroidaceae(100)" →
// "Bacteroidaceae"). Prefixes are removed; an empty name ("g__") stays "";
// other names stay as written (see Normalize for matching keys).
//
// unassigned is true when the lineage names no domain: "Unassigned",
// "Unclassified", "k__", an empty string ….
func Parse(s string) (lineage []string, unassigned bool) {
	var parts []string
	switch {
	case strings.Contains(s, "|"):
		parts = strings.Split(s, "|")
	default:
		parts = strings.Split(s, ";")
	}
	return FromParts(parts)
}

// FromParts is Parse for a lineage already split into parts, as BIOM files
// store it (["k__Bacteria", "p__Firmicutes", …]).
func FromParts(parts []string) (lineage []string, unassigned bool) {
	lineage = make([]string, NRanks)
	pos := 0
	for _, p := range parts {
		p = strings.Trim(strings.TrimSpace(p), `"`)
		p = strings.Trim(stripConfidence(p), `"`)
		if pos == 0 && strings.EqualFold(p, "Root") {
			continue
		}
		rank := pos
		if r, n := rankPrefix(p); n > 0 {
			rank = r
			p = p[n:]
		}
		if rank >= NRanks {
			break
		}
		if lineage[rank] == "" {
			lineage[rank] = p
		}
		pos = rank + 1
	}
	return lineage, IsUnassigned(lineage[0])
}

// IsUnassigned reports whether a domain-level name means "not classified".
func IsUnassigned(domain string) bool {
	switch strings.ToLower(strings.TrimSpace(domain)) {
	case "", "unassigned", "unclassified", "unknown", "na", "no hit", "unidentified":
		return true
	}
	return false
}
