package report

import (
	"math"
	"strings"

	"github.com/gutlens/gutlens/analysis/health"
	"github.com/gutlens/gutlens/analysis/report/view"
)

// HealthView is the health model rendered in one language for some
// samples.
// It is view.HealthView, so that the UI reads it without linking this package.
type HealthView = view.HealthView

// SampleHealthView is one sample's rendered health sections.
// It is view.SampleHealthView, so that the UI reads it without linking this package.
type SampleHealthView = view.SampleHealthView

// IndexView is one index with its value or the reason it has none.
// It is view.IndexView, so that the UI reads it without linking this package.
type IndexView = view.IndexView

// SectionView is one area (digestive, immune …) with its statements.
// It is view.SectionView, so that the UI reads it without linking this package.
type SectionView = view.SectionView

// StatementView is one statement, rendered, with its evidence.
// It is view.StatementView, so that the UI reads it without linking this package.
type StatementView = view.StatementView

// RenderHealth renders the health model of the given samples in lang
// ("en" or "nl"); Latin names are explained once across those samples.
func RenderHealth(h *HealthReport, lang string, ids []string) *HealthView {
	if h == nil {
		return nil
	}
	v := &HealthView{
		Lang:       lang,
		Title:      health.Text(lang, "report.title", nil),
		Disclaimer: health.Text(lang, h.DisclaimerKey, nil),
		Grades:     health.Text(lang, h.GradesKey, nil),
		Samples:    map[string]*SampleHealthView{},
	}
	for _, key := range []string{health.KeyGMHI, health.KeyGMWI2, health.KeyMDIndex} {
		if n := h.IndexNotes[key]; n != nil && n.Status == health.StatusNotApplicable {
			v.Notes = append(v.Notes, health.Text(lang, "index.not_applicable", map[string]string{"index": indexTitle[key], "reason": indexReason(lang, key, n)}))
		}
	}
	if rough := roughReasons(h); len(rough) > 0 {
		v.Notes = append(v.Notes, health.Text(lang, "reference.rough", map[string]string{"reason": strings.Join(rough, "; ")}))
	}
	seen := map[string]bool{}
	for _, id := range ids {
		hs, ok := h.Samples[id]
		if !ok {
			continue
		}
		sv := &SampleHealthView{Cards: healthCards(lang, h, hs)}
		for _, key := range []string{health.KeyGMHI, health.KeyGMWI2, health.KeyMDIndex} {
			iv, ok := hs.Indices[key]
			if !ok {
				continue
			}
			x := IndexView{Key: key, Name: indexTitle[key], Status: iv.Status, Value: Float(math.NaN())}
			if iv.Value != nil {
				x.Value = Float(*iv.Value)
			}
			x.Note = iv.Reason
			if iv.ReasonKey != "" {
				x.Note = health.ReasonText(lang, key, iv.ReasonKey, iv.ReasonArgs)
			}
			if x.Note == "" && len(iv.Warnings) > 0 {
				x.Note = strings.Join(iv.Warnings, "; ")
			}
			sv.Indices = append(sv.Indices, x)
		}
		for _, sec := range hs.Sections {
			s := SectionView{ID: sec.ID, Title: health.Text(lang, sec.TitleKey, nil)}
			for _, st := range sec.Statements {
				text, explain := StatementText(lang, st, seen)
				s.Statements = append(s.Statements, StatementView{
					ID: st.ID, Text: text, Explain: explain, Grade: st.Grade, Evidence: st.Evidence,
					EvidenceText: health.Text(lang, "evidence."+st.Evidence, nil), Citations: st.Citations,
				})
			}
			sv.Sections = append(sv.Sections, s)
		}
		v.Samples[id] = sv
	}
	return v
}
