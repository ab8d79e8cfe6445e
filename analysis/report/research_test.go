package report

import (
	"bytes"
	"encoding/json"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/gutlens/gutlens/analysis"
	"github.com/gutlens/gutlens/analysis/diversity"
	"github.com/gutlens/gutlens/analysis/format"
)

func researchTable(t *testing.T, file string) *analysis.Table {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(repo, file))
	if err != nil {
		t.Fatal(err)
	}
	tab, _, err := format.Decode(bytes.NewReader(data), format.Options{Name: filepath.Base(file)})
	if err != nil {
		t.Fatal(err)
	}
	return tab
}

// agree is the contract's tolerance for alpha and beta.
func agree(o, c float64) bool {
	if math.IsNaN(o) || math.IsNaN(c) {
		return math.IsNaN(o) && math.IsNaN(c)
	}
	return math.Abs(o-c) <= math.Max(1e-9*math.Max(math.Abs(o), math.Abs(c)), 1e-12)
}

type diversityDoc struct {
	Schema   string                         `json:"schema"`
	Samples  []string                       `json:"samples"`
	Excluded []struct{ ID, Reason string }  `json:"excluded_samples"`
	Alpha    map[string]map[string]*float64 `json:"alpha"`
	Beta     *struct {
		Samples []string                          `json:"samples"`
		Layout  string                            `json:"layout"`
		Metrics map[string]map[string][][]float64 `json:"metrics"`
	} `json:"beta"`
	PCoA map[string]struct {
		Method      string               `json:"method"`
		Proportion  []float64            `json:"proportion_explained"`
		Eigenvalues []float64            `json:"eigenvalues"`
		Coordinates map[string][]float64 `json:"coordinates"`
	} `json:"pcoa"`
}

func val(p *float64) float64 {
	if p == nil {
		return math.NaN()
	}
	return *p
}

// The web's document agrees with scikit-bio 0.5.8 (the oracle documents in
// testdata/diversity, made by make_golden.py) within the contract's
// tolerances.
func TestDiversityDocumentAgainstScikitBio(t *testing.T) {
	for _, file := range []string{"tiny.biom", "tiny.tsv"} {
		tab := researchTable(t, filepath.Join("testdata", file))
		d, err := ComputeDiversity(tab, file, tab.Provenance.Format)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := d.WriteJSON(&buf, "native"); err != nil {
			t.Fatal(err)
		}
		var got, want diversityDoc
		if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
			t.Fatalf("%s: the document is not JSON: %v\n%s", file, err, buf.String())
		}
		data, err := os.ReadFile(filepath.Join(repo, "testdata", "diversity", file+".diversity.json"))
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(data, &want); err != nil {
			t.Fatal(err)
		}
		if got.Schema != DiversitySchema || strings.Join(got.Samples, ",") != strings.Join(want.Samples, ",") {
			t.Fatalf("%s: schema %q, samples %v", file, got.Schema, got.Samples)
		}
		if len(got.Excluded) != len(want.Excluded) {
			t.Errorf("%s: excluded %v, want %v", file, got.Excluded, want.Excluded)
		}
		for id, w := range want.Alpha {
			for _, k := range AlphaKeys {
				wv, ok := w[k]
				if !ok {
					continue
				}
				if g := val(got.Alpha[id][k]); !agree(g, val(wv)) {
					t.Errorf("%s: %s %s = %v, scikit-bio %v", file, id, k, g, val(wv))
				}
			}
		}
		for _, m := range []string{"braycurtis", "jaccard", "aitchison"} {
			g, w := got.Beta.Metrics[m]["matrix"], want.Beta.Metrics[m]["matrix"]
			if len(g) != len(w) || len(w) == 0 {
				t.Errorf("%s: %s matrix %d rows, want %d", file, m, len(g), len(w))
				continue
			}
			for a := range w {
				for b := range w[a] {
					if !agree(g[a][b], w[a][b]) {
						t.Errorf("%s: %s[%d][%d] = %v, scikit-bio %v", file, m, a, b, g[a][b], w[a][b])
					}
				}
			}
		}
		gp, wp := got.PCoA["braycurtis"], want.PCoA["braycurtis"]
		for k := range min(len(gp.Proportion), len(wp.Proportion)) {
			if math.Abs(gp.Proportion[k]-wp.Proportion[k]) > 1e-6*wp.Proportion[k]+1e-9 {
				t.Errorf("%s: proportion explained %d = %v, scikit-bio %v", file, k, gp.Proportion[k], wp.Proportion[k])
			}
		}
		for axis := range 2 {
			sign := 0.0
			for id, w := range wp.Coordinates {
				if axis >= len(w) {
					continue
				}
				g := gp.Coordinates[id][axis]
				if sign == 0 && math.Abs(w[axis]) > 1e-9 {
					sign = math.Copysign(1, g*w[axis])
				}
				if sign != 0 && math.Abs(sign*g-w[axis]) > 1e-6*math.Max(1, math.Abs(w[axis])) {
					t.Errorf("%s: PCoA %s axis %d = %v, scikit-bio %v (up to sign)", file, id, axis, g, w[axis])
				}
			}
		}
	}
}

func TestAlphaCSV(t *testing.T) {
	tab := researchTable(t, "testdata/tiny.biom")
	d, err := ComputeDiversity(tab, "tiny.biom", "biom-json")
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := d.WriteAlphaCSV(&buf); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != 5 || !strings.HasPrefix(lines[0], "sample,total,observed_features,") {
		t.Fatalf("CSV:\n%s", buf.String())
	}
	// S4 is zero-sum: total 0, observed 0, the rest empty.
	if want := "S4,0,0" + strings.Repeat(",", len(AlphaKeys)-2); lines[4] != want {
		t.Errorf("S4 row = %q, want %q", lines[4], want)
	}
	if CSVField(`a,"b"`) != `"a,""b"""` {
		t.Errorf("CSVField quoting: %s", CSVField(`a,"b"`))
	}
}

func TestRarefy(t *testing.T) {
	x := analysis.Vector{Index: []int{0, 3, 5}, Value: []float64{50, 1, 20}}
	a, err := Rarefy(x, 30, rand.NewPCG(1, 2))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Rarefy(x, 30, rand.NewPCG(1, 2))
	if a.Sum() != 30 {
		t.Errorf("Rarefy to 30 sums to %v", a.Sum())
	}
	for k, i := range a.Index {
		if b.Index[k] != i || b.Value[k] != a.Value[k] {
			t.Errorf("the same seed gave %v and %v", a, b)
		}
	}
	full, _ := Rarefy(x, 71, rand.NewPCG(3, 4))
	if len(full.Index) != 3 || full.Value[0] != 50 || full.Value[2] != 20 {
		t.Errorf("Rarefy to the total = %v, want the sample", full)
	}
	if _, err := Rarefy(x, 72, rand.NewPCG(1, 2)); err == nil {
		t.Error("a depth above the total was accepted")
	}
	if _, err := Rarefy(analysis.Vector{Index: []int{0}, Value: []float64{0.5}}, 0, rand.NewPCG(1, 2)); err == nil {
		t.Error("non-integer counts were rarefied")
	}
}

func TestRarefactionCurve(t *testing.T) {
	tab := researchTable(t, "testdata/tiny.biom")
	for s, col := range tab.Columns {
		c, _, err := RarefactionCurve(col, 8, rand.NewPCG(7, uint64(s)), nil)
		if err != nil {
			t.Fatal(err)
		}
		last := c[len(c)-1]
		if last.Depth != int(col.Sum()) || last.Observed != diversity.Observed(col.Value) {
			t.Errorf("%s: curve ends at %+v, want (%v, %d)", tab.Samples[s], last, col.Sum(), diversity.Observed(col.Value))
		}
		for k := 1; k < len(c); k++ {
			if c[k].Depth <= c[k-1].Depth || c[k].Observed < c[k-1].Observed || c[k].Observed > c[k].Depth {
				t.Errorf("%s: curve not increasing: %v", tab.Samples[s], c)
			}
		}
	}
}

func TestHeatmap(t *testing.T) {
	tab := researchTable(t, "testdata/tiny.biom")
	h, err := BuildHeatmap(tab, 5, HeatmapTopN) // genus
	if err != nil {
		t.Fatal(err)
	}
	c, _ := Compose(tab, 5, HeatmapTopN)
	if h.Rank != "genus" || len(h.Taxa) == 0 || len(h.Shares) != len(tab.Samples) {
		t.Fatalf("heatmap %+v", h)
	}
	for s, id := range tab.Samples {
		for k := range h.Taxa {
			if h.Shares[s][k] != float64(c.Shares[id][k]) {
				t.Errorf("heatmap %s %s = %v, composition %v", id, h.Taxa[k].Name, h.Shares[s][k], c.Shares[id][k])
			}
		}
	}
	if px := h.RGBA(); len(px) != 4*len(h.Taxa)*len(tab.Samples) {
		t.Errorf("RGBA has %d bytes", len(px))
	}
	f, err := BuildHeatmap(tab, -1, 3)
	if err != nil || len(f.Taxa) != 3 || f.Taxa[0].Name == "" {
		t.Errorf("feature heatmap: %+v, %v", f, err)
	}
	if ViridisHex(0) != "#440154" || ViridisHex(1) != "#fde725" {
		t.Errorf("viridis ends %s %s", ViridisHex(0), ViridisHex(1))
	}
}

func TestReadSampleMetadata(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(repo, "web", "static", "sample", "gutlens-sample.biom"))
	if err != nil {
		t.Fatal(err)
	}
	m := ReadSampleMetadata([]format.Input{{Name: "x.biom", Data: data}})
	if m == nil || strings.Join(m.Fields, ",") != "month,subject" || m.Values["subject"]["Ben-2026-02"] != "Ben" {
		t.Fatalf("metadata %+v", m)
	}
	if l := m.Levels("subject"); strings.Join(l, ",") != "Anna,Ben,Chris" {
		t.Errorf("levels %v", l)
	}
	if ReadSampleMetadata([]format.Input{{Name: "x.tsv", Data: []byte("a\tb\n")}}) != nil {
		t.Error("metadata from a TSV")
	}
}

// Above DocumentMaxBeta samples the document gives the beta distances as
// pairs among the first samples, and stays valid JSON.
func TestDiversityDocumentPairs(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	n, nf := DocumentMaxBeta+5, 30
	tab := &analysis.Table{Unit: analysis.UnitCounts}
	for f := range nf {
		tab.Features = append(tab.Features, analysis.Feature{ID: "F" + strings.Repeat("x", f%3) + string(rune('a'+f%26))})
	}
	for s := range n {
		tab.Samples = append(tab.Samples, "S"+strings.Repeat("0", 4)+string(rune('A'+s%26))+fmtInt(s))
		var v analysis.Vector
		for f := range nf {
			if rng.IntN(3) == 0 {
				v.Index = append(v.Index, f)
				v.Value = append(v.Value, float64(1+rng.IntN(50)))
			}
		}
		if len(v.Index) == 0 {
			v.Index, v.Value = []int{0}, []float64{1}
		}
		tab.Columns = append(tab.Columns, v)
	}
	d, err := ComputeDiversity(tab, "synthetic", "tsv")
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := d.WriteJSON(&buf, "native"); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Beta struct {
			Layout  string                                     `json:"layout"`
			Metrics map[string]map[string][][3]json.RawMessage `json:"metrics"`
		} `json:"beta"`
	}
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatalf("document: %v", err)
	}
	pairs := doc.Beta.Metrics["braycurtis"]["pairs"]
	if doc.Beta.Layout != "pairs" || len(pairs) != documentPairSamples*(documentPairSamples-1)/2 || len(doc.Beta.Metrics["aitchison"]["pairs"]) != len(pairs) {
		t.Fatalf("layout %q with %d pairs", doc.Beta.Layout, len(pairs))
	}
	var a, b string
	var v float64
	json.Unmarshal(pairs[7][0], &a)
	json.Unmarshal(pairs[7][1], &b)
	json.Unmarshal(pairs[7][2], &v)
	ia, ib := indexOfID(tab.Samples, a), indexOfID(tab.Samples, b)
	if w := diversity.BrayCurtis(tab.Columns[ia], tab.Columns[ib]); !agree(v, w) {
		t.Errorf("pair %s %s = %v, BrayCurtis %v", a, b, v, w)
	}
}

func fmtInt(i int) string { return strconv.Itoa(i) }

func indexOfID(ids []string, id string) int {
	for i, x := range ids {
		if x == id {
			return i
		}
	}
	return -1
}
