package health

import (
	_ "embed"
	"encoding/json"

	"github.com/gutlens/gutlens/analysis/report/view"
)

// The knowledge base: functional groups (guilds) of gut taxa, each entry
// with its direction, evidence grade (A–D, as in the research draft),
// evidence type and citations. Renamed taxa are matched through
// taxonomy.Canonical.
//
//go:embed data/knowledge.json
var knowledgeJSON []byte

// Knowledge is the embedded knowledge base (data/knowledge.json).
type Knowledge struct {
	Schema     string            `json:"schema"`
	Version    string            `json:"version"`
	Source     string            `json:"source"`
	Directions map[string]string `json:"directions"` // direction → meaning
	Guilds     []Guild           `json:"guilds"`
}

// Guild is a functional group of taxa.
type Guild struct {
	ID      string  `json:"id"`
	Name    string  `json:"name"`
	Section string  `json:"section"` // section of the research draft
	Note    string  `json:"note,omitempty"`
	Entries []Entry `json:"entries"`
}

// Entry is one cited statement about some taxa.
type Entry struct {
	ID        string  `json:"id"`
	Taxa      []Taxon `json:"taxa"`
	Direction string  `json:"direction"` // a key of Knowledge.Directions
	Condition string  `json:"condition,omitempty"`
	// Grade is the evidence grade as the research draft gives it: A human
	// RCT or meta-analysis; B replicated human association; C single study
	// or animal/in-vitro only; D speculative. It may be split, e.g.
	// "B (human) / C (mechanism)".
	Grade string `json:"grade"`
	// Evidence is "association", "causation" (an intervention changed
	// the outcome) or "mechanism" (biochemistry shown); Model says in
	// whom: human, animal, in vitro.
	Evidence  string     `json:"evidence"`
	Model     string     `json:"model"`
	Summary   string     `json:"summary"`
	Citations []Citation `json:"citations"`
}

// Taxon names a member of a guild.
type Taxon struct {
	Name     string   `json:"name"`
	Rank     string   `json:"rank"` // a name of analysis.Ranks
	Synonyms []string `json:"synonyms,omitempty"`
}

// Citation is a published source.
// It is view.Citation, so that the UI reads it without linking this package.
type Citation = view.Citation

var knowledge = mustKnowledge()

func mustKnowledge() *Knowledge {
	var k Knowledge
	if err := json.Unmarshal(knowledgeJSON, &k); err != nil {
		panic("health: data/knowledge.json: " + err.Error())
	}
	return &k
}

// KnowledgeBase returns the embedded knowledge base. It is shared: do not
// modify it.
func KnowledgeBase() *Knowledge { return knowledge }
