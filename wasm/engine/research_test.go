package main

import (
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"math"
	"os"
	"strings"
	"testing"

	"github.com/gutlens/gutlens/analysis"
	"github.com/gutlens/gutlens/analysis/diversity"
	"github.com/gutlens/gutlens/analysis/format"
	"github.com/gutlens/gutlens/analysis/ordination"
	"github.com/gutlens/gutlens/analysis/report"
)

func loadEngine(t *testing.T, path string) *engine {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var e engine
	if out := e.analyse([]format.Input{{Name: path[strings.LastIndex(path, "/")+1:], Data: data}}, nil); out.Error != "" {
		t.Fatal(out.Error)
	}
	return &e
}

func ask[T any](t *testing.T, e *engine, req string) T {
	t.Helper()
	out := e.query(req)
	if out.Error != "" {
		t.Fatalf("%s: %s", req, out.Error)
	}
	var v T
	if err := json.Unmarshal([]byte(out.JSON), &v); err != nil {
		t.Fatalf("%s: %v\n%s", req, err, out.JSON)
	}
	return v
}

func same(a, b float64) bool {
	if math.IsNaN(a) || math.IsNaN(b) {
		return math.IsNaN(a) && math.IsNaN(b)
	}
	return a == b
}

// The research queries answer what analysis/diversity and
// analysis/ordination compute for the same table.
func TestResearchQueries(t *testing.T) {
	e := loadEngine(t, "../../testdata/tiny.biom")
	tab := e.report.Table()
	s := ask[ResearchSummary](t, e, `{"kind":"research"}`)
	if s.Samples != 4 || !s.Integer || strings.Join(s.Excluded, ",") != "S4" || len(s.Keys) != len(report.AlphaKeys) {
		t.Fatalf("summary %+v", s)
	}
	// PCoA: the Bray–Curtis PCoA of the samples with content.
	cols := []analysis.Vector{tab.Columns[0], tab.Columns[1], tab.Columns[2]}
	want, err := ordination.PCoA(3, diversity.BrayCurtisMatrix(cols, len(tab.Features)), ordination.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if s.PCoA == nil || s.PCoA.Method != want.Method || s.PCoA.TopK {
		t.Fatalf("pcoa %+v", s.PCoA)
	}
	ids, xy := pcoaPoints(t, e, s.PCoA)
	if strings.Join(ids, ",") != "S1,S2,S3" || len(xy) != 6 {
		t.Fatalf("PCoA points of %v, coordinates %v", ids, xy)
	}
	for i := range 3 {
		if xy[2*i] != want.Coordinates[i][0] || xy[2*i+1] != want.Coordinates[i][1] {
			t.Errorf("PCoA point %d = (%v, %v), want %v", i, xy[2*i], xy[2*i+1], want.Coordinates[i][:2])
		}
	}
	if float64(s.PCoA.Proportion[0]) != want.ProportionExplained[0] {
		t.Errorf("proportion %v, want %v", s.PCoA.Proportion, want.ProportionExplained)
	}

	// Alpha, sorted by Shannon descending: S4 (undefined) last.
	p := ask[AlphaPage](t, e, `{"kind":"research.alpha","params":{"sort":"shannon_ln","desc":true,"limit":10}}`)
	if p.Total != 4 || len(p.Rows) != 4 || p.Rows[3].ID != "S4" {
		t.Fatalf("alpha page %+v", p)
	}
	for k := 1; k < 3; k++ {
		if p.Rows[k].Values[4] > p.Rows[k-1].Values[4] {
			t.Errorf("rows not sorted by Shannon: %+v", p.Rows)
		}
	}
	for _, row := range p.Rows {
		i := indexOf(tab.Samples, row.ID)
		a := report.AlphaValues(diversity.AlphaOf(tab.Columns[i].Value, true))
		for k, v := range row.Values {
			if !same(float64(v), a[k]) {
				t.Errorf("%s %s = %v, diversity.AlphaOf %v", row.ID, report.AlphaKeys[k], v, a[k])
			}
		}
	}
	p2 := ask[AlphaPage](t, e, `{"kind":"research.alpha","params":{"offset":2,"limit":1}}`)
	if len(p2.Rows) != 1 || p2.Rows[0].ID != "S3" {
		t.Errorf("page 3 of 1 row = %+v", p2.Rows)
	}
	if q := e.query(`{"kind":"research.alpha","params":{"sort":"nope"}}`); q.Error == "" {
		t.Error("an unknown sort key was answered")
	}

	// Heatmap at genus, and its picture (base64 text, not JSON).
	h := ask[HeatmapPage](t, e, `{"kind":"research.heatmap","params":{"rank":"genus","limit":2}}`)
	pic := e.query(`{"kind":"research.heatmap.pixels","params":{"rank":"genus"}}`)
	px, err := base64.StdEncoding.DecodeString(pic.JSON)
	if h.Rank != "genus" || h.Total != 4 || len(h.Samples) != 2 || err != nil || len(px) != 4*4*len(h.Taxa) || h.Taxa[1].Name != "Bacteroides" {
		t.Errorf("heatmap %+v (%d pixel bytes, %v %s)", h, len(px), err, pic.Error)
	}
	hm, _ := e.heatmap("genus")
	if string(px) != string(hm.RGBA()) {
		t.Error("the heatmap's picture is not report.Heatmap.RGBA")
	}
	c, _ := report.Compose(tab, 5, report.HeatmapTopN)
	if float64(h.Shares[0][0]) != float64(c.Shares["S1"][0]) {
		t.Errorf("heatmap S1 %v, composition %v", h.Shares[0], c.Shares["S1"])
	}

	// Rarefaction curves end at (N, S_obs).
	r := ask[rarefactionOut](t, e, `{"kind":"research.rarefaction"}`)
	if !r.Available || len(r.Curves) != 3 {
		t.Fatalf("rarefaction %+v", r)
	}
	for _, cu := range r.Curves {
		i := indexOf(tab.Samples, cu.ID)
		last := cu.Points[len(cu.Points)-1]
		if last.Depth != int(tab.Columns[i].Sum()) || last.Observed != diversity.Observed(tab.Columns[i].Value) {
			t.Errorf("%s curve ends at %+v", cu.ID, last)
		}
	}
	r2 := ask[rarefactionOut](t, e, `{"kind":"research.rarefaction"}`)
	if r2.Curves[0].Points[3] != r.Curves[0].Points[3] {
		t.Error("rarefaction is not reproducible")
	}

	// Exports: the alpha CSV and the whole document.
	csv := e.query(`{"kind":"research.export","params":{"what":"alpha-csv"}}`)
	if !strings.HasPrefix(csv.JSON, "sample,total,observed_features,") || strings.Count(csv.JSON, "\n") != 5 {
		t.Errorf("alpha CSV:\n%s", csv.JSON)
	}
	doc := e.query(`{"kind":"research.export","params":{"what":"diversity-json"}}`)
	var d struct {
		Schema    string                    `json:"schema"`
		Generator struct{ Engine string }   `json:"generator"`
		Alpha     map[string]map[string]any `json:"alpha"`
		PCoA      map[string]map[string]any `json:"pcoa"`
	}
	if err := json.Unmarshal([]byte(doc.JSON), &d); err != nil || d.Schema != "gutlens-diversity/1" || len(d.Alpha) != 4 || d.PCoA["braycurtis"] == nil {
		t.Errorf("document: %v %+v", err, d)
	}
	for _, what := range []string{"pcoa-csv", "heatmap-csv", "rarefaction-csv"} {
		if out := e.query(`{"kind":"research.export","params":{"what":"` + what + `","rank":"genus"}}`); out.Error != "" || strings.Count(out.JSON, "\n") < 4 {
			t.Errorf("%s: %+v", what, out)
		}
	}

	// A new file replaces everything.
	e2 := loadEngine(t, "../../testdata/tiny-mpa3.txt")
	s2 := ask[ResearchSummary](t, e2, `{"kind":"research"}`)
	if s2.Integer {
		t.Errorf("a MetaPhlAn profile counted as integer: %+v", s2)
	}
	if r := ask[rarefactionOut](t, e2, `{"kind":"research.rarefaction"}`); r.Available || len(r.Curves) != 0 {
		t.Errorf("rarefaction of relative abundances: %+v", r)
	}
	a := ask[AlphaPage](t, e2, `{"kind":"research.alpha"}`)
	if v := a.Rows[0].Values[12]; !math.IsNaN(float64(v)) { // chao1
		t.Errorf("chao1 of a relative-abundance table = %v, want null", v)
	}
}

func TestResearchMetadata(t *testing.T) {
	e := loadEngine(t, "../../web/static/sample/gutlens-sample.biom")
	s := ask[ResearchSummary](t, e, `{"kind":"research"}`)
	if len(s.Fields) != 2 || s.Fields[1].Name != "subject" || strings.Join(s.Fields[1].Levels, ",") != "Anna,Ben,Chris" {
		t.Fatalf("fields %+v", s.Fields)
	}
	ids, _ := pcoaPoints(t, e, s.PCoA)
	of, err := base64.StdEncoding.DecodeString(s.Fields[1].Of)
	if err != nil || len(of) != len(ids) || len(ids) == 0 {
		t.Fatalf("levels of %d points: %v (%d)", len(ids), err, len(of))
	}
	for i, id := range ids {
		if want := strings.SplitN(id, "-", 2)[0]; s.Fields[1].Levels[of[i]] != want {
			t.Errorf("%s coloured as %s", id, s.Fields[1].Levels[of[i]])
		}
	}
}

// pcoaPoints reads the packed PCoA points: their samples (through the
// report's sample order) and coordinates x₀ y₀ x₁ y₁ ….
func pcoaPoints(t *testing.T, e *engine, p *PCoAOut) ([]string, []float64) {
	t.Helper()
	at, err1 := base64.StdEncoding.DecodeString(p.Samples)
	xy, err2 := base64.StdEncoding.DecodeString(p.XY)
	if err1 != nil || err2 != nil || len(at)%4 != 0 || len(xy) != 4*len(at) {
		t.Fatalf("packed PCoA points: %v, %v, %d index bytes, %d coordinate bytes", err1, err2, len(at), len(xy))
	}
	var ids []string
	var v []float64
	for i := 0; i < len(at); i += 4 {
		ids = append(ids, e.report.SampleOrder[binary.LittleEndian.Uint32(at[i:])])
	}
	for i := 0; i < len(xy); i += 8 {
		v = append(v, math.Float64frombits(binary.LittleEndian.Uint64(xy[i:])))
	}
	return ids, v
}

func indexOf(ids []string, id string) int {
	for i, x := range ids {
		if x == id {
			return i
		}
	}
	return -1
}
