package view

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

// SampleHealthView is one sample's rendered health sections, with the
// score cards that sum them up.
type SampleHealthView struct {
	Cards    []CardView    `json:"cards"`
	Indices  []IndexView   `json:"indices"`
	Sections []SectionView `json:"sections"`
}

// CardView is one score card of the overview: a key quantity of the
// sample (diversity, a guild's share, a balance index …), its percentile
// against a named reference cohort, one plain sentence, and what the
// value does not mean.
type CardView struct {
	// Key is the card's kind: "diversity", "richness", "butyrate",
	// "fibre", "bloomers", "gmhi", "gmwi2", "md_index", "akkermansia",
	// "christensenellaceae".
	Key   string `json:"key"`
	Title string `json:"title"`
	// Value is the value as shown, in the language: "2.70", "44.5%".
	Value string `json:"value"`
	// Percentile (0–100) in the reference cohort; null when not placed.
	Percentile Float `json:"percentile"`
	// Cohort is the reference cohort's name in the language and N its
	// people; both empty when not placed. Rough: the cohort was measured
	// with another method (not an exact assay and profiler match).
	Cohort string `json:"cohort,omitempty"`
	N      int    `json:"n,omitempty"`
	Rough  bool   `json:"rough,omitempty"`
	// Sentence places the value in plain words, or says why it is not
	// compared with other people. GaugeLabel says the percentile in words
	// for the gauge's text alternative.
	Sentence   string `json:"sentence"`
	GaugeLabel string `json:"gauge_label,omitempty"`
	// NotMean is what this value does not mean.
	NotMean string `json:"not_mean"`
	// StatementID is the statement of the sections that gives this value's
	// evidence grade and sources; "" when there is none.
	StatementID string `json:"statement_id,omitempty"`
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
	EvidenceText string     `json:"evidence_text"`
	Citations    []Citation `json:"citations"`
}

// Citation is a published source.
type Citation struct {
	Author  string `json:"author"`
	Year    int    `json:"year"`
	Journal string `json:"journal"`
	DOI     string `json:"doi"`
	// SourceMark is "verified": authors, year, journal, DOI and the
	// statement it supports were checked against the source (every shipped
	// reference is; analysis/health's TestEveryReferenceVerified enforces it).
	SourceMark string `json:"source_mark"`
}

// EnterotypeView is the placement rendered in one language.
type EnterotypeView struct {
	Lang       string                           `json:"lang"`
	Title      string                           `json:"title"`
	Disclaimer string                           `json:"disclaimer"`
	Status     string                           `json:"status"`
	Reason     string                           `json:"reason,omitempty"`
	Framing    *StatementView                   `json:"framing,omitempty"`
	Notes      []string                         `json:"notes,omitempty"`
	Types      map[string]string                `json:"types"` // type id → name
	Samples    map[string]*EnterotypeSampleView `json:"samples,omitempty"`
}

// EnterotypeSampleView is one sample, rendered.
type EnterotypeSampleView struct {
	Placed     bool             `json:"placed"`
	NotPlaced  string           `json:"not_placed,omitempty"`
	Closest    string           `json:"closest,omitempty"` // the type's name
	Weights    map[string]Float `json:"weights,omitempty"` // type id → weight
	Strength   string           `json:"strength,omitempty"`
	Notes      []string         `json:"notes,omitempty"`
	Statements []StatementView  `json:"statements,omitempty"`
}
