package report

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/gutlens/gutlens/analysis"
	"github.com/gutlens/gutlens/analysis/diversity"
	"github.com/gutlens/gutlens/analysis/ordination"
)

// DiversitySchema names the document Diversity.WriteJSON writes; the
// contract is ../shared/contracts/diversity-json.md. Both `gutlens
// diversity FILE --json` and the web app's export write it with WriteJSON.
const DiversitySchema = "gutlens-diversity/1"

// AlphaKeys are the alpha metrics of the gutlens-diversity/1 contract (no
// tree), in the order AlphaValues returns them.
var AlphaKeys = []string{
	"total", "observed_features", "singletons", "doubletons",
	"shannon_ln", "shannon_log2", "simpson", "gini_simpson",
	"simpson_dominance", "inverse_simpson", "pielou_evenness", "berger_parker",
	"chao1", "chao1_classic", "ace", "goods_coverage", "fisher_alpha",
}

// CountOnlyKeys are the alpha metrics defined for count tables only; they
// are NaN (null) for tables with non-integer values.
var CountOnlyKeys = []string{"singletons", "doubletons", "chao1", "chao1_classic", "ace", "goods_coverage", "fisher_alpha"}

// FaithPDKey is the alpha metric added after AlphaKeys when a tree is given.
const FaithPDKey = "faith_pd"

// AlphaValues returns a's metrics in the order of AlphaKeys.
func AlphaValues(a diversity.Alpha) []float64 {
	return []float64{
		a.Total, float64(a.Observed), a.Singletons, a.Doubletons,
		a.ShannonLn, a.ShannonLog2, a.Simpson, a.Simpson,
		a.Dominance, a.InverseSimpson, a.Pielou, a.BergerParker,
		a.Chao1, a.Chao1Classic, a.ACE, a.GoodsCoverage, a.FisherAlpha,
	}
}

// EmbeddedTree is Phylo.File (the document's input.tree) for the tree a
// table's own file carried (analysis.Table.Tree).
const EmbeddedTree = "(the tree in the table's file)"

// Phylo is a phylogenetic tree with the tip of every feature of a table.
type Phylo struct {
	File  string // as the document names it (input.tree)
	Tree  *diversity.Tree
	TipOf []int // feature index → tip node
}

// ParsePhylo parses the Newick tree data (from file) and finds the tip of
// every feature of t. Errors name file.
func ParsePhylo(data []byte, file string, t *analysis.Table) (*Phylo, error) {
	tr, err := diversity.ParseNewick(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	ids := make([]string, len(t.Features))
	for i := range t.Features {
		ids[i] = t.Features[i].ID
	}
	tips, err := tr.TipIndex(ids)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	return &Phylo{File: file, Tree: tr, TipOf: tips}, nil
}

// DocumentLayout bounds the size of the gutlens-diversity/1 document. Up
// to MatrixMaxSamples samples with content the beta distances are written
// as full matrices. Above it, with Large "condensed", as condensed upper
// triangles (every distance); with Large "pairs", as the pairs among the
// first PairSamples samples (the contract allows a subset of pairs), and
// Jaccard, Aitchison and UniFrac are then computed for the first
// MatrixMaxSamples samples only. (The PCoA always uses the whole
// Bray–Curtis matrix.) The CLR vectors are written for the first samples
// only, as many as CLRMaxCells values allow (at least one).
type DocumentLayout struct {
	MatrixMaxSamples int
	Large            string // "condensed" or "pairs"
	PairSamples      int
	CLRMaxCells      int
}

// DocumentMaxBeta is the largest number of samples with content for which
// the web's document (WebLayout) holds the beta matrices in full; above it
// they are pairs among the first documentPairSamples samples. This keeps
// the document and the memory it takes within what a browser handles.
const DocumentMaxBeta = 1000

// documentPairSamples is how many samples' pairs a "pairs" layout holds.
const documentPairSamples = 300

// documentCLRCells caps the CLR values written.
const documentCLRCells = 1_000_000

// WebLayout is the layout of the web app's document, and the default.
var WebLayout = DocumentLayout{MatrixMaxSamples: DocumentMaxBeta, Large: "pairs", PairSamples: documentPairSamples, CLRMaxCells: documentCLRCells}

// CLILayout is the layout of `gutlens diversity --json`: every distance,
// condensed above 2000 samples.
var CLILayout = DocumentLayout{MatrixMaxSamples: 2000, Large: "condensed", CLRMaxCells: documentCLRCells}

// DiversityOptions are the choices of ComputeDiversity; the zero value is
// what the web app uses.
type DiversityOptions struct {
	// Pseudocount added to every cell for the CLR and Aitchison; 0 means 1.
	Pseudocount float64
	// Tree, when not nil, adds Faith's PD to alpha and the UniFrac
	// distances to beta.
	Tree *Phylo
	// Layout of the document; the zero value means WebLayout.
	Layout DocumentLayout
	// Version is the document's generator.version; "" means Version.
	Version string
}

// Diversity is the diversity of every sample of a table: alpha per sample,
// Bray–Curtis between the samples with content and its PCoA; Jaccard,
// Aitchison, UniFrac and the CLR on demand (Complete), as the document
// needs them.
type Diversity struct {
	Table       *analysis.Table
	File        string // as the report names it
	Format      string // format name ("biom-json" …)
	Integer     bool   // every value is a whole number: count metrics apply
	Pseudocount float64
	Alpha       []diversity.Alpha // per sample, in table order
	Phylo       *Phylo            // nil without a tree
	FaithPD     []float64         // per sample, in table order; nil without a tree
	// Included are the samples (indices) in beta, PCoA and CLR: all but the
	// zero-sum ones.
	Included   []int
	BrayCurtis []float64         // condensed, over Included
	Jaccard    []float64         // condensed over Included[:BetaSamples()]; nil until Complete
	Aitchison  []float64         // condensed over Included[:BetaSamples()]; nil until Complete
	UniFrac    diversity.UniFrac // condensed over Included[:BetaSamples()]; empty until Complete, or without a tree
	PCoA       *ordination.Result
	Layout     DocumentLayout
	Version    string   // generator.version of the document
	Timings    [][2]any // name, seconds

	braycurtisTime time.Duration
}

// ComputeDiversity computes the alpha metrics of every sample (and Faith's
// PD with a tree), Bray–Curtis between the samples with content and its
// PCoA (ordination.Auto: exact up to ordination.ExactMaxN samples, the
// top-k Lanczos method above). Beta and PCoA are left nil when fewer than
// two samples have content. opts is at most one DiversityOptions; without
// it, those of the web app.
func ComputeDiversity(t *analysis.Table, file, format string, opts ...DiversityOptions) (*Diversity, error) {
	if t == nil {
		return nil, errors.New("report: no table")
	}
	var o DiversityOptions
	switch len(opts) {
	case 0:
	case 1:
		o = opts[0]
	default:
		return nil, errors.New("report: more than one DiversityOptions")
	}
	if o.Pseudocount == 0 {
		o.Pseudocount = 1
	}
	if !(o.Pseudocount > 0) || math.IsInf(o.Pseudocount, 0) {
		return nil, fmt.Errorf("report: pseudocount %v: must be a positive number", o.Pseudocount)
	}
	if o.Layout == (DocumentLayout{}) {
		o.Layout = WebLayout
	}
	if o.Layout.Large != "condensed" && o.Layout.Large != "pairs" {
		return nil, fmt.Errorf("report: layout %q: must be condensed or pairs", o.Layout.Large)
	}
	if o.Layout.Large == "pairs" && (o.Layout.PairSamples < 2 || o.Layout.MatrixMaxSamples < 2) {
		return nil, errors.New("report: a pairs layout needs at least 2 pair samples and 2 matrix samples")
	}
	if o.Version == "" {
		o.Version = Version
	}
	if o.Tree == nil && t.Tree != "" {
		// The tree the file carries, unless the caller gave one.
		ph, err := ParsePhylo([]byte(t.Tree), EmbeddedTree, t)
		if err != nil {
			return nil, fmt.Errorf("report: the tree in the file: %w", err)
		}
		o.Tree = ph
	}
	if o.Tree != nil && len(o.Tree.TipOf) != len(t.Features) {
		return nil, fmt.Errorf("report: the tree has tips for %d features, the table %d", len(o.Tree.TipOf), len(t.Features))
	}
	d := &Diversity{Table: t, File: file, Format: format, Integer: t.Integer(), Pseudocount: o.Pseudocount,
		Phylo: o.Tree, Layout: o.Layout, Version: o.Version}
	start := time.Now()
	d.Alpha = make([]diversity.Alpha, len(t.Columns))
	for i, c := range t.Columns {
		d.Alpha[i] = diversity.AlphaOf(c.Value, d.Integer)
		if d.Alpha[i].Total != 0 {
			d.Included = append(d.Included, i)
		}
	}
	if ph := d.Phylo; ph != nil {
		d.FaithPD = make([]float64, len(t.Columns))
		for i, c := range t.Columns {
			d.FaithPD[i] = diversity.FaithPD(ph.Tree, ph.TipOf, c)
		}
	}
	d.timing("alpha_s", start)
	if len(d.Included) < 2 {
		return d, nil
	}
	start = time.Now()
	d.BrayCurtis = diversity.BrayCurtisMatrix(d.columns(), len(t.Features))
	d.braycurtisTime = time.Since(start)
	d.timing("braycurtis_s", start)
	start = time.Now()
	var err error
	if d.PCoA, err = ordination.PCoA(len(d.Included), d.BrayCurtis, ordination.Options{}); err != nil {
		return nil, err
	}
	d.timing("pcoa_s", start)
	return d, nil
}

func (d *Diversity) timing(name string, start time.Time) {
	d.Timings = append(d.Timings, [2]any{name, time.Since(start).Seconds()})
}

func (d *Diversity) columns() []analysis.Vector {
	cols := make([]analysis.Vector, len(d.Included))
	for k, i := range d.Included {
		cols[k] = d.Table.Columns[i]
	}
	return cols
}

// IncludedIDs returns the ids of the samples in beta and PCoA.
func (d *Diversity) IncludedIDs() []string {
	ids := make([]string, len(d.Included))
	for k, i := range d.Included {
		ids[k] = d.Table.Samples[i]
	}
	return ids
}

// pairsLayout reports whether the document gives the beta distances as a
// subset of pairs.
func (d *Diversity) pairsLayout() bool {
	return d.Layout.Large == "pairs" && len(d.Included) > d.Layout.MatrixMaxSamples
}

// BetaSamples is the number of samples (the first of Included) that
// Jaccard, Aitchison and UniFrac are computed for.
func (d *Diversity) BetaSamples() int {
	if d.pairsLayout() {
		return d.Layout.MatrixMaxSamples
	}
	return len(d.Included)
}

// Complete computes what the document needs beyond ComputeDiversity:
// Jaccard, Aitchison and, with a tree, UniFrac (of BetaSamples samples).
func (d *Diversity) Complete() {
	if d.BrayCurtis == nil || d.Jaccard != nil {
		return
	}
	cols := d.columns()[:d.BetaSamples()]
	nf := len(d.Table.Features)
	start := time.Now()
	d.Jaccard = diversity.JaccardMatrix(cols, nf)
	d.timing("jaccard_s", start)
	t1 := time.Now()
	d.Aitchison = diversity.AitchisonMatrix(cols, nf, d.Pseudocount)
	d.timing("aitchison_s", t1)
	d.Timings = append(d.Timings, [2]any{"beta_s", (d.braycurtisTime + time.Since(start)).Seconds()})
	if ph := d.Phylo; ph != nil {
		start = time.Now()
		d.UniFrac = diversity.UniFracMatrices(ph.Tree, ph.TipOf, cols)
		d.timing("unifrac_s", start)
	}
}

// Orientation says how the file laid out the table (informational): BIOM
// has no rows and columns; mothur .shared and tables whose reader noted
// "samples in rows" have samples in rows.
func Orientation(formatName string, notes []string) string {
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

// docWriter writes JSON by hand, streaming: documents can hold millions of
// numbers.
type docWriter struct {
	w   *bufio.Writer
	buf []byte
}

func (j *docWriter) raw(s string) { j.w.WriteString(s) }

func (j *docWriter) str(s string) {
	b, _ := json.Marshal(s) // a Go string always marshals
	j.w.Write(b)
}

// num writes v in the shortest form that round-trips, null for NaN and ±Inf.
func (j *docWriter) num(v float64) {
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

func (j *docWriter) nums(v []float64) {
	j.raw("[")
	for i, x := range v {
		if i > 0 {
			j.raw(", ")
		}
		j.num(x)
	}
	j.raw("]")
}

func (j *docWriter) strs(v []string) {
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
func (j *docWriter) key(first bool, indent, k string) {
	if !first {
		j.raw(",")
	}
	j.raw("\n" + indent)
	j.str(k)
	j.raw(": ")
}

// WriteJSON writes the gutlens-diversity/1 document. engine is "native"
// or "wasm". It calls Complete.
func (d *Diversity) WriteJSON(out io.Writer, engine string) error {
	d.Complete()
	w := bufio.NewWriterSize(out, 1<<16)
	j := &docWriter{w: w}
	t := d.Table
	j.raw(`{"schema": "` + DiversitySchema + `",`)
	j.raw("\n" + `"generator": {"name": "gutlens", "version": `)
	j.str(d.Version)
	j.raw(`, "engine": `)
	j.str(engine)
	j.raw("},\n" + `"input": {"file": `)
	j.str(d.File)
	j.raw(`, "format": `)
	j.str(d.Format)
	j.raw(`, "sha256": `)
	j.str(t.Provenance.SHA256)
	fmt.Fprintf(w, `, "n_samples": %d, "n_features": %d, "integer_counts": %t, "orientation": "%s", "unit": "%s", "tree": `,
		len(t.Samples), len(t.Features), d.Integer, Orientation(d.Format, t.Provenance.Notes), t.Unit)
	if d.Phylo != nil {
		j.str(d.Phylo.File)
	} else {
		j.raw("null")
	}
	j.raw(`, "parse_notes": `)
	j.strs(append([]string{}, t.Provenance.Notes...))
	j.raw("},\n" + `"conventions": {"pseudocount": `)
	j.num(d.Pseudocount)
	j.raw(`, "ace_rare_threshold": 10, "shannon_ln": "natural log", "shannon_log2": "log base 2", ` +
		`"ace_no_rare_features": "S_abund (scikit-bio 0.5.8; vegan gives NaN)", ` +
		`"fisher_alpha": "root of S_obs = a ln(1 + N/a) to ~1e-15 relative", ` +
		`"jaccard": "presence/absence", "pcoa_axes": "positive eigenvalues only, at most min(n-1, 10)"`)
	if !d.Integer {
		j.raw(`, "count_only_metrics": "null: the table has non-integer values (relative abundances)"`)
	}
	if d.BrayCurtis != nil && d.pairsLayout() {
		fmt.Fprintf(w, `, "beta_subset": "pairs among the first %d samples only (of %d)"`, d.pairSamples(), len(d.Included))
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
	for i, a := range d.Alpha {
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
	keys := d.alphaKeys()
	for i := range d.Alpha {
		j.key(i == 0, "  ", t.Samples[i])
		j.raw("{")
		for k, v := range d.alphaValues(i) {
			if k > 0 {
				j.raw(", ")
			}
			j.str(keys[k])
			j.raw(": ")
			j.num(v)
		}
		j.raw("}")
	}
	j.raw("\n},\n" + `"beta": `)
	d.writeBeta(j)
	j.raw(",\n" + `"pcoa": `)
	d.writePCoA(j)
	j.raw(",\n" + `"clr": `)
	d.writeCLR(j)
	j.raw(",\n" + `"timings_s": {`)
	for i, kv := range d.Timings {
		j.key(i == 0, "  ", kv[0].(string))
		j.num(kv[1].(float64))
	}
	j.raw("\n}}\n")
	return w.Flush()
}

// alphaKeys are the alpha metrics of the document: AlphaKeys, and
// FaithPDKey with a tree.
func (d *Diversity) alphaKeys() []string {
	if d.FaithPD == nil {
		return AlphaKeys
	}
	return append(append([]string{}, AlphaKeys...), FaithPDKey)
}

// alphaValues are the values of sample i in the order of alphaKeys.
func (d *Diversity) alphaValues(i int) []float64 {
	v := AlphaValues(d.Alpha[i])
	if d.FaithPD != nil {
		v = append(v, d.FaithPD[i])
	}
	return v
}

// pairSamples is how many samples' pairs a "pairs" layout holds.
func (d *Diversity) pairSamples() int {
	return min(d.Layout.PairSamples, d.BetaSamples())
}

func (d *Diversity) writeBeta(j *docWriter) {
	if d.BrayCurtis == nil {
		j.raw("null")
		return
	}
	n := len(d.Included)
	ids := d.IncludedIDs()
	layout := "matrix"
	if n > d.Layout.MatrixMaxSamples {
		layout = d.Layout.Large
	}
	j.raw(`{"samples": `)
	j.strs(ids)
	j.raw(`, "layout": "` + layout + `", "metrics": {`)
	type metric struct {
		name string
		d    []float64
		n    int // samples the condensed matrix d is over
	}
	nb := d.BetaSamples()
	metrics := []metric{{"braycurtis", d.BrayCurtis, n}, {"jaccard", d.Jaccard, nb}, {"aitchison", d.Aitchison, nb}}
	if d.Phylo != nil {
		metrics = append(metrics, metric{"unweighted_unifrac", d.UniFrac.Unweighted, nb},
			metric{"weighted_unifrac", d.UniFrac.Weighted, nb},
			metric{"weighted_unifrac_normalized", d.UniFrac.WeightedNormalized, nb})
	}
	for m, c := range metrics {
		j.key(m == 0, "  ", c.name)
		if layout != "pairs" {
			writeMatrix(j, layout, n, c.d)
			continue
		}
		// A subset of pairs, as the contract allows: those among the first
		// pairSamples samples.
		k := d.pairSamples()
		j.raw(`{"pairs": [`)
		for a := range k {
			for b := a + 1; b < k; b++ {
				if a > 0 || b > 1 {
					j.raw(", ")
				}
				j.raw("[")
				j.str(ids[a])
				j.raw(", ")
				j.str(ids[b])
				j.raw(", ")
				j.num(c.d[diversity.CondensedIndex(c.n, a, b)])
				j.raw("]")
			}
		}
		j.raw("]}")
	}
	j.raw("\n}}")
}

// writeMatrix writes the condensed matrix c over n samples as layout
// "matrix" (n rows of n) or "condensed" (c as it is).
func writeMatrix(j *docWriter, layout string, n int, c []float64) {
	j.raw(`{"` + layout + `": `)
	if layout == "condensed" {
		j.nums(c)
		j.raw("}")
		return
	}
	j.raw("[")
	row := make([]float64, n)
	for a := range n {
		for b := range n {
			switch {
			case a < b:
				row[b] = c[diversity.CondensedIndex(n, a, b)]
			case a > b:
				row[b] = c[diversity.CondensedIndex(n, b, a)]
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
	j.raw("]}")
}

func (d *Diversity) writePCoA(j *docWriter) {
	r := d.PCoA
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
	for k, id := range d.IncludedIDs() {
		j.key(k == 0, "    ", id)
		j.nums(r.Coordinates[k])
	}
	j.raw("\n}}}")
}

// CLRSamples is the number of samples (the first of Included) whose CLR
// vectors the document holds.
func (d *Diversity) CLRSamples() int {
	nf := len(d.Table.Features)
	return min(len(d.Included), max(1, d.Layout.CLRMaxCells/max(nf, 1)))
}

func (d *Diversity) writeCLR(j *docWriter) {
	k := d.CLRSamples()
	if k == 0 {
		j.raw("null")
		return
	}
	nf := len(d.Table.Features)
	j.raw(`{"pseudocount": `)
	j.num(d.Pseudocount)
	j.raw(`, "samples": `)
	ids := d.IncludedIDs()[:k]
	j.strs(ids)
	fmt.Fprintf(j.w, `, "n_samples_total": %d, "values": {`, len(d.Included))
	buf := make([]float64, nf)
	for n, id := range ids {
		j.key(n == 0, "  ", id)
		j.nums(diversity.CLR(d.Table.Columns[d.Included[n]], nf, d.Pseudocount, buf))
	}
	j.raw("\n}}")
}

// WriteAlphaCSV writes the alpha metrics of every sample as CSV: a header
// "sample,total,…" (AlphaKeys, and FaithPDKey with a tree), then one row
// per sample in table order, numbers in full precision and empty cells for
// undefined values.
func (d *Diversity) WriteAlphaCSV(out io.Writer) error {
	w := bufio.NewWriter(out)
	w.WriteString("sample," + strings.Join(d.alphaKeys(), ",") + "\n")
	var buf []byte
	for i := range d.Alpha {
		w.WriteString(CSVField(d.Table.Samples[i]))
		for _, v := range d.alphaValues(i) {
			w.WriteByte(',')
			if !math.IsNaN(v) && !math.IsInf(v, 0) {
				buf = strconv.AppendFloat(buf[:0], v, 'g', -1, 64)
				w.Write(buf)
			}
		}
		w.WriteByte('\n')
	}
	return w.Flush()
}

// CSVField quotes s for CSV (RFC 4180) when it needs it.
func CSVField(s string) string {
	if !strings.ContainsAny(s, ",\"\r\n") {
		return s
	}
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}
