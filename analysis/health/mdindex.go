package health

import (
	"fmt"
	"math"
	"strings"

	"github.com/gutlens/gutlens/analysis"
)

// The MD index genera as QIIME 1.9.0 implements the index
// (github.com/biocore/qiime, scripts/compute_taxonomy_ratios.py,
// known_indices["md"]; qiime/compute_taxonomy_ratios.py at 2480fc9c).
// An earlier QIIME list differs (Sutterella was on the decreased side).
var (
	MDIncreased = []string{"Escherichia", "Fusobacterium", "Haemophilus", "Aggregatibacter", "Sutterella", "Veillonella"}
	MDDecreased = []string{"Akkermansia", "Faecalibacterium", "Ruminococcus", "Bacteroides", "Parabacteroides"}
)

// MDCaveat is shown with every MD index value.
const MDCaveat = "derived in paediatric new-onset Crohn's disease; its meaning in other people is unvalidated (evidence grade C as a general dysbiosis score)"

// MDResult holds the MD index per sample, in the table's sample order.
type MDResult struct {
	// Values: ln(Σ increased / Σ decreased); NaN when no decreased genus
	// is present, −Inf when no increased genus is present (as QIIME).
	Values   []float64
	Warnings []string
}

// MDIndex returns the Microbial Dysbiosis index of Gevers et al. 2014
// (doi:10.1016/j.chom.2014.02.005) as QIIME 1.9.0 computes it:
//
//	MD = ln( Σ abundance of features in the increased genera /
//	         Σ abundance of features in the decreased genera )
//
// matching features by genus name (taxonomy.Canonical). Counts and
// relative abundances give the same value. Without pseudocounts, like
// QIIME: NaN when the decreased sum is 0, −Inf when the increased sum is 0.
//
// It refuses tables without genus-level taxonomy, and tables in which none
// of the increased or none of the decreased genera occur (QIIME raises an
// error then).
func MDIndex(t *analysis.Table) (*MDResult, error) {
	if len(t.Samples) == 0 || len(t.Features) == 0 {
		return nil, notApplicable("md_index", "empty", nil)
	}
	inc, dec := genusSet(MDIncreased), genusSet(MDDecreased)
	side := make([]int8, len(t.Features))
	anyGenus, anyInc, anyDec := false, false, false
	keys := tableKeys(t)
	for i := range t.Features {
		g := keys[i][5]
		if g == "" {
			continue
		}
		anyGenus = true
		switch {
		case inc[g]:
			side[i], anyInc = 1, true
		case dec[g]:
			side[i], anyDec = -1, true
		}
	}
	switch {
	case !anyGenus:
		return nil, notApplicable("md_index", "no_genus", nil)
	case !anyInc:
		return nil, notApplicable("md_index", "no_increased", map[string]string{"genera": strings.Join(MDIncreased, ", ")})
	case !anyDec:
		return nil, notApplicable("md_index", "no_decreased", map[string]string{"genera": strings.Join(MDDecreased, ", ")})
	}
	r := &MDResult{Values: make([]float64, len(t.Samples)), Warnings: []string{MDCaveat}}
	if p := ProfilerOf(t); p.MetaPhlAn != 0 {
		r.Warnings = append(r.Warnings, "computed from the genera of a shotgun (MetaPhlAn) profile; the index was derived from 16S data")
	}
	nan, ninf := 0, 0
	for s, c := range t.Columns {
		var num, den float64
		for k, i := range c.Index {
			switch side[i] {
			case 1:
				num += c.Value[k]
			case -1:
				den += c.Value[k]
			}
		}
		switch {
		case den == 0:
			r.Values[s] = math.NaN()
			nan++
		case num == 0:
			r.Values[s] = math.Inf(-1)
			ninf++
		default:
			r.Values[s] = math.Log(num / den)
		}
	}
	if nan > 0 {
		r.Warnings = append(r.Warnings, fmt.Sprintf("%d sample(s) have none of the decreased genera: MD index undefined", nan))
	}
	if ninf > 0 {
		r.Warnings = append(r.Warnings, fmt.Sprintf("%d sample(s) have none of the increased genera: MD index −∞", ninf))
	}
	return r, nil
}

func genusSet(names []string) map[string]bool {
	m := map[string]bool{}
	for _, n := range names {
		m[key(5, n)] = true
	}
	return m
}
