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
// contract is ../shared/contracts/diversity-json.md, and `gutlens
// diversity FILE --json` writes the same document.
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

// AlphaValues returns a's metrics in the order of AlphaKeys.
func AlphaValues(a diversity.Alpha) []float64 {
	return []float64{
		a.Total, float64(a.Observed), a.Singletons, a.Doubletons,
		a.ShannonLn, a.ShannonLog2, a.Simpson, a.Simpson,
		a.Dominance, a.InverseSimpson, a.Pielou, a.BergerParker,
		a.Chao1, a.Chao1Classic, a.ACE, a.GoodsCoverage, a.FisherAlpha,
	}
}

// Diversity is the diversity of every sample of a table: alpha per sample,
// Bray–Curtis between the samples with content and its PCoA; Jaccard,
// Aitchison and the CLR on demand (Complete), as the document needs them.
type Diversity struct {
	Table       *analysis.Table
	File        string // as the report names it
	Format      string // format name ("biom-json" …)
	Integer     bool   // every value is a whole number: count metrics apply
	Pseudocount float64
	Alpha       []diversity.Alpha // per sample, in table order
	// Included are the samples (indices) in beta, PCoA and CLR: all but the
	// zero-sum ones.
	Included   []int
	BrayCurtis []float64 // condensed, over Included
	Jaccard    []float64 // condensed; nil until Complete
	Aitchison  []float64 // condensed; nil until Complete
	PCoA       *ordination.Result
	Timings    [][2]any // name, seconds
}

// ComputeDiversity computes the alpha metrics of every sample, Bray–Curtis
// between the samples with content and its PCoA (ordination.Auto: exact
// up to ordination.ExactMaxN samples, the top-k Lanczos method above).
// Beta and PCoA are left nil when fewer than two samples have content.
func ComputeDiversity(t *analysis.Table, file, format string) (*Diversity, error) {
	if t == nil {
		return nil, errors.New("report: no table")
	}
	d := &Diversity{Table: t, File: file, Format: format, Integer: t.Integer(), Pseudocount: 1}
	start := time.Now()
	d.Alpha = make([]diversity.Alpha, len(t.Columns))
	for i, c := range t.Columns {
		d.Alpha[i] = diversity.AlphaOf(c.Value, d.Integer)
		if d.Alpha[i].Total != 0 {
			d.Included = append(d.Included, i)
		}
	}
	d.timing("alpha_s", start)
	if len(d.Included) < 2 {
		return d, nil
	}
	start = time.Now()
	d.BrayCurtis = diversity.BrayCurtisMatrix(d.columns(), len(t.Features))
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

// DocumentMaxBeta is the largest number of samples with content for which
// the document holds the beta matrices in full. Above it they are given
// as "pairs" among the first documentPairSamples samples (the contract
// allows a subset of pairs), and Jaccard and Aitchison are computed for
// the first DocumentMaxBeta samples only: this keeps the document and the
// memory it takes within what a browser handles. (The PCoA always uses
// the whole Bray–Curtis matrix.)
const DocumentMaxBeta = 1000

// documentPairSamples is how many samples' pairs a "pairs" layout holds.
const documentPairSamples = 300

// documentCLRCells caps the CLR values written (as the CLI).
const documentCLRCells = 1_000_000

// Complete computes what the document needs beyond ComputeDiversity:
// Jaccard and Aitchison (of at most DocumentMaxBeta samples).
func (d *Diversity) Complete() {
	if d.BrayCurtis == nil || d.Jaccard != nil {
		return
	}
	cols := d.columns()
	cols = cols[:min(len(cols), DocumentMaxBeta)]
	nf := len(d.Table.Features)
	start := time.Now()
	d.Jaccard = diversity.JaccardMatrix(cols, nf)
	d.timing("jaccard_s", start)
	start = time.Now()
	d.Aitchison = diversity.AitchisonMatrix(cols, nf, d.Pseudocount)
	d.timing("aitchison_s", start)
}

// docWriter writes JSON by hand, streaming: documents can hold millions of
// numbers.
type docWriter struct {
	w   *bufio.Writer
	buf []byte
}

func (j *docWriter) raw(s string) { j.w.WriteString(s) }

func (j *docWriter) str(s string) {
	b, _ := json.Marshal(s)
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

func (j *docWriter) key(first bool, indent, k string) {
	if !first {
		j.raw(",")
	}
	j.raw("\n" + indent)
	j.str(k)
	j.raw(": ")
}

// WriteJSON writes the gutlens-diversity/1 document (as `gutlens diversity
// --json` without a tree). engine is "native" or "wasm". It calls Complete.
func (d *Diversity) WriteJSON(out io.Writer, engine string) error {
	d.Complete()
	w := bufio.NewWriterSize(out, 1<<16)
	j := &docWriter{w: w}
	t := d.Table
	j.raw(`{"schema": "` + DiversitySchema + `",`)
	j.raw("\n" + `"generator": {"name": "gutlens", "version": `)
	j.str(Version)
	j.raw(`, "engine": `)
	j.str(engine)
	j.raw("},\n" + `"input": {"file": `)
	j.str(d.File)
	j.raw(`, "format": `)
	j.str(d.Format)
	j.raw(`, "sha256": `)
	j.str(t.Provenance.SHA256)
	orientation := "features-in-rows"
	if strings.HasPrefix(d.Format, "biom") {
		orientation = "biom"
	}
	fmt.Fprintf(w, `, "n_samples": %d, "n_features": %d, "integer_counts": %t, "orientation": "%s", "unit": "%s", "tree": null, "parse_notes": `,
		len(t.Samples), len(t.Features), d.Integer, orientation, t.Unit)
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
	if len(d.Included) > DocumentMaxBeta {
		fmt.Fprintf(w, `, "beta_subset": "pairs among the first %d samples only (of %d)"`, documentPairSamples, len(d.Included))
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
	for i, a := range d.Alpha {
		j.key(i == 0, "  ", t.Samples[i])
		j.raw("{")
		for k, v := range AlphaValues(a) {
			if k > 0 {
				j.raw(", ")
			}
			j.str(AlphaKeys[k])
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

func (d *Diversity) writeBeta(j *docWriter) {
	if d.BrayCurtis == nil {
		j.raw("null")
		return
	}
	n := len(d.Included)
	ids := d.IncludedIDs()
	layout := "matrix"
	if n > DocumentMaxBeta {
		layout = "pairs"
	}
	j.raw(`{"samples": `)
	j.strs(ids)
	j.raw(`, "layout": "` + layout + `", "metrics": {`)
	for m, c := range []struct {
		name string
		d    []float64
		n    int // samples the condensed matrix d is over
	}{{"braycurtis", d.BrayCurtis, n}, {"jaccard", d.Jaccard, min(n, DocumentMaxBeta)}, {"aitchison", d.Aitchison, min(n, DocumentMaxBeta)}} {
		j.key(m == 0, "  ", c.name)
		if layout != "pairs" {
			writeMatrix(j, layout, n, c.d)
			continue
		}
		// A subset of pairs, as the contract allows: those among the first
		// documentPairSamples samples.
		k := documentPairSamples
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

func (d *Diversity) writeCLR(j *docWriter) {
	if len(d.Included) == 0 {
		j.raw("null")
		return
	}
	nf := len(d.Table.Features)
	k := min(len(d.Included), max(1, documentCLRCells/max(nf, 1)))
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
// "sample,total,…" (AlphaKeys), then one row per sample in table order,
// numbers in full precision and empty cells for undefined values.
func (d *Diversity) WriteAlphaCSV(out io.Writer) error {
	w := bufio.NewWriter(out)
	w.WriteString("sample," + strings.Join(AlphaKeys, ",") + "\n")
	var buf []byte
	for i, a := range d.Alpha {
		w.WriteString(CSVField(d.Table.Samples[i]))
		for _, v := range AlphaValues(a) {
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
