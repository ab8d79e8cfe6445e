//go:build !(js && wasm)

package site

import (
	"net/http"
	"path"
	"strings"
)

// ContentSecurityPolicy allows this origin only: no third-party script,
// style, image or connection, so a file's data cannot leave the page.
const ContentSecurityPolicy = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; " +
	"style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; " +
	"worker-src 'self'; manifest-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'self'"

// SecurityHeaders are sent with every response of the local server (the
// Cloudflare Worker sends the same).
var SecurityHeaders = map[string]string{
	"Content-Security-Policy":    ContentSecurityPolicy,
	"X-Content-Type-Options":     "nosniff",
	"Referrer-Policy":            "no-referrer",
	"Cross-Origin-Opener-Policy": "same-origin",
	"Permissions-Policy":         "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()",
}

var contentTypes = map[string]string{
	".webmanifest": "application/manifest+json",
	".wasm":        "application/wasm",
	".js":          "text/javascript; charset=utf-8",
	".biom":        "application/json",
}

// FileServer serves a generated static site from dir, mapping /x to
// x.html as static hosts do, with the security headers. /embed may be
// framed by the partners in GUTLENS_EMBED_PARTNERS (EmbedPartners).
func FileServer(dir string) http.Handler {
	return EmbedFileServer(dir, EmbedPartners())
}

// EmbedFileServer is FileServer with an explicit partner allow-list: /embed
// gets frame-ancestors 'self' and the partners (EmbedCSP), every other
// path frame-ancestors 'self'.
func EmbedFileServer(dir string, partners []string) http.Handler {
	embedCSP := EmbedCSP(partners)
	files := http.FileServer(http.Dir(dir))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		for k, v := range SecurityHeaders {
			w.Header().Set(k, v)
		}
		w.Header().Set("Cache-Control", "no-cache")
		p := r.URL.Path
		if IsEmbed(p) {
			w.Header().Set("Content-Security-Policy", embedCSP)
		}
		if ct, ok := contentTypes[path.Ext(p)]; ok {
			w.Header().Set("Content-Type", ct)
		}
		if p != "/" && path.Ext(p) == "" && !strings.HasSuffix(p, "/") {
			r2 := r.Clone(r.Context())
			r2.URL.Path = p + ".html"
			files.ServeHTTP(w, r2)
			return
		}
		files.ServeHTTP(w, r)
	})
}
