package health

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/gutlens/gutlens/analysis"
	"github.com/gutlens/gutlens/analysis/format"
)

const enterotypeCorpusCSV = "../../../shared/corpus/generic-csv/phyloseq_enterotype_samples-in-rows.csv"

func decodeFile(t *testing.T, path string) *analysis.Table {
	t.Helper()
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		t.Skipf("%s not present", path)
	}
	if err != nil {
		t.Fatal(err)
	}
	tb, _, err := format.DecodeFiles([]format.Input{{Name: path, Data: data}})
	if err != nil {
		t.Fatal(err)
	}
	return tb
}

// The fixed reference fit, applied by the Go code to the 280 Arumugam 2011
// samples read through the ordinary CSV decoder, gives each labelled
// sample its published enterotype as the closest type as often as the fit
// script reports (239 of 271, 88.2 %; leave-one-out 87.1 %), and the same
// distances as the script to 1e-8.
func TestEnterotypeReferenceAgreement(t *testing.T) {
	tb := decodeFile(t, enterotypeCorpusCSV)
	res, err := PlaceEnterotypes(tb)
	if err != nil {
		t.Fatal(err)
	}
	if !res.BareNames || res.GeneraFound != res.GeneraTotal {
		t.Errorf("bare names %v, genera %d of %d", res.BareNames, res.GeneraFound, res.GeneraTotal)
	}
	f, err := os.Open("../../testdata/enterotype/phyloseq_enterotype_sample_data.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	label := map[string]int{}
	tech := map[string]string{}
	for _, r := range rows[1:] {
		if r[1] != "" {
			label[r[0]], _ = strconv.Atoi(r[1])
		}
		tech[r[0]] = r[2]
	}
	var exp struct {
		Samples map[string]struct {
			Closest   int       `json:"closest"`
			Distances []float64 `json:"distances"`
			Weights   []float64 `json:"weights"`
		} `json:"samples"`
	}
	b, err := os.ReadFile("../../testdata/enterotype/expected.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &exp); err != nil {
		t.Fatal(err)
	}
	fit := EnterotypeReference()
	agree := map[string][2]int{}
	for s, id := range tb.Samples {
		p := res.Samples[s]
		if p == nil {
			t.Fatalf("%s not placed: %s", id, res.NotPlaced[s])
		}
		e := exp.Samples[id]
		for k := range p.Distances {
			if math.Abs(p.Distances[k]-e.Distances[k]) > 1e-8 || math.Abs(p.Weights[k]-e.Weights[k]) > 1e-6 {
				t.Errorf("%s type %d: distance %.12g weight %.9g, script %.12g %.9g", id, k, p.Distances[k], p.Weights[k], e.Distances[k], e.Weights[k])
			}
		}
		if p.Closest+1 != e.Closest {
			t.Errorf("%s: closest %d, script %d", id, p.Closest+1, e.Closest)
		}
		l, ok := label[id]
		if !ok {
			continue
		}
		ok = fit.Types[p.Closest].PublishedLabel == l
		for _, g := range []string{"all", tech[id]} {
			a := agree[g]
			a[1]++
			if ok {
				a[0]++
			}
			agree[g] = a
		}
	}
	for g, a := range agree {
		want := fit.Agreement[g]
		t.Logf("%-8s %d of %d samples get their published enterotype as the closest type (%.1f %%)", g, a[0], a[1], 100*float64(a[0])/float64(a[1]))
		if a[0] != want.Agree || a[1] != want.N {
			t.Errorf("%s: %d of %d, the fit reports %d of %d", g, a[0], a[1], want.Agree, want.N)
		}
	}
	if a := agree["all"]; a[1] != 271 || float64(a[0])/float64(a[1]) < 0.88 {
		t.Errorf("agreement %d of %d, want ≥ 88 %% of 271", a[0], a[1])
	}
	if loo := fit.Agreement["leave_one_out"]; loo.Rate < 0.87 {
		t.Errorf("leave-one-out agreement %v", loo)
	}
}

func TestEnterotypeFitWellFormed(t *testing.T) {
	fit := EnterotypeReference()
	if len(fit.Types) != 3 || len(fit.Genera) < 20 || fit.Method.Tau <= 0 {
		t.Fatalf("fit: %d types, %d genera, tau %v", len(fit.Types), len(fit.Genera), fit.Method.Tau)
	}
	for _, ty := range fit.Types {
		s := 0.0
		for _, v := range ty.Centroid {
			s += v
		}
		if math.Abs(s-1) > 1e-8 {
			t.Errorf("%s centroid sums to %v", ty.ID, s)
		}
		q := ty.MemberDistanceQuantiles
		if !(q["50"] > 0 && q["50"] <= q["90"] && q["90"] <= q["95"]) {
			t.Errorf("%s quantiles %v", ty.ID, q)
		}
		// The driver genus is the type's largest share.
		g := fit.genusIndex[key(5, ty.Driver)]
		for i, v := range ty.Centroid {
			if v > ty.Centroid[g] && ty.ID != "ruminococcus" {
				t.Errorf("%s: %s (%v) above the driver %s", ty.ID, fit.Genera[i], v, ty.Driver)
			}
		}
	}
	for _, k := range []string{"table_sha256", "labels_sha256", "script", "command", "licence", "data_origin"} {
		if fit.Provenance[k] == "" {
			t.Errorf("provenance %s missing", k)
		}
	}
}

func TestJSDistance(t *testing.T) {
	p := []float64{0.5, 0.5, 0}
	q := []float64{0, 0, 1}
	if d := JSDistance(p, p, 1e-6); d > 1e-12 {
		t.Errorf("d(p,p) = %v", d)
	}
	if d1, d2 := JSDistance(p, q, 1e-6), JSDistance(q, p, 1e-6); math.Abs(d1-d2) > 1e-15 || math.Abs(d1-math.Sqrt(math.Ln2)) > 1e-4 {
		t.Errorf("d(p,q) = %v, d(q,p) = %v, want ≈ sqrt(ln 2)", d1, d2)
	}
}

// A 16S genus table and MetaPhlAn profiles are placed, with the caveats
// that belong to them; an empty sample is not.
func TestEnterotypeTinyFiles(t *testing.T) {
	tb := decodeFile(t, "../../testdata/tiny.biom")
	res, err := PlaceEnterotypes(tb)
	if err != nil {
		t.Fatal(err)
	}
	if res.BareNames || res.GeneraFound < EnterotypeMinGenera || res.GeneraFound >= EnterotypeFewGenera {
		t.Errorf("tiny.biom: %d genera found, bare %v", res.GeneraFound, res.BareNames)
	}
	for s, id := range tb.Samples {
		p := res.Samples[s]
		if id == "S4" {
			if p != nil || res.NotPlaced[s] != "empty" {
				t.Errorf("S4 (all zero) placed: %+v %q", p, res.NotPlaced[s])
			}
			continue
		}
		if p == nil {
			t.Fatalf("%s not placed: %s", id, res.NotPlaced[s])
		}
		sum := 0.0
		for _, w := range p.Weights {
			sum += w
		}
		if math.Abs(sum-1) > 1e-12 || p.Strength == "" || p.ReferenceShare <= 0 || p.ReferenceShare > 1 {
			t.Errorf("%s: %+v", id, p)
		}
		t.Logf("tiny.biom %s: closest %s, weights %.3f, strength %s, atypical %v, reference share %.3f", id, EnterotypeReference().Types[p.Closest].ID, p.Weights, p.Strength, p.Atypical, p.ReferenceShare)
	}
	if a, _, _ := AssayOf(tb); a != Assay16S {
		t.Errorf("tiny.biom assay %q", a)
	}

	mpa3 := decodeFile(t, "../../testdata/tiny-mpa3.txt")
	res, err = PlaceEnterotypes(mpa3)
	if err != nil {
		t.Fatal(err)
	}
	if res.Samples[0] == nil || len(res.Renamed) != 0 {
		t.Fatalf("tiny-mpa3: %+v", res)
	}
	p := res.Samples[0]
	// Bacteroides 37 % and Prevotella 21 % of the reference genera: a
	// Prevotella share that high is far from the Bacteroides type, so the
	// sample lies between the Bacteroides and Prevotella types, and with 6
	// genera only it is far from every reference type.
	if p.Drivers["Bacteroides"] <= p.Drivers["Prevotella"] || p.Strength != "between" || !p.Atypical || p.Weights[0] < 0.25 || p.Weights[1] < 0.25 {
		t.Errorf("tiny-mpa3: %+v", p)
	}

	mpa4 := decodeFile(t, "../../testdata/tiny-mpa4.txt")
	res, err = PlaceEnterotypes(mpa4)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(res.Renamed, "; ") != "Phocaeicola → Bacteroides; Segatella → Prevotella" {
		t.Errorf("tiny-mpa4 renamed %q", res.Renamed)
	}
	if res.Samples[0] == nil || res.Samples[0].Drivers["Bacteroides"] == 0 || res.Samples[0].Drivers["Prevotella"] == 0 {
		t.Errorf("tiny-mpa4: %+v", res.Samples[0])
	}
}

func TestEnterotypeRefusals(t *testing.T) {
	tb := decodeFile(t, "../../testdata/tiny.biom")
	refusal := func(t *testing.T, tb *analysis.Table, want string) {
		t.Helper()
		res, err := PlaceEnterotypes(tb)
		var r *EnterotypeRefusal
		var na *NotApplicableError
		if !errors.As(err, &r) || !errors.As(err, &na) || r.Key != want || res != nil {
			t.Fatalf("got %v, %v; want refusal %q", res, err, want)
		}
		if na.Index != "enterotype" || na.Reason == "" || strings.Contains(na.Reason, "{") {
			t.Errorf("reason %+v", na)
		}
		t.Logf("refused: %v", err)
	}
	// No taxonomy: OTU ids only.
	bare := *tb
	bare.Features = make([]analysis.Feature, len(tb.Features))
	for i := range tb.Features {
		bare.Features[i] = analysis.Feature{ID: "OTU" + strconv.Itoa(i+1)}
	}
	refusal(t, &bare, "no_genus")
	// Taxonomy above genus only (family level).
	fam := *tb
	fam.Features = make([]analysis.Feature, len(tb.Features))
	for i, f := range tb.Features {
		fam.Features[i] = f
		if f.Lineage != nil {
			fam.Features[i].Lineage = append(append([]string{}, f.Lineage[:5]...), "", "", "")
		}
	}
	refusal(t, &fam, "no_genus")
	// Genus names, but too few reference genera.
	few := *tb
	few.Features = make([]analysis.Feature, len(tb.Features))
	for i, f := range tb.Features {
		few.Features[i] = f
		if f.Lineage != nil && i > 1 {
			few.Features[i].Lineage = []string{"Bacteria", "Firmicutes", "Bacilli", "Lactobacillales", "Carnobacteriaceae", "Granulicatella", "", ""}
		}
	}
	refusal(t, &few, "too_few")
	refusal(t, &analysis.Table{}, "empty")
}

func TestEnterotypeTexts(t *testing.T) {
	langs := EnterotypeLanguages()
	if strings.Join(langs, ",") != "en,nl" {
		t.Fatalf("languages %v", langs)
	}
	for _, l := range langs {
		for _, o := range langs {
			for _, id := range EnterotypeTextIDs(l) {
				if _, ok := enterotypeTexts[o].Texts[id]; !ok {
					t.Errorf("%s text %q missing in %s", l, id, o)
				}
			}
		}
		for _, id := range EnterotypeTextIDs(l) {
			if w := DiagnosticWords(l, EnterotypeText(l, id, nil)); len(w) > 0 {
				t.Errorf("%s %s contains diagnostic wording %q", l, id, w)
			}
		}
	}
	need := []string{"enterotype.title", "enterotype.not_applicable", "enterotype.caveat.reference"}
	for _, k := range []string{"empty", "no_genus", "too_few"} {
		need = append(need, "enterotype.not_applicable."+k)
	}
	for _, k := range []string{"empty", "no_reference_genera"} {
		need = append(need, "enterotype.not_placed."+k)
	}
	for _, ty := range EnterotypeReference().Types {
		need = append(need, "enterotype.type."+ty.ID, "enterotype.placed."+ty.ID, "enterotype.diet."+ty.ID)
	}
	for _, s := range []string{"clear", "moderate", "between"} {
		need = append(need, "enterotype.strength."+s)
	}
	for _, id := range need {
		for _, l := range langs {
			if _, ok := enterotypeTexts[l].Texts[id]; !ok {
				t.Errorf("%s text %q missing", l, id)
			}
		}
	}
	if len(EnterotypeStatementIDs()) < 10 {
		t.Errorf("%d statements", len(EnterotypeStatementIDs()))
	}
	for _, id := range EnterotypeStatementIDs() {
		st := EnterotypeStatement(id)
		if !ValidGrade(st.Grade) || len(st.Citations) == 0 {
			t.Errorf("%s: grade %q, %d citations", id, st.Grade, len(st.Citations))
		}
		for _, c := range st.Citations {
			if c.Author == "" || c.Year < 1900 || !strings.HasPrefix(c.DOI, "10.") || c.SourceMark != "verified" {
				t.Errorf("%s: incomplete citation %+v", id, c)
			}
		}
		if st.Evidence != "association" && st.Evidence != "causation" && st.Evidence != "mechanism" {
			t.Errorf("%s: evidence %q", id, st.Evidence)
		}
		args := map[string]string{}
		for _, p := range st.Placeholders {
			args[p] = "X"
		}
		for _, l := range langs {
			raw, ok := enterotypeTexts[l].Texts[id]
			if !ok {
				t.Errorf("statement %s has no %s text", id, l)
			}
			used := map[string]bool{}
			for _, p := range Placeholders(raw) {
				used[p] = true
				if _, ok := args[p]; !ok {
					t.Errorf("%s %s uses undeclared {%s}", l, id, p)
				}
			}
			for _, p := range st.Placeholders {
				if !used[p] {
					t.Errorf("%s %s does not use {%s}", l, id, p)
				}
			}
			for _, tx := range st.Taxa {
				if EnterotypeText(l, "taxon."+tx, nil) == "taxon."+tx {
					t.Errorf("%s: taxon %s has no %s explanation", id, tx, l)
				}
			}
		}
	}
	if got := EnterotypeText("nl-BE", "enterotype.type.prevotella", nil); got != "Prevotella-type" {
		t.Errorf("nl-BE: %q", got)
	}
	if got := EnterotypeText("nl", "disclaimer", nil); got != Text("nl", "disclaimer", nil) {
		t.Errorf("fallback to the main catalogue: %q", got)
	}
}
