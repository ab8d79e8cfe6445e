package health

import (
	_ "embed"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/gutlens/gutlens/analysis"
)

// The GMWI2 model: intercept and the 95 non-zero coefficients of the
// authors' scikit-learn 1.2.2 L1 logistic regression over 3,200 MetaPhlAn 3
// clades (github.com/danielchang2002/GMWI2 at 9850ec74,
// src/GMWI2/GMWI2_databases/GMWI2_model.joblib; MIT licence, see
// data/LICENSE.GMWI2-MIT.txt).
//
//go:embed data/gmwi2_coefficients.tsv
var gmwi2TSV string

// GMWI2Threshold is GMWI2's presence threshold on the 0–1 scale of
// classified reads.
const GMWI2Threshold = 1e-5

// GMWI2Database is the MetaPhlAn database GMWI2 was trained on.
const GMWI2Database = "mpa_v30_CHOCOPhlAn_201901"

// GMWI2Coefficient is one clade's coefficient.
type GMWI2Coefficient struct {
	Clade string // full MetaPhlAn 3 clade string
	Coef  float64
}

var gmwi2Intercept, gmwi2Coefs = parseGMWI2(gmwi2TSV)

func parseGMWI2(text string) (float64, []GMWI2Coefficient) {
	var intercept float64
	var cs []GMWI2Coefficient
	for i, l := range strings.Split(strings.TrimSpace(text), "\n") {
		f := strings.Split(strings.TrimSpace(l), "\t")
		if i == 0 {
			continue // header
		}
		v, err := strconv.ParseFloat(f[1], 64)
		if len(f) != 2 || err != nil {
			panic(fmt.Sprintf("health: data/gmwi2_coefficients.tsv line %d: %q", i+1, l))
		}
		if f[0] == "(intercept)" {
			intercept = v
			continue
		}
		cs = append(cs, GMWI2Coefficient{f[0], v})
	}
	return intercept, cs
}

// GMWI2Model returns the model's intercept and non-zero coefficients.
func GMWI2Model() (intercept float64, coefs []GMWI2Coefficient) {
	return gmwi2Intercept, append([]GMWI2Coefficient(nil), gmwi2Coefs...)
}

// GMWI2Sample is one sample's score with the clades that contributed.
type GMWI2Sample struct {
	GMWI2   float64            // NaN when the sample has no classified reads
	Present []GMWI2Coefficient // model clades present, in model order
}

// GMWI2Result holds GMWI2 per sample, in the input's sample order.
type GMWI2Result struct {
	Samples []GMWI2Sample
	// Exact is true for MetaPhlAn 3.0 profiles with the model's database.
	Exact    bool
	Warnings []string
}

// GMWI2 returns the Gut Microbiome Wellness Index 2 (Chang et al. 2024,
// doi:10.1038/s41467-024-51651-9) of every sample of a MetaPhlAn 3 profile,
// exactly as the official tool (src/gmwi2_metaphlan_output.py):
//
//	x_f = relative_abundance_f / (100 − UNKNOWN)   (UNKNOWN = 0 if absent)
//	present_f = 1 if x_f > 1e-5, else 0
//	GMWI2 = intercept + Σ_f coef_f · present_f
//
// over clades f at every rank. GMWI2 is the log-odds of the healthy class;
// above 0 leans healthy.
//
// MetaPhlAn 3.0 with mpa_v30_CHOCOPhlAn_201901 is exact; other MetaPhlAn 3
// releases on the same database (3.1) get a value with a warning, because
// their estimates differ; MetaPhlAn 2 and 4 (other databases, other clade
// names) are refused with a *NotApplicableError.
func GMWI2(c *Clades) (*GMWI2Result, error) {
	r := &GMWI2Result{}
	switch major := metaphlanMajor(c.Database, c.Tool); {
	case c.Database == GMWI2Database:
		r.Exact = true
	case major == 3 && strings.HasSuffix(c.Database, "_CHOCOPhlAn_201901"):
		r.Warnings = append(r.Warnings, fmt.Sprintf("approximate: GMWI2 was trained on MetaPhlAn 3.0 profiles (%s); this profile is %s, whose estimates differ (by up to 0.68 GMWI2 units on the same samples)", GMWI2Database, c.Database))
	case major != 0:
		db := c.Database
		if db == "" {
			db = "that of " + c.Tool
		}
		return nil, notApplicable("gmwi2", "database", map[string]string{"database": db})
	default:
		r.Warnings = append(r.Warnings, "the profile does not name its MetaPhlAn database; GMWI2 is valid only for MetaPhlAn 3.0 with "+GMWI2Database)
	}
	if len(c.Samples) == 0 {
		return nil, notApplicable("gmwi2", "no_samples", nil)
	}
	index := make(map[string]int, len(c.Names))
	higher, viral := false, false
	for i, n := range c.Names {
		index[n] = i
		if strings.Contains(n, "|") && !strings.Contains(lastClade(n), "s__") && !strings.Contains(lastClade(n), "t__") {
			higher = true
		}
		if strings.HasPrefix(n, "k__Viruses") {
			viral = true
		}
	}
	if !higher && len(c.Names) > 1 {
		return nil, notApplicable("gmwi2", "one_rank", nil)
	}
	if !viral && c.Command != "" && !strings.Contains(c.Command, "--add_viruses") {
		r.Warnings = append(r.Warnings, "MetaPhlAn ran without --add_viruses; the model's two viral features count as absent")
	}
	r.Samples = make([]GMWI2Sample, len(c.Samples))
	empty := 0
	for s := range c.Samples {
		denom := 100 - c.Unknown[s]
		g := GMWI2Sample{GMWI2: gmwi2Intercept}
		if !(denom > 0) {
			g.GMWI2 = math.NaN()
			empty++
			r.Samples[s] = g
			continue
		}
		for _, co := range gmwi2Coefs {
			if i, ok := index[co.Clade]; ok && c.Values[i][s]/denom > GMWI2Threshold {
				g.GMWI2 += co.Coef
				g.Present = append(g.Present, co)
			}
		}
		r.Samples[s] = g
	}
	if empty > 0 {
		r.Warnings = append(r.Warnings, fmt.Sprintf("%d sample(s) have no classified reads (UNKNOWN = 100 %%); their GMWI2 is undefined (NaN)", empty))
	}
	return r, nil
}

// GMWI2Table computes GMWI2 from a table decoded from a MetaPhlAn 3
// profile, rebuilding the higher ranks from the species (CladesFromTable).
// On the official example and the 44 kefir-study profiles this gives the
// same scores as GMWI2 on the file's own clades; it can differ only for a
// higher clade whose abundance lies within rounding of the threshold. Use
// GMWI2 with ReadMetaPhlAn when the file's bytes are at hand.
func GMWI2Table(t *analysis.Table) (*GMWI2Result, error) {
	if err := checkSpeciesProfile("gmwi2", t); err != nil {
		return nil, err
	}
	p := ProfilerOf(t)
	if p.Other != "" {
		return nil, notApplicable("gmwi2", "other_profiler", map[string]string{"profiler": p.Other})
	}
	c, err := CladesFromTable(t)
	if err != nil {
		return nil, notApplicable("gmwi2", "not_clades", nil)
	}
	return GMWI2(c)
}
