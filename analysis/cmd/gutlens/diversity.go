package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"time"

	"github.com/gutlens/gutlens/analysis"
	"github.com/gutlens/gutlens/analysis/report"
)

const diversityUsage = `usage: gutlens diversity FILE [--tree T.nwk] [--pseudocount P] [--json] [--timings]

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
samples all eigenvalues are computed (method exact-eigh: Householder
tridiagonalisation, QL for the eigenvalues, inverse iteration for the
eigenvectors of the leading ones); above 500 only the leading ones
(lanczos-topk), and the proportion explained is then relative to the
trace (Σ of all eigenvalues; proportion_basis "trace").
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
  --timings           print the time of each stage to stderr, one
                      "timing NAME SECONDS" line each: parse_s (reading
                      the table and tree), alpha_s, braycurtis_s, pcoa_s,
                      and with --json jaccard_s, aitchison_s, beta_s
                      (Bray–Curtis, Jaccard and Aitchison), unifrac_s
  --tree T.nwk        a Newick tree whose tips are the feature ids: adds
                      faith_pd to alpha and unweighted_unifrac,
                      weighted_unifrac, weighted_unifrac_normalized to beta
`

// Size limits of the document (report.CLILayout): above them the beta
// matrices are written condensed and the CLR vectors of a prefix of the
// samples only. (Variables so that tests can lower them.)
var (
	matrixMaxSamples = report.CLILayout.MatrixMaxSamples
	clrMaxCells      = report.CLILayout.CLRMaxCells
)

func runDiversity(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("diversity", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, diversityUsage) }
	asJSON := fs.Bool("json", false, "print the gutlens-diversity/1 document")
	pc := fs.Float64("pseudocount", 1, "CLR/Aitchison pseudocount")
	tree := fs.String("tree", "", "Newick tree for UniFrac and Faith's PD")
	timings := fs.Bool("timings", false, "print the time of each stage to stderr")
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
	t, formatName, _, err := decodeFile(files[0])
	if err != nil {
		fmt.Fprintln(stderr, "gutlens:", err)
		return 1
	}
	name := filepath.Base(files[0])
	layout := report.CLILayout
	layout.MatrixMaxSamples, layout.CLRMaxCells = matrixMaxSamples, clrMaxCells
	opt := report.DiversityOptions{Pseudocount: *pc, Layout: layout, Version: version()}
	if *tree != "" {
		if opt.Tree, err = readTree(*tree, t); err != nil {
			fmt.Fprintln(stderr, "gutlens:", err)
			return 1
		}
	}
	parse := time.Since(t0) // reading the table and the tree
	d, err := report.ComputeDiversity(t, name, formatName, opt)
	if err != nil {
		fmt.Fprintf(stderr, "gutlens: %s: %v\n", name, err)
		return 1
	}
	d.Timings = append([][2]any{{"parse_s", parse.Seconds()}}, d.Timings...)
	w := bufio.NewWriterSize(stdout, 1<<16)
	if *asJSON {
		engine := "native"
		if runtime.GOOS == "js" {
			engine = "wasm"
		}
		err = d.WriteJSON(w, engine)
	} else {
		writeText(w, d)
	}
	if err == nil {
		err = w.Flush()
	}
	if err != nil {
		fmt.Fprintln(stderr, "gutlens:", err)
		return 1
	}
	if *timings {
		for _, kv := range d.Timings {
			fmt.Fprintf(stderr, "timing %s %.9f\n", kv[0], kv[1])
		}
	}
	return 0
}

// readTree reads the Newick tree at path for the features of t.
func readTree(path string, t *analysis.Table) (*report.Phylo, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return report.ParsePhylo(data, filepath.Base(path), t)
}

// version is the generator.version of the document: the module version
// from the build information.
func version() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		return bi.Main.Version
	}
	return "devel"
}

// writeText writes the main alpha metrics of every sample and the PCoA's
// proportions explained.
func writeText(w *bufio.Writer, d *report.Diversity) {
	t := d.Table
	fmt.Fprintf(w, "%s: %s, %d samples × %d features, integer counts: %t\n\n", d.File, d.Format, len(t.Samples), len(t.Features), d.Integer)
	fmt.Fprintf(w, "%-24s %10s %8s %9s %9s %9s %9s %9s %9s\n", "sample", "total", "observed", "shannon", "simpson", "pielou", "chao1", "ace", "fisher")
	f := func(v float64) string {
		if math.IsNaN(v) {
			return "–"
		}
		return strconv.FormatFloat(v, 'f', 4, 64)
	}
	for i, a := range d.Alpha {
		fmt.Fprintf(w, "%-24s %10g %8d %9s %9s %9s %9s %9s %9s\n", t.Samples[i], a.Total, a.Observed,
			f(a.ShannonLn), f(a.Simpson), f(a.Pielou), f(a.Chao1), f(a.ACE), f(a.FisherAlpha))
	}
	if r := d.PCoA; r != nil {
		fmt.Fprintf(w, "\nPCoA of Bray–Curtis (%s), %d samples: proportion explained", r.Method, len(d.Included))
		for _, p := range r.ProportionExplained[:min(3, len(r.ProportionExplained))] {
			fmt.Fprintf(w, " %.4f", p)
		}
		fmt.Fprintln(w)
	}
	for i, a := range d.Alpha {
		if a.Total == 0 {
			fmt.Fprintf(w, "excluded from beta diversity (zero sum): %s\n", t.Samples[i])
		}
	}
}
