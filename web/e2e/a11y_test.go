//go:build e2e

package e2e

// An automated WCAG 2.2 AA audit (issue 6) with axe-core, pinned in
// web/edge/package.json and installed by `make test-e2e`: the English and
// Dutch pages, each with the bundled sample's report and its composition
// data table open. Serious and critical violations fail the test; moderate
// and minor ones are logged.

import (
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gutlens/gutlens/web/site"
)

// axeRun audits the document against the WCAG 2.0, 2.1 and 2.2 level A and
// AA rules and returns the violations.
const axeRun = `axe.run(document, {runOnly: {type: "tag", values: ["wcag2a","wcag2aa","wcag21a","wcag21aa","wcag22aa"]}})
  .then(r => r.violations.map(v => ({id: v.id, impact: v.impact || "", help: v.help, targets: v.nodes.map(n => n.target.map(String).join(" "))})))`

// axeViolation is one rule axe found broken, with the nodes it names.
type axeViolation struct {
	ID      string   `json:"id"`
	Impact  string   `json:"impact"`
	Help    string   `json:"help"`
	Targets []string `json:"targets"`
}

func (v axeViolation) String() string {
	targets := v.Targets
	if len(targets) > 3 {
		targets = targets[:3]
	}
	return fmt.Sprintf("%s (%s): %s; %d node(s), first: %s", v.ID, v.Impact, v.Help, len(v.Targets), strings.Join(targets, " | "))
}

func TestAccessibility(t *testing.T) {
	siteDir := env(t, "GUTLENS_SITE")
	axeJS := filepath.Join(root(t), "web", "edge", "node_modules", "axe-core", "axe.min.js")
	if !fileExists(filepath.Dir(axeJS)) {
		t.Skipf("axe-core is not installed (%s is absent): run `make test-e2e`, or `cd web/edge && npm ci`", filepath.Dir(axeJS))
	}
	axeSrc, err := os.ReadFile(axeJS)
	if err != nil {
		t.Fatal(err)
	}
	requireChromium(t)
	srv := httptest.NewServer(site.FileServer(siteDir))
	t.Cleanup(srv.Close)
	c := newChrome(t, 3*time.Minute)

	for _, page := range []string{"/", "/nl"} {
		c.navigate(srv.URL + page)
		c.waitFor(page+": app never became ready", jsAppReady, 60*time.Second)
		c.click("#try-sample")
		c.waitFor(page+": the sample's analysis never finished", `document.querySelector('#status[data-run="1"][data-status="done"]') !== null`, 60*time.Second)
		c.click("#composition details summary")
		c.waitFor(page+": the composition table did not open", `document.querySelector("#composition details").open`, 10*time.Second)

		// CDP evaluation runs outside the page's Content-Security-Policy.
		c.eval(string(axeSrc) + "\n;true")
		violations := evalJS[[]axeViolation](c, axeRun)
		for _, v := range violations {
			switch v.Impact {
			case "serious", "critical":
				t.Errorf("%s: %v", page, v)
			default:
				t.Logf("%s: %v", page, v)
			}
		}
		t.Logf("%s: %d axe violation(s)", page, len(violations))
	}
}
