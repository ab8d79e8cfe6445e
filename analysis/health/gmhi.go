package health

import (
	_ "embed"
	"fmt"
	"math"
	"strings"

	"github.com/gutlens/gutlens/analysis"
)

// The GMHI marker species, verbatim from the authors' repository
// (github.com/jaeyunsung/GMHI_2020 at 87fe9f6e, MH_species.txt and
// MN_species.txt; also published in the paper, CC BY 4.0).
var (
	//go:embed data/gmhi_mh_species.txt
	gmhiMHText string
	//go:embed data/gmhi_mn_species.txt
	gmhiMNText string

	// GMHIHealthy lists the 7 health-prevalent species (MH), MetaPhlAn 2 names.
	GMHIHealthy = strings.Fields(gmhiMHText)
	// GMHIScarce lists the 43 health-scarce species (MN), MetaPhlAn 2 names.
	GMHIScarce = strings.Fields(gmhiMNText)
)

// Constants of GMHI (Gupta et al. 2020, Methods; GMHI.R).
const (
	// GMHIThreshold is the presence threshold on the proportion scale
	// (0–1, after renormalising each sample): smaller proportions count as 0.
	GMHIThreshold = 1e-5
	// GMHIMHPrime is |MH′|, the median number of MH species present in
	// the top 1 % of healthy-ranked samples of the discovery cohort.
	GMHIMHPrime = 7
	// GMHIMNPrime is |MN′|, the median number of MN species present in
	// the bottom 1 % of samples.
	GMHIMNPrime = 31
	// gmhiPseudo is the constant added to both collective abundances.
	gmhiPseudo = 1e-5
)

// GMHISample is the GMHI of one sample with its parts.
type GMHISample struct {
	GMHI         float64 // NaN when the sample has no classified species
	RMH, RMN     int     // marker species present (proportion ≥ 1e-5)
	HMH, HMN     float64 // −Σ p ln p over the present markers of each set
	PsiMH, PsiMN float64 // collective abundances
}

// GMHIResult holds GMHI per sample, in the table's sample order.
type GMHIResult struct {
	Samples []GMHISample
	// Exact is true when the input is what GMHI was built for (a MetaPhlAn
	// 2 profile); false for inputs computed with a warning.
	Exact bool
	// MarkersFound counts the 50 marker species that occur as features
	// (in any sample; a profile lists only the species it detected).
	MarkersFound int
	Warnings     []string
}

// GMHI returns the Gut Microbiome Health Index of every sample of t, a
// table of MetaPhlAn 2 species relative abundances (Gupta et al. 2020,
// doi:10.1038/s41467-020-18476-8), exactly as the authors' GMHI.R:
//
//	drop species whose name contains "unclassified" or "virus";
//	p_i = x_i / Σ_j x_j;  p_i = 0 where p_i < 1e-5
//	H_M = −Σ_{i∈M, p_i>0} p_i ln p_i,  R_M = |{i∈M: p_i>0}|,  M ∈ {MH, MN}
//	ψ_MH = R_MH/7 · H_MH,  ψ_MN = R_MN/31 · H_MN
//	GMHI = log10((ψ_MH + 1e-5) / (ψ_MN + 1e-5))
//
// GMHI > 0 leans towards the healthy reference group, < 0 towards the
// non-healthy one; a sample with no marker species scores exactly 0.
// The Shannon terms use the sample's proportions, not proportions
// renormalised within each marker set.
//
// GMHI refuses (with a *NotApplicableError) counts, tables without
// species, non-MetaPhlAn profilers and MetaPhlAn 4. It computes with a
// warning, Exact false, for MetaPhlAn 3 (many species renamed since
// MetaPhlAn 2; the authors' MetaPhlAn 3 marker sets lack published |MH′|
// and |MN′|) and for species tables that do not name their profiler.
func GMHI(t *analysis.Table) (*GMHIResult, error) {
	if err := checkSpeciesProfile("gmhi", t); err != nil {
		return nil, err
	}
	r := &GMHIResult{}
	p := ProfilerOf(t)
	switch {
	case p.Other != "":
		return nil, notApplicable("gmhi", "other_profiler", map[string]string{"profiler": p.Other})
	case p.MetaPhlAn == 2:
		r.Exact = true
	case p.MetaPhlAn == 4:
		return nil, notApplicable("gmhi", "metaphlan4", map[string]string{"database": p.Database})
	case p.MetaPhlAn == 3:
		r.Warnings = append(r.Warnings, fmt.Sprintf("approximate: GMHI was built for MetaPhlAn 2 species, this is MetaPhlAn 3 (%s), which renamed or merged several marker species; the value is not validated", p.Database))
	case p.Stated:
		r.Warnings = append(r.Warnings, "the MetaPhlAn version is not stated; GMHI is valid only for MetaPhlAn 2 species profiles")
	default:
		r.Warnings = append(r.Warnings, "the file does not name its profiler; GMHI is valid only for MetaPhlAn 2 species profiles (names are matched as MetaPhlAn 2 writes them)")
	}
	class, found := gmhiClasses(t)
	r.MarkersFound = found
	r.Samples = make([]GMHISample, len(t.Samples))
	empty := 0
	for s, c := range t.Columns {
		r.Samples[s] = gmhiSample(class, c)
		if math.IsNaN(r.Samples[s].GMHI) {
			empty++
		}
	}
	if empty > 0 {
		r.Warnings = append(r.Warnings, fmt.Sprintf("%d sample(s) have no classified species; their GMHI is undefined (NaN)", empty))
	}
	return r, nil
}

// Feature classes for GMHI.
const (
	gmhiOther   = iota
	gmhiDropped // unclassified or viral: left out before renormalising
	gmhiMH
	gmhiMN
)

// gmhiClasses classifies every feature and counts the distinct marker
// species found.
func gmhiClasses(t *analysis.Table) (class []int8, found int) {
	set := make(map[string]int8, len(GMHIHealthy)+len(GMHIScarce))
	for _, s := range GMHIHealthy {
		set[s] = gmhiMH
	}
	for _, s := range GMHIScarce {
		set[s] = gmhiMN
	}
	seen := map[string]bool{}
	class = make([]int8, len(t.Features))
	for i := range t.Features {
		f := &t.Features[i]
		name := mpaSpeciesName(f.ID, f.Lineage)
		if name == "" {
			name = f.ID
		}
		switch {
		case strings.Contains(name, "unclassified") || strings.Contains(name, "virus"):
			class[i] = gmhiDropped
		case set[name] != 0:
			class[i] = set[name]
			if !seen[name] {
				seen[name] = true
				found++
			}
		}
	}
	return class, found
}

// gmhiSample computes GMHI for one sparse column.
func gmhiSample(class []int8, c analysis.Vector) GMHISample {
	total := 0.0
	for k, i := range c.Index {
		if class[i] != gmhiDropped {
			total += c.Value[k]
		}
	}
	var g GMHISample
	if !(total > 0) {
		g.GMHI = math.NaN()
		return g
	}
	for k, i := range c.Index {
		if class[i] != gmhiMH && class[i] != gmhiMN {
			continue
		}
		p := c.Value[k] / total
		if p < GMHIThreshold {
			continue
		}
		if class[i] == gmhiMH {
			g.RMH++
			g.HMH -= p * math.Log(p)
		} else {
			g.RMN++
			g.HMN -= p * math.Log(p)
		}
	}
	g.PsiMH = float64(g.RMH) / GMHIMHPrime * g.HMH
	g.PsiMN = float64(g.RMN) / GMHIMNPrime * g.HMN
	g.GMHI = math.Log10((g.PsiMH + gmhiPseudo) / (g.PsiMN + gmhiPseudo))
	return g
}
