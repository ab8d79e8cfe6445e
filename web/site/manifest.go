//go:build !(js && wasm)

package site

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	gl "github.com/gutlens/gutlens/app"
)

// go-app writes a fixed manifest (name, icons, colours, start_url): no id,
// lang, file_handlers or share_target. patchManifest adds them after
// generation.

// fileAccept is what the installed app opens from the operating system
// (file_handlers) and accepts from a share (share_target), by MIME type.
// BIOM 1.0 is JSON and BIOM 2.x is HDF5; both end in .biom.
var fileAccept = []struct {
	MIME string
	Exts []string
}{
	{"application/json", []string{".biom", ".json"}},
	{"application/x-hdf5", []string{".biom", ".h5"}},
	{"text/tab-separated-values", []string{".tsv", ".txt"}},
	// Profilers' own extensions (MetaPhlAn .profile, Kraken/Bracken
	// reports, mothur .shared and .taxonomy, sylph-tax .sylphmpa, ganon
	// .tre) and Newick trees (.nwk, .tre, .tree) are plain text.
	{"text/plain", []string{".txt", ".tsv", ".profile", ".report", ".kreport", ".breport", ".bracken", ".shared", ".taxonomy", ".sylphmpa", ".tre", ".nwk", ".tree"}},
	{"text/csv", []string{".csv"}},
	{"application/zip", []string{".qza"}},
	{"application/gzip", []string{".gz"}},
	{"application/x-gzip", []string{".gz"}},
}

// ShareAction is the share target's URL: the service worker answers it
// (serviceWorker), and the edge Worker redirects it without reading the
// body should a share ever reach it.
const ShareAction = "/share"

// manifestExtras returns the members added to go-app's manifest.
func manifestExtras() map[string]any {
	accept := map[string][]string{}
	var mimes []string
	for _, a := range fileAccept {
		accept[a.MIME] = a.Exts
		mimes = append(mimes, a.MIME)
	}
	exts := []string{}
	seen := map[string]bool{}
	for _, a := range fileAccept {
		for _, e := range a.Exts {
			if !seen[e] {
				seen[e] = true
				exts = append(exts, e)
			}
		}
	}
	return map[string]any{
		"id":         "/",
		"lang":       "en",
		"dir":        "ltr",
		"categories": []string{"health", "lifestyle"},
		"file_handlers": []any{map[string]any{
			"action": "/",
			"accept": accept,
		}},
		"launch_handler": map[string]any{"client_mode": "focus-existing"},
		"share_target": map[string]any{
			"action":  ShareAction,
			"method":  "POST",
			"enctype": "multipart/form-data",
			"params": map[string]any{
				"files": []any{map[string]any{"name": "file", "accept": append(mimes, exts...)}},
			},
		},
		"shortcuts": []any{
			map[string]any{"name": "New analysis", "url": "/", "icons": []any{map[string]any{"src": "/web/icon-192.png", "sizes": "192x192", "type": "image/png"}}},
			map[string]any{"name": "Nieuwe analyse (Nederlands)", "url": "/nl", "lang": "nl", "icons": []any{map[string]any{"src": "/web/icon-192.png", "sizes": "192x192", "type": "image/png"}}},
		},
	}
}

// manifestExtrasHash is a hash of the added members, folded into the
// service worker so that a change to them is a new version.
func manifestExtrasHash() string {
	b, _ := json.Marshal(manifestExtras()) // map keys are sorted
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:8])
}

// patchManifest merges manifestExtras into dir/manifest.webmanifest and
// fixes go-app's icon list: with no maskable icon given it lists the
// 192 px PNG as a 512 px maskable one, and it writes an empty purpose.
func patchManifest(dir string) error {
	p := filepath.Join(dir, "manifest.webmanifest")
	b, err := os.ReadFile(p)
	if err != nil {
		return fmt.Errorf("site: %w", err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		return fmt.Errorf("site: %s: %w", p, err)
	}
	for k, v := range manifestExtras() {
		m[k] = v
	}
	if icons, ok := m["icons"].([]any); ok {
		var kept []any
		for _, ic := range icons {
			icon, ok := ic.(map[string]any)
			if !ok {
				continue
			}
			if icon["purpose"] == "maskable" && icon["src"] == "/web/icon-192.png" && icon["sizes"] != "192x192" {
				continue // not a 512 px maskable icon
			}
			if icon["purpose"] == "" {
				icon["purpose"] = "any"
			}
			kept = append(kept, icon)
		}
		m["icons"] = kept
	}
	out, err := json.Marshal(m)
	if err != nil {
		return err
	}
	return os.WriteFile(p, out, 0o644)
}

// wasmExecTag is go-app's deferred wasm_exec.js script tag.
var wasmExecTag = regexp.MustCompile(`<script (?:defer src="/wasm_exec\.js"|src="/wasm_exec\.js" defer)></script>`)

// pageScripts are loaded by each language's page after web/gutlens.js
// (the Handler's Scripts): history.js sets the launch queue consumer before
// the app starts, so files opened from the OS are not lost.
var pageScripts = []string{"/web/history.js"}

// addPageScripts makes the page scripts deferred and runs them before
// go-app's: go-app writes the Handler's Scripts as plain <script src> after
// its own deferred wasm_exec.js and app.js, so they blocked the first paint
// while they loaded and ran. Deferred and placed before wasm_exec.js, they
// no longer block rendering and still run, in order, before app.js starts
// app.wasm. Each language's page also gets pageScripts (not the partner
// widget, /embed).
func addPageScripts(dir string) error {
	const plain = `<script src="/web/gutlens.js"></script>`
	pages := map[string][]string{"embed.html": {"/web/gutlens.js"}}
	for _, g := range gl.Langs {
		name := "index.html"
		if g.Route != "/" {
			name = strings.TrimPrefix(g.Route, "/") + ".html"
		}
		pages[name] = append([]string{"/web/gutlens.js"}, pageScripts...)
	}
	for name, scripts := range pages {
		p := filepath.Join(dir, name)
		b, err := os.ReadFile(p)
		if err != nil {
			return fmt.Errorf("site: %w", err)
		}
		var tags strings.Builder
		for _, src := range scripts {
			fmt.Fprintf(&tags, `<script defer src="%s"></script>`, src)
		}
		s := string(b)
		// go-app writes a tag's attributes in any order.
		anchors := wasmExecTag.FindAllStringIndex(s, -1)
		if len(anchors) != 1 {
			return fmt.Errorf("site: %s has %d wasm_exec.js script tags, want 1", p, len(anchors))
		}
		if strings.HasSuffix(s[:anchors[0][0]], tags.String()) {
			continue
		}
		if strings.Count(s, plain) != 1 {
			return fmt.Errorf("site: %s does not have one %s to defer", p, plain)
		}
		s = s[:anchors[0][0]] + tags.String() + s[anchors[0][0]:]
		s = strings.Replace(s, plain, "", 1)
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			return fmt.Errorf("site: %w", err)
		}
	}
	return nil
}
