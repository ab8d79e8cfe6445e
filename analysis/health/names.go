package health

import "strings"

// lastClade returns the last "|"-separated component of a clade string.
func lastClade(s string) string {
	return s[strings.LastIndexByte(s, '|')+1:]
}

// mpaSpeciesName returns a feature's species as MetaPhlAn writes it,
// "s__Bacteroides_vulgatus", from its clade id or, failing that, from its
// lineage; "" when the feature is not at species level.
func mpaSpeciesName(id string, lineage []string) string {
	if last := lastClade(id); strings.HasPrefix(last, "s__") {
		return last
	}
	if len(lineage) > 6 && lineage[6] != "" && (len(lineage) < 8 || lineage[7] == "") {
		return "s__" + strings.ReplaceAll(lineage[6], " ", "_")
	}
	return ""
}
