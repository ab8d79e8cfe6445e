package health

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"testing"

	"github.com/gutlens/gutlens/analysis"
	"github.com/gutlens/gutlens/analysis/format"
)

var (
	doiShape   = regexp.MustCompile(`^10\.\d{4,9}/\S+$`)
	gradeShape = regexp.MustCompile(`^[ABCD]−?(\b|$)`)
	// Diagnostic or therapeutic claims that shipped text must not make.
	claimWords = regexp.MustCompile(`(?i)\b(diagnos\w*|cur(e|es|ed|ing)|treat\w*|prevent\w*|heals?|remed(y|ies))\b`)
)

func TestKnowledgeEntries(t *testing.T) {
	k := KnowledgeBase()
	if len(k.Guilds) == 0 {
		t.Fatal("no guilds")
	}
	ids := map[string]bool{}
	n := 0
	for _, g := range k.Guilds {
		if g.ID == "" || g.Name == "" || len(g.Entries) == 0 {
			t.Errorf("guild %q: missing id, name or entries", g.ID)
		}
		for _, e := range g.Entries {
			n++
			if ids[e.ID] {
				t.Errorf("entry id %q used twice", e.ID)
			}
			ids[e.ID] = true
			if !gradeShape.MatchString(e.Grade) {
				t.Errorf("entry %s: grade %q is not A–D", e.ID, e.Grade)
			}
			if _, ok := k.Directions[e.Direction]; !ok {
				t.Errorf("entry %s: unknown direction %q", e.ID, e.Direction)
			}
			switch e.Evidence {
			case "association", "causation", "mechanism":
			default:
				t.Errorf("entry %s: evidence %q, want association, causation or mechanism", e.ID, e.Evidence)
			}
			if e.Summary == "" || e.Model == "" {
				t.Errorf("entry %s: missing summary or model", e.ID)
			}
			if len(e.Citations) == 0 {
				t.Errorf("entry %s has no citation", e.ID)
			}
			for _, c := range e.Citations {
				if !doiShape.MatchString(c.DOI) || c.Author == "" || c.Year < 1900 || c.Journal == "" {
					t.Errorf("entry %s: incomplete citation %+v", e.ID, c)
				}
				if c.SourceMark != "verified" {
					t.Errorf("entry %s: citation %s has source mark %q, want verified", e.ID, c.DOI, c.SourceMark)
				}
			}
			for _, tx := range e.Taxa {
				if rankIndex(tx.Rank) < 0 || tx.Name == "" {
					t.Errorf("entry %s: taxon %+v has no valid rank", e.ID, tx)
				}
			}
		}
	}
	t.Logf("%d guilds, %d entries", len(k.Guilds), n)
}

// shippedRef is a reference as written in one of the shipped data files,
// with the note on how it was checked.
type shippedRef struct {
	Citation
	Checked string `json:"checked"`
}

// shippedRefs reads every reference of the knowledge base, the report's
// statements and the enterotype statements, keyed by where it is.
func shippedRefs(t *testing.T) map[string]shippedRef {
	t.Helper()
	refs := map[string]shippedRef{}
	var k struct {
		Guilds []struct {
			Entries []struct {
				ID        string       `json:"id"`
				Citations []shippedRef `json:"citations"`
			} `json:"entries"`
		} `json:"guilds"`
	}
	if err := json.Unmarshal(knowledgeJSON, &k); err != nil {
		t.Fatal(err)
	}
	for _, g := range k.Guilds {
		for _, e := range g.Entries {
			for i, c := range e.Citations {
				refs[fmt.Sprintf("knowledge.json %s #%d", e.ID, i)] = c
			}
		}
	}
	for name, b := range map[string][]byte{"statements.json": statementsJSON, "enterotype/statements.json": enterotypeStatementsJSON} {
		var s struct {
			Refs map[string]shippedRef `json:"refs"`
		}
		if err := json.Unmarshal(b, &s); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for key, c := range s.Refs {
			refs[name+" "+key] = c
		}
	}
	return refs
}

// TestEveryReferenceVerified: no reference ships unless its authors, year,
// journal and DOI were checked against the source (source_mark
// "verified"), including references that no statement cites yet; a check
// note starts with its date; and a DOI names the same paper in every
// file.
func TestEveryReferenceVerified(t *testing.T) {
	refs := shippedRefs(t)
	if len(refs) < 50 {
		t.Fatalf("%d references, want the knowledge base's and both statement files'", len(refs))
	}
	dated := regexp.MustCompile(`^20\d\d-\d\d-\d\d: \S`)
	byDOI := map[string]string{}
	for where, c := range refs {
		if c.SourceMark != "verified" {
			t.Errorf("%s: %s %d (doi:%s) has source mark %q, want verified", where, c.Author, c.Year, c.DOI, c.SourceMark)
		}
		if !doiShape.MatchString(c.DOI) || c.Author == "" || c.Year < 1900 || c.Journal == "" {
			t.Errorf("%s: incomplete reference %+v", where, c.Citation)
		}
		if c.Checked != "" && !dated.MatchString(c.Checked) {
			t.Errorf("%s: checked note %q does not start with its date", where, c.Checked)
		}
		id := fmt.Sprintf("%s %d, %s", c.Author, c.Year, c.Journal)
		if prev, ok := byDOI[c.DOI]; ok && prev != id {
			t.Errorf("doi:%s is %q in one place and %q in %s", c.DOI, prev, id, where)
		}
		byDOI[c.DOI] = id
	}
}

// TestNoDiagnosticClaims scans every text the health package ships: the
// knowledge base and the indices' notes.
func TestNoDiagnosticClaims(t *testing.T) {
	if m := claimWords.FindAll(knowledgeJSON, -1); len(m) > 0 {
		t.Errorf("data/knowledge.json contains claim words %q", m)
	}
	var texts []string
	for _, index := range []string{KeyGMHI, KeyGMWI2, KeyMDIndex} {
		texts = append(texts, BuiltFor(index))
	}
	ix := ComputeIndices(&analysis.Table{Samples: []string{"S"}, Columns: make([]analysis.Vector, 1)}, nil)
	for _, n := range ix.Notes {
		texts = append(texts, n.Reason, n.Caveat, n.BuiltFor)
		texts = append(texts, n.Warnings...)
	}
	for _, s := range texts {
		if m := claimWords.FindString(s); m != "" {
			t.Errorf("text contains %q: %s", m, s)
		}
	}
}

func TestClaimWords(t *testing.T) {
	for _, s := range []string{"may diagnose IBS", "a cure for", "Treatment", "prevents disease"} {
		if !claimWords.MatchString(s) {
			t.Errorf("claimWords misses %q", s)
		}
	}
	for _, s := range []string{"health-scarce", "curated", "procured"} {
		if claimWords.MatchString(s) {
			t.Errorf("claimWords matches %q", s)
		}
	}
}

func guild(rs []GuildResult, id string) GuildResult {
	for _, r := range rs {
		if r.ID == id {
			return r
		}
	}
	return GuildResult{}
}

func TestMatchGuildsMetaPhlAn(t *testing.T) {
	data := []byte("#mpa_v30_CHOCOPhlAn_201901\n#SampleID\tMetaphlan_Analysis\n#clade_name\tNCBI_tax_id\trelative_abundance\tadditional_species\n" +
		"k__Bacteria|p__Firmicutes|c__Clostridia|o__Clostridiales|f__Ruminococcaceae|g__Faecalibacterium|s__Faecalibacterium_prausnitzii\t1\t50\t\n" +
		"k__Bacteria|p__Firmicutes|c__Clostridia|o__Clostridiales|f__Lachnospiraceae|g__Roseburia|s__Roseburia_intestinalis\t1\t20\t\n" +
		"k__Bacteria|p__Firmicutes|c__Clostridia|o__Clostridiales|f__Eubacteriaceae|g__Eubacterium|s__Eubacterium_rectale\t1\t10\t\n" +
		"k__Bacteria|p__Proteobacteria|c__Gammaproteobacteria|o__Enterobacterales|f__Enterobacteriaceae|g__Escherichia|s__Escherichia_coli\t1\t20\t\n")
	tab, _, err := format.Decode(bytes.NewReader(data), format.Options{Name: "x.txt"})
	if err != nil {
		t.Fatal(err)
	}
	rs := MatchGuilds(tab)
	b := guild(rs, "butyrate_producers")
	// F. prausnitzii (species and genus members), Roseburia, E. rectale via
	// its synonym Agathobacter rectalis: 80 % of 100.
	if math.Abs(b.Share[0]-0.8) > 1e-15 || b.Found != 4 || b.Members != 11 || b.Unresolvable != 0 {
		t.Errorf("butyrate producers: %+v; want share 0.8, 4 of 11 members found", b)
	}
	if e := guild(rs, "proinflammatory_bloomers"); math.Abs(e.Share[0]-0.2) > 1e-15 {
		t.Errorf("bloomers share = %v, want 0.2", e.Share[0])
	}
}

func TestMatchGuildsGenusTable(t *testing.T) {
	tab := &analysis.Table{
		Samples: []string{"S"},
		Unit:    analysis.UnitCounts,
		Features: []analysis.Feature{
			{ID: "OTU1", Lineage: []string{"Bacteria", "Verrucomicrobia", "Verrucomicrobiae", "Verrucomicrobiales", "Verrucomicrobiaceae", "Akkermansia", "", ""}},
			{ID: "OTU2", Lineage: []string{"Bacteria", "Firmicutes", "Clostridia", "Clostridiales", "Christensenellaceae", "", "", ""}},
		},
		Columns: []analysis.Vector{{Index: []int{0, 1}, Value: []float64{30, 10}}},
	}
	m := guild(MatchGuilds(tab), "metabolic_markers")
	// Christensenellaceae (family) resolves; the 4 species members cannot.
	if m.Unresolvable != 4 || m.Found != 1 || m.Share[0] != 0.25 {
		t.Errorf("metabolic markers on a genus table: %+v", m)
	}
}
