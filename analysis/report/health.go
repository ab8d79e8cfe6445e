package report

import (
	"math"
	"sort"

	"github.com/gutlens/gutlens/analysis/health"
)

// HealthSchema names the "health" object of the report JSON.
const HealthSchema = "gutlens-health/1"

// HealthReport is the language-neutral health model of a report: per
// sample the indices, guilds and metrics with their percentiles against
// named reference cohorts, and the sections of cited, graded statements
// that this sample's numbers support. Texts are looked up by key
// (health.Text), so the web view and the CLI render it in any language.
type HealthReport struct {
	Schema string `json:"schema"`
	// Assay ("shotgun", "16S" or "" when unknown) and Profiler ("metaphlan3",
	// "dada2-asv" …) as matched against the reference cohorts.
	Assay     string `json:"assay"`
	Profiler  string `json:"profiler"`
	AssayNote string `json:"assay_note,omitempty"`
	// DisclaimerKey is the text id of the disclaimer, shown with every
	// rendering; GradesKey explains the evidence grades.
	DisclaimerKey string `json:"disclaimer_key"`
	GradesKey     string `json:"grades_key"`
	// IndexNotes says per index how it was (or why it was not) computed.
	IndexNotes  map[string]*health.IndexNote `json:"index_notes"`
	SampleOrder []string                     `json:"sample_order"`
	Samples     map[string]*HealthSample     `json:"samples"`
	// Cohorts are the reference cohorts the percentiles use.
	Cohorts []CohortRef `json:"reference_cohorts"`
}

// HealthSample is one sample's health model.
type HealthSample struct {
	Indices map[string]*IndexValue `json:"indices"` // "gmhi", "gmwi2", "md_index"
	// Metrics: "shannon_ln", "observed", and taxon shares "taxon:<name>".
	Metrics  map[string]*MetricValue `json:"metrics"`
	Guilds   []GuildValue            `json:"guilds"`
	Sections []Section               `json:"sections"`
}

// IndexValue is one index of one sample; Value is null where the index
// does not apply (Status not_applicable, Reason says why) or is undefined.
type IndexValue struct {
	Value  *float64 `json:"value"`
	Status string   `json:"status"`           // exact, approximate, not_applicable
	Reason string   `json:"reason,omitempty"` // in English
	// ReasonKey and ReasonArgs give Reason in any language
	// (health.ReasonText).
	ReasonKey  string            `json:"reason_key,omitempty"`
	ReasonArgs map[string]string `json:"reason_args,omitempty"`
	Warnings   []string          `json:"warnings,omitempty"`
	Reference  *health.Placement `json:"reference,omitempty"`
	NotPlaced  string            `json:"not_placed,omitempty"` // why there is no percentile
}

// MetricValue is a metric with its percentile, or the reason it has none.
type MetricValue struct {
	Value     Float             `json:"value"`
	Reference *health.Placement `json:"reference,omitempty"`
	NotPlaced string            `json:"not_placed,omitempty"`
}

// GuildValue is a functional group matched in one sample.
type GuildValue struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	// MembersFound of MembersTotal member taxa match the file;
	// Unresolvable are finer than the file's finest rank. Share is null
	// when no member can be resolved, and a lower bound when some cannot.
	MembersFound int               `json:"members_found"`
	MembersTotal int               `json:"members_total"`
	Unresolvable int               `json:"members_unresolvable"`
	Share        Float             `json:"share"`
	Reference    *health.Placement `json:"reference,omitempty"`
	NotPlaced    string            `json:"not_placed,omitempty"`
}

// Section is one area of the report.
type Section struct {
	ID         string      `json:"id"`
	TitleKey   string      `json:"title_key"`
	Statements []Statement `json:"statements"`
}

// Statement is one cited, graded statement about a sample.
type Statement struct {
	ID          string `json:"id"`
	TextKey     string `json:"text_key"`
	Grade       string `json:"grade"`
	GradeDetail string `json:"grade_detail,omitempty"`
	// Evidence is "association", "causation" or "mechanism": whether the
	// statement rests on a link, an intervention, or a shown mechanism.
	Evidence string `json:"association_or_causation"`
	// Numbers are the values the statement is based on; the text's
	// placeholders are filled from them.
	Numbers   map[string]Float  `json:"numbers"`
	Reference *health.Placement `json:"reference,omitempty"`
	// Taxa are the Latin names the text uses; explain each once
	// (text key "taxon.<name>").
	Taxa      []string          `json:"taxa,omitempty"`
	Citations []health.Citation `json:"citations"`
}

// CohortRef names a reference cohort and where its quantiles come from.
type CohortRef struct {
	ID              string            `json:"id"`
	Name            string            `json:"name"`
	Population      string            `json:"population"`
	N               int               `json:"n"`
	Assay           string            `json:"assay"`
	Profiler        string            `json:"profiler"`
	ProfilerVersion string            `json:"profiler_version"`
	Licence         string            `json:"licence"`
	Caveats         []string          `json:"caveats,omitempty"`
	Provenance      health.Provenance `json:"provenance"`
}

// Thresholds on reference percentiles that select statements. They are
// positions within a healthy reference cohort, not clinical cut-offs.
const (
	lowPercentile      = 25 // food ideas for a low guild or diversity
	highPercentile     = 75 // sulfide producers on the high side
	veryHighPercentile = 90 // bloomers and oral taxa above most people
)

// Health builds the health model of a report; nil when the report was
// not built from a table.
func Health(r *Report) *HealthReport {
	t := r.table
	if t == nil {
		return nil
	}
	h := &HealthReport{
		Schema: HealthSchema, DisclaimerKey: "disclaimer", GradesKey: "grades",
		SampleOrder: r.SampleOrder, Samples: make(map[string]*HealthSample, len(r.SampleOrder)),
	}
	h.Assay, h.Profiler, h.AssayNote = health.AssayOf(t)
	ix := health.ComputeIndices(t, nil)
	h.IndexNotes = ix.Notes
	var gmhiFound int
	if g, err := health.GMHI(t); err == nil {
		gmhiFound = g.MarkersFound
	}
	var gmwi2 *health.GMWI2Result
	if w, err := health.GMWI2Table(t); err == nil {
		gmwi2 = w
	}
	guilds := health.MatchGuilds(t)
	taxa := map[string][]float64{}
	for _, tx := range health.ReferenceTaxa {
		if share, ok := health.TaxonShare(t, tx); ok {
			taxa[tx.Name] = share
		}
	}
	used := map[string]bool{}
	b := &builder{h: h, used: used}
	for s, id := range r.SampleOrder {
		hs := &HealthSample{Indices: map[string]*IndexValue{}, Metrics: map[string]*MetricValue{}}
		// Indices.
		for _, key := range []string{health.KeyGMHI, health.KeyGMWI2, health.KeyMDIndex} {
			n := ix.Notes[key]
			iv := &IndexValue{Value: ix.Samples[id][key], Status: n.Status, Reason: n.Reason, ReasonKey: n.ReasonKey, ReasonArgs: n.ReasonArgs, Warnings: n.Warnings}
			if iv.Value != nil {
				iv.Reference, iv.NotPlaced = b.place(key, *iv.Value)
			}
			hs.Indices[key] = iv
		}
		// Metrics.
		smp := r.Samples[id]
		hs.Metrics[health.MetricShannon] = b.metric(health.MetricShannon, float64(smp.ShannonLn))
		hs.Metrics[health.MetricObserved] = b.metric(health.MetricObserved, float64(smp.ObservedFeatures))
		for name, share := range taxa {
			hs.Metrics[health.TaxonMetric(name)] = b.metric(health.TaxonMetric(name), share[s])
		}
		// Guilds.
		for _, g := range guilds {
			gv := GuildValue{ID: g.ID, Name: g.Name, MembersFound: g.Found, MembersTotal: g.Members, Unresolvable: g.Unresolvable, Share: Float(g.Share[s])}
			if g.Members == g.Unresolvable {
				gv.Share = Float(math.NaN())
			}
			if health.ReferenceGuild(g.ID) && !math.IsNaN(float64(gv.Share)) {
				gv.Reference, gv.NotPlaced = b.place(health.GuildMetric(g.ID), float64(gv.Share))
			}
			hs.Guilds = append(hs.Guilds, gv)
		}
		var found, present float64
		found = float64(gmhiFound)
		if gmwi2 != nil && s < len(gmwi2.Samples) {
			present = float64(len(gmwi2.Samples[s].Present))
		}
		hs.Sections = sections(hs, found, present)
		h.Samples[id] = hs
	}
	for _, c := range health.Cohorts() {
		if used[c.ID] {
			h.Cohorts = append(h.Cohorts, CohortRef{ID: c.ID, Name: c.Name, Population: c.Population, N: c.N,
				Assay: c.Assay, Profiler: c.Profiler, ProfilerVersion: c.ProfilerVersion, Licence: c.Licence,
				Caveats: c.Caveats, Provenance: c.Provenance})
		}
	}
	sort.Slice(h.Cohorts, func(i, j int) bool { return h.Cohorts[i].ID < h.Cohorts[j].ID })
	return h
}

type builder struct {
	h    *HealthReport
	used map[string]bool
}

func (b *builder) place(metric string, v float64) (*health.Placement, string) {
	pl, c, err := health.PercentileOf(metric, b.h.Assay, b.h.Profiler, v)
	if err != nil {
		return nil, err.Error()
	}
	b.used[c.ID] = true
	return pl, ""
}

func (b *builder) metric(metric string, v float64) *MetricValue {
	m := &MetricValue{Value: Float(v)}
	if !math.IsNaN(v) {
		m.Reference, m.NotPlaced = b.place(metric, v)
	}
	return m
}

// sampleView gives the statement rules easy access to one sample's values.
type sampleView struct {
	hs     *HealthSample
	guilds map[string]*GuildValue
}

func (v sampleView) guild(id string) *GuildValue { return v.guilds[id] }

// resolvable: some member of the guild can be matched in this file.
func resolvable(g *GuildValue) bool { return g != nil && !math.IsNaN(float64(g.Share)) }

func pctBelow(pl *health.Placement, p float64) bool { return pl != nil && pl.Percentile < p }
func pctAtLeast(pl *health.Placement, p float64) bool {
	return pl != nil && pl.Percentile >= p
}

// sections selects the statements that this sample's numbers support.
func sections(hs *HealthSample, gmhiFound, gmwi2Present float64) []Section {
	v := sampleView{hs: hs, guilds: map[string]*GuildValue{}}
	for i := range hs.Guilds {
		v.guilds[hs.Guilds[i].ID] = &hs.Guilds[i]
	}
	out := map[string][]Statement{}
	add := func(id string, numbers map[string]float64, ref *health.Placement) {
		def := health.Statement(id)
		if def == nil {
			panic("report: unknown health statement " + id)
		}
		st := Statement{ID: id, TextKey: id, Grade: def.Grade, GradeDetail: def.GradeDetail, Evidence: def.Evidence,
			Numbers: map[string]Float{}, Reference: ref, Taxa: def.Taxa, Citations: def.Citations}
		for k, x := range numbers {
			st.Numbers[k] = Float(x)
		}
		out[def.Section] = append(out[def.Section], st)
	}
	guildNumbers := func(g *GuildValue) map[string]float64 {
		return map[string]float64{"share": float64(g.Share), "found": float64(g.MembersFound), "total": float64(g.MembersTotal)}
	}

	// Overview.
	sh := hs.Metrics[health.MetricShannon]
	if !math.IsNaN(float64(sh.Value)) {
		add("overview.diversity", map[string]float64{"shannon": float64(sh.Value), "effective": math.Exp(float64(sh.Value))}, sh.Reference)
	}
	if ob := hs.Metrics[health.MetricObserved]; ob.Value > 0 {
		add("overview.richness", map[string]float64{"observed": float64(ob.Value)}, ob.Reference)
	}
	// GMHI is exactly 0 when no marker species is found: no statement then.
	if iv := hs.Indices[health.KeyGMHI]; iv.Value != nil && gmhiFound > 0 {
		id := "overview.gmhi"
		if iv.Status != health.StatusExact {
			id = "overview.gmhi_approximate"
		}
		add(id, map[string]float64{"value": *iv.Value, "found": gmhiFound}, iv.Reference)
	}
	if iv := hs.Indices[health.KeyGMWI2]; iv.Value != nil {
		id := "overview.gmwi2"
		if iv.Status != health.StatusExact {
			id = "overview.gmwi2_approximate"
		}
		add(id, map[string]float64{"value": *iv.Value, "present": gmwi2Present}, iv.Reference)
	}
	if iv := hs.Indices[health.KeyMDIndex]; iv.Value != nil {
		add("overview.md_index", map[string]float64{"value": *iv.Value}, iv.Reference)
	}

	// Digestion.
	but := v.guild("butyrate_producers")
	if resolvable(but) {
		add("digestive.butyrate_producers", guildNumbers(but), but.Reference)
	}
	fib := v.guild("fibre_degraders")
	if resolvable(fib) {
		add("digestive.fibre_degraders", guildNumbers(fib), fib.Reference)
	}
	if g := v.guild("hydrogen_producers"); resolvable(g) {
		add("digestive.gas_producers", guildNumbers(g), g.Reference)
	}
	if g := v.guild("methanogens"); resolvable(g) && g.Share > 0 {
		add("digestive.methanogens_found", guildNumbers(g), g.Reference)
	}
	sulf := v.guild("sulfate_reducers")
	sulfHigh := resolvable(sulf) && sulf.Share > 0 && pctAtLeast(sulf.Reference, highPercentile)
	if sulfHigh {
		add("digestive.sulfate_reducers_high", guildNumbers(sulf), sulf.Reference)
	}

	// Immune system.
	if resolvable(but) {
		add("immune.butyrate_tregs", map[string]float64{"butyrate_share": float64(but.Share)}, nil)
	}
	bloomHigh, oralHigh := false, false
	if g := v.guild("proinflammatory_bloomers"); resolvable(g) && g.Reference != nil {
		if bloomHigh = g.Share > 0 && pctAtLeast(g.Reference, veryHighPercentile); bloomHigh {
			add("immune.bloomers_high", guildNumbers(g), g.Reference)
		} else {
			add("immune.bloomers_usual", guildNumbers(g), g.Reference)
		}
	}
	if g := v.guild("oral_origin"); resolvable(g) && g.Share > 0 && pctAtLeast(g.Reference, veryHighPercentile) {
		oralHigh = true
		add("immune.oral_high", guildNumbers(g), g.Reference)
	}

	// Gut and brain.
	if g := v.guild("gut_brain_lower_in_depression"); resolvable(g) {
		add("gut_brain.mood_taxa", guildNumbers(g), g.Reference)
	}
	if g := v.guild("gut_brain_higher_in_depression"); resolvable(g) && g.Share > 0 {
		add("gut_brain.eggerthella_found", guildNumbers(g), g.Reference)
	}
	add("gut_brain.neurotransmitters", nil, nil)
	add("gut_brain.psychobiotics", nil, nil)

	// Weight and metabolism.
	if m := hs.Metrics[health.TaxonMetric("Christensenellaceae")]; m != nil {
		add("metabolism.christensenellaceae", map[string]float64{"share": float64(m.Value)}, m.Reference)
	}
	akk := hs.Metrics[health.TaxonMetric("Akkermansia muciniphila")]
	if akk != nil {
		add("metabolism.akkermansia", map[string]float64{"share": float64(akk.Value)}, akk.Reference)
	}
	add("metabolism.fb_ratio", nil, nil)

	// Skin.
	add("skin.research_area", nil, nil)

	// Food ideas, each tied to the measured value that calls for it.
	bif := hs.Metrics[health.TaxonMetric("Bifidobacterium")]
	lowBut := resolvable(but) && (but.Share == 0 || pctBelow(but.Reference, lowPercentile))
	lowBif := bif != nil && (bif.Value == 0 && bif.Reference != nil || pctBelow(bif.Reference, lowPercentile))
	if lowBut || lowBif {
		n := map[string]float64{}
		if resolvable(but) {
			n["butyrate_share"] = float64(but.Share)
			if but.Reference != nil {
				n["butyrate_percentile"] = but.Reference.Percentile
			}
		}
		if bif != nil {
			n["bifidobacterium_share"] = float64(bif.Value)
			if bif.Reference != nil {
				n["bifidobacterium_percentile"] = bif.Reference.Percentile
			}
		}
		add("food.prebiotic_fibre", n, nil)
		add("food.fructans_ibs", nil, nil)
	}
	if resolvable(fib) && (fib.Share == 0 || pctBelow(fib.Reference, lowPercentile)) {
		n := map[string]float64{"fibre_degrader_share": float64(fib.Share)}
		if fib.Reference != nil {
			n["fibre_degrader_percentile"] = fib.Reference.Percentile
		}
		add("food.resistant_starch", n, nil)
	}
	if pctBelow(sh.Reference, lowPercentile) {
		add("food.fermented", map[string]float64{"shannon": float64(sh.Value), "shannon_percentile": sh.Reference.Percentile}, nil)
	}
	if akk != nil && akk.Reference != nil && (akk.Value == 0 || akk.Reference.Percentile < lowPercentile) {
		add("food.polyphenols", map[string]float64{"akkermansia_share": float64(akk.Value), "akkermansia_percentile": akk.Reference.Percentile}, nil)
	}
	if sulfHigh {
		add("food.less_animal_fat", map[string]float64{"sulfide_producer_share": float64(sulf.Share), "sulfide_producer_percentile": sulf.Reference.Percentile}, nil)
	}
	if bloomHigh || oralHigh {
		add("food.no_diet_fix", nil, nil)
	}
	add("food.mediterranean", nil, nil)

	var secs []Section
	for _, id := range health.Sections {
		if len(out[id]) > 0 {
			secs = append(secs, Section{ID: id, TitleKey: "section." + id, Statements: out[id]})
		}
	}
	return secs
}

// WithHealth is the report JSON with the "health" object added; every key
// of Report keeps its place and meaning.
type WithHealth struct {
	*Report
	Health *HealthReport `json:"health"`
}

// JSONWithHealth returns the report as indented JSON with its "health"
// object (now always part of the report: the same as r.JSON).
func JSONWithHealth(r *Report) ([]byte, error) {
	if r.Health == nil {
		r.Health = Health(r)
	}
	return r.JSON()
}
