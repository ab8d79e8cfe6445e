package health

import (
	"errors"
	"math"

	"github.com/gutlens/gutlens/analysis"
)

// Index keys, as in the JSON of Indices.
const (
	KeyGMHI    = "gmhi"
	KeyGMWI2   = "gmwi2"
	KeyMDIndex = "md_index"
)

// Citations of the indices.
var citations = map[string]string{
	KeyGMHI:    "Gupta VK et al. 2020, Nat Commun 11:4635, doi:10.1038/s41467-020-18476-8",
	KeyGMWI2:   "Chang D et al. 2024, Nat Commun 15:7447, doi:10.1038/s41467-024-51651-9",
	KeyMDIndex: "Gevers D et al. 2014, Cell Host Microbe 15:382, doi:10.1016/j.chom.2014.02.005; genus lists as in QIIME 1.9.0 compute_taxonomy_ratios.py",
}

// Statuses of an index on a file.
const (
	StatusExact          = "exact"          // the input the index was built for
	StatusApproximate    = "approximate"    // computed, with warnings
	StatusNotApplicable  = "not_applicable" // refused: a number would be meaningless
	StatusNotImplemented = "not_implemented"
)

// IndexNote says how an index was (or was not) computed for a file.
type IndexNote struct {
	Status   string `json:"status"`
	BuiltFor string `json:"built_for"`
	Reason   string `json:"reason,omitempty"` // why the index is null, in English
	// ReasonKey and ReasonArgs give Reason in any language (ReasonText).
	ReasonKey  string            `json:"reason_key,omitempty"`
	ReasonArgs map[string]string `json:"reason_args,omitempty"`
	Warnings   []string          `json:"warnings,omitempty"`
	Caveat     string            `json:"caveat"`
	Citation   string            `json:"citation"`
}

// caveats are shown with every value of an index.
var caveats = map[string]string{
	KeyGMHI:    "a statistical association learned from 4,347 stool metagenomes of healthy and non-healthy people; it describes the sample relative to those cohorts and is not a medical test",
	KeyGMWI2:   "a statistical association learned from 8,069 stool metagenomes of 54 studies (5,547 healthy, 2,522 non-healthy); it describes the sample relative to those cohorts and is not a medical test",
	KeyMDIndex: MDCaveat,
}

// Indices holds every index for every sample of a file; a nil value (JSON
// null) means the index does not apply (reason in Notes) or is undefined
// for that sample (a warning in Notes says which).
type Indices struct {
	SampleOrder []string                       `json:"sample_order"`
	Samples     map[string]map[string]*float64 `json:"samples"`
	Notes       map[string]*IndexNote          `json:"notes"`
}

// ComputeIndices computes GMHI, GMWI2 and the MD index for t. clades, when
// not nil, are the clades at every rank of the same file (ReadMetaPhlAn),
// with the samples in the same order, and are used for GMWI2; otherwise
// GMWI2 rebuilds them from t's species.
func ComputeIndices(t *analysis.Table, clades *Clades) *Indices {
	ix := &Indices{SampleOrder: t.Samples, Samples: map[string]map[string]*float64{}, Notes: map[string]*IndexNote{}}
	for _, s := range t.Samples {
		ix.Samples[s] = map[string]*float64{KeyGMHI: nil, KeyGMWI2: nil, KeyMDIndex: nil}
	}
	note := func(key string, exact bool, warnings []string, err error) *IndexNote {
		n := &IndexNote{Status: StatusApproximate, BuiltFor: BuiltFor(key), Warnings: warnings, Citation: citations[key]}
		var na *NotApplicableError
		switch {
		case errors.As(err, &na):
			n.Status, n.Reason, n.ReasonKey, n.ReasonArgs = StatusNotApplicable, na.Reason, na.Key, na.Args
		case err != nil:
			n.Status, n.Reason = StatusNotApplicable, err.Error()
		case exact && len(warnings) == 0:
			n.Status = StatusExact
		}
		ix.Notes[key] = n
		return n
	}
	set := func(key string, values []float64) {
		for s, v := range values {
			if !math.IsNaN(v) && !math.IsInf(v, 0) {
				ix.Samples[t.Samples[s]][key] = &v
			}
		}
	}

	if g, err := GMHI(t); err != nil {
		note(KeyGMHI, false, nil, err)
	} else {
		note(KeyGMHI, g.Exact, g.Warnings, nil)
		v := make([]float64, len(g.Samples))
		for s := range g.Samples {
			v[s] = g.Samples[s].GMHI
		}
		set(KeyGMHI, v)
	}

	var w *GMWI2Result
	var err error
	if clades != nil {
		w, err = GMWI2(clades)
		if err == nil && len(clades.Samples) != len(t.Samples) {
			w, err = nil, errors.New("the profile's clades and the table have different numbers of samples")
		}
	} else {
		w, err = GMWI2Table(t)
	}
	if err != nil {
		note(KeyGMWI2, false, nil, err)
	} else {
		note(KeyGMWI2, w.Exact, w.Warnings, nil)
		v := make([]float64, len(w.Samples))
		for s := range w.Samples {
			v[s] = w.Samples[s].GMWI2
		}
		set(KeyGMWI2, v)
	}

	if md, err := MDIndex(t); err != nil {
		note(KeyMDIndex, false, nil, err)
	} else {
		note(KeyMDIndex, true, md.Warnings[1:], nil)
		set(KeyMDIndex, md.Values)
	}
	for k, n := range ix.Notes {
		n.Caveat = caveats[k]
	}
	return ix
}
