package main

import (
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/gutlens/gutlens/analysis"
	"github.com/gutlens/gutlens/analysis/format"
	"github.com/gutlens/gutlens/analysis/report"
)

// Research mode: diversity of every sample, Bray–Curtis PCoA, a heatmap
// of the top taxa, rarefaction curves, and the downloads (alpha CSV, the
// gutlens-diversity/1 document …). Everything is computed here, in the
// Web Worker, once per file; the page asks for pages and pictures of it.

// research is what research mode has computed for the current report.
type researchData struct {
	rep     *report.Report
	div     *report.Diversity
	meta    *report.SampleMetadata
	heat    map[string]*report.Heatmap // by rank ("" for features)
	curves  *rarefactionOut
	summary result
}

var research researchData

// metaSource keeps the files of the last analysis (up to metaMaxBytes) so
// that research mode can read their sample metadata, which
// analysis.Table does not carry.
var metaSource struct {
	rep   *report.Report
	files []format.Input
}

const metaMaxBytes = 64 << 20

func init() {
	inner := analyseFunc
	analyseFunc = func(files []format.Input, engine string, p report.Progress) (*report.Report, error) {
		metaSource.rep, metaSource.files = nil, nil
		research = researchData{}
		r, err := inner(files, engine, p)
		size := 0
		for _, f := range files {
			size += len(f.Data)
		}
		if err == nil && size <= metaMaxBytes {
			metaSource.rep, metaSource.files = r, files
		}
		return r, err
	}
	queries["research"] = func(e *engine, q Query) result { return e.researchSummary() }
	queries["research.alpha"] = func(e *engine, q Query) result { return e.researchAlpha(q) }
	queries["research.heatmap"] = func(e *engine, q Query) result { return e.researchHeatmap(q) }
	queries["research.heatmap.pixels"] = func(e *engine, q Query) result { return e.researchHeatmapPixels(q) }
	queries["research.rarefaction"] = func(e *engine, q Query) result { return e.researchRarefaction() }
	queries["research.export"] = func(e *engine, q Query) result { return e.researchExport(q) }
}

// diversity returns the report's diversity, computing it on first use.
func (e *engine) diversity() (*researchData, error) {
	if research.rep == e.report && research.div != nil {
		return &research, nil
	}
	t := e.report.Table()
	if t == nil {
		return nil, errors.New("engine: the report has no table")
	}
	d, err := report.ComputeDiversity(t, e.report.Input.File, e.report.Input.Format)
	if err != nil {
		return nil, err
	}
	research = researchData{rep: e.report, div: d, heat: map[string]*report.Heatmap{}}
	if metaSource.rep == e.report {
		research.meta = report.ReadSampleMetadata(metaSource.files)
		metaSource.files = nil // read once; the bytes may be freed
	}
	return &research, nil
}

// ResearchSummary is the answer to a "research" query.
type ResearchSummary struct {
	Samples   int      `json:"samples"`
	Integer   bool     `json:"integer"`
	Keys      []string `json:"keys"`       // alpha metrics, in the order of the rows of research.alpha
	CountOnly []string `json:"count_only"` // metrics null for non-integer tables
	Excluded  []string `json:"excluded"`   // zero-sum samples (not in beta or PCoA)
	PCoA      *PCoAOut `json:"pcoa"`       // nil when fewer than 2 samples have content
	// Fields are the sample-metadata fields with 2–8 distinct values.
	Fields []FieldOut `json:"fields"`
	MS     float64    `json:"ms"` // time taken to compute
}

// PCoAOut is the first two axes of the Bray–Curtis PCoA. Its points are
// binary (base64 of little-endian numbers, see pack): the page reads the
// 5,452 points of the largest corpus table in about a millisecond, where
// the same as JSON numbers and strings took it 50 ms (issue 6).
type PCoAOut struct {
	Method     string         `json:"method"`
	TopK       bool           `json:"topk"`       // the fast top-k method was used
	Basis      string         `json:"basis"`      // "sum_positive_eigenvalues" or "trace"
	Axes       int            `json:"axes"`       // axes with a positive eigenvalue
	Proportion []report.Float `json:"proportion"` // of the first two axes
	// Samples are the points' samples, as indices into the report's
	// sample order (uint32 each): the samples with content, in order.
	Samples string `json:"samples"`
	// XY are the points' first two coordinates, x₀ y₀ x₁ y₁ … (float64
	// each); y is NaN when there is one axis only.
	XY string `json:"xy"`
}

// FieldOut is a metadata field and the level of each PCoA point.
type FieldOut struct {
	Name   string   `json:"name"`
	Levels []string `json:"levels"`
	// Of is, per PCoA point, its index into Levels: one byte each (there
	// are at most report.MetadataMaxLevels levels).
	Of string `json:"of"`
}

// Levels fit in FieldOut.Of's byte.
const _ uint8 = report.MetadataMaxLevels - 1

// pack writes n values as base64 of little-endian numbers of size bytes
// each, put by put.
func pack(n, size int, put func(b []byte, i int)) string {
	b := make([]byte, n*size)
	for i := range n {
		put(b[i*size:], i)
	}
	return base64.StdEncoding.EncodeToString(b)
}

func (e *engine) researchSummary() result {
	if research.rep == e.report && research.summary.JSON != "" {
		return research.summary
	}
	start := time.Now()
	r, err := e.diversity()
	if err != nil {
		return result{Error: err.Error()}
	}
	d := r.div
	s := ResearchSummary{Samples: len(d.Alpha), Integer: d.Integer, Keys: report.AlphaKeys, CountOnly: report.CountOnlyKeys}
	for i, a := range d.Alpha {
		if a.Total == 0 {
			s.Excluded = append(s.Excluded, d.Table.Samples[i])
		}
	}
	if p := d.PCoA; p != nil && len(p.Eigenvalues) > 0 {
		out := &PCoAOut{Method: p.Method, TopK: strings.Contains(p.Method, "topk"), Axes: len(p.Eigenvalues), Basis: "sum_positive_eigenvalues"}
		if math.IsNaN(p.SumPositive) {
			out.Basis = "trace"
		}
		for k := range min(2, len(p.ProportionExplained)) {
			out.Proportion = append(out.Proportion, report.Float(p.ProportionExplained[k]))
		}
		out.Samples = pack(len(d.Included), 4, func(b []byte, i int) { binary.LittleEndian.PutUint32(b, uint32(d.Included[i])) })
		out.XY = pack(len(p.Coordinates), 16, func(b []byte, i int) {
			c, y := p.Coordinates[i], math.NaN()
			if len(c) > 1 {
				y = c[1]
			}
			binary.LittleEndian.PutUint64(b, math.Float64bits(c[0]))
			binary.LittleEndian.PutUint64(b[8:], math.Float64bits(y))
		})
		s.PCoA = out
		ids := d.IncludedIDs()
		if r.meta != nil {
			for _, f := range r.meta.Fields {
				levels := r.meta.Levels(f)
				if len(levels) < 2 || len(levels) > report.MetadataMaxLevels {
					continue
				}
				idx := map[string]int{}
				for k, l := range levels {
					idx[l] = k
				}
				of := r.meta.Values[f]
				s.Fields = append(s.Fields, FieldOut{Name: f, Levels: levels,
					Of: pack(len(ids), 1, func(b []byte, i int) { b[0] = byte(idx[of[ids[i]]]) })})
			}
		}
	}
	s.MS = float64(time.Since(start).Microseconds()) / 1000
	research.summary = marshal(s)
	return research.summary
}

// AlphaPage is the answer to "research.alpha": a page of rows, sorted.
type AlphaPage struct {
	Total  int        `json:"total"`
	Offset int        `json:"offset"`
	Sort   string     `json:"sort"`
	Desc   bool       `json:"desc"`
	Rows   []AlphaRow `json:"rows"`
}

// AlphaRow is one sample's metrics, in the order of ResearchSummary.Keys.
type AlphaRow struct {
	ID     string         `json:"id"`
	Values []report.Float `json:"v"`
}

type pageParams struct {
	Sort   string `json:"sort"` // a metric key, or "" / "sample" for the sample id
	Desc   bool   `json:"desc"`
	Offset int    `json:"offset"`
	Limit  int    `json:"limit"`
	Rank   string `json:"rank"` // heatmap: a rank, or "" for the features
	What   string `json:"what"` // export: "alpha-csv", "diversity-json", "heatmap-csv", "pcoa-csv", "rarefaction-csv"
}

func params(q Query) (pageParams, error) {
	p := pageParams{Limit: 50}
	if len(q.Params) > 0 {
		if err := json.Unmarshal(q.Params, &p); err != nil {
			return p, fmt.Errorf("engine: bad parameters %s: %v", q.Params, err)
		}
	}
	p.Offset, p.Limit = max(0, p.Offset), max(1, min(p.Limit, 1000))
	return p, nil
}

// alphaOrder returns the sample indices sorted by a metric (undefined
// values last in either direction), ties and "sample" by file order or id.
func alphaOrder(d *report.Diversity, key string, desc bool) ([]int, error) {
	order := make([]int, len(d.Alpha))
	for i := range order {
		order[i] = i
	}
	col := -1
	for k, name := range report.AlphaKeys {
		if name == key {
			col = k
		}
	}
	ids := d.Table.Samples
	switch {
	case key == "":
		if desc {
			for a, b := 0, len(order)-1; a < b; a, b = a+1, b-1 {
				order[a], order[b] = order[b], order[a]
			}
		}
		return order, nil
	case key == "sample":
		sort.SliceStable(order, func(a, b int) bool {
			if desc {
				return ids[order[a]] > ids[order[b]]
			}
			return ids[order[a]] < ids[order[b]]
		})
		return order, nil
	case col < 0:
		return nil, fmt.Errorf("engine: unknown alpha metric %q", key)
	}
	v := make([]float64, len(d.Alpha))
	for i, a := range d.Alpha {
		v[i] = report.AlphaValues(a)[col]
	}
	sort.SliceStable(order, func(a, b int) bool {
		x, y := v[order[a]], v[order[b]]
		if math.IsNaN(x) || math.IsNaN(y) {
			return !math.IsNaN(x) && math.IsNaN(y)
		}
		if desc {
			return x > y
		}
		return x < y
	})
	return order, nil
}

func (e *engine) researchAlpha(q Query) result {
	p, err := params(q)
	if err != nil {
		return result{Error: err.Error()}
	}
	r, err := e.diversity()
	if err != nil {
		return result{Error: err.Error()}
	}
	d := r.div
	order, err := alphaOrder(d, p.Sort, p.Desc)
	if err != nil {
		return result{Error: err.Error()}
	}
	out := AlphaPage{Total: len(order), Offset: min(p.Offset, len(order)), Sort: p.Sort, Desc: p.Desc}
	for _, i := range order[out.Offset:min(out.Offset+p.Limit, len(order))] {
		vals := report.AlphaValues(d.Alpha[i])
		row := AlphaRow{ID: d.Table.Samples[i], Values: make([]report.Float, len(vals))}
		for k, v := range vals {
			row.Values[k] = report.Float(v)
		}
		out.Rows = append(out.Rows, row)
	}
	return marshal(out)
}

// HeatmapPage is the answer to "research.heatmap".
type HeatmapPage struct {
	Rank    string             `json:"rank"`
	Taxa    []report.CompTaxon `json:"taxa"`
	Max     report.Float       `json:"max"`
	Total   int                `json:"total"` // samples
	Offset  int                `json:"offset"`
	Samples []string           `json:"samples"` // of this page
	Shares  [][]report.Float   `json:"shares"`  // of this page
}

func (e *engine) heatmap(rank string) (*report.Heatmap, error) {
	r, err := e.diversity()
	if err != nil {
		return nil, err
	}
	if h, ok := r.heat[rank]; ok {
		return h, nil
	}
	idx := -1
	if rank != "" {
		for i, name := range analysis.Ranks {
			if name == rank {
				idx = i
			}
		}
		if idx < 0 {
			return nil, fmt.Errorf("engine: unknown rank %q", rank)
		}
	}
	h, err := report.BuildHeatmap(r.div.Table, idx, report.HeatmapTopN)
	if err != nil {
		return nil, err
	}
	r.heat[rank] = h
	return h, nil
}

// heatmapQuery reads a query's params and returns the heatmap at its rank.
func (e *engine) heatmapQuery(q Query) (*report.Heatmap, pageParams, error) {
	p, err := params(q)
	if err != nil {
		return nil, p, err
	}
	h, err := e.heatmap(p.Rank)
	return h, p, err
}

func (e *engine) researchHeatmap(q Query) result {
	h, p, err := e.heatmapQuery(q)
	if err != nil {
		return result{Error: err.Error()}
	}
	n := len(h.Samples)
	out := HeatmapPage{Rank: h.Rank, Taxa: h.Taxa, Max: report.Float(h.Max), Total: n, Offset: min(p.Offset, n)}
	to := min(out.Offset+p.Limit, n)
	out.Samples = h.Samples[out.Offset:to]
	for _, row := range h.Shares[out.Offset:to] {
		fr := make([]report.Float, len(row))
		for k, v := range row {
			fr[k] = report.Float(v)
		}
		out.Shares = append(out.Shares, fr)
	}
	return marshal(out)
}

// researchHeatmapPixels answers "research.heatmap.pixels": the whole
// heatmap at a rank as base64 RGBA, one pixel per cell (width the number
// of taxa, height the number of samples). The answer is that text itself,
// not JSON: 580 kB for the largest corpus table, which the page's JSON
// decoder would scan twice.
func (e *engine) researchHeatmapPixels(q Query) result {
	h, _, err := e.heatmapQuery(q)
	if err != nil {
		return result{Error: err.Error()}
	}
	return result{JSON: base64.StdEncoding.EncodeToString(h.RGBA())}
}

// rarefactionOut is the answer to "research.rarefaction".
type rarefactionOut struct {
	Available bool              `json:"available"` // false for non-integer tables
	Total     int               `json:"total"`     // samples in the table
	Curves    []curveOut        `json:"curves"`    // the first rarefactionMaxCurves samples with content
	Seed      [2]uint64         `json:"seed"`
	Steps     int               `json:"steps"`
	Errors    map[string]string `json:"errors,omitempty"` // samples that could not be rarefied
}

type curveOut struct {
	ID     string              `json:"id"`
	Points []report.CurvePoint `json:"points"`
}

// Rarefaction curves: rarefactionSteps depths per sample, for at most
// rarefactionMaxCurves samples, seeded by (rarefactionSeed, sample index).
const (
	rarefactionSteps     = 10
	rarefactionMaxCurves = 100
	rarefactionSeed      = 20260101
)

func (e *engine) researchRarefaction() result {
	r, err := e.diversity()
	if err != nil {
		return result{Error: err.Error()}
	}
	if r.curves == nil {
		r.curves = rarefaction(r.div)
	}
	return marshal(r.curves)
}

func rarefaction(d *report.Diversity) *rarefactionOut {
	out := &rarefactionOut{Available: d.Integer, Total: len(d.Alpha), Seed: [2]uint64{rarefactionSeed, 0}, Steps: rarefactionSteps}
	if !d.Integer {
		return out
	}
	var buf []int32
	for _, i := range d.Included {
		if len(out.Curves) == rarefactionMaxCurves {
			break
		}
		id := d.Table.Samples[i]
		pts, b, err := report.RarefactionCurve(d.Table.Columns[i], rarefactionSteps, rand.NewPCG(rarefactionSeed, uint64(i)), buf)
		buf = b
		if err != nil {
			if out.Errors == nil {
				out.Errors = map[string]string{}
			}
			out.Errors[id] = err.Error()
			continue
		}
		out.Curves = append(out.Curves, curveOut{ID: id, Points: pts})
	}
	return out
}

func (e *engine) researchExport(q Query) result {
	p, err := params(q)
	if err != nil {
		return result{Error: err.Error()}
	}
	r, err := e.diversity()
	if err != nil {
		return result{Error: err.Error()}
	}
	d := r.div
	var b strings.Builder
	switch p.What {
	case "alpha-csv":
		err = d.WriteAlphaCSV(&b)
	case "diversity-json":
		err = d.WriteJSON(&b, "wasm")
	case "pcoa-csv":
		if d.PCoA == nil {
			return result{Error: "engine: no PCoA (fewer than two samples have content)"}
		}
		b.WriteString("sample")
		for k := range d.PCoA.Eigenvalues {
			fmt.Fprintf(&b, ",PC%d", k+1)
		}
		b.WriteByte('\n')
		for i, id := range d.IncludedIDs() {
			b.WriteString(report.CSVField(id))
			for _, v := range d.PCoA.Coordinates[i] {
				b.WriteString("," + strconv.FormatFloat(v, 'g', -1, 64))
			}
			b.WriteByte('\n')
		}
	case "heatmap-csv":
		h, err := e.heatmap(p.Rank)
		if err != nil {
			return result{Error: err.Error()}
		}
		b.WriteString("sample")
		for _, t := range h.Taxa {
			b.WriteString("," + report.CSVField(t.Name))
		}
		b.WriteByte('\n')
		for s, id := range h.Samples {
			b.WriteString(report.CSVField(id))
			for _, v := range h.Shares[s] {
				b.WriteString("," + strconv.FormatFloat(v, 'g', -1, 64))
			}
			b.WriteByte('\n')
		}
	case "rarefaction-csv":
		if r.curves == nil {
			r.curves = rarefaction(d)
		}
		b.WriteString("sample,depth,observed\n")
		for _, c := range r.curves.Curves {
			for _, pt := range c.Points {
				fmt.Fprintf(&b, "%s,%d,%d\n", report.CSVField(c.ID), pt.Depth, pt.Observed)
			}
		}
	default:
		return result{Error: fmt.Sprintf("engine: unknown export %q", p.What)}
	}
	if err != nil {
		return result{Error: err.Error()}
	}
	// The answer is the file's text itself, not JSON.
	return result{JSON: b.String()}
}
