package report

import (
	"math"
	"strings"

	"github.com/gutlens/gutlens/analysis/health"
	"github.com/gutlens/gutlens/analysis/report/view"
)

// CardView is one score card of a sample's health overview.
// It is view.CardView, so that the UI reads it without linking this package.
type CardView = view.CardView

// cardSpec is one kind of score card: where its value comes from and which
// statements of the sections give its evidence (the first one present).
type cardSpec struct {
	key        string
	statements []string
	// value returns the card's value, its placement or why it has none,
	// and the reference metric; ok false when the sample has no such value.
	value func(hs *HealthSample) (v float64, ref *health.Placement, notPlaced, metric string, ok bool)
	// format is the FormatNumber key of the value; "share" for shares.
	format string
	// needStatement: no card without one of statements (GMHI is exactly 0,
	// and says nothing, when none of its marker species is found).
	needStatement bool
}

// cardSpecs are the score cards in the order the overview shows them.
var cardSpecs = []cardSpec{
	{key: "diversity", statements: []string{"overview.diversity"}, format: "shannon", value: metricCard(health.MetricShannon, false)},
	{key: "richness", statements: []string{"overview.richness"}, format: "observed", value: metricCard(health.MetricObserved, true)},
	{key: "butyrate", statements: []string{"digestive.butyrate_producers"}, format: "share", value: guildCard("butyrate_producers")},
	{key: "fibre", statements: []string{"digestive.fibre_degraders"}, format: "share", value: guildCard("fibre_degraders")},
	{key: "bloomers", statements: []string{"immune.bloomers_high", "immune.bloomers_usual"}, format: "share", value: guildCard("proinflammatory_bloomers")},
	{key: "gmhi", statements: []string{"overview.gmhi", "overview.gmhi_approximate"}, format: "value", value: indexCard(health.KeyGMHI), needStatement: true},
	{key: "gmwi2", statements: []string{"overview.gmwi2", "overview.gmwi2_approximate"}, format: "value", value: indexCard(health.KeyGMWI2), needStatement: true},
	{key: "md_index", statements: []string{"overview.md_index"}, format: "value", value: indexCard(health.KeyMDIndex), needStatement: true},
	{key: "akkermansia", statements: []string{"metabolism.akkermansia"}, format: "share", value: metricCard(health.TaxonMetric("Akkermansia muciniphila"), false)},
	{key: "christensenellaceae", statements: []string{"metabolism.christensenellaceae"}, format: "share", value: metricCard(health.TaxonMetric("Christensenellaceae"), false)},
}

// CardKeys are the keys of the score cards, in the order they are shown.
func CardKeys() []string {
	out := make([]string, len(cardSpecs))
	for i, c := range cardSpecs {
		out[i] = c.key
	}
	return out
}

// metricCard reads a metric; positive: only a value above 0 makes a card
// (a richness of 0 is an empty sample).
func metricCard(metric string, positive bool) func(*HealthSample) (float64, *health.Placement, string, string, bool) {
	return func(hs *HealthSample) (float64, *health.Placement, string, string, bool) {
		m := hs.Metrics[metric]
		if m == nil || math.IsNaN(float64(m.Value)) || positive && m.Value <= 0 {
			return 0, nil, "", metric, false
		}
		return float64(m.Value), m.Reference, m.NotPlaced, metric, true
	}
}

// guildCard reads a guild's share, when some member can be resolved.
func guildCard(id string) func(*HealthSample) (float64, *health.Placement, string, string, bool) {
	return func(hs *HealthSample) (float64, *health.Placement, string, string, bool) {
		for i := range hs.Guilds {
			if g := &hs.Guilds[i]; g.ID == id && resolvable(g) {
				return float64(g.Share), g.Reference, g.NotPlaced, health.GuildMetric(id), true
			}
		}
		return 0, nil, "", health.GuildMetric(id), false
	}
}

// indexCard reads an index, when it has a value.
func indexCard(key string) func(*HealthSample) (float64, *health.Placement, string, string, bool) {
	return func(hs *HealthSample) (float64, *health.Placement, string, string, bool) {
		iv := hs.Indices[key]
		if iv == nil || iv.Value == nil || math.IsNaN(*iv.Value) {
			return 0, nil, "", key, false
		}
		return *iv.Value, iv.Reference, iv.NotPlaced, key, true
	}
}

// healthCards builds the score cards of one sample in lang: one per key
// quantity the sample has, in the order of cardSpecs. A card's percentile
// is the placement of its statement in the sections below.
func healthCards(lang string, h *HealthReport, hs *HealthSample) []CardView {
	present := map[string]bool{}
	for _, sec := range hs.Sections {
		for _, st := range sec.Statements {
			present[st.ID] = true
		}
	}
	var out []CardView
	for _, spec := range cardSpecs {
		v, ref, notPlaced, metric, ok := spec.value(hs)
		if !ok {
			continue
		}
		c := CardView{
			Key: spec.key, Title: health.Text(lang, "card."+spec.key+".title", nil),
			Value: FormatNumber(lang, spec.format, v), Percentile: Float(math.NaN()),
			NotMean: health.Text(lang, "card."+spec.key+".not_mean", nil),
		}
		for _, id := range spec.statements {
			if present[id] {
				c.StatementID = id
				break
			}
		}
		if spec.needStatement && c.StatementID == "" {
			continue
		}
		if ref != nil {
			c.Percentile = Float(ref.Percentile)
			c.Cohort, c.N, c.Rough = cohortName(lang, ref), ref.N, !ref.Exact
			args := map[string]string{"percentile": FormatNumber(lang, "percentile", ref.Percentile),
				"zero": FormatNumber(lang, "percentile", 2*ref.Percentile)}
			c.GaugeLabel = health.Text(lang, cardPlacedKey(ref.Percentile), args)
			c.Sentence = c.GaugeLabel
			if spec.format == "share" && v == 0 {
				// A zero among many zeros sits in the middle of their run:
				// say how many also had none (as the statement does).
				c.Sentence = health.Text(lang, "card.zero", args)
				c.GaugeLabel = c.Sentence
			}
		} else {
			c.Sentence = health.Text(lang, "reference.none", nil)
			if notPlaced != "" {
				if key := health.RefusalKey(metric, h.Assay, h.Profiler); key != "" {
					c.Sentence = health.Text(lang, key, map[string]string{"assay": h.Assay})
				}
			}
		}
		out = append(out, c)
	}
	return out
}

// cardPlacedKey is placedKey for a card's own sentence, which stands
// alone ("Higher than in 20 of 100 people …", not "That is higher …").
func cardPlacedKey(p float64) string {
	return "card." + strings.TrimPrefix(placedKey(p), "reference.")
}
