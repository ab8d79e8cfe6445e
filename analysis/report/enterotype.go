package report

import (
	"errors"
	"math"
	"strconv"
	"strings"

	"github.com/gutlens/gutlens/analysis/health"
	"github.com/gutlens/gutlens/analysis/report/view"
)

// EnterotypeSchema names the "enterotypes" object of the report JSON.
const EnterotypeSchema = "gutlens-enterotype/1"

// EnterotypeReport places each sample on the continuum of gut community
// types (enterotypes) of a fixed reference fit: its weights towards the
// Bacteroides, Prevotella and Ruminococcus types, the closest type and how
// clear that is. It is a description on a continuum (Costea et al. 2018),
// not a category and not a health verdict. Texts are looked up by key
// (health.EnterotypeText).
type EnterotypeReport struct {
	Schema string `json:"schema"`
	// Status is "placed" or "not_applicable"; then ReasonKey
	// ("enterotype.not_applicable.<why>", filled from ReasonArgs) and the
	// English Reason say why.
	Status        string            `json:"status"`
	ReasonKey     string            `json:"reason_key,omitempty"`
	ReasonArgs    map[string]string `json:"reason_args,omitempty"`
	Reason        string            `json:"reason,omitempty"`
	TitleKey      string            `json:"title_key"`
	DisclaimerKey string            `json:"disclaimer_key"`
	// Framing is the "a continuum, not a category" statement, with its
	// grade and citations; it goes with every rendering.
	Framing   Statement           `json:"framing"`
	Method    string              `json:"method"`
	Reference EnterotypeReference `json:"reference"`
	Types     []EnterotypeTypeRef `json:"types"`
	// GeneraFound of GeneraTotal reference genera occur in the file.
	GeneraFound   int      `json:"genera_found"`
	GeneraTotal   int      `json:"genera_total"`
	MissingGenera []string `json:"missing_genera,omitempty"`
	// Caveats apply to every sample of the file.
	Caveats     []Note                       `json:"caveats"`
	SampleOrder []string                     `json:"sample_order"`
	Samples     map[string]*EnterotypeSample `json:"samples"`
}

// Note is a text key with its arguments.
type Note struct {
	Key  string            `json:"key"`
	Args map[string]string `json:"args,omitempty"`
}

// EnterotypeReference describes the fixed reference fit.
type EnterotypeReference struct {
	Name    string `json:"name"`
	Version string `json:"version"`
	// N reference samples; Labelled of them have a published enterotype.
	N        int     `json:"n"`
	Labelled int     `json:"n_labelled"`
	Genera   int     `json:"n_genera"`
	Tau      float64 `json:"tau"`
	// Agreement: reference samples whose closest type is their published
	// enterotype, overall, per sequencing technology and leave-one-out.
	Agreement  map[string]health.EnterotypeAgreement `json:"agreement"`
	PAMRerun   map[string]float64                    `json:"published_method_rerun"`
	Provenance map[string]string                     `json:"provenance"`
}

// EnterotypeTypeRef is one reference community type.
type EnterotypeTypeRef struct {
	ID      string `json:"id"`
	NameKey string `json:"name_key"`
	Driver  string `json:"driver"`
	N       int    `json:"n"`
}

// EnterotypeSample is one sample's position.
type EnterotypeSample struct {
	Placed bool `json:"placed"`
	// NotPlacedKey says why an unplaced sample was not placed.
	NotPlacedKey string `json:"not_placed_key,omitempty"`
	// Weights (summing to 1) and Jensen–Shannon distances per type id.
	Weights       map[string]Float `json:"weights,omitempty"`
	Distances     map[string]Float `json:"distances,omitempty"`
	Closest       string           `json:"closest,omitempty"`
	ClosestWeight Float            `json:"closest_weight"`
	// Strength is "clear", "moderate" or "between".
	Strength string `json:"strength,omitempty"`
	// Atypical: further from the closest type than 95 % of its reference
	// members.
	Atypical bool `json:"atypical"`
	// ReferenceShare is the share of the sample in the reference genera;
	// DriverShares the driver genera's shares within them.
	ReferenceShare Float            `json:"reference_share"`
	DriverShares   map[string]Float `json:"driver_shares,omitempty"`
	Caveats        []Note           `json:"caveats,omitempty"`
	Statements     []Statement      `json:"statements,omitempty"`
}

// Enterotypes builds the community-type placement of a report; nil when
// the report was not built from a table.
func Enterotypes(r *Report) *EnterotypeReport {
	t := r.table
	if t == nil {
		return nil
	}
	fit := health.EnterotypeReference()
	e := &EnterotypeReport{
		Schema: EnterotypeSchema, TitleKey: "enterotype.title", DisclaimerKey: "disclaimer",
		Framing:     enterotypeStatement("enterotype.framing", nil),
		Method:      "Jensen–Shannon distance of the genus composition to the mean compositions of the three published enterotypes of Arumugam et al. 2011; weights softmax(−d/τ), τ fitted on the published labels; a fixed reference, never a clustering of the user's samples",
		GeneraTotal: len(fit.Genera), SampleOrder: r.SampleOrder,
		Samples: map[string]*EnterotypeSample{},
		Reference: EnterotypeReference{
			Name: "Arumugam et al. 2011 enterotype samples (phyloseq data(enterotype))", Version: fit.Version,
			Genera: len(fit.Genera), Tau: fit.Method.Tau,
			Agreement: fit.Agreement, PAMRerun: fit.PAMRerun, Provenance: fit.Provenance,
		},
	}
	e.Reference.Labelled = fit.Agreement["all"].N
	e.Reference.N = enterotypeReferenceSamples
	for _, ty := range fit.Types {
		e.Types = append(e.Types, EnterotypeTypeRef{ID: ty.ID, NameKey: "enterotype.type." + ty.ID, Driver: ty.Driver, N: ty.N})
	}
	res, err := health.PlaceEnterotypes(t)
	if err != nil {
		e.Status = health.StatusNotApplicable
		var ref *health.EnterotypeRefusal
		if errors.As(err, &ref) {
			e.ReasonKey, e.ReasonArgs, e.Reason = "enterotype.not_applicable."+ref.Key, ref.Args, ref.Err.Reason
		} else {
			e.Reason = err.Error()
		}
		return e
	}
	e.Status = "placed"
	e.GeneraFound, e.MissingGenera = res.GeneraFound, res.Missing
	all := fit.Agreement["all"]
	e.Caveats = append(e.Caveats, Note{Key: "enterotype.caveat.reference", Args: map[string]string{
		"n_genera": strconv.Itoa(len(fit.Genera)), "agree": strconv.Itoa(all.Agree), "n": strconv.Itoa(all.N),
		"percent": strconv.FormatFloat(100*all.Rate, 'f', 0, 64)}})
	assay, profiler, _ := health.AssayOf(t)
	switch {
	case strings.HasPrefix(profiler, "metaphlan"):
		e.Caveats = append(e.Caveats, Note{Key: "enterotype.caveat.metaphlan"})
	case assay == health.Assay16S:
		e.Caveats = append(e.Caveats, Note{Key: "enterotype.caveat.assay_16s"})
	case profiler != "":
		e.Caveats = append(e.Caveats, Note{Key: "enterotype.caveat.profiler_other"})
	}
	if res.GeneraFound < health.EnterotypeFewGenera {
		e.Caveats = append(e.Caveats, Note{Key: "enterotype.caveat.few_genera", Args: map[string]string{
			"found": strconv.Itoa(res.GeneraFound), "total": strconv.Itoa(len(fit.Genera))}})
	}
	if len(res.Renamed) > 0 {
		e.Caveats = append(e.Caveats, Note{Key: "enterotype.caveat.renamed", Args: map[string]string{"names": strings.Join(res.Renamed, ", ")}})
	}
	if res.BareNames {
		e.Caveats = append(e.Caveats, Note{Key: "enterotype.caveat.bare_names"})
	}
	for s, id := range t.Samples {
		p := res.Samples[s]
		if p == nil {
			e.Samples[id] = &EnterotypeSample{NotPlacedKey: "enterotype.not_placed." + res.NotPlaced[s],
				ClosestWeight: Float(math.NaN()), ReferenceShare: Float(math.NaN())}
			continue
		}
		es := &EnterotypeSample{
			Placed: true, Weights: map[string]Float{}, Distances: map[string]Float{}, DriverShares: map[string]Float{},
			Closest: fit.Types[p.Closest].ID, ClosestWeight: Float(p.Weights[p.Closest]),
			Strength: p.Strength, Atypical: p.Atypical, ReferenceShare: Float(p.ReferenceShare),
		}
		nums := map[string]Float{"closest_percent": Float(percent(p.Weights[p.Closest]))}
		for k, ty := range fit.Types {
			es.Weights[ty.ID] = Float(p.Weights[k])
			es.Distances[ty.ID] = Float(p.Distances[k])
			nums[ty.ID+"_percent"] = Float(percent(p.Weights[k]))
		}
		for g, v := range p.Drivers {
			es.DriverShares[g] = Float(v)
		}
		if p.ReferenceShare < health.EnterotypeLowShare {
			es.Caveats = append(es.Caveats, Note{Key: "enterotype.caveat.low_share", Args: map[string]string{
				"percent": strconv.FormatFloat(percent(p.ReferenceShare), 'f', 0, 64)}})
		}
		if p.Atypical {
			es.Caveats = append(es.Caveats, Note{Key: "enterotype.caveat.atypical"})
		}
		es.Statements = []Statement{
			enterotypeStatement("enterotype.placed."+es.Closest, nums),
			enterotypeStatement("enterotype.strength."+p.Strength, nil),
		}
		if p.Strength != "between" {
			es.Statements = append(es.Statements, enterotypeStatement("enterotype.diet."+es.Closest, nil))
		}
		e.Samples[id] = es
	}
	return e
}

// percent is 100·x rounded to a whole number.
func percent(x float64) float64 { return math.Round(100 * x) }

// enterotypeReferenceSamples is the number of samples in the reference
// data (data(enterotype): 280, of which 271 have a published enterotype).
const enterotypeReferenceSamples = 280

func enterotypeStatement(id string, nums map[string]Float) Statement {
	d := health.EnterotypeStatement(id)
	if d == nil {
		panic("report: unknown enterotype statement " + id)
	}
	if nums == nil {
		nums = map[string]Float{}
	}
	return Statement{ID: id, TextKey: id, Grade: d.Grade, GradeDetail: d.GradeDetail, Evidence: d.Evidence,
		Numbers: nums, Taxa: d.Taxa, Citations: d.Citations}
}

// EnterotypeView is the placement rendered in one language.
// It is view.EnterotypeView, so that the UI reads it without linking this package.
type EnterotypeView = view.EnterotypeView

// EnterotypeSampleView is one sample, rendered.
// It is view.EnterotypeSampleView, so that the UI reads it without linking this package.
type EnterotypeSampleView = view.EnterotypeSampleView

// RenderEnterotypes renders the placement of the given samples in lang
// ("en" or "nl"); Latin names are explained once.
func RenderEnterotypes(e *EnterotypeReport, lang string, ids []string) *EnterotypeView {
	if e == nil {
		return nil
	}
	text := func(k string, args map[string]string) string { return health.EnterotypeText(lang, k, args) }
	v := &EnterotypeView{Lang: lang, Title: text(e.TitleKey, nil), Disclaimer: text(e.DisclaimerKey, nil),
		Status: e.Status, Types: map[string]string{}}
	for _, ty := range e.Types {
		v.Types[ty.ID] = text(ty.NameKey, nil)
	}
	if e.Status != "placed" {
		reason := e.Reason
		if e.ReasonKey != "" {
			reason = text(e.ReasonKey, e.ReasonArgs)
		}
		v.Reason = text("enterotype.not_applicable", map[string]string{"reason": reason})
		return v
	}
	seen := map[string]bool{}
	view := func(st Statement) StatementView {
		args := map[string]string{}
		for k, n := range st.Numbers {
			args[k] = strconv.FormatFloat(float64(n), 'f', -1, 64)
		}
		var explain []string
		for _, tx := range st.Taxa {
			if !seen[tx] {
				seen[tx] = true
				explain = append(explain, text("taxon."+tx, nil))
			}
		}
		return StatementView{ID: st.ID, Text: text(st.TextKey, args), Explain: explain, Grade: st.Grade,
			Evidence: st.Evidence, EvidenceText: health.Text(lang, "evidence."+st.Evidence, nil), Citations: st.Citations}
	}
	fr := view(e.Framing)
	v.Framing = &fr
	for _, n := range e.Caveats {
		v.Notes = append(v.Notes, text(n.Key, n.Args))
	}
	v.Samples = map[string]*EnterotypeSampleView{}
	for _, id := range ids {
		es, ok := e.Samples[id]
		if !ok {
			continue
		}
		sv := &EnterotypeSampleView{Placed: es.Placed}
		if !es.Placed {
			sv.NotPlaced = text(es.NotPlacedKey, nil)
			v.Samples[id] = sv
			continue
		}
		sv.Closest, sv.Weights, sv.Strength = v.Types[es.Closest], es.Weights, es.Strength
		for _, n := range es.Caveats {
			sv.Notes = append(sv.Notes, text(n.Key, n.Args))
		}
		for _, st := range es.Statements {
			sv.Statements = append(sv.Statements, view(st))
		}
		v.Samples[id] = sv
	}
	return v
}
