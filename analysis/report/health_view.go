package report

import (
	"math"
	"strings"

	"github.com/gutlens/gutlens/analysis/health"
)

// HealthView is the health model rendered in one language for some
// samples: what the web page shows, with every text final.
type HealthView struct {
	Lang       string                       `json:"lang"`
	Title      string                       `json:"title"`
	Disclaimer string                       `json:"disclaimer"`
	Grades     string                       `json:"grades"`
	Notes      []string                     `json:"notes"` // indices that do not apply, rough references
	Samples    map[string]*SampleHealthView `json:"samples"`
}

// SampleHealthView is one sample's rendered health sections.
type SampleHealthView struct {
	Indices  []IndexView   `json:"indices"`
	Sections []SectionView `json:"sections"`
}

// IndexView is one index with its value or the reason it has none.
type IndexView struct {
	Key    string `json:"key"` // "gmhi", "gmwi2", "md_index"
	Name   string `json:"name"`
	Value  Float  `json:"value"` // null where it does not apply
	Status string `json:"status"`
	Note   string `json:"note,omitempty"` // the reason, or the warnings
}

// SectionView is one area (digestive, immune …) with its statements.
type SectionView struct {
	ID         string          `json:"id"`
	Title      string          `json:"title"`
	Statements []StatementView `json:"statements"`
}

// StatementView is one statement, rendered, with its evidence.
type StatementView struct {
	ID       string   `json:"id"`
	Text     string   `json:"text"`
	Explain  []string `json:"explain,omitempty"` // Latin names explained once
	Grade    string   `json:"grade"`
	Evidence string   `json:"evidence"` // "association", "causation", "mechanism"
	// EvidenceText is Evidence in the language.
	EvidenceText string            `json:"evidence_text"`
	Citations    []health.Citation `json:"citations"`
}

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
			v.Notes = append(v.Notes, health.Text(lang, "index.not_applicable", map[string]string{"index": indexTitle[key], "reason": n.Reason}))
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
		sv := &SampleHealthView{}
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
