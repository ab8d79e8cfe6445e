package app

import (
	"encoding/xml"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/gutlens/gutlens/analysis/report/view"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// compState is a finished report on tiny.biom with its genus composition
// shown, the samples in order (nil: the file's) and the table open.
func compState(t *testing.T, order []string, key, band string) State {
	t.Helper()
	e := tinyEngine(t, "tiny.biom")
	c, err := e.Composition("genus")
	if err != nil {
		t.Fatal(err)
	}
	return State{Status: StatusDone, Report: asView(t, e), CardsShown: pageSize, Rank: "genus",
		Composition: c, CompTableOpen: true, CompSort: key, CompBand: band, Order: order}
}

// matches lists the first submatch of every match of re in h, in order.
func matches(h, re string) []string {
	var out []string
	for _, m := range regexp.MustCompile(re).FindAllStringSubmatch(h, -1) {
		out = append(out, m[1])
	}
	return out
}

// samplesOf lists the data-sample of the tags tag matches, in order.
func samplesOf(h, tag string) []string {
	var out []string
	for _, t := range regexp.MustCompile(tag).FindAllString(h, -1) {
		if m := regexp.MustCompile(`data-sample="([^"]*)"`).FindStringSubmatch(t); m != nil {
			out = append(out, m[1])
		}
	}
	return out
}

// options lists the options of the select with the id, in order, and
// which is selected (HTMLString writes attributes in any order).
func options(h, id string) (values []string, selected string) {
	i := strings.Index(h, `id="`+id+`"`)
	if i < 0 {
		return nil, ""
	}
	sel := h[i:]
	sel = sel[:strings.Index(sel, "</select>")]
	for _, tag := range regexp.MustCompile(`<option[^>]*>`).FindAllString(sel, -1) {
		v := regexp.MustCompile(`value="([^"]*)"`).FindStringSubmatch(tag)[1]
		values = append(values, v)
		if regexp.MustCompile(`\sselected(\s|>|="true")`).MatchString(tag) {
			selected = v
		}
	}
	return values, selected
}

// The order is the bars', the table columns' and the cards'.
func TestRenderCompositionOrder(t *testing.T) {
	order := []string{"S3", "S1", "S2", "S4"}
	h := render(compState(t, order, view.SortDominant, ""))
	if got := samplesOf(h, `<div[^>]*class="bar-row"[^>]*>`); !slices.Equal(got, order) {
		t.Errorf("bars in order %v, want %v", got, order)
	}
	table := h[strings.Index(h, `id="composition-table"`):]
	table = table[:strings.Index(table, "</thead>")]
	if got := matches(table, `<th scope="col">(S\d)</th>`); !slices.Equal(got, order) {
		t.Errorf("table columns in order %v, want %v", got, order)
	}
	if got := samplesOf(h, `<article[^>]*class="sample[^>]*>`); !slices.Equal(got, order) {
		t.Errorf("cards in order %v, want %v", got, order)
	}
	if _, sel := options(h, "comp-sort"); sel != view.SortDominant {
		t.Errorf("the order selected is %q", sel)
	}
	for _, want := range []string{`data-sort="dominant"`, `id="comp-export-svg"`, `id="comp-export-png"`, `id="comp-export-csv"`, "Download CSV"} {
		if !strings.Contains(h, want) {
			t.Errorf("composition lacks %s", want)
		}
	}
	if strings.Contains(h, `id="comp-sort-band"`) || strings.Contains(h, `id="comp-sort-note"`) {
		t.Error("a dominant order of one page shows the taxon choice or the note on pages")
	}
	// An order that is not of this report's samples is not used.
	s := compState(t, []string{"S3"}, view.SortName, "")
	if got := s.pageIDs(0); !slices.Equal(got, []string{"S1", "S2", "S3", "S4"}) {
		t.Errorf("pageIDs with a stale order = %v", got)
	}
}

// The taxon order offers every band, the chosen one selected.
func TestRenderCompositionTaxonSort(t *testing.T) {
	s := compState(t, []string{"S1", "S3", "S2", "S4"}, view.SortTaxon, "taxon:Bacteroides")
	h := render(s)
	var want []string
	for _, b := range s.Composition.Taxa {
		want = append(want, view.BandKey(b))
	}
	got, sel := options(h, "comp-sort-band")
	if !slices.Equal(got, want) {
		t.Errorf("band options %v, want %v", got, want)
	}
	if sel != "taxon:Bacteroides" || !strings.Contains(h, `<label for="comp-sort-band">`) {
		t.Errorf("the chosen band is not selected (%q) or not labelled", sel)
	}
	if _, sel := options(h, "comp-sort"); sel != view.SortTaxon {
		t.Errorf("the order selected is %q", sel)
	}
}

// Many samples: the note says the order is of all of them.
func TestRenderCompositionPagedNote(t *testing.T) {
	s := compState(t, nil, view.SortName, "")
	r := s.Report
	base := r.Samples["S1"]
	if base == nil {
		base = &view.Sample{}
	}
	r.SampleOrder, r.Samples = nil, map[string]*view.Sample{}
	for i := range 30 {
		id := fmt.Sprintf("P%d", i)
		r.SampleOrder = append(r.SampleOrder, id)
		r.Samples[id] = base
	}
	if h := render(s); !strings.Contains(h, "The order applies to all 30 samples") {
		t.Error("30 samples in pages: no note that the order is of all of them")
	}
	h := app.HTMLString(&Analyser{Lang: NL, state: s})
	if !strings.Contains(h, "De volgorde geldt voor alle 30 monsters") {
		t.Error("no Dutch note on the order of all samples")
	}
}

func TestRenderCompositionDutch(t *testing.T) {
	h := app.HTMLString(&Analyser{Lang: NL, state: compState(t, nil, view.SortTaxon, "other:Other")})
	for _, want := range []string{"Monsters sorteren op", "Volgorde in het bestand", "Naam van het monster", "Aandeel van een taxon (hoog naar laag)",
		"Shannon-diversiteit (hoog naar laag)", "Grootste taxon (gegroepeerd)", `>Overig</option>`} {
		if !strings.Contains(h, want) {
			t.Errorf("Dutch composition lacks %q", want)
		}
	}
	if _, sel := options(h, "comp-sort-band"); sel != "other:Other" {
		t.Errorf("the band selected is %q", sel)
	}
	for _, key := range view.SortKeys {
		for _, l := range []Lang{EN, NL} {
			if txt := l.T("comp.by." + key); txt == "comp.by."+key {
				t.Errorf("no %s text for the order %q", l, key)
			}
		}
	}
}

// The exported picture is one self-contained SVG document with every
// sample's name (in order) and every legend entry as text.
func TestCompositionSVG(t *testing.T) {
	s := compState(t, nil, "", "")
	c := s.Composition
	ids := []string{"S3", "S1", "S2", "S4"}
	// A name that needs escaping.
	c.Shares[`A&B <"x">`] = c.Shares["S1"]
	ids = append(ids, `A&B <"x">`)
	for _, l := range []Lang{EN, NL} {
		svg, w, h := compositionSVG(l, c, ids)
		if w <= 0 || h <= 0 || !strings.Contains(svg, fmt.Sprintf(`viewBox="0 0 %.2f %.2f"`, w, h)) {
			t.Errorf("%s: size %v × %v not in the viewBox", l, w, h)
		}
		var doc struct {
			XMLName xml.Name
			Texts   []struct {
				Class string `xml:"class,attr"`
				Text  string `xml:",chardata"`
			} `xml:"g>text"`
		}
		if err := xml.Unmarshal([]byte(svg), &doc); err != nil || doc.XMLName.Local != "svg" || doc.XMLName.Space != svgNS {
			t.Fatalf("%s: not an SVG document (%v):\n%s", l, err, svg)
		}
		var labels, bands []string
		for _, x := range doc.Texts {
			switch x.Class {
			case "sample":
				labels = append(labels, x.Text)
			case "band":
				bands = append(bands, x.Text)
			}
		}
		if !slices.Equal(labels, ids) {
			t.Errorf("%s: sample labels %q, want %q", l, labels, ids)
		}
		var want []string
		for _, b := range c.Taxa {
			want = append(want, bandName(l, b))
		}
		if !slices.Equal(bands, want) {
			t.Errorf("%s: legend %q, want %q", l, bands, want)
		}
		for _, bad := range []string{"style=", "<script", "href="} {
			if strings.Contains(svg, bad) {
				t.Errorf("%s: the SVG holds %s", l, bad)
			}
		}
		if title := l.T("comp.svgTitle", l.Rank("genus")); !strings.Contains(svg, ">"+title+"</text>") {
			t.Errorf("%s: no title %q", l, title)
		}
	}
	if svg, _, _ := compositionSVG(NL, c, ids); !strings.Contains(svg, ">Overig</text>") || !strings.Contains(svg, ">Samenstelling: aandeel van elke ") {
		t.Error("the Dutch SVG is not in Dutch")
	}
}

func TestSameIDs(t *testing.T) {
	for _, tc := range []struct {
		a, b []string
		want bool
	}{
		{nil, nil, true},
		{[]string{"a", "b"}, []string{"b", "a"}, true},
		{[]string{"a", "b"}, []string{"a", "c"}, false},
		{[]string{"a"}, []string{"a", "b"}, false},
	} {
		if got := sameIDs(tc.a, tc.b); got != tc.want {
			t.Errorf("sameIDs(%v, %v) = %v", tc.a, tc.b, got)
		}
	}
}

// TestTaxonName checks that the core's "<parent> (unclassified at <rank>)"
// is said in the reader's language and other names stay as they are.
func TestTaxonName(t *testing.T) {
	for _, tc := range []struct {
		lang       Lang
		name, want string
	}{
		{EN, "Lachnospiraceae (unclassified at genus)", "Lachnospiraceae (unclassified at genus)"},
		{NL, "Lachnospiraceae (unclassified at genus)", "Lachnospiraceae (geslacht onbekend)"},
		{NL, "Bacteria (unclassified at phylum)", "Bacteria (stam onbekend)"},
		{NL, "Faecalibacterium prausnitzii", "Faecalibacterium prausnitzii"},
		{NL, "Weird (unclassified at nothing)", "Weird (unclassified at nothing)"},
		{NL, "[Ruminococcus]", "[Ruminococcus]"},
	} {
		if got := taxonName(tc.lang, tc.name); got != tc.want {
			t.Errorf("%v %q: %q, want %q", tc.lang, tc.name, got, tc.want)
		}
	}
}
