package app

import (
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/gutlens/gutlens/analysis/report"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

func sunFor(t *testing.T, lang Lang, file, id string) (*Sunburst, *report.TaxonTree) {
	t.Helper()
	e := tinyEngine(t, file)
	tree, err := e.Hierarchy(id)
	if err != nil {
		t.Fatal(err)
	}
	r := asView(t, e)
	c := &Sunburst{Lang: lang, Report: r, IDs: r.SampleOrder, open: true, sample: id}
	c.show(tree)
	return c, tree
}

// Closed, the sunburst is one summary line: nothing else is built.
func TestSunburstClosed(t *testing.T) {
	r := tinyReport(t, "tiny.biom")
	h := render(State{CardsShown: pageSize, Status: StatusDone, Report: r, Run: 1})
	if !strings.Contains(h, `id="sunburst-details"`) || strings.Contains(h, `id="sun-svg"`) || strings.Contains(h, `id="sun-tree"`) {
		t.Errorf("closed sunburst:\n%s", h)
	}
}

// Open while the tree loads, failed, or for an empty sample: a line of
// text, no chart (and no panic: the whole page would stop).
func TestSunburstStates(t *testing.T) {
	e := tinyEngine(t, "tiny.biom")
	empty, err := e.Hierarchy("S4")
	if err != nil {
		t.Fatal(err)
	}
	r := asView(t, e)
	for _, c := range []struct {
		s    *Sunburst
		want string
	}{
		{&Sunburst{Lang: EN, Report: r, IDs: r.SampleOrder, open: true, loading: true}, "Loading the taxa of S1"},
		{&Sunburst{Lang: EN, Report: r, IDs: r.SampleOrder, open: true, err: "boom"}, "could not be shown: boom"},
		{&Sunburst{Lang: EN, Report: r, IDs: r.SampleOrder, open: true, sample: "S4", tree: empty}, "no content"},
	} {
		h := app.HTMLString(c.s)
		if !strings.Contains(h, c.want) || strings.Contains(h, `id="sun-svg"`) {
			t.Errorf("want %q:\n%s", c.want, h)
		}
	}
}

func TestSunburstRender(t *testing.T) {
	c, tree := sunFor(t, EN, "tiny.biom", "S1")
	h := app.HTMLString(c)
	// The top level rows: one per child of the root, with full shares.
	rows := regexp.MustCompile(`<tr [^>]*aria-level="1"[^>]*>`).FindAllString(h, -1)
	if len(rows) != len(tree.Nodes[0].Children) {
		t.Fatalf("%d top-level rows, want %d", len(rows), len(tree.Nodes[0].Children))
	}
	for k, ci := range tree.Nodes[0].Children {
		n := tree.Nodes[ci]
		if !strings.Contains(rows[k], `data-node="`+n.ID+`"`) || !strings.Contains(rows[k], `data-share="`+full(float64(n.Share))+`"`) {
			t.Errorf("row %d = %s, want node %s share %v", k, rows[k], n.ID, float64(n.Share))
		}
	}
	// Lazy: no row below the top level until one is opened.
	if strings.Contains(h, `aria-level="2"`) {
		t.Error("rows below closed rows are built")
	}
	// One arc per node with a visible share, geometry in attributes only.
	arcs := regexp.MustCompile(`<path [^>]*class="arc"`).FindAllString(h, -1)
	if len(arcs) != len(tree.Nodes)-1 {
		t.Errorf("%d arcs for %d nodes", len(arcs), len(tree.Nodes)-1)
	}
	for _, want := range []string{`role="treegrid"`, `aria-expanded="false"`, `aria-current="location"`, `id="sun-svg"`,
		`Faecalibacterium`, "press Enter to zoom in", `tabindex="0"`} {
		if !strings.Contains(h, want) {
			t.Errorf("sunburst lacks %s", want)
		}
	}
	if strings.Contains(h, "style=") {
		t.Error("the sunburst uses inline styles (the CSP forbids them)")
	}
	// Colours: Firmicutes's subtree starts from its palette colour and
	// gets lighter; unclassified is light grey.
	cols := phylumColours(tree)
	if cols["Firmicutes"] != palette[0] || cols["Bacteroidetes"] != palette[4] {
		t.Errorf("phylum colours %v", cols)
	}
	for i, n := range tree.Nodes {
		switch {
		case n.Kind == "taxon" && n.Rank == "phylum":
			if got := nodeColour(tree, cols, i); got != cols[n.Name] {
				t.Errorf("%s drawn %s", n.ID, got)
			}
		case n.Kind == "taxon" && n.Rank == "genus" && n.Phylum == "Firmicutes":
			if got := nodeColour(tree, cols, i); got == cols["Firmicutes"] || !strings.Contains(h, `fill="`+got+`"`) {
				t.Errorf("%s drawn %s", n.ID, got)
			}
		}
	}
}

// Zooming centres a node, opens the path to it in the table and shows it
// in the breadcrumb; the table's keyboard opens and closes rows.
func TestSunburstZoomAndKeys(t *testing.T) {
	c, tree := sunFor(t, EN, "tiny.biom", "S1")
	var firm int
	for i, n := range tree.Nodes {
		if n.ID == "Bacteria|Firmicutes" {
			firm = i
		}
	}
	c.zoom(firm)
	h := app.HTMLString(c)
	crumb := regexp.MustCompile(`<span [^>]*id="sun-focus"[^>]*>`).FindString(h)
	if !strings.Contains(h, `data-focus="Bacteria|Firmicutes"`) || !strings.Contains(crumb, `data-node="Bacteria|Firmicutes"`) || !strings.Contains(crumb, `aria-current="location"`) {
		t.Errorf("zoom did not centre Firmicutes")
	}
	if !strings.Contains(h, `aria-level="2"`) || !strings.Contains(h, `aria-level="3"`) || strings.Contains(h, `aria-level="4"`) {
		t.Error("zooming should open the rows down to the node's children")
	}
	// The arcs are the subtree of Firmicutes alone.
	for _, m := range regexp.MustCompile(`class="arc"[^>]*data-node="([^"]*)"`).FindAllStringSubmatch(h, -1) {
		if !strings.HasPrefix(m[1], "Bacteria|Firmicutes|") {
			t.Errorf("arc %s outside the zoomed node", m[1])
		}
	}
	// Zooming into a leaf centres its parent.
	leaf := len(tree.Nodes) - 1
	c.zoom(leaf)
	if c.focus != tree.Nodes[leaf].Parent {
		t.Errorf("leaf zoom centres %d, want %d", c.focus, tree.Nodes[leaf].Parent)
	}
	// Back to the root, rows visible are top level plus what is opened.
	c.zoom(0)
	if got := len(c.visible()); got < len(tree.Nodes[0].Children) {
		t.Errorf("%d rows visible", got)
	}
}

func TestSunburstDutch(t *testing.T) {
	c, _ := sunFor(t, NL, "tiny.biom", "S1")
	h := app.HTMLString(c)
	for _, want := range []string{"Heel monster", "druk op Enter", "Aandeel in het monster", "domein"} {
		if !strings.Contains(h, want) {
			t.Errorf("Dutch sunburst lacks %q", want)
		}
	}
}

func TestArcPath(t *testing.T) {
	if got := arcPath(0, 3.14159265/2, 10, 20); got != "M0.000 -20.000 A20.000 20.000 0 0 1 20.000 -0.000 L10.000 -0.000 A10.000 10.000 0 0 0 0.000 -10.000 Z" {
		t.Errorf("quarter ring: %s", got)
	}
	if got := arcPath(0, 2*3.141592653589793, 10, 20); strings.Count(got, "M") != 2 {
		t.Errorf("full ring: %s", got)
	}
	if lighten("#000000", 0.5) != "#808080" || inkOn("#0072B2") != "#FFFFFF" || inkOn("#F0E442") != "#000000" {
		t.Errorf("lighten/inkOn: %s %s %s", lighten("#000000", 0.5), inkOn("#0072B2"), inkOn("#F0E442"))
	}
	_ = strconv.Itoa
}

// TestArcLabel checks where sunburst labels go: along the ring (tangent at
// the sector's middle), never upside down, and only where they fit.
func TestArcLabel(t *testing.T) {
	deg := func(d float64) float64 { return d * math.Pi / 180 }
	for _, tc := range []struct {
		name           string
		a0, a1, r0, r1 float64
		want           string // the rotation, "" for no label
	}{
		{"top, wide arc", deg(-30), deg(30), 60, 75, "rotate(0.000 "},
		{"3 o'clock reads downwards", deg(60), deg(120), 60, 75, "rotate(90.000 "},
		{"bottom is not upside down", deg(150), deg(210), 60, 75, "rotate(0.000 "},
		{"9 o'clock reads upwards", deg(240), deg(300), 60, 75, "rotate(-90.000 "},
		{"narrow arc", deg(0), deg(3), 60, 75, ""},
		{"ring thinner than the text", deg(-30), deg(30), 60, 64, ""},
		{"straight text would leave a small inner ring", deg(-80), deg(80), 22, 30, ""},
	} {
		lb := arcLabel("Bacteroides", tc.a0, tc.a1, tc.r0, tc.r1)
		if tc.want == "" {
			if lb != nil {
				t.Errorf("%s: a label where it does not fit", tc.name)
			}
			continue
		}
		if lb == nil {
			t.Errorf("%s: no label", tc.name)
			continue
		}
		if html := app.HTMLString(lb); !strings.Contains(html, `transform="`+tc.want) || !strings.Contains(html, ">Bacteroides<") {
			t.Errorf("%s: %s, want transform %q…", tc.name, html, tc.want)
		}
	}
}
