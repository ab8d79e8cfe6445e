package health

import (
	"math"
	"regexp"
	"strings"
	"testing"
)

func TestReferenceProvenance(t *testing.T) {
	if len(Cohorts()) < 3 {
		t.Fatalf("%d reference cohorts, want at least 3", len(Cohorts()))
	}
	sha := regexp.MustCompile(`^[0-9a-f]{64}( [0-9a-f]{64})*$`)
	for _, c := range Cohorts() {
		p := c.Provenance
		for name, v := range map[string]string{
			"schema": c.Schema, "id": c.ID, "name": c.Name, "population": c.Population, "assay": c.Assay,
			"profiler": c.Profiler, "profiler_version": c.ProfilerVersion, "licence": c.Licence,
			"source_file": p.SourceFile, "source_repository": p.SourceRepository, "source_commit": p.SourceCommit,
			"filter": p.Filter, "script": p.Script, "command": p.Command, "generated": p.Generated,
		} {
			if strings.TrimSpace(v) == "" {
				t.Errorf("cohort %s: %s is empty", c.ID, name)
			}
		}
		if c.Schema != ReferenceSchema || p.Version < 1 || !sha.MatchString(p.SHA256) || len(p.SourceCommit) != 40 {
			t.Errorf("cohort %s: schema %q, version %d, sha256 %q, commit %q", c.ID, c.Schema, p.Version, p.SHA256, p.SourceCommit)
		}
		if c.Assay != AssayShotgun && c.Assay != Assay16S {
			t.Errorf("cohort %s: assay %q", c.ID, c.Assay)
		}
		if c.N < 20 || len(c.Metrics) == 0 {
			t.Errorf("cohort %s: n = %d, %d metrics", c.ID, c.N, len(c.Metrics))
		}
		for i := 1; i < len(c.Probs); i++ {
			if !(c.Probs[i] > c.Probs[i-1]) || c.Probs[0] != 0 || c.Probs[len(c.Probs)-1] != 1 {
				t.Fatalf("cohort %s: probs %v not increasing from 0 to 1", c.ID, c.Probs)
			}
		}
		for m, q := range c.Metrics {
			if len(q.Quantiles) != len(c.Probs) || q.N < 20 || q.N > c.N {
				t.Errorf("cohort %s, %s: %d quantiles for %d probs, n = %d", c.ID, m, len(q.Quantiles), len(c.Probs), q.N)
			}
			for i := 1; i < len(q.Quantiles); i++ {
				if q.Quantiles[i] < q.Quantiles[i-1] {
					t.Errorf("cohort %s, %s: quantiles decrease: %v", c.ID, m, q.Quantiles)
				}
			}
		}
	}
}

func TestPercentileMonotone(t *testing.T) {
	for _, c := range Cohorts() {
		for m, q := range c.Metrics {
			lo, hi := q.Quantiles[0], q.Quantiles[len(q.Quantiles)-1]
			span := hi - lo
			if span == 0 {
				span = 1
			}
			prev := -1.0
			for k := -10; k <= 110; k++ {
				v := lo + span*float64(k)/100
				p, _, ok := Percentile(m, c.Assay, c.Profiler, v)
				if !ok {
					t.Fatalf("Percentile(%s, %s, %s, %v) refused", m, c.Assay, c.Profiler, v)
				}
				if p < 0 || p > 100 || math.IsNaN(p) {
					t.Fatalf("Percentile(%s, %s, %s, %v) = %v, outside [0, 100]", m, c.Assay, c.Profiler, v, p)
				}
				if p < prev {
					t.Fatalf("Percentile(%s, %s, %s, %v) = %v < %v at a smaller value", m, c.Assay, c.Profiler, v, p, prev)
				}
				prev = p
			}
			// Every quantile knot inverts to its level, unless tied.
			for i, x := range q.Quantiles {
				tied := (i > 0 && q.Quantiles[i-1] == x) || (i+1 < len(q.Quantiles) && q.Quantiles[i+1] == x)
				if p := placeQuantiles(c.Probs, q.Quantiles, x); !tied && math.Abs(p-100*c.Probs[i]) > 1e-9 {
					t.Errorf("%s %s: quantile %v at level %v placed at %v", c.ID, m, x, c.Probs[i], p)
				}
			}
		}
	}
}

func TestPlaceQuantiles(t *testing.T) {
	probs := []float64{0, 0.25, 0.5, 0.75, 1}
	for _, c := range []struct {
		q    []float64
		v, p float64
	}{
		{[]float64{1, 2, 3, 4, 5}, 0.5, 0},
		{[]float64{1, 2, 3, 4, 5}, 1, 0},
		{[]float64{1, 2, 3, 4, 5}, 2.5, 37.5},
		{[]float64{1, 2, 3, 4, 5}, 6, 100},
		{[]float64{0, 0, 0, 1, 2}, 0, 25}, // 0 to 50 % of the cohort at 0: the middle
		{[]float64{0, 0, 0, 1, 2}, 0.5, 62.5},
	} {
		if p := placeQuantiles(probs, c.q, c.v); math.Abs(p-c.p) > 1e-12 {
			t.Errorf("placeQuantiles(%v, %v) = %v, want %v", c.q, c.v, p, c.p)
		}
	}
}

func TestPercentileMatching(t *testing.T) {
	// Same assay and profiler: exact, no warning.
	pl, c, err := PercentileOf(MetricGMHI, AssayShotgun, "metaphlan2", 0.5)
	if err != nil || !pl.Exact || len(pl.Warnings) != 0 || c.Profiler != "metaphlan2" {
		t.Errorf("GMHI, MetaPhlAn 2: %+v, %v, %v; want the MetaPhlAn 2 cohort, exact", pl, c, err)
	}
	// MetaPhlAn 3: the nearest MetaPhlAn cohort, with a warning.
	pl, c, err = PercentileOf(MetricShannon, AssayShotgun, "metaphlan3", 2)
	if err != nil || pl.Exact || len(pl.Warnings) == 0 || c.Profiler != "metaphlan2" {
		t.Errorf("Shannon, MetaPhlAn 3: %+v, %v; want the MetaPhlAn 2 cohort with a warning", pl, err)
	}
	// Richness across profilers is refused.
	if _, _, err := PercentileOf(MetricObserved, AssayShotgun, "metaphlan4", 80); err == nil || !strings.Contains(err.Error(), "richness") {
		t.Errorf("observed, MetaPhlAn 4: err %v, want a refusal about richness", err)
	}
	if _, _, ok := Percentile(MetricObserved, Assay16S, "dada2-asv", 80); ok {
		t.Error("observed ASVs placed against rarefied Greengenes OTUs")
	}
	// 16S guild share: the 16S cohort, never a shotgun one.
	if pl, c, err := PercentileOf(GuildMetric("butyrate_producers"), Assay16S, "dada2-asv", 0.05); err != nil || c.Assay != Assay16S || pl.Exact {
		t.Errorf("16S butyrate producers: %+v, %v, %v", pl, c, err)
	}
	// Unknown assay and undefined values are refused.
	if _, _, ok := Percentile(MetricShannon, "", "", 2); ok {
		t.Error("unknown assay placed")
	}
	if _, _, ok := Percentile(MetricShannon, AssayShotgun, "metaphlan2", math.NaN()); ok {
		t.Error("NaN placed")
	}
	if _, _, ok := Percentile(MetricGMHI, Assay16S, "", 1); ok {
		t.Error("GMHI placed for 16S")
	}
}

// TestGMWI2NoCohortSaid: no embedded cohort has GMWI2 (the shared corpus
// has no healthy MetaPhlAn 3 cohort, testdata/reference/README.md), so
// placing a value is refused with that reason and both GMWI2 texts, in
// every language, say there is no reference group. Adding a GMWI2 cohort
// makes this fail until the texts stop saying so.
func TestGMWI2NoCohortSaid(t *testing.T) {
	say := map[string]string{"en": "no reference group", "nl": "geen vergelijkingsgroep"}
	has := anyCohortHas(KeyGMWI2)
	for lang, phrase := range say {
		for _, id := range []string{"overview.gmwi2", "overview.gmwi2_approximate"} {
			if got := strings.Contains(Text(lang, id, nil), phrase); got == has {
				t.Errorf("%s %s mentions %q: %v, but a GMWI2 reference cohort exists: %v", lang, id, phrase, got, has)
			}
		}
	}
	if has {
		return
	}
	_, _, err := PercentileOf(KeyGMWI2, AssayShotgun, "metaphlan3", 0.5)
	if err == nil || !strings.Contains(err.Error(), "no healthy reference cohort has gmwi2") {
		t.Errorf("PercentileOf(gmwi2) error = %v, want the missing cohort named", err)
	}
}
