package report

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/gutlens/gutlens/analysis/health"
)

// WriteHealthText renders the health model as plain text in lang ("en" or
// "nl"): the disclaimer, then per sample the sections, each statement with
// its percentile sentence, evidence grade and sources; each Latin taxon
// name is explained the first time it appears.
func WriteHealthText(w io.Writer, h *HealthReport, lang string) error {
	if h == nil {
		return nil
	}
	p := &printer{w: w, lang: lang}
	p.line(0, health.Text(lang, "report.title", nil))
	p.line(0, strings.Repeat("=", len([]rune(health.Text(lang, "report.title", nil)))))
	p.line(0, health.Text(lang, h.DisclaimerKey, nil))
	p.line(0, health.Text(lang, h.GradesKey, nil))
	for _, key := range []string{health.KeyGMHI, health.KeyGMWI2, health.KeyMDIndex} {
		if n := h.IndexNotes[key]; n != nil && n.Status == health.StatusNotApplicable {
			p.line(0, health.Text(lang, "index.not_applicable", map[string]string{"index": indexTitle[key], "reason": indexReason(lang, key, n)}))
		}
	}
	if rough := roughReasons(h); len(rough) > 0 {
		p.line(0, health.Text(lang, "reference.rough", map[string]string{"reason": strings.Join(rough, "; ")}))
	}
	seen := map[string]bool{}
	for _, id := range h.SampleOrder {
		hs := h.Samples[id]
		p.blank()
		p.line(0, health.Text(lang, "report.sample", map[string]string{"sample": id}))
		for _, sec := range hs.Sections {
			p.blank()
			p.line(1, health.Text(lang, sec.TitleKey, nil))
			for _, st := range sec.Statements {
				p.statement(st, seen)
			}
		}
	}
	return p.err
}

var indexTitle = map[string]string{health.KeyGMHI: "GMHI", health.KeyGMWI2: "GMWI2", health.KeyMDIndex: "MD index"}

type printer struct {
	w    io.Writer
	lang string
	err  error
}

func (p *printer) line(indent int, s string) {
	if p.err == nil {
		_, p.err = fmt.Fprintf(p.w, "%s%s\n", strings.Repeat("  ", indent), s)
	}
}

func (p *printer) blank() { p.line(0, "") }

func (p *printer) statement(st Statement, seen map[string]bool) {
	text, explain := StatementText(p.lang, st, seen)
	p.line(2, "- "+text)
	for _, e := range explain {
		p.line(3, "* "+e)
	}
	var cites []string
	for _, c := range st.Citations {
		cites = append(cites, fmt.Sprintf("%s %d, doi:%s", c.Author, c.Year, c.DOI))
	}
	p.line(3, health.Text(p.lang, "report.evidence", map[string]string{
		"grade": st.Grade, "evidence": health.Text(p.lang, "evidence."+st.Evidence, nil), "citations": strings.Join(cites, "; ")}))
}

// StatementText renders a statement in lang with its percentile sentence,
// and the plain-language explanations of the Latin taxon names it uses
// that are not yet in seen (which it updates).
func StatementText(lang string, st Statement, seen map[string]bool) (text string, explain []string) {
	args := map[string]string{}
	for k, v := range st.Numbers {
		args[k] = FormatNumber(lang, k, float64(v))
	}
	text = health.Text(lang, st.TextKey, args)
	if r := st.Reference; r != nil {
		args := map[string]string{"percentile": FormatNumber(lang, "percentile", r.Percentile),
			"cohort": cohortName(lang, r), "n": strconv.Itoa(r.N), "zero": FormatNumber(lang, "percentile", 2*r.Percentile)}
		if share, ok := st.Numbers["share"]; ok && share == 0 {
			// A zero among many zeros is placed in the middle of their
			// run, [0, 2p]: say how many also had none.
			text += " " + health.Text(lang, "reference.zero", args)
		} else {
			text += " " + health.Text(lang, placedKey(r.Percentile), args)
		}
		if !r.Exact {
			text += " " + health.Text(lang, "reference.rough_short", nil)
		}
	}
	for _, tx := range st.Taxa {
		if !seen[tx] {
			seen[tx] = true
			explain = append(explain, health.Text(lang, "taxon."+tx, nil))
		}
	}
	return text, explain
}

// indexReason is why index key does not apply, in lang when the note
// names its reason's text (ReasonKey), else in English.
func indexReason(lang, key string, n *health.IndexNote) string {
	if n.ReasonKey == "" {
		return n.Reason
	}
	return health.ReasonText(lang, key, n.ReasonKey, n.ReasonArgs)
}

// placedKey is the text that places a value at percentile p of the
// reference group: "higher than in p of 100 people", except at the ends,
// where "higher than in 0 of 100" reads badly: there the text says lower
// (or higher) than almost everyone.
func placedKey(p float64) string {
	switch {
	case p < 0.5:
		return "reference.lowest"
	case p >= 99.5:
		return "reference.highest"
	}
	return "reference.placed"
}

// FormatNumber formats a statement's number for text by its key: shares
// as percentages, percentiles and counts as whole numbers, other values
// with two decimals; Dutch uses a decimal comma.
func FormatNumber(lang, key string, v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "–"
	}
	var s string
	switch {
	case key == "share" || strings.HasSuffix(key, "_share"):
		pct := 100 * v
		switch {
		case pct == 0:
			s = "0%"
		case pct < 0.1:
			s = "<0.1%"
		default:
			s = strconv.FormatFloat(pct, 'f', 1, 64) + "%"
		}
	case key == "percentile" || strings.HasSuffix(key, "_percentile"):
		s = strconv.Itoa(int(math.Round(v)))
	case key == "found" || key == "total" || key == "present" || key == "observed" || key == "n":
		s = strconv.Itoa(int(math.Round(v)))
	case key == "effective":
		s = strconv.FormatFloat(v, 'f', 0, 64)
	default:
		s = strconv.FormatFloat(v, 'f', 2, 64)
	}
	if strings.HasPrefix(strings.ToLower(lang), "nl") {
		s = strings.ReplaceAll(s, ".", ",")
	}
	return s
}

// roughReasons returns the distinct warnings of the placements that are
// not an exact assay and profiler match, in order of appearance.
func roughReasons(h *HealthReport) []string {
	var out []string
	seen := map[string]bool{}
	add := func(pl *health.Placement) {
		if pl == nil {
			return
		}
		for _, w := range pl.Warnings {
			if !seen[w] {
				seen[w] = true
				out = append(out, w)
			}
		}
	}
	for _, id := range h.SampleOrder {
		for _, sec := range h.Samples[id].Sections {
			for _, st := range sec.Statements {
				add(st.Reference)
			}
		}
	}
	return out
}

// cohortName is the cohort's short name in lang, or its full name.
func cohortName(lang string, r *health.Placement) string {
	if health.HasText(lang, "cohort."+r.CohortID) {
		return health.Text(lang, "cohort."+r.CohortID, nil)
	}
	return r.CohortName
}
