package health

import (
	_ "embed"
	"encoding/json"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/gutlens/gutlens/analysis"
)

// Enterotype (community type) placement against a fixed reference fit.
//
// Enterotypes (Arumugam et al. 2011) summarise a continuous landscape of
// gut community composition (Costea et al. 2018): they are not discrete
// states and not a health verdict. A single sample is never clustered;
// it is placed against the three mean compositions of the published
// enterotypes of the 280 Arumugam 2011 samples (data/enterotype/
// reference_fit.json, fitted by testdata/enterotype/fit.py): its
// Jensen–Shannon distance to each, and weights softmax(-d/τ) with τ fitted
// on the published labels. The weights are the position on the continuum;
// the closest type and the margin say how clear the placement is.
//
//go:embed data/enterotype/reference_fit.json
var enterotypeFitJSON []byte

// EnterotypeType is one community type of the reference fit.
type EnterotypeType struct {
	ID             string         `json:"id"` // "bacteroides", "prevotella", "ruminococcus"
	PublishedLabel int            `json:"published_label"`
	Driver         string         `json:"driver"` // the genus that dominates it
	N              int            `json:"n"`
	NByTechnology  map[string]int `json:"n_by_technology"`
	// Centroid is the mean composition over the fit's Genera (sums to 1).
	Centroid []float64 `json:"centroid"`
	// MemberDistanceQuantiles are quantiles ("50", "90", "95") of the
	// distance of the type's reference members to its centroid.
	MemberDistanceQuantiles map[string]float64 `json:"member_distance_quantiles"`
}

// EnterotypeAgreement counts reference samples whose closest type is their
// published enterotype.
type EnterotypeAgreement struct {
	Agree int     `json:"agree"`
	N     int     `json:"n"`
	Rate  float64 `json:"rate"`
}

// EnterotypeFit is the fixed reference fit.
type EnterotypeFit struct {
	Schema  string `json:"schema"`
	Version string `json:"version"`
	Method  struct {
		Distance       string  `json:"distance"`
		Pseudocount    float64 `json:"pseudocount"`
		Centroids      string  `json:"centroids"`
		Weights        string  `json:"weights"`
		Tau            float64 `json:"tau"`
		GenusSelection string  `json:"genus_selection"`
	} `json:"method"`
	Genera []string         `json:"genera"`
	Types  []EnterotypeType `json:"types"`
	// Agreement per reference data set ("all", "Sanger", "Illumina",
	// "Pyro454", "leave_one_out").
	Agreement map[string]EnterotypeAgreement `json:"agreement"`
	// PAMRerun is the agreement of the published method (PAM, k = 3, on
	// JSD) re-run per data set and pooled, with the published labels.
	PAMRerun   map[string]float64 `json:"published_method_rerun_pam_jsd_k3"`
	Provenance map[string]string  `json:"provenance"`

	genusIndex map[string]int // matching key → index in Genera
}

var enterotypeFit = mustEnterotypeFit()

func mustEnterotypeFit() *EnterotypeFit {
	var f EnterotypeFit
	if err := json.Unmarshal(enterotypeFitJSON, &f); err != nil {
		panic("health: data/enterotype/reference_fit.json: " + err.Error())
	}
	f.genusIndex = make(map[string]int, len(f.Genera))
	for i, g := range f.Genera {
		f.genusIndex[key(5, g)] = i
	}
	for _, t := range f.Types {
		if len(t.Centroid) != len(f.Genera) {
			panic("health: enterotype type " + t.ID + ": centroid length differs from the genus list")
		}
	}
	return &f
}

// EnterotypeReference returns the fixed reference fit. It is shared: do
// not modify it.
func EnterotypeReference() *EnterotypeFit { return enterotypeFit }

// enterotypeGenusAliases maps genera split off after 2011 back to the
// genus the reference (2011 taxonomy) knew them as: Phocaeicola from
// Bacteroides (García-López et al. 2019), and the Prevotella split
// (Hitch et al. 2022; MetaPhlAn 4 vOct22 names). Xylanibacter is not
// merged: the reference has it as a genus of its own.
var enterotypeGenusAliases = map[string]string{
	"phocaeicola": "bacteroides",
	"segatella":   "prevotella",
	"hoylesella":  "prevotella",
	"leyella":     "prevotella",
	"palleniella": "prevotella",
}

// Thresholds of the placement.
const (
	// EnterotypeMinGenera is the fewest reference genera a table must
	// contain (in any sample) to be placed at all.
	EnterotypeMinGenera = 5
	// EnterotypeFewGenera: with fewer genera found the placement carries a
	// caveat that it rests on few genera.
	EnterotypeFewGenera = 15
	// EnterotypeLowShare: a sample whose reference genera make up less than
	// this share of its classified part carries a caveat.
	EnterotypeLowShare = 0.25
	// Weight of the closest type at or above which the placement is
	// "clear", and at or above which it is "moderate"; below, the sample
	// lies "between" types.
	EnterotypeClearWeight    = 0.8
	EnterotypeModerateWeight = 0.6
)

// EnterotypePlacement is one sample's position relative to the reference
// types; slices are in the order of EnterotypeFit.Types.
type EnterotypePlacement struct {
	Distances []float64 // Jensen–Shannon distance to each centroid
	Weights   []float64 // softmax(-d/τ), summing to 1
	Closest   int       // index of the largest weight
	// Strength is "clear", "moderate" or "between" (see the thresholds).
	Strength string
	// Atypical is true when the distance to the closest centroid exceeds
	// the 95th percentile of that type's reference members: the sample is
	// far from all three reference types.
	Atypical bool
	// ReferenceShare is the share of the sample's classified part that
	// falls in the reference genera.
	ReferenceShare float64
	// Drivers are the shares of the driver genera (Bacteroides, Prevotella,
	// Ruminococcus, aliases merged) within the reference genera.
	Drivers map[string]float64
}

// EnterotypeResult is the placement of every sample of a table.
type EnterotypeResult struct {
	// Samples[s] is nil where NotPlaced[s] says why sample s was not
	// placed: "empty" or "no_reference_genera" (text id
	// "enterotype.not_placed."+NotPlaced[s]).
	Samples   []*EnterotypePlacement
	NotPlaced []string
	// GeneraFound of GeneraTotal reference genera occur in the table;
	// Missing lists the others.
	GeneraFound, GeneraTotal int
	Missing                  []string
	// Renamed lists the table's genus names merged into a reference genus
	// (e.g. "Phocaeicola → Bacteroides").
	Renamed []string
	// BareNames is true when the table has no lineages and its feature
	// names were read as genus names.
	BareNames bool
}

// EnterotypeRefusal says why a table cannot be placed: Key is "empty",
// "no_genus" or "too_few" (text id "enterotype.not_applicable."+Key,
// filled from Args); it unwraps to a *NotApplicableError with the reason
// in English.
type EnterotypeRefusal struct {
	Key  string
	Args map[string]string
	Err  *NotApplicableError
}

func (e *EnterotypeRefusal) Error() string { return e.Err.Error() }
func (e *EnterotypeRefusal) Unwrap() error { return e.Err }

func refuseEnterotype(k string, args map[string]string) error {
	return &EnterotypeRefusal{Key: k, Args: args, Err: &NotApplicableError{Index: "enterotype",
		Reason: EnterotypeText("en", "enterotype.not_applicable."+k, args)}}
}

// PlaceEnterotypes places every sample of t against the reference fit. It
// returns an *EnterotypeRefusal when the table is empty, has no
// genus-level taxonomy or has fewer than EnterotypeMinGenera reference
// genera.
func PlaceEnterotypes(t *analysis.Table) (*EnterotypeResult, error) {
	f := enterotypeFit
	if len(t.Samples) == 0 || len(t.Features) == 0 {
		return nil, refuseEnterotype("empty", nil)
	}
	of, bare, renamed := enterotypeGenera(t)
	if of == nil {
		return nil, refuseEnterotype("no_genus", nil)
	}
	res := &EnterotypeResult{GeneraTotal: len(f.Genera), BareNames: bare, Renamed: renamed,
		Samples: make([]*EnterotypePlacement, len(t.Samples)), NotPlaced: make([]string, len(t.Samples))}
	found := make([]bool, len(f.Genera))
	for _, c := range t.Columns {
		for k, i := range c.Index {
			if g := of[i]; g >= 0 && c.Value[k] > 0 {
				found[g] = true
			}
		}
	}
	for g, ok := range found {
		if ok {
			res.GeneraFound++
		} else {
			res.Missing = append(res.Missing, f.Genera[g])
		}
	}
	if res.GeneraFound < EnterotypeMinGenera {
		return nil, refuseEnterotype("too_few", map[string]string{"found": strconv.Itoa(res.GeneraFound),
			"total": strconv.Itoa(len(f.Genera)), "min": strconv.Itoa(EnterotypeMinGenera)})
	}
	for s, c := range t.Columns {
		x := make([]float64, len(f.Genera))
		total, in := 0.0, 0.0
		for k, i := range c.Index {
			v := c.Value[k]
			total += v
			if g := of[i]; g >= 0 {
				x[g] += v
				in += v
			}
		}
		if total <= 0 || in <= 0 {
			res.NotPlaced[s] = "no_reference_genera"
			if total <= 0 {
				res.NotPlaced[s] = "empty"
			}
			continue
		}
		for g := range x {
			x[g] /= in
		}
		p := f.Place(x)
		p.ReferenceShare = in / total
		res.Samples[s] = p
	}
	return res, nil
}

// Place places one composition over the fit's Genera (summing to 1).
func (f *EnterotypeFit) Place(x []float64) *EnterotypePlacement {
	p := &EnterotypePlacement{Distances: make([]float64, len(f.Types)), Weights: make([]float64, len(f.Types)), Drivers: map[string]float64{}}
	minD := math.Inf(1)
	for k := range f.Types {
		p.Distances[k] = JSDistance(x, f.Types[k].Centroid, f.Method.Pseudocount)
		if p.Distances[k] < minD {
			minD, p.Closest = p.Distances[k], k
		}
	}
	sum := 0.0
	for k, d := range p.Distances {
		p.Weights[k] = math.Exp(-(d - minD) / f.Method.Tau)
		sum += p.Weights[k]
	}
	for k := range p.Weights {
		p.Weights[k] /= sum
	}
	switch w := p.Weights[p.Closest]; {
	case w >= EnterotypeClearWeight:
		p.Strength = "clear"
	case w >= EnterotypeModerateWeight:
		p.Strength = "moderate"
	default:
		p.Strength = "between"
	}
	p.Atypical = p.Distances[p.Closest] > f.Types[p.Closest].MemberDistanceQuantiles["95"]
	for _, t := range f.Types {
		if g, ok := f.genusIndex[key(5, t.Driver)]; ok {
			p.Drivers[t.Driver] = x[g]
		}
	}
	return p
}

// JSDistance is the Jensen–Shannon distance (square root of the JS
// divergence, natural log) between compositions p and q after adding the
// pseudocount to every component and renormalising, as in the EMBL
// enterotyping tutorial.
func JSDistance(p, q []float64, pseudocount float64) float64 {
	sp, sq := 0.0, 0.0
	for i := range p {
		sp += p[i] + pseudocount
		sq += q[i] + pseudocount
	}
	d := 0.0
	for i := range p {
		a := (p[i] + pseudocount) / sp
		b := (q[i] + pseudocount) / sq
		m := (a + b) / 2
		if a > 0 {
			d += 0.5 * a * math.Log(a/m)
		}
		if b > 0 {
			d += 0.5 * b * math.Log(b/m)
		}
	}
	return math.Sqrt(math.Max(d, 0))
}

// enterotypeGenera maps each feature to its reference genus index (-1 when
// none). of is nil when the table names no genus at all. Bare feature
// names (no lineage on any feature, as in a samples-in-rows CSV of genus
// names) are read as genus names when they are single Latin words.
func enterotypeGenera(t *analysis.Table) (of []int, bare bool, renamed []string) {
	f := enterotypeFit
	keys := tableKeys(t)
	of = make([]int, len(t.Features))
	named := false
	hasLineage := false
	seen := map[string]bool{}
	lookup := func(name, k string) int {
		if a, ok := enterotypeGenusAliases[k]; ok {
			if g, ok := f.genusIndex[a]; ok {
				if r := name + " → " + f.Genera[g]; !seen[r] {
					seen[r] = true
					renamed = append(renamed, r)
				}
				return g
			}
		}
		if g, ok := f.genusIndex[k]; ok {
			return g
		}
		return -1
	}
	for i := range t.Features {
		of[i] = -1
		if t.Features[i].Lineage != nil {
			hasLineage = true
		}
		if k := keys[i][5]; k != "" {
			named = true
			name := keys[i][5]
			if len(t.Features[i].Lineage) > 5 && t.Features[i].Lineage[5] != "" {
				name = t.Features[i].Lineage[5]
			}
			of[i] = lookup(name, k)
		}
	}
	if named {
		sort.Strings(renamed)
		return of, false, renamed
	}
	if hasLineage {
		return nil, false, nil
	}
	// No lineage anywhere: read bare single-word Latin names as genera.
	for i := range t.Features {
		id := strings.TrimSpace(t.Features[i].ID)
		if id == "" || strings.ContainsAny(id, " _|;0123456789") || id[0] < 'A' || id[0] > 'Z' {
			continue
		}
		if g := lookup(id, key(5, id)); g >= 0 {
			of[i] = g
			named = true
		}
	}
	if !named {
		return nil, false, nil
	}
	sort.Strings(renamed)
	return of, true, renamed
}
