package health

import (
	"embed"
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/gutlens/gutlens/analysis"
)

// Reference percentiles: every metric and guild share is placed against a
// named healthy cohort, never against fixed "normal ranges". The cohorts'
// quantiles are derived offline from public data by
// testdata/reference/main.go; only the quantiles are embedded, each file
// with its provenance (source, sha256, filter, assay, profiler, script,
// date).
//
//go:embed data/reference/*.json
var referenceFS embed.FS

// ReferenceSchema names the JSON document of a reference cohort.
const ReferenceSchema = "gutlens-reference/1"

// Assays.
const (
	AssayShotgun = "shotgun" // shotgun metagenomics
	Assay16S     = "16S"     // 16S rRNA gene amplicons
)

// Reference metrics. Guild shares are GuildMetric(id).
const (
	MetricShannon  = "shannon_ln" // Shannon H', natural log, over the file's features
	MetricObserved = "observed"   // features with a value > 0
	MetricGMHI     = "gmhi"
	MetricMD       = "md_index"
)

// GuildMetric is the reference metric of a guild's share.
func GuildMetric(id string) string { return "guild:" + id }

// ReferenceGuild reports whether a guild's share is a meaningful reference
// metric: not the psychobiotic species (their effects are strain-specific)
// and not the Firmicutes/Bacteroidetes ratio (not a validated marker).
func ReferenceGuild(id string) bool {
	return id != "psychobiotic_species" && id != "firmicutes_bacteroidetes_ratio"
}

// Cohort is a named reference cohort with the quantiles of its metrics.
type Cohort struct {
	Schema     string `json:"schema"`
	ID         string `json:"id"`
	Name       string `json:"name"`
	Population string `json:"population"`
	Assay      string `json:"assay"`    // AssayShotgun or Assay16S
	Profiler   string `json:"profiler"` // "metaphlan2", "qiime1-greengenes-otu" …
	// ProfilerVersion says which release and database made the profiles.
	ProfilerVersion string     `json:"profiler_version"`
	Licence         string     `json:"licence"`
	N               int        `json:"n"` // people in the cohort
	Provenance      Provenance `json:"provenance"`
	Caveats         []string   `json:"caveats,omitempty"`
	// Probs are the quantile levels, 0–1, shared by every metric; 0 and 1
	// give the cohort's minimum and maximum.
	Probs   []float64                   `json:"probs"`
	Metrics map[string]*MetricQuantiles `json:"metrics"`
}

// Provenance says how a cohort's quantiles were made.
type Provenance struct {
	SourceFile       string `json:"source_file"` // path in the shared corpus
	SourceRepository string `json:"source_repository"`
	SourceCommit     string `json:"source_commit"`
	SHA256           string `json:"sha256"` // of the source file(s), space-separated
	Filter           string `json:"filter"` // which samples were kept
	Script           string `json:"script"`
	Command          string `json:"command"`
	Generated        string `json:"generated"` // date, YYYY-MM-DD
	Version          int    `json:"version"`   // of this table
}

// MetricQuantiles are one metric's quantiles at the cohort's Probs; N is
// the number of people with a defined value.
type MetricQuantiles struct {
	N         int       `json:"n"`
	Quantiles []float64 `json:"quantiles"`
}

// Placement is a value placed against a reference cohort.
type Placement struct {
	Percentile float64 `json:"percentile"` // 0–100
	CohortID   string  `json:"cohort"`
	CohortName string  `json:"cohort_name"`
	N          int     `json:"n"`
	// Exact is true when the file's assay and profiler are the cohort's.
	Exact    bool     `json:"exact_match"`
	Warnings []string `json:"warnings,omitempty"`
}

var cohorts = mustCohorts()

func mustCohorts() []*Cohort {
	entries, err := referenceFS.ReadDir("data/reference")
	if err != nil {
		panic("health: data/reference: " + err.Error())
	}
	var out []*Cohort
	for _, e := range entries {
		b, err := referenceFS.ReadFile("data/reference/" + e.Name())
		if err != nil {
			panic("health: " + err.Error())
		}
		var c Cohort
		if err := json.Unmarshal(b, &c); err != nil {
			panic("health: data/reference/" + e.Name() + ": " + err.Error())
		}
		out = append(out, &c)
	}
	return out
}

// Cohorts returns the embedded reference cohorts. They are shared: do not
// modify them.
func Cohorts() []*Cohort { return cohorts }

// Percentile places value among the cohort of the same assay that has the
// metric, preferring the same profiler, then the larger cohort. p is the
// share of the cohort (0–100) below the value, interpolated linearly
// between the shipped quantiles; a value equal to a run of equal quantiles
// (e.g. many people at 0) gets the middle of that run.
//
// The rules, and the warnings in the returned cohort's Placement:
//   - no cohort of the file's assay (or the assay is unknown): refused
//     (ok false), because 16S and shotgun abundances are not comparable;
//   - observed richness from another profiler: refused, because richness
//     depends on depth, database and OTU/ASV/species definition;
//   - any other metric from another profiler: placed, with a warning that
//     profilers and versions shift values;
//   - NaN or ±Inf: refused.
//
// The reason for a refusal is in the returned error of PercentileOf.
func Percentile(metric, assay, profiler string, value float64) (p float64, cohort Cohort, ok bool) {
	pl, c, err := PercentileOf(metric, assay, profiler, value)
	if err != nil {
		return math.NaN(), Cohort{}, false
	}
	return pl.Percentile, *c, true
}

// PercentileOf is Percentile with the placement's warnings, and the reason
// when the value is not placed.
func PercentileOf(metric, assay, profiler string, value float64) (*Placement, *Cohort, error) {
	if math.IsNaN(value) || math.IsInf(value, 0) {
		return nil, nil, fmt.Errorf("the value is undefined")
	}
	if assay == "" {
		return nil, nil, fmt.Errorf("the file does not say whether it comes from shotgun or 16S sequencing, so no reference cohort can be matched")
	}
	ch := chooseCohort(metric, assay, profiler)
	if ch.err != nil {
		return nil, ch.best, ch.err
	}
	best := ch.best
	pl := &Placement{CohortID: best.ID, CohortName: best.Name, N: best.Metrics[metric].N, Exact: ch.exact}
	if ch.warning != "" {
		pl.Warnings = []string{ch.warning}
	}
	pl.Percentile = best.place(metric, value)
	return pl, best, nil
}

// choice is the cohort chosen for a metric, assay and profiler.
type choice struct {
	best    *Cohort
	exact   bool
	warning string
	err     error
	// refusal is the text id of err's reason (RefusalKey).
	refusal string
}

// RefusalKey returns the text id that says, in any language, why a value
// of metric from a file of this assay and profiler is not compared with a
// reference cohort ("reference.refused.<why>", with the placeholder
// {assay}), or "" when it is compared. It gives the reason of
// PercentileOf's error for a defined value.
func RefusalKey(metric, assay, profiler string) string {
	if assay == "" {
		return "reference.refused.no_assay"
	}
	return chooseCohort(metric, assay, profiler).refusal
}

// choices memoises chooseCohort: a table asks the same question for every
// sample.
var choices sync.Map // [3]string → choice

// chooseCohort picks the cohort of the same assay with the nearest
// profiler (then the largest n) that has the metric.
func chooseCohort(metric, assay, profiler string) choice {
	k := [3]string{metric, assay, profiler}
	if c, ok := choices.Load(k); ok {
		return c.(choice)
	}
	var best *Cohort
	bestD := math.MaxInt
	for _, c := range cohorts {
		if c.Assay != assay || c.Metrics[metric] == nil {
			continue
		}
		d := profilerDistance(c.Profiler, profiler)
		if d < bestD || d == bestD && c.Metrics[metric].N > best.Metrics[metric].N {
			best, bestD = c, d
		}
	}
	ch := choice{best: best, exact: bestD == 0}
	switch {
	case best == nil && !anyCohortHas(metric):
		ch.err = fmt.Errorf("no healthy reference cohort has %s yet, so it is not compared with other people", metric)
		ch.refusal = "reference.refused.no_cohort"
	case best == nil:
		ch.err = fmt.Errorf("no reference cohort of %s data has %s", assay, metric)
		ch.refusal = "reference.refused.other_assay"
	case bestD != 0 && metric == MetricObserved:
		ch.refusal = "reference.refused.richness"
		ch.err = fmt.Errorf("richness depends on sequencing depth and on the profiler (%s here, %s in the reference cohort %q); it is not compared across profilers", orUnknown(profiler), best.ProfilerVersion, best.Name)
	case bestD != 0:
		ch.warning = fmt.Sprintf("the reference cohort was profiled with %s, this file with %s; profilers and their versions shift these values, so read the percentile as rough", best.ProfilerVersion, orUnknown(profiler))
	}
	choices.Store(k, ch)
	return ch
}

// anyCohortHas reports whether a cohort of any assay has the metric.
func anyCohortHas(metric string) bool {
	for _, c := range cohorts {
		if c.Metrics[metric] != nil {
			return true
		}
	}
	return false
}

func orUnknown(s string) string {
	if s == "" {
		return "an unnamed profiler"
	}
	return s
}

// profilerDistance is 0 for the same profiler, the version distance within
// MetaPhlAn (metaphlan3 is closer to metaphlan2 than to metaphlan1), and
// large otherwise.
func profilerDistance(a, b string) int {
	if a == b {
		return 0
	}
	va, oka := metaphlanVersion(a)
	vb, okb := metaphlanVersion(b)
	if oka && okb {
		if va > vb {
			return va - vb
		}
		return vb - va
	}
	return 100
}

func metaphlanVersion(p string) (int, bool) {
	v, err := strconv.Atoi(strings.TrimPrefix(p, "metaphlan"))
	return v, strings.HasPrefix(p, "metaphlan") && err == nil
}

// place returns the percentile of v among the cohort's quantiles of the
// metric.
func (c *Cohort) place(metric string, v float64) float64 {
	return placeQuantiles(c.Probs, c.Metrics[metric].Quantiles, v)
}

// placeQuantiles inverts a piecewise-linear quantile function with knots
// (q[i], probs[i]), q non-decreasing: below q[0] gives 0, above the last
// 100; a value equal to one or more knots gives the middle of their
// levels; otherwise linear interpolation. The result is non-decreasing in
// v and within [0, 100].
func placeQuantiles(probs, q []float64, v float64) float64 {
	n := len(q)
	if n == 0 || len(probs) != n {
		return math.NaN()
	}
	if v < q[0] {
		return 0
	}
	if v > q[n-1] {
		return 100
	}
	lo := sort.SearchFloat64s(q, v) // first q[i] >= v
	if q[lo] == v {
		hi := lo
		for hi+1 < n && q[hi+1] == v {
			hi++
		}
		return 100 * (probs[lo] + probs[hi]) / 2
	}
	// q[lo-1] < v < q[lo]
	f := (v - q[lo-1]) / (q[lo] - q[lo-1])
	return 100 * (probs[lo-1] + f*(probs[lo]-probs[lo-1]))
}

// AssayOf says what assay and profiler a table most likely comes from, as
// the reference cohorts name them ("metaphlan3", "kraken" …), and how sure
// that is: a MetaPhlAn, Kraken, Bracken, mOTUs or CAMI profile is shotgun;
// DADA2, mothur and uBiome are 16S; a generic table of integer counts
// (BIOM, TSV, CSV) is assumed to be 16S, with a note; a generic table of
// relative abundances gives assay "" (unknown).
func AssayOf(t *analysis.Table) (assay, profiler, note string) {
	p := ProfilerOf(t)
	switch {
	case p.MetaPhlAn > 0:
		return AssayShotgun, "metaphlan" + strconv.Itoa(p.MetaPhlAn), ""
	case t.Provenance.Format == "metaphlan":
		return AssayShotgun, "metaphlan", ""
	}
	switch f := t.Provenance.Format; f {
	case "kraken", "bracken", "kraken-mpa", "motus", "cami":
		return AssayShotgun, f, ""
	case "dada2":
		return Assay16S, "dada2-asv", ""
	case "mothur-shared":
		return Assay16S, "mothur-otu", ""
	case "ubiome", "ubiome-csv":
		return Assay16S, "ubiome", ""
	}
	if checkSpeciesProfile("gmhi", t) == nil && mpaStyleIDs(t) {
		return AssayShotgun, "metaphlan", "the file does not name its profiler; its s__ species names and relative abundances look like a MetaPhlAn profile (version unknown)"
	}
	if t.Unit == analysis.UnitCounts && t.Integer() {
		return Assay16S, "", "the file does not name its assay; integer read counts in a generic table are assumed to come from 16S amplicon sequencing"
	}
	return "", "", "the file does not name its assay or profiler"
}

// mpaStyleIDs reports whether most features are named as MetaPhlAn names
// species ("s__Genus_species" or a "k__…|s__…" clade).
func mpaStyleIDs(t *analysis.Table) bool {
	n := 0
	for i := range t.Features {
		if strings.HasPrefix(lastClade(t.Features[i].ID), "s__") {
			n++
		}
	}
	return 2*n > len(t.Features)
}
