package report

import (
	"bytes"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/gutlens/gutlens/analysis/health"
)

// healthOf analyses a file (relative to the repository, or "corpus/…"
// for the shared corpus) and builds its health model.
func healthOf(t *testing.T, file string) (*Report, *HealthReport) {
	t.Helper()
	path := filepath.Join(repo, file)
	if rest, ok := strings.CutPrefix(file, "corpus/"); ok {
		path = filepath.Join(corpus, rest)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		if strings.HasPrefix(file, "corpus/") {
			t.Skipf("corpus file not present: %v", err)
		}
		t.Fatal(err)
	}
	r, err := Analyse(data, filepath.Base(path), "native", nil)
	if err != nil {
		t.Fatal(err)
	}
	h := Health(r)
	if h == nil {
		t.Fatal("Health = nil")
	}
	checkHealth(t, h)
	return r, h
}

// checkHealth checks the invariants every health model holds.
func checkHealth(t *testing.T, h *HealthReport) {
	t.Helper()
	if h.Schema != HealthSchema || h.DisclaimerKey != "disclaimer" || len(h.Samples) != len(h.SampleOrder) {
		t.Fatalf("health model header: %q, %q, %d samples for %d ids", h.Schema, h.DisclaimerKey, len(h.Samples), len(h.SampleOrder))
	}
	for id, hs := range h.Samples {
		for key, iv := range hs.Indices {
			switch iv.Status {
			case health.StatusExact, health.StatusApproximate:
			case health.StatusNotApplicable:
				if iv.Value != nil || iv.Reason == "" {
					t.Errorf("%s %s: not applicable with value %v, reason %q", id, key, iv.Value, iv.Reason)
				}
			default:
				t.Errorf("%s %s: status %q", id, key, iv.Status)
			}
		}
		places := []*health.Placement{}
		for _, m := range hs.Metrics {
			places = append(places, m.Reference)
		}
		for _, g := range hs.Guilds {
			places = append(places, g.Reference)
			if g.MembersFound > g.MembersTotal || g.Unresolvable > g.MembersTotal {
				t.Errorf("%s guild %s: %d found, %d unresolvable of %d", id, g.ID, g.MembersFound, g.Unresolvable, g.MembersTotal)
			}
			if s := float64(g.Share); s < 0 || s > 1+1e-9 {
				t.Errorf("%s guild %s: share %v", id, g.ID, s)
			}
		}
		for _, p := range places {
			if p != nil && (p.Percentile < 0 || p.Percentile > 100 || p.CohortName == "" || p.N == 0 || p.Exact == (len(p.Warnings) > 0)) {
				t.Errorf("%s: placement %+v", id, p)
			}
		}
		seen := map[string]bool{}
		for _, sec := range hs.Sections {
			for _, st := range sec.Statements {
				def := health.Statement(st.ID)
				if def == nil || def.Section != sec.ID || seen[st.ID] {
					t.Errorf("%s: statement %s in section %s (duplicate %v)", id, st.ID, sec.ID, seen[st.ID])
					continue
				}
				seen[st.ID] = true
				if !health.ValidGrade(st.Grade) || len(st.Citations) == 0 {
					t.Errorf("%s: %s without grade or citation", id, st.ID)
				}
				for _, p := range def.Placeholders {
					if _, ok := st.Numbers[p]; !ok {
						t.Errorf("%s: %s lacks the number {%s}", id, st.ID, p)
					}
				}
			}
		}
		for _, always := range []string{"gut_brain.neurotransmitters", "gut_brain.psychobiotics", "skin.research_area", "food.mediterranean", "metabolism.fb_ratio"} {
			if !seen[always] {
				t.Errorf("%s: statement %s missing", id, always)
			}
		}
	}
	for _, lang := range []string{"en", "nl"} {
		var buf bytes.Buffer
		if err := WriteHealthText(&buf, h, lang); err != nil {
			t.Fatal(err)
		}
		out := buf.String()
		if strings.ContainsAny(out, "{}") {
			i := strings.IndexAny(out, "{}")
			t.Errorf("%s text has an unfilled placeholder near %q", lang, out[max(0, i-80):min(len(out), i+40)])
		}
		if !strings.Contains(out, health.Text(lang, "disclaimer", nil)) {
			t.Errorf("%s text lacks the disclaimer", lang)
		}
		// Each Latin name is explained at most once.
		for _, id := range health.TextIDs(lang) {
			if strings.HasPrefix(id, "taxon.") {
				if n := strings.Count(out, health.Text(lang, id, nil)); n > 1 {
					t.Errorf("%s: %s explained %d times", lang, id, n)
				}
			}
		}
	}
}

func statementIDs(hs *HealthSample) map[string]*Statement {
	out := map[string]*Statement{}
	for i := range hs.Sections {
		for j := range hs.Sections[i].Statements {
			st := &hs.Sections[i].Statements[j]
			out[st.ID] = st
		}
	}
	return out
}

func TestHealthTinyMetaPhlAn3(t *testing.T) {
	_, h := healthOf(t, "testdata/tiny-mpa3.txt")
	if h.Assay != health.AssayShotgun || h.Profiler != "metaphlan3" {
		t.Errorf("assay %q, profiler %q; want shotgun, metaphlan3", h.Assay, h.Profiler)
	}
	hs := h.Samples[h.SampleOrder[0]]
	if iv := hs.Indices[health.KeyGMWI2]; iv.Status != health.StatusApproximate || iv.Value == nil {
		t.Errorf("GMWI2 on MetaPhlAn 3.1: %+v, want approximate with a value", iv)
	}
	sh := hs.Metrics[health.MetricShannon]
	if sh.Reference == nil || sh.Reference.Exact || len(sh.Reference.Warnings) == 0 {
		t.Errorf("Shannon of a MetaPhlAn 3 file: %+v, want a placement with a profiler warning", sh.Reference)
	}
	if ob := hs.Metrics[health.MetricObserved]; ob.Reference != nil || !strings.Contains(ob.NotPlaced, "richness") {
		t.Errorf("richness placed across profilers: %+v", ob)
	}
	ids := statementIDs(hs)
	for _, want := range []string{"overview.diversity", "digestive.butyrate_producers", "digestive.fibre_degraders", "gut_brain.mood_taxa", "metabolism.akkermansia"} {
		if ids[want] == nil {
			t.Errorf("statement %s missing", want)
		}
	}
	if ids["overview.gmhi"] != nil || ids["overview.gmhi_approximate"] != nil {
		t.Error("a GMHI statement without any marker species")
	}
	if st := ids["digestive.butyrate_producers"]; st != nil && (st.Numbers["found"] < 1 || st.Reference == nil) {
		t.Errorf("butyrate producers: %+v", st)
	}
}

// The official GMWI2 example: GMWI2 exact (1.4017773651306447, from the
// authors' tool), and its 40 % Enterobacteriaceae lead to the statements
// for high bloomers, not to a food "fix".
func TestHealthGMWI2Example(t *testing.T) {
	_, h := healthOf(t, "corpus/metaphlan/mpa3_v30_SRR1761667_with-UNKNOWN.txt")
	hs := h.Samples[h.SampleOrder[0]]
	iv := hs.Indices[health.KeyGMWI2]
	if iv.Status != health.StatusExact || iv.Value == nil || math.Abs(*iv.Value-1.4017773651306447) > 1e-12 {
		t.Errorf("GMWI2: %+v, want exact 1.4017773651306447", iv)
	}
	ids := statementIDs(hs)
	for _, want := range []string{"overview.gmwi2", "immune.bloomers_high", "food.no_diet_fix"} {
		if ids[want] == nil {
			t.Errorf("statement %s missing", want)
		}
	}
	if ids["immune.bloomers_usual"] != nil {
		t.Error("bloomers both high and usual")
	}
}

// The GMHI example table: GMHI for all 25 samples; samples with few
// butyrate producers get the fibre idea together with its IBS caveat.
func TestHealthGMHIExample(t *testing.T) {
	_, h := healthOf(t, "corpus/gmhi/species_relative_abundances.csv")
	if len(h.SampleOrder) != 25 || h.Assay != health.AssayShotgun {
		t.Fatalf("%d samples, assay %q", len(h.SampleOrder), h.Assay)
	}
	withGMHI, fibre := 0, 0
	for _, id := range h.SampleOrder {
		hs := h.Samples[id]
		if hs.Indices[health.KeyGMHI].Value != nil {
			withGMHI++
		}
		ids := statementIDs(hs)
		if ids["food.prebiotic_fibre"] != nil {
			fibre++
			if ids["food.fructans_ibs"] == nil {
				t.Errorf("%s: fibre idea without the IBS caveat", id)
			}
			but := hs.Guilds[0]
			if but.ID != "butyrate_producers" {
				t.Fatalf("first guild %s", but.ID)
			}
			bif := hs.Metrics[health.TaxonMetric("Bifidobacterium")]
			lowBut := but.Share == 0 || but.Reference != nil && but.Reference.Percentile < lowPercentile
			lowBif := bif.Reference != nil && bif.Reference.Percentile < lowPercentile
			if !lowBut && !lowBif {
				t.Errorf("%s: fibre idea with butyrate producers at %v and Bifidobacterium at %v", id, but.Reference, bif.Reference)
			}
		}
	}
	if withGMHI != 25 || fibre == 0 || fibre == 25 {
		t.Errorf("GMHI on %d/25 samples, fibre idea for %d/25; want 25 and some", withGMHI, fibre)
	}
}

// A 16S genus table: GMHI and GMWI2 refused with reasons, guilds placed
// against the 16S cohort only, richness not compared.
func TestHealth16SGenus(t *testing.T) {
	_, h := healthOf(t, "corpus/consumer/ubiome_2016-07-29-gut-74607.json")
	if h.Assay != health.Assay16S {
		t.Errorf("assay %q, want 16S", h.Assay)
	}
	for _, key := range []string{health.KeyGMHI, health.KeyGMWI2} {
		n := h.IndexNotes[key]
		if n.Status != health.StatusNotApplicable || n.Reason == "" {
			t.Errorf("%s on 16S: %+v, want not_applicable with a reason", key, n)
		}
	}
	hs := h.Samples[h.SampleOrder[0]]
	for _, g := range hs.Guilds {
		if g.Reference != nil && !strings.Contains(g.Reference.CohortID, "16s") {
			t.Errorf("guild %s placed against %s", g.ID, g.Reference.CohortID)
		}
	}
	if hs.Metrics[health.MetricObserved].Reference != nil {
		t.Error("uBiome richness placed against rarefied Greengenes OTUs")
	}
	ids := statementIDs(hs)
	if ids["overview.gmhi"] != nil || ids["overview.gmwi2"] != nil || ids["overview.gmhi_approximate"] != nil {
		t.Error("GMHI/GMWI2 statements for 16S")
	}
	var buf bytes.Buffer
	WriteHealthText(&buf, h, "en")
	if !strings.Contains(buf.String(), "GMHI: not calculated for this file, because the table holds counts, not relative abundances") {
		t.Errorf("the text does not say why GMHI was not calculated:\n%s", buf.String()[:400])
	}
	buf.Reset()
	WriteHealthText(&buf, h, "nl")
	if !strings.Contains(buf.String(), "GMHI: niet berekend voor dit bestand, want de tabel bevat geen aandelen") {
		t.Errorf("the Dutch text does not say why GMHI was not calculated:\n%s", buf.String()[:400])
	}
}

// --json only adds the "health" key: every other key keeps its value.
func TestJSONWithHealthAddsOnly(t *testing.T) {
	r, _ := healthOf(t, "testdata/tiny-mpa3.txt")
	plain, err := r.JSON()
	if err != nil {
		t.Fatal(err)
	}
	with, err := JSONWithHealth(r)
	if err != nil {
		t.Fatal(err)
	}
	var a, b map[string]any
	if err := json.Unmarshal(plain, &a); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(with, &b); err != nil {
		t.Fatal(err)
	}
	hv, ok := b["health"].(map[string]any)
	if !ok || hv["schema"] != HealthSchema {
		t.Fatalf("health = %v", b["health"])
	}
	delete(a, "health")
	delete(b, "health")
	if !reflect.DeepEqual(a, b) {
		t.Error("the report keys changed when the health object was added")
	}
}

// TestPlacedAtTheEnds checks the percentile sentence: "higher than in p of
// 100 people" in the middle, and "lower/higher than almost everyone" at
// the ends, where "higher than in 0 of 100" would read badly.
func TestPlacedAtTheEnds(t *testing.T) {
	for _, tc := range []struct {
		lang string
		p    float64
		want string
	}{
		{"en", 0, "lower than in almost everyone in the reference group (HMP, 47 people)"},
		{"en", 0.4, "lower than in almost everyone"},
		{"en", 0.5, "higher than in 1 of 100 people"},
		{"en", 50, "higher than in 50 of 100 people"},
		{"en", 99.4, "higher than in 99 of 100 people"},
		{"en", 99.5, "higher than in almost everyone"},
		{"en", 100, "higher than in almost everyone in the reference group (HMP, 47 people)"},
		{"nl", 0, "lager dan bij bijna alle mensen in de vergelijkingsgroep (HMP, 47 mensen)"},
		{"nl", 72, "hoger dan bij 72 van de 100 mensen"},
		{"nl", 100, "hoger dan bij bijna alle mensen"},
	} {
		st := Statement{TextKey: "overview.diversity", Numbers: map[string]Float{"shannon": 2.7, "effective": 15},
			Reference: &health.Placement{Percentile: tc.p, CohortID: "test-cohort", CohortName: "HMP", N: 47, Exact: true}}
		got, _ := StatementText(tc.lang, st, map[string]bool{})
		if !strings.Contains(got, tc.want) {
			t.Errorf("%s, percentile %v: %q lacks %q", tc.lang, tc.p, got, tc.want)
		}
	}
}
