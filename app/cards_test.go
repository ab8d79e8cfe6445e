package app

import (
	"html"
	"math"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/gutlens/gutlens/analysis/report"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

var (
	scoreCardRE = regexp.MustCompile(`(?s)<li ([^>]*class="score-card"[^>]*)>(.*?)</li>`)
	tagRE       = regexp.MustCompile(`<(line|svg|a) ([^>]*)>`)
	attrRE      = regexp.MustCompile(`([a-zA-Z0-9:-]+)(?:="([^"]*)")?`)
)

// attrs parses the attributes of a start tag (go-app writes them in any
// order), unescaped.
func attrs(s string) map[string]string {
	out := map[string]string{}
	for _, m := range attrRE.FindAllStringSubmatch(s, -1) {
		out[m[1]] = html.UnescapeString(m[2])
	}
	return out
}

// tags returns the attributes of the start tags named name with the class.
func tags(body, name, class string) []map[string]string {
	var out []map[string]string
	for _, m := range tagRE.FindAllStringSubmatch(body, -1) {
		if a := attrs(m[2]); m[1] == name && (class == "" || a["class"] == class) {
			out = append(out, a)
		}
	}
	return out
}

// The health panel of the sample file shows a score card per key quantity,
// in the model's order: a placed card has a gauge whose marker sits at the
// percentile and whose text alternative says it in words; a card without a
// percentile has no gauge but its reason; each links to its statement,
// which has that id; nothing uses an inline style.
func TestRenderScoreCards(t *testing.T) {
	data, err := os.ReadFile("../web/static/sample/gutlens-sample.biom")
	if err != nil {
		t.Fatal(err)
	}
	r, err := report.Analyse(data, "gutlens-sample.biom", "native", nil)
	if err != nil {
		t.Fatal(err)
	}
	id := r.SampleOrder[0]
	for _, lang := range []Lang{EN, NL} {
		v := report.RenderHealth(r.Health, string(lang), []string{id})
		sv := v.Samples[id]
		h := app.HTMLString(&HealthPanel{Lang: lang, View: v, ID: id, Shown: 1000})
		if strings.Contains(h, "style=") {
			t.Errorf("%s: the score cards use an inline style (the CSP forbids it)", lang)
		}
		if !strings.Contains(h, `id="score-cards"`) || !strings.Contains(h, lang.T("score.title")) {
			t.Errorf("%s: no score cards section", lang)
		}
		if i, j := strings.Index(h, `id="score-cards"`), strings.Index(h, `class="health-section"`); i < 0 || j < 0 || i > j {
			t.Errorf("%s: the score cards must come before the sections", lang)
		}
		got := scoreCardRE.FindAllStringSubmatch(h, -1)
		if len(got) != len(sv.Cards) || len(got) < 6 {
			t.Fatalf("%s: %d cards on the page, %d in the view", lang, len(got), len(sv.Cards))
		}
		for i, m := range got {
			c := sv.Cards[i]
			li, body := attrs(m[1]), m[2]
			key := li["data-card"]
			if key != c.Key || li["data-percentile"] != full(float64(c.Percentile)) || li["data-statement"] != c.StatementID {
				t.Errorf("%s card %d: %v, want %s at %v", lang, i, li, c.Key, float64(c.Percentile))
			}
			for _, want := range []string{html.EscapeString(c.Title), html.EscapeString(c.Value), html.EscapeString(c.Sentence), html.EscapeString(c.NotMean), lang.T("score.notMean"), "<details", "<summary"} {
				if !strings.Contains(body, want) {
					t.Errorf("%s card %s lacks %q", lang, key, want)
				}
			}
			markers := tags(body, "line", "gauge-marker")
			svgs := tags(body, "svg", "gauge")
			if p := float64(c.Percentile); math.IsNaN(p) {
				if len(markers) != 0 || len(svgs) != 0 || strings.Contains(body, "gauge-scale") {
					t.Errorf("%s card %s: a gauge without a percentile", lang, key)
				}
			} else {
				if len(markers) != 1 || len(svgs) != 1 {
					t.Errorf("%s card %s: placed at %v with %d gauges, %d markers", lang, key, p, len(svgs), len(markers))
					continue
				}
				mk, g := markers[0], svgs[0]
				if x, err := strconv.ParseFloat(mk["x1"], 64); err != nil || x != p || mk["x2"] != mk["x1"] {
					t.Errorf("%s card %s: marker at x %s/%s, want the percentile %v", lang, key, mk["x1"], mk["x2"], p)
				}
				if g["role"] != "img" || g["aria-label"] != c.GaugeLabel || g["aria-label"] == "" {
					t.Errorf("%s card %s: gauge role %q, label %q; want img, %q", lang, key, g["role"], g["aria-label"], c.GaugeLabel)
				}
				if r := int(math.Round(p)); p >= 0.5 && p < 99.5 && c.GaugeLabel == c.Sentence && !strings.Contains(c.GaugeLabel, " "+strconv.Itoa(r)+" ") {
					t.Errorf("%s card %s: gauge label %q does not say %d", lang, key, c.GaugeLabel, r)
				}
				if !strings.Contains(body, html.EscapeString(c.Cohort)) || !strings.Contains(body, lang.Int(c.N)) {
					t.Errorf("%s card %s does not name its reference group %q (%d people)", lang, key, c.Cohort, c.N)
				}
				if c.Rough != strings.Contains(body, `class="rough-badge"`) {
					t.Errorf("%s card %s: rough %v, badge shown %v", lang, key, c.Rough, !c.Rough)
				}
			}
			links := tags(body, "a", "evidence-link")
			if c.StatementID == "" {
				if len(links) != 0 {
					t.Errorf("%s card %s links %v without a statement", lang, key, links)
				}
				continue
			}
			anchor := statementAnchor(id, c.StatementID)
			if len(links) != 1 || links[0]["href"] != "#"+anchor {
				t.Errorf("%s card %s: evidence links %v, want #%s", lang, key, links, anchor)
				continue
			}
			if n := strings.Count(h, `id="`+anchor+`"`); n != 1 {
				t.Errorf("%s card %s: the page has %d elements with id %s, want 1", lang, key, n, anchor)
			}
		}
		// The diversity card of Anna-2026-01 is placed at about 20 of 100.
		want := map[Lang]string{EN: "Higher than in 20 of 100 people in the reference group.", NL: "Hoger dan bij 20 van de 100 mensen in de vergelijkingsgroep."}[lang]
		if g := tags(h, "svg", "gauge"); len(g) == 0 || g[0]["aria-label"] != want {
			t.Errorf("%s: the diversity gauge does not say %q", lang, want)
		}
	}
}

func TestStatementAnchor(t *testing.T) {
	for _, c := range [][3]string{
		{"Anna-2026-01", "overview.diversity", "st-Anna-2026-01-overview.diversity"},
		{"my sample #2", "digestive.fibre_degraders", "st-my_sample__2-digestive.fibre_degraders"},
		{"Ölçü/1", "x", "st-_l___1-x"},
	} {
		if got := statementAnchor(c[0], c[1]); got != c[2] {
			t.Errorf("statementAnchor(%q, %q) = %q, want %q", c[0], c[1], got, c[2])
		}
	}
}
