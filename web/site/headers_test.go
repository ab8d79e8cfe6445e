//go:build !(js && wasm)

package site

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestEdgeHeaders(t *testing.T) {
	h := EdgeHeaders()
	rules := map[string][]string{}
	var cur string
	for _, line := range strings.Split(h, "\n") {
		switch {
		case line == "" || strings.HasPrefix(line, "#"):
		case strings.HasPrefix(line, "/"):
			cur = line
		case strings.HasPrefix(line, "  ") && cur != "":
			rules[cur] = append(rules[cur], strings.TrimSpace(line))
		default:
			t.Errorf("_headers line %q is neither a path, an indented header nor a comment", line)
		}
	}
	all := strings.Join(rules["/*"], "\n")
	for k, v := range SecurityHeaders {
		if !strings.Contains(all, k+": "+v) {
			t.Errorf("/* lacks %s: %s", k, v)
		}
	}
	if !strings.Contains(all, "Cache-Control: no-cache") {
		t.Errorf("/* lacks Cache-Control: no-cache")
	}
	sw := strings.Join(rules["/app-worker.js"], "\n")
	if sw != "! Cache-Control\nCache-Control: "+CacheServiceWorker || !strings.Contains(CacheServiceWorker, "no-store") {
		t.Errorf("/app-worker.js rules = %q", sw)
	}
	dir := t.TempDir()
	if err := writeEdgeHeaders(dir); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(filepath.Join(dir, HeadersFile)); err != nil || string(b) != h {
		t.Errorf("written _headers differs: %v", err)
	}
}
