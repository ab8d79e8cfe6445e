package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// doc is a gutlens-diversity/1 document, decoded loosely: null is nil.
type doc map[string]any

func loadDoc(t *testing.T, path string) doc {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var r io.Reader = f
	if strings.HasSuffix(path, ".gz") {
		if r, err = gzip.NewReader(f); err != nil {
			t.Fatal(err)
		}
	}
	var d doc
	if err := json.NewDecoder(r).Decode(&d); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return d
}

func runDoc(t *testing.T, args ...string) doc {
	t.Helper()
	var out, errb bytes.Buffer
	if code := run(append([]string{"diversity", "--json"}, args...), &out, &errb); code != 0 {
		t.Fatalf("diversity %v: exit %d: %s", args, code, errb.String())
	}
	var d doc
	if err := json.Unmarshal(out.Bytes(), &d); err != nil {
		t.Fatalf("output is not JSON: %v", err)
	}
	return d
}

// close reports whether o and c agree within the contract's tolerance for
// alpha, beta and CLR: |o-c| ≤ max(rtol·max(|o|,|c|), 1e-12).
func closeTo(o, c, rtol float64) bool {
	return math.Abs(o-c) <= max(rtol*max(math.Abs(o), math.Abs(c)), 1e-12)
}

// sameValue compares two decoded JSON values (null only matches null).
func sameValue(o, c any, rtol float64) bool {
	if o == nil || c == nil {
		return o == nil && c == nil
	}
	of, ok1 := o.(float64)
	cf, ok2 := c.(float64)
	return ok1 && ok2 && closeTo(of, cf, rtol)
}

func (d doc) obj(keys ...string) map[string]any {
	var v any = map[string]any(d)
	for _, k := range keys {
		m, _ := v.(map[string]any)
		v = m[k]
	}
	m, _ := v.(map[string]any)
	return m
}

func strList(v any) []string {
	var s []string
	for _, x := range v.([]any) {
		s = append(s, x.(string))
	}
	return s
}

func floats(v any) []float64 {
	var s []float64
	for _, x := range v.([]any) {
		if x == nil {
			s = append(s, math.NaN())
		} else {
			s = append(s, x.(float64))
		}
	}
	return s
}

func index(ids []string) map[string]int {
	m := make(map[string]int, len(ids))
	for i, id := range ids {
		m[id] = i
	}
	return m
}

// compareDocs checks our document against a scikit-bio golden with the
// tolerances of ../shared/contracts/diversity-json.md. Fisher's α is
// compared with scikit-bio at 1e-7 (its optimiser stops early) and with the
// golden's brentq root at the contract tolerance.
func compareDocs(t *testing.T, ours, gold doc) {
	t.Helper()
	const rtol = 1e-9
	exc := func(d doc) map[string]bool {
		m := map[string]bool{}
		for _, e := range d["excluded_samples"].([]any) {
			m[e.(map[string]any)["id"].(string)] = true
		}
		return m
	}
	if eo, eg := exc(ours), exc(gold); len(eo) != len(eg) {
		t.Errorf("excluded samples %v, want %v", eo, eg)
	} else {
		for id := range eg {
			if !eo[id] {
				t.Errorf("excluded samples %v, want %v", eo, eg)
			}
		}
	}

	bad := 0
	for id, gv := range gold.obj("alpha") {
		g := gv.(map[string]any)
		o := ours.obj("alpha", id)
		if o == nil {
			t.Errorf("alpha: sample %q missing", id)
			continue
		}
		for k, cv := range g {
			ok := false
			switch k {
			case "fisher_alpha":
				ok = sameValue(o[k], cv, 1e-7)
			case "fisher_alpha_brentq":
				ok = sameValue(o["fisher_alpha"], cv, rtol)
			default:
				ok = sameValue(o[k], cv, rtol)
			}
			if !ok && bad < 20 {
				bad++
				t.Errorf("alpha[%s][%s] = %v, want %v", id, k, o[k], cv)
			}
		}
	}

	if gold["beta"] == nil {
		if ours["beta"] != nil || ours["pcoa"] != nil {
			t.Errorf("beta/pcoa present, golden has none")
		}
		return
	}
	gIDs := strList(gold.obj("beta")["samples"])
	oIDs := strList(ours.obj("beta")["samples"])
	oi := index(oIDs)
	for name := range gold.obj("beta", "metrics") {
		gm := gold.obj("beta", "metrics", name)["matrix"].([]any)
		om := ours.obj("beta", "metrics", name)
		if om == nil {
			t.Errorf("beta metric %s missing", name)
			continue
		}
		rows := om["matrix"].([]any)
		for a, ga := range gIDs {
			grow := floats(gm[a])
			orow := floats(rows[oi[ga]])
			for b, gb := range gIDs {
				if o, c := orow[oi[gb]], grow[b]; !closeTo(o, c, rtol) && bad < 40 {
					bad++
					t.Errorf("%s(%s, %s) = %v, want %v", name, ga, gb, o, c)
				}
			}
		}
	}

	if gc := gold.obj("clr"); gc != nil {
		oc := ours.obj("clr")
		fo := index(strList(ours["features"]))
		gf := strList(gold["features"])
		n := 0
		for id, gv := range gc["values"].(map[string]any) {
			ov, ok := oc["values"].(map[string]any)[id]
			if !ok {
				continue
			}
			n++
			o, g := floats(ov), floats(gv)
			for k, f := range gf {
				if !closeTo(o[fo[f]], g[k], rtol) && bad < 60 {
					bad++
					t.Errorf("clr[%s][%s] = %v, want %v", id, f, o[fo[f]], g[k])
				}
			}
		}
		if n == 0 {
			t.Errorf("no CLR vector in common")
		}
	}

	gp, op := gold.obj("pcoa", "braycurtis"), ours.obj("pcoa", "braycurtis")
	gev, oev := floats(gp["eigenvalues"]), floats(op["eigenvalues"])
	if len(gev) != len(oev) {
		t.Fatalf("pcoa: %d axes, want %d (%v vs %v)", len(oev), len(gev), oev, gev)
	}
	if len(gev) == 0 {
		return
	}
	l1 := gev[0]
	gpe, ope := floats(gp["proportion_explained"]), floats(op["proportion_explained"])
	for k := range gev {
		if math.Abs(oev[k]-gev[k]) > max(1e-6*math.Abs(gev[k]), 1e-6*l1) {
			t.Errorf("pcoa eigenvalue %d = %v, want %v", k, oev[k], gev[k])
		}
		if math.Abs(ope[k]-gpe[k]) > max(1e-6*math.Abs(gpe[k]), 1e-9) {
			t.Errorf("pcoa proportion %d = %v, want %v", k, ope[k], gpe[k])
		}
	}
	next := math.NaN()
	if v, ok := gp["next_eigenvalue"].(float64); ok {
		next = v
	}
	gco, oco := gp["coordinates"].(map[string]any), op["coordinates"].(map[string]any)
	for k := range gev {
		tied := (k > 0 && math.Abs(gev[k]-gev[k-1]) <= 1e-6*l1) ||
			(k+1 < len(gev) && math.Abs(gev[k]-gev[k+1]) <= 1e-6*l1) ||
			(k+1 == len(gev) && math.Abs(gev[k]-next) <= 1e-6*l1)
		if tied {
			t.Logf("pcoa axis %d tied with a neighbour: not compared", k)
			continue
		}
		scale := 0.0
		for _, v := range gco {
			scale = max(scale, math.Abs(floats(v)[k]))
		}
		okSign := func(s float64) bool {
			for id, v := range gco {
				c, o := floats(v)[k], s*floats(oco[id])[k]
				if math.Abs(o-c) > max(1e-6*math.Abs(c), 1e-6*scale) {
					return false
				}
			}
			return true
		}
		if !okSign(1) && !okSign(-1) {
			t.Errorf("pcoa axis %d: coordinates differ from scikit-bio under both signs", k)
		}
	}
}

func TestDiversityGoldens(t *testing.T) {
	for _, name := range []string{"tiny.biom", "tiny.tsv", "diversity/rare.tsv"} {
		t.Run(name, func(t *testing.T) {
			gold := loadDoc(t, filepath.Join("../../../testdata/diversity", filepath.Base(name)+".diversity.json"))
			compareDocs(t, runDoc(t, "../../../testdata/"+name), gold)
		})
	}
}

// Faith's PD and UniFrac against scikit-bio on tiny.biom with tiny.nwk (a
// unary root with its own branch).
func TestDiversityTreeGolden(t *testing.T) {
	gold := loadDoc(t, "../../../testdata/diversity/tiny.biom.tree.diversity.json")
	ours := runDoc(t, "../../../testdata/tiny.biom", "--tree", "../../../testdata/diversity/tiny.nwk")
	compareDocs(t, ours, gold)
	for _, m := range []string{"unweighted_unifrac", "weighted_unifrac", "weighted_unifrac_normalized"} {
		if gold.obj("beta", "metrics", m) == nil || ours.obj("beta", "metrics", m) == nil {
			t.Errorf("%s missing", m)
		}
	}
	if ours.obj("alpha", "S4")["faith_pd"] != 0.0 || ours.obj("input")["tree"] != "tiny.nwk" {
		t.Errorf("S4 faith_pd %v, input.tree %v", ours.obj("alpha", "S4")["faith_pd"], ours.obj("input")["tree"])
	}
}

func TestDiversityCorpusGoldens(t *testing.T) {
	corpus := "../../../../shared/corpus"
	if _, err := os.Stat(corpus); err != nil {
		t.Skip("corpus not present:", err)
	}
	for _, rel := range []string{
		"biom-json/rich_sparse_otu_table.biom",
		"biom-json/min_sparse_otu_table.biom",
		"qiime2/moving-pictures_feature-table_from-biom.tsv",
		"biom-json/AG_100nt.biom.gz",
	} {
		t.Run(filepath.Base(rel), func(t *testing.T) {
			g := filepath.Join("../../../testdata/diversity/corpus", filepath.Base(rel)+".diversity.json")
			if _, err := os.Stat(g); err != nil {
				g += ".gz"
			}
			compareDocs(t, runDoc(t, filepath.Join(corpus, rel)), loadDoc(t, g))
		})
	}
}

func TestDiversityContract(t *testing.T) {
	d := runDoc(t, "../../../testdata/tiny.biom")
	if d["schema"] != "gutlens-diversity/1" {
		t.Errorf("schema %v", d["schema"])
	}
	in := d.obj("input")
	if in["integer_counts"] != true || in["orientation"] != "biom" || in["n_samples"] != 4.0 {
		t.Errorf("input %v", in)
	}
	// S4 sums to zero (testdata/README.md): in alpha with nulls, out of beta.
	s4 := d.obj("alpha", "S4")
	if s4["total"] != 0.0 || s4["observed_features"] != 0.0 || s4["shannon_ln"] != nil || s4["chao1"] != nil {
		t.Errorf("alpha[S4] = %v", s4)
	}
	if got := strList(d.obj("beta")["samples"]); strings.Join(got, ",") != "S1,S2,S3" {
		t.Errorf("beta samples %v", got)
	}
	if d.obj("beta")["layout"] != "matrix" || d.obj("clr")["n_samples_total"] != 3.0 {
		t.Errorf("layout %v, clr %v", d.obj("beta")["layout"], d.obj("clr")["n_samples_total"])
	}
	for _, k := range []string{"parse_s", "alpha_s", "beta_s", "pcoa_s"} {
		if _, ok := d.obj("timings_s")[k].(float64); !ok {
			t.Errorf("timings_s lacks %s", k)
		}
	}
}

func TestDiversityFlags(t *testing.T) {
	d := runDoc(t, "../../../testdata/tiny.biom", "--pseudocount", "0.5")
	if d.obj("clr")["pseudocount"] != 0.5 || d.obj("conventions")["pseudocount"] != 0.5 {
		t.Errorf("pseudocount not reported: %v", d.obj("clr")["pseudocount"])
	}
	var out, errb bytes.Buffer
	errb.Reset()
	if code := run([]string{"diversity", "../../../testdata/tiny.biom", "--tree", "no-such.nwk"}, &out, &errb); code != 1 || !strings.Contains(errb.String(), "no-such.nwk") {
		t.Errorf("--tree missing file: exit %d, %q", code, errb.String())
	}
	// A tree that lacks some features of the table.
	bad := filepath.Join(t.TempDir(), "bad.nwk")
	if err := os.WriteFile(bad, []byte("(OTU1:1,OTU2:1);"), 0o644); err != nil {
		t.Fatal(err)
	}
	errb.Reset()
	if code := run([]string{"diversity", "../../../testdata/tiny.biom", "--tree", bad}, &out, &errb); code != 1 || !strings.Contains(errb.String(), `"OTU3" is not a tip`) {
		t.Errorf("--tree without OTU3: exit %d, %q", code, errb.String())
	}
	if code := run([]string{"diversity", "../../../testdata/tiny.biom", "--pseudocount", "0"}, &out, &errb); code != 2 {
		t.Errorf("--pseudocount 0: exit %d, want 2", code)
	}
	out.Reset()
	if code := run([]string{"diversity", "../../../testdata/tiny.biom"}, &out, &errb); code != 0 || !strings.Contains(out.String(), "exact-eigh") {
		t.Errorf("text output: exit %d\n%s", code, out.String())
	}
	if code := run([]string{"diversity", "../../../testdata/bad/bad-cell.tsv"}, &out, &errb); code != 1 {
		t.Errorf("bad file: exit %d, want 1", code)
	}
}

// --timings prints each stage's time to stderr, for the benchmark script
// (testdata/diversity/bench_vs_skbio.py); with --json also the stages the
// document adds.
func TestDiversityTimings(t *testing.T) {
	for _, c := range []struct {
		args []string
		want []string
	}{
		{nil, []string{"parse_s", "alpha_s", "braycurtis_s", "pcoa_s"}},
		{[]string{"--json"}, []string{"parse_s", "alpha_s", "braycurtis_s", "pcoa_s", "jaccard_s", "aitchison_s", "beta_s"}},
	} {
		var out, errb bytes.Buffer
		args := append([]string{"diversity", "../../../testdata/tiny.biom", "--timings"}, c.args...)
		if code := run(args, &out, &errb); code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, errb.String())
		}
		var got []string
		for _, line := range strings.Split(strings.TrimSpace(errb.String()), "\n") {
			f := strings.Fields(line)
			if len(f) != 3 || f[0] != "timing" {
				t.Fatalf("%v: stderr line %q, want \"timing NAME SECONDS\"", args, line)
			}
			if v, err := strconv.ParseFloat(f[2], 64); err != nil || v < 0 {
				t.Errorf("%v: %s = %q", args, f[1], f[2])
			}
			got = append(got, f[1])
		}
		if strings.Join(got, " ") != strings.Join(c.want, " ") {
			t.Errorf("%v: stages %v, want %v", args, got, c.want)
		}
	}
}

// A relative-abundance table: count-only metrics are null.
func TestDiversityNonInteger(t *testing.T) {
	d := runDoc(t, "../../../testdata/tiny-mpa3.txt")
	if d.obj("input")["integer_counts"] != false {
		t.Fatalf("integer_counts %v", d.obj("input")["integer_counts"])
	}
	for id, v := range d.obj("alpha") {
		a := v.(map[string]any)
		for _, k := range []string{"singletons", "doubletons", "chao1", "chao1_classic", "ace", "goods_coverage", "fisher_alpha"} {
			if a[k] != nil {
				t.Errorf("alpha[%s][%s] = %v, want null", id, k, a[k])
			}
		}
		if a["shannon_ln"] == nil {
			t.Errorf("alpha[%s] lacks shannon_ln", id)
		}
	}
	if d["beta"] != nil || d["pcoa"] != nil {
		t.Errorf("one sample: beta %v, pcoa %v; want null", d["beta"], d["pcoa"])
	}
}

// Large tables: condensed layout and a CLR prefix, both stated in the
// document; the condensed values are the matrix's upper triangle.
func TestDiversityLargeLayout(t *testing.T) {
	path := "../../../../shared/corpus/qiime2/moving-pictures_feature-table_from-biom.tsv"
	if _, err := os.Stat(path); err != nil {
		t.Skip("corpus not present:", err)
	}
	full := runDoc(t, path)
	defer func(m, c int) { matrixMaxSamples, clrMaxCells = m, c }(matrixMaxSamples, clrMaxCells)
	matrixMaxSamples, clrMaxCells = 10, 3000
	small := runDoc(t, path)
	if small.obj("beta")["layout"] != "condensed" {
		t.Fatalf("layout %v, want condensed", small.obj("beta")["layout"])
	}
	n := len(strList(full.obj("beta")["samples"]))
	for _, m := range []string{"braycurtis", "jaccard", "aitchison"} {
		rows := full.obj("beta", "metrics", m)["matrix"].([]any)
		cond := floats(small.obj("beta", "metrics", m)["condensed"])
		if len(cond) != n*(n-1)/2 {
			t.Fatalf("%s: %d condensed values for %d samples", m, len(cond), n)
		}
		p := 0
		for i := range n {
			row := floats(rows[i])
			for j := i + 1; j < n; j++ {
				if cond[p] != row[j] {
					t.Fatalf("%s condensed[%d] = %v, matrix[%d][%d] = %v", m, p, cond[p], i, j, row[j])
				}
				p++
			}
		}
	}
	c := small.obj("clr")
	nf := len(strList(small["features"]))
	if got, want := len(strList(c["samples"])), 3000/nf; got != want || c["n_samples_total"] != float64(n) || len(c["values"].(map[string]any)) != want {
		t.Errorf("clr: %d samples of %v, want %d of %d", got, c["n_samples_total"], want, n)
	}
}

// Cross-check against R vegan 2.6-4 (testdata/diversity/vegan, made by
// make_vegan.R), with vegan's known differences: its ACE is NaN when no
// feature is rare (rare.tsv sample B; we follow scikit-bio: S_abund), and
// its fisher.alpha (uniroot, tol = eps^0.25) is off by up to ~1e-4
// relative (2e-5 on tiny.tsv S1). Its Chao1 (estimateR, SSC = 1 in 2.6-4)
// is the bias-corrected one.
func TestDiversityVegan(t *testing.T) {
	inputs := map[string]string{
		"tiny.tsv.vegan.json": "../../../testdata/tiny.tsv",
		"rare.tsv.vegan.json": "../../../testdata/diversity/rare.tsv",
	}
	mp := "../../../../shared/corpus/qiime2/moving-pictures_feature-table_from-biom.tsv"
	if _, err := os.Stat(mp); err == nil {
		inputs["moving-pictures_feature-table_from-biom.tsv.vegan.json"] = mp
	}
	for golden, input := range inputs {
		t.Run(golden, func(t *testing.T) {
			v := loadDoc(t, filepath.Join("../../../testdata/diversity/vegan", golden))
			ours := runDoc(t, input)
			aceNaN := 0
			for id, gv := range v.obj("alpha") {
				g, o := gv.(map[string]any), ours.obj("alpha", id)
				for _, k := range [][2]string{{"shannon_ln", "shannon_ln"}, {"shannon_log2", "shannon_log2"},
					{"simpson", "simpson"}, {"inverse_simpson", "inverse_simpson"}, {"pielou", "pielou_evenness"}} {
					if !sameValue(o[k[1]], g[k[0]], 1e-9) {
						t.Errorf("%s %s = %v, vegan %v", id, k[1], o[k[1]], g[k[0]])
					}
				}
				if !sameValue(o["fisher_alpha"], g["fisher_alpha"], 1e-4) {
					t.Errorf("%s fisher_alpha = %v, vegan %v", id, o["fisher_alpha"], g["fisher_alpha"])
				}
				if !sameValue(o["chao1"], g["chao1"], 1e-9) {
					t.Errorf("%s chao1 = %v, vegan %v", id, o["chao1"], g["chao1"])
				}
				switch {
				case g["ace"] != nil:
					if !sameValue(o["ace"], g["ace"], 1e-9) {
						t.Errorf("%s ace = %v, vegan %v", id, o["ace"], g["ace"])
					}
				case o["ace"] != nil:
					aceNaN++ // vegan NaN, ours S_abund (no rare feature)
				}
			}
			if golden == "rare.tsv.vegan.json" && aceNaN != 1 {
				t.Errorf("%d samples with vegan ACE NaN and ours defined, want 1 (B)", aceNaN)
			}
			ids := strList(v["samples"])
			oi := index(strList(ours.obj("beta")["samples"]))
			for _, m := range []string{"braycurtis", "jaccard"} {
				rows := ours.obj("beta", "metrics", m)["matrix"].([]any)
				cond, p := floats(v[m]), 0
				for a := range ids {
					for b := a + 1; b < len(ids); b++ {
						if o := floats(rows[oi[ids[a]]])[oi[ids[b]]]; !closeTo(o, cond[p], 1e-9) {
							t.Errorf("%s(%s, %s) = %v, vegan %v", m, ids[a], ids[b], o, cond[p])
						}
						p++
					}
				}
			}
		})
	}
}
