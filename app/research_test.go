package app

import (
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"html"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/gutlens/gutlens/analysis/report"
	"github.com/gutlens/gutlens/analysis/report/view"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// researchFor builds the research state the engine's answers would give
// for a report (as wasm/engine/research.go computes them).
func researchFor(t *testing.T, v *view.Report, rank string) researchState {
	t.Helper()
	r := tinyEngine(t, v.Input.File) // the engine's report on the same file
	d, err := report.ComputeDiversity(r.Table(), r.Input.File, r.Input.Format)
	if err != nil {
		t.Fatal(err)
	}
	sum := &researchSummary{Samples: len(d.Alpha), Integer: d.Integer, Keys: report.AlphaKeys, CountOnly: report.CountOnlyKeys}
	if p := d.PCoA; p != nil {
		pc := &pcoaData{Method: p.Method, Axes: len(p.Eigenvalues), IDs: d.IncludedIDs(), TopK: strings.Contains(p.Method, "topk")}
		for k := range min(2, len(p.ProportionExplained)) {
			pc.Proportion = append(pc.Proportion, report.Float(p.ProportionExplained[k]))
		}
		for _, c := range p.Coordinates {
			pc.X, pc.Y = append(pc.X, c[0]), append(pc.Y, c[1])
		}
		sum.PCoA = pc
	}
	for i, a := range d.Alpha {
		if a.Total == 0 {
			sum.Excluded = append(sum.Excluded, r.SampleOrder[i])
		}
	}
	ap := &alphaPage{Total: len(d.Alpha)}
	for i, a := range d.Alpha {
		row := struct {
			ID     string         `json:"id"`
			Values []report.Float `json:"v"`
		}{ID: r.SampleOrder[i]}
		for _, v := range report.AlphaValues(a) {
			row.Values = append(row.Values, report.Float(v))
		}
		ap.Rows = append(ap.Rows, row)
	}
	idx := -1
	for i, n := range []string{"domain", "phylum", "class", "order", "family", "genus", "species"} {
		if n == rank {
			idx = i
		}
	}
	h, err := report.BuildHeatmap(r.Table(), idx, report.HeatmapTopN)
	if err != nil {
		t.Fatal(err)
	}
	hp := &heatmapPage{Rank: h.Rank, Taxa: h.Taxa, Max: report.Float(h.Max), Total: len(h.Samples), Samples: h.Samples}
	for _, row := range h.Shares {
		var fr []report.Float
		for _, v := range row {
			fr = append(fr, report.Float(v))
		}
		hp.Shares = append(hp.Shares, fr)
	}
	s := researchState{rep: v, Open: true, Status: StatusDone, Run: 1, Sum: sum, Alpha: ap, Heat: hp,
		CmpA: r.SampleOrder[0], CmpB: r.SampleOrder[1], Cmp: r.Subset(r.SampleOrder[:2])}
	if d.Integer {
		rd := &rarefactionData{Available: true, Total: len(d.Alpha), Steps: 10}
		for _, i := range d.Included {
			pts, _, err := report.RarefactionCurve(r.Table().Columns[i], 10, rand.NewPCG(1, uint64(i)), nil)
			if err != nil {
				t.Fatal(err)
			}
			rd.Curves = append(rd.Curves, struct {
				ID     string              `json:"id"`
				Points []report.CurvePoint `json:"points"`
			}{r.SampleOrder[i], pts})
		}
		s.Rare = rd
	}
	return s
}

func renderResearchPage(r *view.Report, rs researchState, lang Lang) string {
	return app.HTMLString(&Analyser{Lang: lang, state: State{Status: StatusDone, Report: r, Run: 1, Rank: "genus"}, research: rs})
}

// renderAllTabs renders research mode once per tab, with every data
// table opened, and joins the pages.
func renderAllTabs(r *view.Report, rs researchState, lang Lang) string {
	rs.Twins = map[string]bool{"research-pcoa-table": true, "research-heatmap-table": true, "research-rarefaction-table": true}
	var b strings.Builder
	for _, tab := range researchTabs {
		rs.Tab = tab
		b.WriteString(renderResearchPage(r, rs, lang))
	}
	return b.String()
}

func TestResearchClosedAndSingleSample(t *testing.T) {
	r := tinyReport(t, "tiny.biom")
	h := renderResearchPage(r, researchState{}, EN)
	for _, want := range []string{`id="research-open"`, `aria-expanded="false"`, "Research mode", `data-status="idle"`} {
		if !strings.Contains(h, want) {
			t.Errorf("closed research mode lacks %s", want)
		}
	}
	if strings.Contains(h, `id="research-alpha"`) {
		t.Error("closed research mode shows the alpha table")
	}
	// A state of another report is not shown.
	other := tinyReport(t, "tiny.biom")
	if h := renderResearchPage(r, researchFor(t, other, "genus"), EN); strings.Contains(h, `id="research-alpha"`) {
		t.Error("research of another report is shown")
	}
	one := tinyReport(t, "tiny-mpa3.txt")
	if len(one.SampleOrder) < 2 {
		if h := renderResearchPage(one, researchState{}, EN); strings.Contains(h, `research-open`) {
			t.Error("a single-sample table offers research mode")
		}
	}
	// Loading.
	h = renderResearchPage(r, researchState{rep: r, Open: true, Status: StatusRunning}, EN)
	if !strings.Contains(h, "Computing diversity") || strings.Contains(tagWith(h, `id="research-open"`), `aria-expanded="false"`) /* HTMLString writes "true" bare */ {
		t.Error("research mode while loading lacks its message")
	}
	h = renderResearchPage(r, researchState{rep: r, Open: true, Status: StatusFailed, Err: "boom"}, EN)
	if !strings.Contains(h, `id="research-error"`) || !strings.Contains(h, "boom") {
		t.Error("a failed research load shows no error")
	}
}

func TestResearchViews(t *testing.T) {
	r := tinyReport(t, "tiny.biom")
	rs := researchFor(t, r, "genus")
	rs.Sort, rs.Desc = "shannon_ln", true
	rs.Alpha.Sort, rs.Alpha.Desc = "shannon_ln", true
	rs.Focus = "S2"
	h := renderAllTabs(r, rs, EN)
	s1 := rs.Alpha.Rows[0]
	wants := []string{
		// alpha table: every metric with full precision, sortable headers
		`id="research-alpha-table"`, `data-sort="shannon_ln"`, `aria-sort="descending"`, `aria-sort="none"`,
		`data-metric="chao1"`, `data-metric="goods_coverage"`, "Good&#39;s coverage",
		`id="research-alpha-csv"`, `id="research-json"`,
		"Left out of the distances and the PCoA because they are empty: S4.",
		// PCoA
		`id="research-pcoa-chart"`, `data-method="` + rs.Sum.PCoA.Method + `"`,
		fmt.Sprintf(`data-x="%v"`, float64(rs.Sum.PCoA.X[0])), `tabindex="0"`, `class="point-label"`,
		"PCo1 (", " explained)", `id="research-pcoa-table"`, `id="research-pcoa-svg"`, `id="research-pcoa-png"`, `id="research-pcoa-csv"`,
		// heatmap (SVG for a small table), legend, table twin
		`id="research-heatmap-chart"`, `class="cell"`, `data-taxon="Bacteroides"`, `id="research-viridis"`, "Share of the sample",
		`id="research-heatmap-table"`,
		// rarefaction
		`id="research-rarefaction-chart"`, `class="curve"`, ` data-available`, `id="research-rarefaction-table"`,
		// comparison
		`id="research-cmp-a"`, `id="research-cmp-b"`, `id="research-compare-table"`, `data-taxon="Bacteroides"`,
	}
	for _, want := range wants {
		if !strings.Contains(h, want) {
			t.Errorf("research views lack %s", want)
		}
	}
	for _, want := range []string{`role="tablist"`, `role="tab"`, `id="research-tab-rarefaction"`, `role="tabpanel"`} {
		if !strings.Contains(h, want) {
			t.Errorf("research tabs lack %s", want)
		}
	}
	// A closed data table is not built.
	rs.Twins, rs.Tab = nil, "pcoa"
	if closed := renderResearchPage(r, rs, EN); tagWith(closed, `id="research-pcoa-table"`) != "" || !strings.Contains(closed, `id="research-pcoa-table-details"`) {
		t.Error("a closed data table is built, or its details are missing")
	}
	if strings.Contains(h, "style=") {
		t.Error("research views use an inline style (the CSP forbids it)")
	}
	if strings.Contains(h, "research-countonly") || strings.Contains(h, "research-pcoa-topk") {
		t.Error("a count table with an exact PCoA shows the relative-abundance or top-k note")
	}
	// S4 (zero-sum) shows "–" for Shannon, with its reason.
	if tag := tagWith(h, `data-metric="shannon_ln"`, `data-value="null"`, `title="not defined for this sample"`); !strings.HasSuffix(tag, ">–") {
		t.Errorf("the empty sample's Shannon is not shown as – with a reason: %q", tag)
	}
	for _, m := range []int{4, 12, 16} { // Shannon, Chao1, Fisher's α in full precision
		if tagWith(h, `data-metric="`+report.AlphaKeys[m]+`"`, fmt.Sprintf(`data-value="%v"`, float64(s1.Values[m]))) == "" {
			t.Errorf("S1 %s is not shown with full precision", report.AlphaKeys[m])
		}
	}
}

func TestResearchRelativeAbundance(t *testing.T) {
	r := tinyReport(t, "tiny.tsv")
	if r.Input.Integer {
		r = tinyReport(t, "tiny-mpa4.txt")
	}
	if len(r.SampleOrder) < 2 || r.Input.Integer {
		t.Skip("no multi-sample relative-abundance table in testdata")
	}
	h := renderAllTabs(r, researchFor(t, r, "genus"), EN)
	for _, want := range []string{`id="research-countonly"`, `title="needs read counts; this table holds relative abundances"`, `id="research-rare-none"`, `data-available="false"`} {
		if !strings.Contains(h, want) {
			t.Errorf("a relative-abundance table's research mode lacks %s", want)
		}
	}
}

func TestResearchMetadataColours(t *testing.T) {
	r := tinyReport(t, "tiny.biom")
	rs := researchFor(t, r, "genus")
	rs.Sum.Fields = []pcoaField{{Name: "group", Levels: []string{"a", "b"}, Of: []int{0, 1, 1}}}
	rs.Colour = "group"
	rs.Tab = "pcoa"
	h := renderResearchPage(r, rs, EN)
	for _, want := range []string{`id="research-colour"`, `id="research-pcoa-legend"`, `fill="` + palette[0] + `"`, `fill="` + palette[1] + `"`} {
		if !strings.Contains(h, want) {
			t.Errorf("PCoA coloured by metadata lacks %s", want)
		}
	}
}

func TestResearchBigTable(t *testing.T) {
	r := tinyReport(t, "tiny.biom")
	rs := researchFor(t, r, "genus")
	// As the engine answers for a big table: a heatmap page of a canvas
	// heatmap, a top-k PCoA, the first rows of a 5,000-row alpha table.
	rs.Heat.Total = 5000
	rs.Sum.PCoA.TopK, rs.Sum.PCoA.Method = true, "lanczos-topk"
	rs.Alpha.Total = 5000
	h := renderAllTabs(r, rs, EN)
	for _, want := range []string{`<canvas`, `id="research-heatmap-chart"`, ` data-canvas`, `id="research-pcoa-topk"`,
		`id="research-heatmap-table-box"`, `id="research-alpha-table-box"`, `aria-rowcount="5001"`, `aria-rowindex="4"`} {
		if !strings.Contains(h, want) {
			t.Errorf("big-table research mode lacks %s", want)
		}
	}
	if strings.Contains(h, `class="cell"`) {
		t.Error("a big heatmap is drawn as SVG cells")
	}
	// The alpha table builds the rows of its box (the 4 at hand, then rows
	// waiting for their values), and one empty row of the height of the
	// others below.
	rs.Tab = "alpha"
	if n := strings.Count(renderResearchPage(r, rs, EN), `aria-rowindex=`); n != 1+vtableShownGuess+2*vtableOverscan {
		t.Errorf("the alpha table of 5,000 samples builds %d rows, want %d", n-1, vtableShownGuess+2*vtableOverscan)
	}
	rest := 5000 - vtableShownGuess - 2*vtableOverscan
	if tagWith(h, `class="spacer"`, fmt.Sprintf(`height="%d"`, int(math.Round(float64(rest)*vtableRowGuess)))) == "" {
		t.Errorf("the alpha table lacks a spacer row for the %d rows not built", rest)
	}
}

// The PCoA of a big table is drawn in Go into one picture: 4 × 4 squares,
// 80 % opaque, later points over earlier ones.
func TestPointsPicture(t *testing.T) {
	px := pointsPicture(nil, 10, 10, []float64{3, 4, math.NaN()}, []float64{3, 3, 1}, []uint8{0, 1, 2})
	at := func(x, y int) [4]byte { o := 4 * (10*y + x); return [4]byte{px[o], px[o+1], px[o+2], px[o+3]} }
	// palette[0] #E69F00 alone at (1, 1); 0.8 × 255 = 204.
	if got, want := at(1, 1), [4]byte{0xE6, 0x9F, 0x00, 204}; got != want {
		t.Errorf("pixel (1, 1) = %v, want %v", got, want)
	}
	// palette[1] #56B4E9 alone at (5, 2).
	if got, want := at(5, 2), [4]byte{0x56, 0xB4, 0xE9, 204}; got != want {
		t.Errorf("pixel (5, 2) = %v, want %v", got, want)
	}
	// Both at (3, 2): alpha 0.8 + 0.8 × 0.2 = 0.96; colour (0.8 c₁ + 0.16 c₀) / 0.96,
	// within 1 of rounding.
	want := [4]float64{(0.8*0x56 + 0.16*0xE6) / 0.96, (0.8*0xB4 + 0.16*0x9F) / 0.96, (0.8*0xE9 + 0.16*0x00) / 0.96, 0.96 * 255}
	for k, got := range at(3, 2) {
		if math.Abs(float64(got)-want[k]) > 1 {
			t.Errorf("pixel (3, 2) = %v, want %v", at(3, 2), want)
			break
		}
	}
	// Nothing outside the squares, and no point for a NaN.
	if at(0, 0) != ([4]byte{}) || at(9, 9) != ([4]byte{}) || at(1, 0) != ([4]byte{}) {
		t.Errorf("pixels outside the squares: %v %v %v", at(0, 0), at(9, 9), at(1, 0))
	}
}

// The summary's packed PCoA points read back as the engine wrote them.
func TestUnpackSummary(t *testing.T) {
	order := []string{"A", "B", "C"}
	var at, xy []byte
	for _, p := range []struct {
		k    uint32
		x, y float64
	}{{0, 0.5, -1}, {2, 1e-300, math.NaN()}} {
		at = binary.LittleEndian.AppendUint32(at, p.k)
		xy = binary.LittleEndian.AppendUint64(xy, math.Float64bits(p.x))
		xy = binary.LittleEndian.AppendUint64(xy, math.Float64bits(p.y))
	}
	b64 := base64.StdEncoding.EncodeToString
	s := &researchSummary{PCoA: &pcoaData{Samples: b64(at), XY: b64(xy)},
		Fields: []pcoaField{{Name: "g", Levels: []string{"x", "y"}, Packed: b64([]byte{1, 0})}}}
	if err := s.unpack(order); err != nil {
		t.Fatal(err)
	}
	p := s.PCoA
	if strings.Join(p.IDs, ",") != "A,C" || p.X[0] != 0.5 || p.Y[0] != -1 || p.X[1] != 1e-300 || !math.IsNaN(p.Y[1]) || fmt.Sprint(s.Fields[0].Of) != "[1 0]" {
		t.Errorf("unpacked %v %v %v, levels %v", p.IDs, p.X, p.Y, s.Fields[0].Of)
	}
	for _, bad := range []*researchSummary{
		{PCoA: &pcoaData{Samples: b64(at), XY: b64(xy[:16])}},                                                                     // a point without coordinates
		{PCoA: &pcoaData{Samples: b64([]byte{9, 0, 0, 0}), XY: b64(xy[:16])}},                                                     // no sample 9
		{PCoA: &pcoaData{Samples: "!", XY: ""}},                                                                                   // not base64
		{PCoA: &pcoaData{Samples: b64(at), XY: b64(xy)}, Fields: []pcoaField{{Packed: ""}}},                                       // no levels
		{PCoA: &pcoaData{Samples: b64(at), XY: b64(xy)}, Fields: []pcoaField{{Levels: []string{"x"}, Packed: b64([]byte{1, 0})}}}, // level 1 of 1
	} {
		if err := bad.unpack(order); err == nil {
			t.Errorf("unpack(%+v) = nil, want an error", bad.PCoA)
		}
	}
}

func TestResearchDutch(t *testing.T) {
	r := tinyReport(t, "tiny.biom")
	h := renderAllTabs(r, researchFor(t, r, "genus"), NL)
	for _, want := range []string{"Onderzoeksmodus", "Alfadiversiteit per monster", "Verdunningscurven", "Vergelijk twee monsters", "verklaard"} {
		if !strings.Contains(h, want) {
			t.Errorf("Dutch research mode lacks %q", want)
		}
	}
	if v := alphaText(NL, "shannon_ln", 1.5); v != "1,500" {
		t.Errorf("alphaText(NL, 1.5) = %q", v)
	}
	if v := alphaText(EN, "total", 548); v != "548" {
		t.Errorf("alphaText(total 548) = %q", v)
	}
}

func TestNiceTicks(t *testing.T) {
	got := niceTicks(-0.43, 0.51, 5)
	if len(got) < 3 || got[0] < -0.43 || got[len(got)-1] > 0.51 {
		t.Errorf("niceTicks = %v", got)
	}
	if s := newScale([]float64{math.NaN(), 2, 2}, 0, 100); !(s.lo < 2 && s.hi > 2) {
		t.Errorf("scale of a constant = %+v", s)
	}
}

// tagWith returns the first start tag with all the attributes (in any
// order: HTMLString writes them in map order), with the text after it.
func tagWith(h string, attrs ...string) string {
	for i := 0; i < len(h); {
		j := strings.IndexByte(h[i:], '<')
		if j < 0 {
			return ""
		}
		i += j
		k := strings.IndexByte(h[i:], '>')
		if k < 0 {
			return ""
		}
		tag := h[i : i+k+1]
		ok := true
		for _, a := range attrs {
			ok = ok && strings.Contains(tag, a)
		}
		if ok {
			end := strings.IndexByte(h[i+k+1:], '<')
			if end < 0 {
				end = 0
			}
			return tag + h[i+k+1:i+k+1+end]
		}
		i += k + 1
	}
	return ""
}

// printNoteOf returns the print note of table id in page h: its tag and
// its text.
func printNoteOf(t *testing.T, h, id string) (tag, text string) {
	t.Helper()
	tag = tagWith(h, `id="`+id+`-print"`)
	if tag == "" {
		t.Fatalf("%s has no print note", id)
	}
	k := strings.IndexByte(tag, '>') + 1 // tagWith adds the text after the tag
	return tag[:k], strings.TrimSpace(html.UnescapeString(tag[k:]))
}

// The print note under a virtualised table states the rows built with
// their values: those of the window at hand, or, while the page is
// prepared for printing, the first rows, in English and in Dutch.
func TestResearchPrintNote(t *testing.T) {
	r := tinyReport(t, "tiny.biom")
	rs := researchFor(t, r, "genus")
	n := len(rs.Alpha.Rows)
	rs.Alpha.Total = 5452
	rs.Tab = "alpha"
	render := func(lang Lang, printing bool) string {
		return app.HTMLString(&Analyser{Lang: lang, state: State{Status: StatusDone, Report: r, Run: 1, Rank: "genus"}, research: rs,
			print: printState{on: printing}})
	}
	h := render(EN, false)
	tag, text := printNoteOf(t, h, "research-alpha-table")
	want := fmt.Sprintf("Rows 1–%d of 5,452 are printed. All rows: Download CSV (alpha-diversity.csv). To print the first 100 rows, use “Print / save as PDF” at the top of the report.", n)
	if text != want {
		t.Errorf("print note:\n%s\nwant\n%s", text, want)
	}
	for _, a := range []string{`data-total="5452"`, fmt.Sprintf(`data-rows="%d"`, n), `data-first="1"`, fmt.Sprintf(`data-last="%d"`, n), `class="print-note print-only"`} {
		if !strings.Contains(tag, a) {
			t.Errorf("print note %s lacks %s", tag, a)
		}
	}
	if !strings.Contains(h, `id="research-print"`) || !strings.Contains(h, "This printout holds one view of research mode: “Alpha diversity”. The other views (PCoA, Heatmap, Rarefaction, Compare samples) are not printed.") {
		t.Error("research mode does not say which view is printed")
	}

	// Prepared for printing: the first 100 rows are built, those without
	// their values yet (all but n) wait, and are not counted.
	h = render(EN, true)
	if got := strings.Count(h, `aria-rowindex=`) - 1; got != printFirst {
		t.Errorf("prepared for printing, the alpha table builds %d rows, want %d", got, printFirst)
	}
	tag, text = printNoteOf(t, h, "research-alpha-table")
	if want := fmt.Sprintf("Rows 1–%d of 5,452 are printed. All rows: Download CSV (alpha-diversity.csv).", n); text != want {
		t.Errorf("prepared for printing, print note:\n%s\nwant\n%s", text, want)
	}
	if !strings.Contains(tag, `data-ready="false"`) || !strings.Contains(tag, fmt.Sprintf(`data-pending="%d"`, printFirst-n)) {
		t.Errorf("prepared for printing with rows waiting, the print note is %s", tag)
	}

	h = render(NL, false)
	_, text = printNoteOf(t, h, "research-alpha-table")
	if want := fmt.Sprintf("Rijen 1–%d van 5.452 zijn afgedrukt. Alle rijen: Download CSV (alpha-diversity.csv). Wilt u de eerste 100 rijen afdrukken? Gebruik dan “Afdrukken / opslaan als pdf” boven aan het rapport.", n); text != want {
		t.Errorf("Dutch print note:\n%s\nwant\n%s", text, want)
	}

	// A small table: all its rows, in the window at hand.
	rs.Alpha.Total = n
	_, text = printNoteOf(t, render(EN, false), "research-alpha-table")
	if want := fmt.Sprintf("All %d rows of this table are printed.", n); text != want {
		t.Errorf("small table's print note: %s, want %s", text, want)
	}

	// A closed data table is not printed, and the printout says so.
	rs.Tab = "pcoa"
	_, text = printNoteOf(t, render(EN, false), "research-pcoa-table")
	if want := "The data table is not printed. All values: Download CSV (pcoa-braycurtis.csv)."; text != want {
		t.Errorf("closed PCoA data table's print note: %s, want %s", text, want)
	}
}

func TestPrintRowsAndRanges(t *testing.T) {
	for _, c := range []struct{ total, want int }{{0, 0}, {6, 6}, {300, 300}, {301, 100}, {5452, 100}} {
		if got := printRows(c.total); got != c.want {
			t.Errorf("printRows(%d) = %d, want %d", c.total, got, c.want)
		}
	}
	var r rowRanges
	for _, i := range []int{0, 1, 2, 9, 20, 21} {
		r = r.add(i)
	}
	if got := r.text(EN); got != "1–3, 10, 21–22" || r.count() != 6 {
		t.Errorf("rows %v read %q (%d)", r, got, r.count())
	}
	for _, c := range []struct {
		n      int
		en, nl string
	}{{0, "0", "0"}, {999, "999", "999"}, {1000, "1,000", "1.000"}, {5452, "5,452", "5.452"}, {1234567, "1,234,567", "1.234.567"}, {-1234, "-1,234", "-1.234"}} {
		if en, nl := EN.Int(c.n), NL.Int(c.n); en != c.en || nl != c.nl {
			t.Errorf("Int(%d) = %q, %q; want %q, %q", c.n, en, nl, c.en, c.nl)
		}
	}
}

// TestAskedWindow checks the row windows a virtualised table asks the
// engine for: around the rows wanted, not again while they are coming,
// again once they came or when rows outside it are wanted.
func TestAskedWindow(t *testing.T) {
	var w asked
	off, lim, ok := w.next(100, 120)
	if !ok || lim != rowWindow || off != max(0, 100-(rowWindow-20)/2) {
		t.Fatalf("first window: %d+%d %v", off, lim, ok)
	}
	if _, _, ok := w.next(off, off+lim); ok {
		t.Error("rows of the window being asked for were asked again")
	}
	if _, _, ok := w.next(off+lim, off+lim+10); !ok {
		t.Error("rows outside the window were not asked for")
	}
	off2 := w.offset
	w.came(off) // an older answer does not end the newer request
	if !w.pending {
		t.Error("an older answer marked the newer window as come")
	}
	w.came(off2)
	if _, _, ok := w.next(off2, off2+1); !ok {
		t.Error("rows were not asked for again after their window came")
	}
	if _, lim, _ := (&asked{}).next(0, 3*rowWindow); lim != 3*rowWindow {
		t.Errorf("a print window of %d rows was cut to %d", 3*rowWindow, lim)
	}
}
