package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/gutlens/gutlens/analysis"
	"github.com/gutlens/gutlens/analysis/diversity"
	"github.com/gutlens/gutlens/analysis/format"
	"github.com/gutlens/gutlens/analysis/ordination"
)

const diversityUsage = `usage: gutlens diversity FILE [--tree T.nwk] [--pseudocount P] [--json]

Alpha diversity of every sample, Bray–Curtis, Jaccard and Aitchison
distances, a PCoA of Bray–Curtis and the CLR transform. With --json it
prints the gutlens-diversity/1 document (numbers in full precision, NaN and
undefined values as null); without, a table of the main alpha metrics.

Alpha, per sample, over its values x (N = Σx, p = x/N, S_obs = #{x>0},
F1/F2 = number of features with count 1/2):
  total               N
  observed_features   S_obs
  singletons          F1                                   (counts only)
  doubletons          F2                                   (counts only)
  shannon_ln          -Σ p ln p (nats)
  shannon_log2        -Σ p log2 p (bits)
  simpson             1 - Σ p²  (= gini_simpson)
  simpson_dominance   Σ p²
  inverse_simpson     1 / Σ p²
  pielou_evenness     shannon_ln / ln S_obs; null if S_obs <= 1
  berger_parker       max x / N
  chao1               S_obs + F1(F1-1)/(2(F2+1))            (counts only)
  chao1_classic       S_obs + F1²/(2 F2) if F1,F2 > 0, else chao1
  ace                 ACE, rare threshold 10; null if every rare feature is a
                      singleton; S_abund if none is rare (scikit-bio; vegan: NaN)
  goods_coverage      1 - F1/N                              (counts only)
  fisher_alpha        root of S_obs = a ln(1 + N/a); null if S_obs = N
Count-only metrics are null for tables with non-integer values. Zero-sum
samples have total 0, observed_features 0 and null elsewhere, and are left
out of beta, PCoA and CLR.

Beta (samples a, b; condensed upper triangle or full matrix):
  braycurtis          Σ|a-b| / Σ(a+b)
  jaccard             1 - |A∩B|/|A∪B| on presence/absence (not vegan's default)
  aitchison           ‖clr(a+P) - clr(b+P)‖, P = --pseudocount (default 1)
PCoA of Bray–Curtis: eigen-decomposition of -½ J D² J, axes with positive
eigenvalues only, up to min(n-1, 10); coordinates v·√λ with the largest |v|
of each axis positive; proportion explained λ/Σ positive λ. Up to 500
samples all eigenvalues are computed (method exact-eigh, or
exact-eigvalsh+lanczos above 100 samples: eigenvectors by Lanczos); above
500 only the leading ones (lanczos-topk), and the proportion explained is
then relative to the trace (Σ of all eigenvalues; proportion_basis "trace").
CLR: ln(x+P) - mean over all features of ln(x+P).

With --tree (Newick; underscores in labels kept; the root's branch counts):
  faith_pd                     total branch length from the root to the
                               features present (0 for a zero-sum sample)
  unweighted_unifrac           Σ L_b |[A_b>0]-[B_b>0]| / Σ L_b [A_b>0 or B_b>0]
  weighted_unifrac             Σ L_b |A_b/A_T - B_b/B_T|  (not normalised)
  weighted_unifrac_normalized  weighted_unifrac / Σ_tips depth_i (A_i/A_T + B_i/B_T)
(A_b: the sample's total below branch b of length L_b; as scikit-bio 0.5.8.)

Flags:
  --json              print the gutlens-diversity/1 document
  --pseudocount P     CLR/Aitchison pseudocount (default 1)
  --tree T.nwk        a Newick tree whose tips are the feature ids: adds
                      faith_pd to alpha and unweighted_unifrac,
                      weighted_unifrac, weighted_unifrac_normalized to beta
`

// Size limits of the document: above them the beta matrices are written
// condensed and the CLR vectors of a prefix of the samples only. (Variables
// so that tests can lower them.)
var (
	matrixMaxSamples = 2000
	clrMaxCells      = 1_000_000
)

func runDiversity(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("diversity", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, diversityUsage) }
	asJSON := fs.Bool("json", false, "print the gutlens-diversity/1 document")
	pc := fs.Float64("pseudocount", 1, "CLR/Aitchison pseudocount")
	tree := fs.String("tree", "", "Newick tree for UniFrac and Faith's PD")
	files, ok := parseArgs(fs, args)
	if !ok {
		return 2
	}
	if len(files) != 1 {
		fmt.Fprint(stderr, diversityUsage)
		return 2
	}
	if !(*pc > 0) || math.IsInf(*pc, 0) {
		fmt.Fprintf(stderr, "gutlens: --pseudocount %v: must be a positive number\n", *pc)
		return 2
	}
	t0 := time.Now()
	data, err := os.ReadFile(files[0])
	if err != nil {
		fmt.Fprintln(stderr, "gutlens:", err)
		return 1
	}
	name := filepath.Base(files[0])
	t, formatName, err := format.Decode(bytes.NewReader(data), format.Options{Name: name})
	if err != nil {
		fmt.Fprintln(stderr, "gutlens:", err)
		return 1
	}
	var ph *phylo
	if *tree != "" {
		if ph, err = readTree(*tree, t); err != nil {
			fmt.Fprintln(stderr, "gutlens:", err)
			return 1
		}
	}
	d, err := computeDiversity(t, *pc, ph, time.Since(t0))
	if err != nil {
		fmt.Fprintf(stderr, "gutlens: %s: %v\n", name, err)
		return 1
	}
	d.file, d.format = name, formatName
	w := bufio.NewWriterSize(stdout, 1<<16)
	if *asJSON {
		d.writeJSON(w)
	} else {
		d.writeText(w)
	}
	if err := w.Flush(); err != nil {
		fmt.Fprintln(stderr, "gutlens:", err)
		return 1
	}
	return 0
}

// phylo is a tree with the tip of every feature of a table.
type phylo struct {
	file  string
	tree  *diversity.Tree
	tipOf []int // feature index → tip node
}

func readTree(path string, t *analysis.Table) (*phylo, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	tr, err := diversity.ParseNewick(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Base(path), err)
	}
	ids := make([]string, len(t.Features))
	for i := range t.Features {
		ids[i] = t.Features[i].ID
	}
	tips, err := tr.TipIndex(ids)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Base(path), err)
	}
	return &phylo{file: filepath.Base(path), tree: tr, tipOf: tips}, nil
}

// diversityResult holds everything the diversity document reports.
type diversityResult struct {
	file, format string
	table        *analysis.Table
	integer      bool
	pseudocount  float64
	alpha        []diversity.Alpha
	included     []int // samples in beta, PCoA and CLR (not zero-sum)
	bc, jac, ait []float64
	phylo        *phylo
	faith        []float64
	unifrac      diversity.UniFrac
	pcoa         *ordination.Result
	clrSamples   int // CLR vectors for included[:clrSamples]
	timings      [][2]any
}

func computeDiversity(t *analysis.Table, pc float64, ph *phylo, parse time.Duration) (*diversityResult, error) {
	d := &diversityResult{table: t, integer: t.Integer(), pseudocount: pc, phylo: ph}
	d.timings = append(d.timings, [2]any{"parse_s", parse.Seconds()})
	start := time.Now()
	d.alpha = make([]diversity.Alpha, len(t.Columns))
	for i, c := range t.Columns {
		d.alpha[i] = diversity.AlphaOf(c.Value, d.integer)
		if d.alpha[i].Total != 0 {
			d.included = append(d.included, i)
		}
	}
	if ph != nil {
		d.faith = make([]float64, len(t.Columns))
		for i, c := range t.Columns {
			d.faith[i] = diversity.FaithPD(ph.tree, ph.tipOf, c)
		}
	}
	d.timings = append(d.timings, [2]any{"alpha_s", time.Since(start).Seconds()})
	if len(d.included) < 2 {
		d.clrSamples = len(d.included)
		return d, nil
	}
	cols := make([]analysis.Vector, len(d.included))
	for k, i := range d.included {
		cols[k] = t.Columns[i]
	}
	nf := len(t.Features)
	start = time.Now()
	d.bc = diversity.BrayCurtisMatrix(cols, nf)
	t1 := time.Now()
	d.jac = diversity.JaccardMatrix(cols, nf)
	t2 := time.Now()
	d.ait = diversity.AitchisonMatrix(cols, nf, pc)
	t3 := time.Now()
	d.timings = append(d.timings, [2]any{"beta_s", t3.Sub(start).Seconds()},
		[2]any{"braycurtis_s", t1.Sub(start).Seconds()}, [2]any{"jaccard_s", t2.Sub(t1).Seconds()},
		[2]any{"aitchison_s", t3.Sub(t2).Seconds()})
	if ph != nil {
		start = time.Now()
		d.unifrac = diversity.UniFracMatrices(ph.tree, ph.tipOf, cols)
		d.timings = append(d.timings, [2]any{"unifrac_s", time.Since(start).Seconds()})
	}
	start = time.Now()
	var err error
	if d.pcoa, err = ordination.PCoA(len(cols), d.bc, ordination.Options{}); err != nil {
		return nil, err
	}
	d.timings = append(d.timings, [2]any{"pcoa_s", time.Since(start).Seconds()})
	d.clrSamples = min(len(d.included), max(1, clrMaxCells/max(nf, 1)))
	return d, nil
}

// jsonWriter writes JSON by hand, streaming: the documents can hold
// millions of numbers.
type jsonWriter struct {
	w   *bufio.Writer
	buf []byte
}

func (j *jsonWriter) raw(s string) { j.w.WriteString(s) }

func (j *jsonWriter) str(s string) {
	b, _ := json.Marshal(s) // a Go string always marshals
	j.w.Write(b)
}

// num writes v in the shortest form that round-trips, null for NaN and ±Inf.
func (j *jsonWriter) num(v float64) {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		j.raw("null")
		return
	}
	if v == 0 {
		v = 0 // no -0
	}
	j.buf = strconv.AppendFloat(j.buf[:0], v, 'g', -1, 64)
	j.w.Write(j.buf)
}

func (j *jsonWriter) nums(v []float64) {
	j.raw("[")
	for i, x := range v {
		if i > 0 {
			j.raw(", ")
		}
		j.num(x)
	}
	j.raw("]")
}

func (j *jsonWriter) strs(v []string) {
	j.raw("[")
	for i, s := range v {
		if i > 0 {
			j.raw(", ")
		}
		j.str(s)
	}
	j.raw("]")
}

// key writes `,\n<indent>"k": ` (without the comma when first).
func (j *jsonWriter) key(first bool, indent, k string) {
	if !first {
		j.raw(",")
	}
	j.raw("\n" + indent)
	j.str(k)
	j.raw(": ")
}

func version() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		return bi.Main.Version
	}
	return "devel"
}

// orientation says how the file laid out the table (informational): BIOM
// has no rows and columns; mothur .shared and tables whose reader noted
// "samples in rows" have samples in rows.
func orientation(formatName string, notes []string) string {
	switch {
	case strings.HasPrefix(formatName, "biom"):
		return "biom"
	case formatName == "mothur-shared":
		return "samples-in-rows"
	}
	for _, n := range notes {
		if strings.Contains(n, "samples in rows") {
			return "samples-in-rows"
		}
	}
	return "features-in-rows"
}

func (d *diversityResult) writeJSON(w *bufio.Writer) {
	j := &jsonWriter{w: w}
	t := d.table
	engine := "native"
	if runtime.GOOS == "js" {
		engine = "wasm"
	}
	j.raw(`{"schema": "gutlens-diversity/1",`)
	j.raw("\n" + `"generator": {"name": "gutlens", "version": `)
	j.str(version())
	j.raw(`, "engine": "` + engine + `"},`)
	j.raw("\n" + `"input": {"file": `)
	j.str(d.file)
	j.raw(`, "format": `)
	j.str(d.format)
	j.raw(`, "sha256": `)
	j.str(t.Provenance.SHA256)
	fmt.Fprintf(w, `, "n_samples": %d, "n_features": %d, "integer_counts": %t, "orientation": "%s", "unit": "%s", "tree": `,
		len(t.Samples), len(t.Features), d.integer, orientation(d.format, t.Provenance.Notes), t.Unit)
	if d.phylo != nil {
		j.str(d.phylo.file)
	} else {
		j.raw("null")
	}
	j.raw(`, "parse_notes": `)
	j.strs(append([]string{}, t.Provenance.Notes...))
	j.raw("},\n" + `"conventions": {"pseudocount": `)
	j.num(d.pseudocount)
	j.raw(`, "ace_rare_threshold": 10, "shannon_ln": "natural log", "shannon_log2": "log base 2", ` +
		`"ace_no_rare_features": "S_abund (scikit-bio 0.5.8; vegan gives NaN)", ` +
		`"fisher_alpha": "root of S_obs = a ln(1 + N/a) to ~1e-15 relative", ` +
		`"jaccard": "presence/absence", "pcoa_axes": "positive eigenvalues only, at most min(n-1, 10)"`)
	if !d.integer {
		j.raw(`, "count_only_metrics": "null: the table has non-integer values (relative abundances)"`)
	}
	j.raw("},\n" + `"samples": `)
	j.strs(t.Samples)
	j.raw(",\n" + `"features": [`)
	for i := range t.Features {
		if i > 0 {
			j.raw(", ")
		}
		j.str(t.Features[i].ID)
	}
	j.raw("],\n" + `"excluded_samples": [`)
	first := true
	for i, a := range d.alpha {
		if a.Total == 0 {
			if !first {
				j.raw(", ")
			}
			first = false
			j.raw(`{"id": `)
			j.str(t.Samples[i])
			j.raw(`, "reason": "zero_sum"}`)
		}
	}
	j.raw("],\n" + `"alpha": {`)
	for i, a := range d.alpha {
		j.key(i == 0, "  ", t.Samples[i])
		d.writeAlpha(j, i, a)
	}
	j.raw("\n},\n" + `"beta": `)
	d.writeBeta(j)
	j.raw(",\n" + `"pcoa": `)
	d.writePCoA(j)
	j.raw(",\n" + `"clr": `)
	d.writeCLR(j)
	j.raw(",\n" + `"timings_s": {`)
	for i, kv := range d.timings {
		j.key(i == 0, "  ", kv[0].(string))
		j.num(kv[1].(float64))
	}
	j.raw("\n}}\n")
}

func (d *diversityResult) writeAlpha(j *jsonWriter, i int, a diversity.Alpha) {
	fields := []struct {
		k string
		v float64
	}{
		{"total", a.Total}, {"observed_features", float64(a.Observed)},
		{"singletons", a.Singletons}, {"doubletons", a.Doubletons},
		{"shannon_ln", a.ShannonLn}, {"shannon_log2", a.ShannonLog2},
		{"simpson", a.Simpson}, {"gini_simpson", a.Simpson},
		{"simpson_dominance", a.Dominance}, {"inverse_simpson", a.InverseSimpson},
		{"pielou_evenness", a.Pielou}, {"berger_parker", a.BergerParker},
		{"chao1", a.Chao1}, {"chao1_classic", a.Chao1Classic}, {"ace", a.ACE},
		{"goods_coverage", a.GoodsCoverage}, {"fisher_alpha", a.FisherAlpha},
	}
	if d.faith != nil {
		fields = append(fields, struct {
			k string
			v float64
		}{"faith_pd", d.faith[i]})
	}
	j.raw("{")
	for i, f := range fields {
		if i > 0 {
			j.raw(", ")
		}
		j.str(f.k)
		j.raw(": ")
		j.num(f.v)
	}
	j.raw("}")
}

func (d *diversityResult) includedIDs(k int) []string {
	ids := make([]string, k)
	for n, i := range d.included[:k] {
		ids[n] = d.table.Samples[i]
	}
	return ids
}

func (d *diversityResult) writeBeta(j *jsonWriter) {
	if d.bc == nil {
		j.raw("null")
		return
	}
	n := len(d.included)
	layout := "matrix"
	if n > matrixMaxSamples {
		layout = "condensed"
	}
	j.raw(`{"samples": `)
	j.strs(d.includedIDs(n))
	j.raw(`, "layout": "` + layout + `", "metrics": {`)
	metrics := []struct {
		name string
		d    []float64
	}{{"braycurtis", d.bc}, {"jaccard", d.jac}, {"aitchison", d.ait}}
	if d.phylo != nil {
		metrics = append(metrics, []struct {
			name string
			d    []float64
		}{{"unweighted_unifrac", d.unifrac.Unweighted}, {"weighted_unifrac", d.unifrac.Weighted},
			{"weighted_unifrac_normalized", d.unifrac.WeightedNormalized}}...)
	}
	for m, c := range metrics {
		j.key(m == 0, "  ", c.name)
		j.raw(`{"` + layout + `": `)
		if layout == "condensed" {
			j.nums(c.d)
		} else {
			j.raw("[")
			row := make([]float64, n)
			for a := range n {
				for b := range n {
					switch {
					case a < b:
						row[b] = c.d[diversity.CondensedIndex(n, a, b)]
					case a > b:
						row[b] = c.d[diversity.CondensedIndex(n, b, a)]
					default:
						row[b] = 0
					}
				}
				if a > 0 {
					j.raw(",")
				}
				j.raw("\n    ")
				j.nums(row)
			}
			j.raw("]")
		}
		j.raw("}")
	}
	j.raw("\n}}")
}

func (d *diversityResult) writePCoA(j *jsonWriter) {
	r := d.pcoa
	if r == nil {
		j.raw("null")
		return
	}
	basis := "sum_positive_eigenvalues"
	if math.IsNaN(r.SumPositive) {
		basis = "trace"
	}
	fmt.Fprintf(j.w, `{"braycurtis": {"method": "%s", "n_axes": %d, "eigenvalues": `, r.Method, len(r.Eigenvalues))
	j.nums(r.Eigenvalues)
	j.raw(`, "proportion_explained": `)
	j.nums(r.ProportionExplained)
	j.raw(`, "proportion_basis": "` + basis + `", "sum_positive_eigenvalues": `)
	j.num(r.SumPositive)
	j.raw(`, "trace": `)
	j.num(r.Trace)
	j.raw(`, "next_eigenvalue": `)
	j.num(r.Next)
	j.raw(`, "coordinates": {`)
	for k, id := range d.includedIDs(len(d.included)) {
		j.key(k == 0, "    ", id)
		j.nums(r.Coordinates[k])
	}
	j.raw("\n}}}")
}

func (d *diversityResult) writeCLR(j *jsonWriter) {
	if d.clrSamples == 0 {
		j.raw("null")
		return
	}
	nf := len(d.table.Features)
	j.raw(`{"pseudocount": `)
	j.num(d.pseudocount)
	j.raw(`, "samples": `)
	ids := d.includedIDs(d.clrSamples)
	j.strs(ids)
	fmt.Fprintf(j.w, `, "n_samples_total": %d, "values": {`, len(d.included))
	buf := make([]float64, nf)
	for k, id := range ids {
		j.key(k == 0, "  ", id)
		j.nums(diversity.CLR(d.table.Columns[d.included[k]], nf, d.pseudocount, buf))
	}
	j.raw("\n}}")
}

func (d *diversityResult) writeText(w *bufio.Writer) {
	t := d.table
	fmt.Fprintf(w, "%s: %s, %d samples × %d features, integer counts: %t\n\n", d.file, d.format, len(t.Samples), len(t.Features), d.integer)
	fmt.Fprintf(w, "%-24s %10s %8s %9s %9s %9s %9s %9s %9s\n", "sample", "total", "observed", "shannon", "simpson", "pielou", "chao1", "ace", "fisher")
	f := func(v float64) string {
		if math.IsNaN(v) {
			return "–"
		}
		return strconv.FormatFloat(v, 'f', 4, 64)
	}
	for i, a := range d.alpha {
		fmt.Fprintf(w, "%-24s %10g %8d %9s %9s %9s %9s %9s %9s\n", t.Samples[i], a.Total, a.Observed,
			f(a.ShannonLn), f(a.Simpson), f(a.Pielou), f(a.Chao1), f(a.ACE), f(a.FisherAlpha))
	}
	if r := d.pcoa; r != nil {
		fmt.Fprintf(w, "\nPCoA of Bray–Curtis (%s), %d samples: proportion explained", r.Method, len(d.included))
		for _, p := range r.ProportionExplained[:min(3, len(r.ProportionExplained))] {
			fmt.Fprintf(w, " %.4f", p)
		}
		fmt.Fprintln(w)
	}
	for i, a := range d.alpha {
		if a.Total == 0 {
			fmt.Fprintf(w, "excluded from beta diversity (zero sum): %s\n", t.Samples[i])
		}
	}
}
