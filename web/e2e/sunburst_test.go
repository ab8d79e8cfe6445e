//go:build e2e

package e2e

import (
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gutlens/gutlens/analysis/report"
)

// sunTree is the tree of one sample of file, computed natively.
func sunTree(t *testing.T, file, sample string) *report.TaxonTree {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	r, err := report.Analyse(data, filepath.Base(file), "native", nil)
	if err != nil {
		t.Fatal(err)
	}
	h, err := r.Hierarchy(sample)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

type sunRow struct {
	Node  string `json:"node"`
	Share string `json:"share"`
	Level string `json:"level"`
}

const jsSunRows = `[...document.querySelectorAll("#sun-tree tbody tr")].map(tr =>
  ({node: tr.dataset.node, share: tr.dataset.share, level: tr.getAttribute("aria-level")}))`

// The sunburst of the bundled sample: its tree table's top level matches
// report.Hierarchy computed natively, the keyboard zooms and moves through
// the table, and nothing breaks the Content-Security-Policy.
func TestSunburst(t *testing.T) {
	file := filepath.Join(root(t), "web", "static", "sample", "gutlens-sample.biom")
	c, downloads := openSample(t)

	// Open the sunburst, as a user does.
	c.click("#sunburst-details > summary")
	if err := c.poll(`document.querySelector("#sun-svg") !== null && document.querySelectorAll("#sun-tree tbody tr").length > 0`, 30*time.Second); err != nil {
		t.Fatalf("the sunburst never appeared (%v): %v", err, c.eval(`document.querySelector("#sunburst").outerHTML.slice(0, 2000)`))
	}
	sample := evalJS[string](c, `document.querySelector("#sunburst").dataset.sample`)
	want := sunTree(t, file, sample)

	// The chart downloads as SVG, made in the page.
	c.click("#sun-export-svg")
	svgPath := filepath.Join(downloads, "sunburst-"+sample+".svg")
	for i := 0; i < 100 && !fileExists(svgPath); i++ {
		time.Sleep(50 * time.Millisecond)
	}
	if b, err := os.ReadFile(svgPath); err != nil || !strings.Contains(string(b), "<svg") || !strings.Contains(string(b), `class="arc`) {
		t.Errorf("sunburst SVG download: %v (%d bytes)", err, len(b))
	}

	// The top level of the table is the root's children, in order, with
	// the native shares to full precision.
	rows := evalJS[[]sunRow](c, jsSunRows)
	top := want.Nodes[0].Children
	if len(rows) != len(top) {
		t.Fatalf("the table shows %d rows, natively %d top-level nodes", len(rows), len(top))
	}
	sum := 0.0
	for k, i := range top {
		n := want.Nodes[i]
		sum += sunParse(t, rows[k].Share)
		if rows[k].Node != n.ID || rows[k].Level != "1" || !sunClose(sunParse(t, rows[k].Share), float64(n.Share)) {
			t.Errorf("row %d = %+v, natively %s %v", k, rows[k], n.ID, float64(n.Share))
		}
	}
	if sum < 1-1e-9 || sum > 1+1e-9 {
		t.Errorf("the top level adds up to %v", sum)
	}
	arcs := evalJS[int](c, `document.querySelectorAll("#sun-svg path.arc").length`)
	if arcs == 0 || arcs > len(want.Nodes)-1 {
		t.Errorf("%d arcs for %d nodes", arcs, len(want.Nodes)-1)
	}

	// Keyboard in the table: focus the first row, → opens it, ↓ moves to
	// its first child, Enter zooms the chart into that child.
	first := want.Nodes[top[0]]
	child := want.Nodes[first.Children[0]]
	c.eval(`document.querySelector("#sun-tree tbody tr[tabindex='0']").focus(), true`)
	key := func(k string) {
		t.Helper()
		c.eval(`(() => { document.activeElement.dispatchEvent(new KeyboardEvent("keydown", {key: "` + k + `", bubbles: true, cancelable: true})); return true; })()`)
	}
	key("ArrowRight")
	c.waitFor("→ did not open the first row", `document.querySelector("#sun-tree tr[aria-level='1']").getAttribute("aria-expanded") === "true" && document.querySelectorAll("#sun-tree tr[aria-level='2']").length === `+strconv.Itoa(len(first.Children)), 10*time.Second)
	key("ArrowDown")
	c.waitFor("↓ did not move to the first child", `document.activeElement && document.activeElement.dataset.node === `+strconv.Quote(child.ID), 10*time.Second)
	key("Enter")
	c.waitFor("Enter did not zoom into the child", `document.querySelector("#sun-svg").dataset.focus === `+strconv.Quote(child.ID)+` && document.querySelector("#sun-focus").dataset.node === `+strconv.Quote(child.ID), 10*time.Second)
	// Every arc now lies inside the child.
	if n := evalJS[int](c, `[...document.querySelectorAll("#sun-svg path.arc")].filter(p => !p.dataset.node.startsWith(`+strconv.Quote(child.ID+"|")+`)).length`); n != 0 {
		t.Errorf("%d arcs outside the zoomed node", n)
	}

	// Keyboard on the chart: Enter on a ring's arc zooms in further; Enter
	// on the centre zooms out again.
	if len(child.Children) > 0 {
		grand := want.Nodes[child.Children[0]]
		c.eval(`document.querySelector("#sun-svg path.arc[tabindex='0']").focus(), true`)
		key("Enter")
		if len(grand.Children) > 0 {
			c.waitFor("Enter on an arc did not zoom", `document.querySelector("#sun-svg").dataset.focus === `+strconv.Quote(grand.ID), 10*time.Second)
			c.waitFor("the centre did not take the focus", `document.activeElement && document.activeElement.id === "sun-centre"`, 10*time.Second)
			key("Enter")
			c.waitFor("Enter on the centre did not zoom out", `document.querySelector("#sun-svg").dataset.focus === `+strconv.Quote(child.ID), 10*time.Second)
		}
	}
	// The breadcrumb's first step zooms out to the whole sample.
	c.eval(`document.querySelector("#sunburst .sun-crumbs .crumb").click(), true`)
	if err := c.poll(`(document.querySelector("#sun-svg").dataset.focus || "") === "" && document.querySelectorAll("#sun-tree tbody tr").length > 0`, 10*time.Second); err != nil {
		t.Fatalf("the breadcrumb did not zoom out: %v", c.eval(`document.querySelector("#sunburst .sun-crumbs").outerHTML + " focus " + document.querySelector("#sun-svg").dataset.focus`))
	}

	// The breadcrumb follows the path shown: zoom into one depth-3 node,
	// out, and into another under a different parent; the crumb above it
	// zooms to its own parent. (Crumbs read their node from data-i when
	// clicked: go-app keeps an element's first handler, so a captured node
	// would go stale where a crumb element is reused for another path.)
	var g, h *report.TaxonNode
	for k := range want.Nodes {
		n := &want.Nodes[k]
		if n.Depth != 3 || len(n.Children) == 0 || n.Kind == "unclassified" {
			continue
		}
		if g == nil {
			g = n
		} else if n.Parent != g.Parent {
			h = n
			break
		}
	}
	if g != nil && h != nil {
		clickArc := func(id string) {
			t.Helper()
			c.eval(`(() => { const p = [...document.querySelectorAll("#sun-svg path.arc")].find(p => p.dataset.node === ` + strconv.Quote(id) + `); p.dispatchEvent(new MouseEvent("click", {bubbles: true})); return true; })()`)
			c.waitFor("a click on "+id+" did not zoom", `document.querySelector("#sun-svg").dataset.focus === `+strconv.Quote(id), 10*time.Second)
		}
		clickArc(g.ID)
		c.eval(`document.querySelector("#sunburst .sun-crumbs .crumb").click(), true`)
		c.waitFor("the breadcrumb did not zoom out", `(document.querySelector("#sun-svg").dataset.focus || "") === ""`, 10*time.Second)
		clickArc(h.ID)
		parent := want.Nodes[h.Parent].ID
		c.eval(`document.querySelectorAll("#sunburst .sun-crumbs .crumb")[2].click(), true`)
		if err := c.poll(`document.querySelector("#sun-svg").dataset.focus === `+strconv.Quote(parent), 10*time.Second); err != nil {
			t.Fatalf("the crumb above %s zoomed to %v, want %s", h.ID, c.eval(`document.querySelector("#sun-svg").dataset.focus`), parent)
		}
		c.eval(`document.querySelector("#sunburst .sun-crumbs .crumb").click(), true`)
		c.waitFor("the breadcrumb did not zoom out", `(document.querySelector("#sun-svg").dataset.focus || "") === ""`, 10*time.Second)
	} else {
		t.Logf("no two depth-3 nodes under different parents in %s: breadcrumb path check skipped", file)
	}

	// Another sample of the page.
	ids := evalJS[[]string](c, `[...document.querySelectorAll("#sun-sample option")].map(o => o.value)`)
	if len(ids) > 1 {
		c.eval(`(() => { const s = document.querySelector("#sun-sample"); s.value = ` + strconv.Quote(ids[1]) + `; s.dispatchEvent(new Event("change", {bubbles: true})); return true; })()`)
		c.waitFor("the second sample never showed", `document.querySelector("#sunburst").dataset.sample === `+strconv.Quote(ids[1])+` && document.querySelector("#sun-tree") !== null`, 30*time.Second)
		w2 := sunTree(t, file, ids[1])
		rows := evalJS[[]sunRow](c, jsSunRows)
		if len(rows) != len(w2.Nodes[0].Children) {
			t.Fatalf("sample %s: %d rows, natively %d", ids[1], len(rows), len(w2.Nodes[0].Children))
		}
		for k, i := range w2.Nodes[0].Children {
			if n := w2.Nodes[i]; rows[k].Node != n.ID || !sunClose(sunParse(t, rows[k].Share), float64(n.Share)) {
				t.Errorf("sample %s row %d = %+v, natively %s %v", ids[1], k, rows[k], n.ID, float64(n.Share))
			}
		}
	}
	c.checkCSP("sunburst")
}

func sunParse(t *testing.T, s string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatalf("page shows data-share %q: %v", s, err)
	}
	return v
}

func sunClose(a, b float64) bool {
	return math.Abs(a-b) <= math.Max(1e-12*math.Max(math.Abs(a), math.Abs(b)), 1e-15)
}
