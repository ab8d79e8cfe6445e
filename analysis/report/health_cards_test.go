package report

import (
	"math"
	"strings"
	"testing"

	"github.com/gutlens/gutlens/analysis/health"
)

// cardsOf renders the score cards of every sample of a file in lang.
func cardsOf(t *testing.T, h *HealthReport, lang string) map[string][]CardView {
	t.Helper()
	v := RenderHealth(h, lang, h.SampleOrder)
	out := map[string][]CardView{}
	for _, id := range h.SampleOrder {
		out[id] = v.Samples[id].Cards
	}
	return out
}

func cardKeys(cs []CardView) string {
	var ks []string
	for _, c := range cs {
		ks = append(ks, c.Key)
	}
	return strings.Join(ks, ",")
}

// checkCards checks what every card holds: a percentile equal to its
// statement's placement (or none, with a reason), texts in the language,
// and no diagnostic wording.
func checkCards(t *testing.T, lang, id string, hs *HealthSample, cards []CardView) {
	t.Helper()
	sts := statementIDs(hs)
	order := map[string]int{}
	for i, k := range CardKeys() {
		order[k] = i
	}
	last := -1
	for _, c := range cards {
		if order[c.Key] <= last {
			t.Errorf("%s %s: card %s out of order", lang, id, c.Key)
		}
		last = order[c.Key]
		if c.Title == "" || c.Title == "card."+c.Key+".title" || c.NotMean == "" || c.NotMean == "card."+c.Key+".not_mean" || c.Value == "" || c.Sentence == "" {
			t.Errorf("%s %s: card %+v lacks a text", lang, id, c)
		}
		for _, s := range []string{c.Title, c.Sentence, c.NotMean} {
			if w := health.DiagnosticWords(lang, s); len(w) > 0 {
				t.Errorf("%s %s %s: diagnostic wording %q in %q", lang, id, c.Key, w, s)
			}
			if strings.ContainsAny(s, "{}") {
				t.Errorf("%s %s %s: unfilled placeholder in %q", lang, id, c.Key, s)
			}
		}
		st := sts[c.StatementID]
		if c.StatementID != "" && st == nil {
			t.Errorf("%s %s %s: statement %q is not in the sections", lang, id, c.Key, c.StatementID)
			continue
		}
		p := float64(c.Percentile)
		switch {
		case st != nil && st.Reference != nil:
			if p != st.Reference.Percentile || c.N != st.Reference.N || c.Rough == st.Reference.Exact || c.Cohort != cohortName(lang, st.Reference) {
				t.Errorf("%s %s %s: card %v of %d in %q (rough %v); statement %s says %+v", lang, id, c.Key, p, c.N, c.Cohort, c.Rough, st.ID, st.Reference)
			}
			if c.GaugeLabel == "" {
				t.Errorf("%s %s %s: placed without a gauge label", lang, id, c.Key)
			}
		case !math.IsNaN(p):
			t.Errorf("%s %s %s: percentile %v without a placed statement", lang, id, c.Key, p)
		default:
			if c.Cohort != "" || c.N != 0 || c.GaugeLabel != "" {
				t.Errorf("%s %s %s: not placed, yet %+v", lang, id, c.Key, c)
			}
		}
	}
}

// The sample file (16S, an unnamed profiler): diversity, butyrate and
// fibre producers, bloomers, the MD index and both taxa are placed against
// the HMP 16S cohort, roughly; richness is not compared across profilers
// and says so.
func TestHealthCardsSample(t *testing.T) {
	_, h := healthOf(t, "web/static/sample/gutlens-sample.biom")
	for _, lang := range []string{"en", "nl"} {
		all := cardsOf(t, h, lang)
		for _, id := range h.SampleOrder {
			checkCards(t, lang, id, h.Samples[id], all[id])
		}
		cards := all["Anna-2026-01"]
		if got, want := cardKeys(cards), "diversity,richness,butyrate,fibre,bloomers,md_index,akkermansia,christensenellaceae"; got != want {
			t.Fatalf("%s: cards %s, want %s", lang, got, want)
		}
		hs := h.Samples["Anna-2026-01"]
		by := map[string]CardView{}
		for _, c := range cards {
			by[c.Key] = c
		}
		div := by["diversity"]
		if float64(div.Percentile) != hs.Metrics[health.MetricShannon].Reference.Percentile || !div.Rough || div.N != 47 || div.StatementID != "overview.diversity" {
			t.Errorf("%s diversity card: %+v", lang, div)
		}
		wantValue := map[string]string{"en": "2.70", "nl": "2,70"}[lang]
		if div.Value != wantValue {
			t.Errorf("%s diversity value %q, want %q", lang, div.Value, wantValue)
		}
		wantSentence := map[string]string{"en": "Higher than in 20 of 100 people in the reference group.", "nl": "Hoger dan bij 20 van de 100 mensen in de vergelijkingsgroep."}[lang]
		if div.Sentence != wantSentence || div.GaugeLabel != wantSentence {
			t.Errorf("%s diversity sentence %q, label %q; want %q", lang, div.Sentence, div.GaugeLabel, wantSentence)
		}
		if !strings.HasPrefix(div.Cohort, "Human Microbiome Project") {
			t.Errorf("%s diversity cohort %q", lang, div.Cohort)
		}
		rich := by["richness"]
		if !math.IsNaN(float64(rich.Percentile)) || rich.Value != "93" || rich.Cohort != "" ||
			rich.Sentence != health.Text(lang, "reference.refused.richness", nil) {
			t.Errorf("%s richness card: %+v; want no percentile and the richness reason", lang, rich)
		}
		but := by["butyrate"]
		if but.StatementID != "digestive.butyrate_producers" || float64(but.Percentile) != 100 ||
			but.Sentence != health.Text(lang, "card.highest", nil) || !strings.HasSuffix(but.Value, "%") {
			t.Errorf("%s butyrate card: %+v", lang, but)
		}
		if b := by["bloomers"]; b.StatementID != "immune.bloomers_usual" {
			t.Errorf("%s bloomers card links %q", lang, b.StatementID)
		}
		if md := by["md_index"]; float64(md.Percentile) != 0 || md.Sentence != health.Text(lang, "card.lowest", nil) || md.N != 45 {
			t.Errorf("%s MD index card: %+v", lang, md)
		}
	}
}

// A MetaPhlAn 3 profile: the balance indices appear; GMWI2 and the MD
// index have no reference group of their kind and say why; a zero
// Akkermansia share says how many people also had none.
func TestHealthCardsMetaPhlAn(t *testing.T) {
	_, h := healthOf(t, "corpus/metaphlan/mpa3_v30_SRR1761667_with-UNKNOWN.txt")
	id := h.SampleOrder[0]
	hs := h.Samples[id]
	for _, lang := range []string{"en", "nl"} {
		cards := cardsOf(t, h, lang)[id]
		checkCards(t, lang, id, hs, cards)
		if got, want := cardKeys(cards), "diversity,richness,butyrate,fibre,bloomers,gmhi,gmwi2,md_index,akkermansia,christensenellaceae"; got != want {
			t.Fatalf("%s: cards %s, want %s", lang, got, want)
		}
		by := map[string]CardView{}
		for _, c := range cards {
			by[c.Key] = c
		}
		if g := by["gmhi"]; g.StatementID != "overview.gmhi_approximate" || float64(g.Percentile) != hs.Indices[health.KeyGMHI].Reference.Percentile || g.N != 118 {
			t.Errorf("%s GMHI card: %+v", lang, g)
		}
		for key, reason := range map[string]string{
			"gmwi2":               "reference.refused.no_cohort",
			"md_index":            "reference.refused.other_assay",
			"christensenellaceae": "reference.refused.other_assay",
			"richness":            "reference.refused.richness",
		} {
			c := by[key]
			want := health.Text(lang, reason, map[string]string{"assay": "shotgun"})
			if !math.IsNaN(float64(c.Percentile)) || c.Sentence != want {
				t.Errorf("%s %s card: percentile %v, sentence %q; want none and %q", lang, key, float64(c.Percentile), c.Sentence, want)
			}
		}
		akk := by["akkermansia"]
		want := health.Text(lang, "card.zero", map[string]string{"zero": "50"})
		if akk.Value != "0%" || float64(akk.Percentile) != 25 || akk.Sentence != want || akk.GaugeLabel != want {
			t.Errorf("%s Akkermansia card: %+v; want 0%%, percentile 25 and %q", lang, akk, want)
		}
	}
}

// Every card key has a title and a "does not mean" text in every language,
// and so has every reason a value is not compared.
func TestHealthCardTexts(t *testing.T) {
	for _, lang := range health.Languages() {
		for _, k := range CardKeys() {
			for _, s := range []string{"card." + k + ".title", "card." + k + ".not_mean"} {
				if !health.HasText(lang, s) {
					t.Errorf("%s lacks %s", lang, s)
				}
			}
		}
		for _, s := range []string{"card.placed", "card.lowest", "card.highest", "card.zero",
			"reference.refused.no_assay", "reference.refused.no_cohort", "reference.refused.other_assay", "reference.refused.richness"} {
			if !health.HasText(lang, s) {
				t.Errorf("%s lacks %s", lang, s)
			}
		}
	}
	// A file whose assay is unknown: no card is placed, each says why.
	h := &HealthReport{Samples: map[string]*HealthSample{"S": {
		Metrics: map[string]*MetricValue{health.MetricShannon: {Value: 2, NotPlaced: "unknown assay"}},
	}}, SampleOrder: []string{"S"}}
	cards := cardsOf(t, h, "nl")["S"]
	if len(cards) != 1 || cards[0].Sentence != health.Text("nl", "reference.refused.no_assay", nil) || cards[0].StatementID != "" {
		t.Errorf("unknown assay: %+v", cards)
	}
}
