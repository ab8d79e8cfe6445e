package health

import (
	"strings"

	"github.com/gutlens/gutlens/analysis"
)

// NotApplicableError says why an index was not computed for an input: the
// index was not built for it, and a number would be meaningless.
type NotApplicableError struct {
	Index string // "gmhi", "gmwi2" …
	// Key names the reason's text, "index.reason.<Key>" (data/text), whose
	// placeholders are filled from Args and {built_for}, the sentence
	// "index.built_for.<Index>".
	Key    string
	Args   map[string]string
	Reason string // the reason in English
}

func (e *NotApplicableError) Error() string {
	return "health: " + e.Index + " does not apply: " + e.Reason
}

// notApplicable refuses index for the reason "index.reason.<key>".
func notApplicable(index, key string, args map[string]string) error {
	return &NotApplicableError{Index: index, Key: key, Args: args, Reason: ReasonText(DefaultLang, index, key, args)}
}

// ReasonText says in lang why index does not apply: the text
// "index.reason.<key>" filled from args and {built_for}, the input the
// index was built for. The sentence starts in lower case: it follows
// "not calculated for this file, because".
func ReasonText(lang, index, key string, args map[string]string) string {
	a := map[string]string{"built_for": Text(lang, "index.built_for."+index, nil)}
	for k, v := range args {
		a[k] = v
	}
	return Text(lang, "index.reason."+key, a)
}

// Profiler describes what produced a table, as far as its provenance tells.
type Profiler struct {
	// MetaPhlAn is the MetaPhlAn major version (2, 3, 4), 0 when the file
	// does not say it comes from MetaPhlAn.
	MetaPhlAn int
	// Database is the MetaPhlAn database named in the header, e.g.
	// "mpa_v30_CHOCOPhlAn_201901"; "" when not given.
	Database string
	// Stated is false for generic tables (TSV, CSV, BIOM) that do not name
	// the profiler; true for a MetaPhlAn file or another named profiler.
	Stated bool
	// Other names a non-MetaPhlAn format or profiler ("kraken2" …).
	Other string
}

// genericFormats are containers that do not name the profiler.
func genericFormat(name string) bool {
	name = strings.ToLower(name)
	return name == "" || strings.Contains(name, "csv") || strings.Contains(name, "tsv") || strings.Contains(name, "biom")
}

// ProfilerOf reads a table's provenance.
func ProfilerOf(t *analysis.Table) Profiler {
	p := t.Provenance
	v := strings.TrimPrefix(p.Version, "#")
	switch {
	case p.Format == "metaphlan" || strings.HasPrefix(v, "mpa_v") || strings.HasPrefix(p.Tool, "MetaPhlAn"):
		return Profiler{MetaPhlAn: metaphlanMajor(v, p.Tool), Database: v, Stated: true}
	case genericFormat(p.Format):
		return Profiler{}
	}
	return Profiler{Stated: true, Other: p.Format}
}

// metaphlanMajor maps a database name or tool string to MetaPhlAn's major
// version: mpa_v20… → 2, mpa_v30/v31… → 3, mpa_vJan21, mpa_vOct22,
// mpa_vJun23, mpa_vJan25… → 4; 0 when neither says.
func metaphlanMajor(db, tool string) int {
	switch {
	case strings.HasPrefix(db, "mpa_v2") || strings.HasPrefix(db, "v20_"):
		return 2
	case strings.HasPrefix(db, "mpa_v3"):
		return 3
	case strings.HasPrefix(db, "mpa_v") && len(db) > 5 && db[5] >= 'A' && db[5] <= 'Z':
		return 4
	case strings.HasPrefix(tool, "MetaPhlAn "):
		n := int(tool[len("MetaPhlAn ")] - '0')
		if n >= 2 && n <= 9 {
			return n
		}
	}
	return 0
}

// checkSpeciesProfile refuses tables that cannot be a species-level
// relative-abundance profile: counts (16S/amplicon, Kraken reads) and
// tables with no species-level features.
func checkSpeciesProfile(index string, t *analysis.Table) error {
	if len(t.Samples) == 0 || len(t.Features) == 0 {
		return notApplicable(index, "empty", nil)
	}
	switch t.Unit {
	case analysis.UnitPercent, analysis.UnitFraction:
	default:
		return notApplicable(index, "unit", map[string]string{"unit": t.Unit.String()})
	}
	species := 0
	for i := range t.Features {
		if mpaSpeciesName(t.Features[i].ID, t.Features[i].Lineage) != "" {
			species++
		}
	}
	if species == 0 {
		return notApplicable(index, "no_species", nil)
	}
	return nil
}

// builtFor says what input each index was built for.

// BuiltFor returns the input an index was built for ("gmhi", "gmwi2",
// "md_index").
func BuiltFor(index string) string { return Text(DefaultLang, "index.built_for."+index, nil) }
