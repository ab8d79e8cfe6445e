//go:build !(js && wasm)

package site

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestAddPageScripts: the page scripts become deferred and come before
// go-app's wasm_exec.js (whatever the order of its attributes), each once,
// also when run twice; the partner widget gets gutlens.js only.
func TestAddPageScripts(t *testing.T) {
	dir := t.TempDir()
	head := func(wasmExec string) string {
		return "<head>\n    " + wasmExec + "\n    <script defer src=\"/app.js\"></script>\n    <script src=\"/web/gutlens.js\"></script>\n  </head>"
	}
	pages := map[string]string{
		"index.html": head(`<script defer src="/wasm_exec.js"></script>`),
		"nl.html":    head(`<script src="/wasm_exec.js" defer></script>`),
		"embed.html": head(`<script defer src="/wasm_exec.js"></script>`),
	}
	for name, s := range pages {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for range 2 {
		if err := addPageScripts(dir); err != nil {
			t.Fatal(err)
		}
	}
	for name, want := range map[string][]string{
		"index.html": {"/web/gutlens.js", "/web/history.js", "/wasm_exec.js", "/app.js"},
		"nl.html":    {"/web/gutlens.js", "/web/history.js", "/wasm_exec.js", "/app.js"},
		"embed.html": {"/web/gutlens.js", "/wasm_exec.js", "/app.js"},
	} {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		s := string(b)
		var got []string
		for _, tag := range strings.Split(s, "<script")[1:] {
			if !strings.Contains(tag[:strings.Index(tag, ">")], "defer") {
				t.Errorf("%s: a script is not deferred: <script%s", name, tag)
			}
			src := tag[strings.Index(tag, `src="`)+5:]
			got = append(got, src[:strings.Index(src, `"`)])
		}
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("%s: scripts %v, want %v\n%s", name, got, want, s)
		}
	}
}
