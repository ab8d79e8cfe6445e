// Command worker is Gutlens' Cloudflare Worker (github.com/syumai/workers):
// the few routes that need code. Everything else is Workers Static Assets,
// served by Cloudflare without running Go (see web/wrangler.jsonc).
//
//	GET  /api/version   {"app":"gutlens","version":<site content hash>,"go":<Go version>}
//	*    /share         303 to /?shared=1; the body (a shared file) is never read
//	     /embed, /embed/…  static assets, framable by the partner allow-list only
//	     anything else  the static assets (env.ASSETS), GET and HEAD only
//
// Every response carries the same security headers as the static site
// (site.SecurityHeaders). The handler is pure Go: the same code runs under
// workerd (main_js.go) and natively in tests and `go run ./web/worker`.
package main

import (
	"encoding/json"
	"fmt"
	"github.com/gutlens/gutlens/web/policy"
	"net/http"
	"runtime"
	"strings"
)

// The security headers are site.SecurityHeaders, copied into
// headers_gen.go by `go generate` (web/site is host-only: it imports
// go-app's server side, which must stay out of this wasm).
// TestHeadersMatchSite fails when the copy is stale.
//go:generate go run ./internal/genheaders -o headers_gen.go

// ShareRedirect is where POST /share (the PWA share target's fallback,
// when no service worker caught it) sends the browser.
const ShareRedirect = "/?shared=1"

// Worker is the edge's http.Handler.
type Worker struct {
	// Version is the site's content hash (go-app's GOAPP_VERSION).
	Version string
	// Partners are the origins allowed to frame /embed (ParsePartners).
	Partners []string
	// Assets serves the static site: env.ASSETS on the edge, a file server
	// in tests. It only ever sees GET and HEAD requests.
	Assets http.Handler
}

// ServeHTTP routes a request; see the package documentation.
func (wk *Worker) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p := r.URL.Path
	h := &secured{ResponseWriter: w, csp: wk.csp(p)}
	switch {
	case p == "/share" || strings.HasPrefix(p, "/share/"):
		share(h, r)
	case p == "/api/version":
		wk.version(h, r)
	case p == "/api" || strings.HasPrefix(p, "/api/"):
		jsonError(h, http.StatusNotFound, "no such API route")
	case r.Method != http.MethodGet && r.Method != http.MethodHead:
		// Static files are read-only. The body is not read and not
		// forwarded: the edge never receives user data.
		h.Header().Set("Allow", "GET, HEAD")
		h.Header().Set("Connection", "close")
		http.Error(h, "method not allowed", http.StatusMethodNotAllowed)
	case wk.Assets == nil:
		http.NotFound(h, r)
	default:
		wk.Assets.ServeHTTP(h, r)
	}
}

// share answers the share target with a redirect. It must not touch
// r.Body: the shared file stays unread (and unlogged) on the edge.
func share(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	// Tell net/http (native runs) not to drain the unread body to reuse
	// the connection; on workerd the request stream is simply dropped.
	w.Header().Set("Connection", "close")
	w.Header().Set("Location", ShareRedirect)
	w.WriteHeader(http.StatusSeeOther)
}

// VersionInfo is the body of /api/version. It holds no user data.
type VersionInfo struct {
	App     string `json:"app"`
	Version string `json:"version"`
	Go      string `json:"go"`
}

func (wk *Worker) version(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		w.Header().Set("Connection", "close")
		jsonError(w, http.StatusMethodNotAllowed, "method not allowed")
		return
	}
	v := wk.Version
	if v == "" {
		v = "dev"
	}
	b, _ := json.Marshal(VersionInfo{App: "gutlens", Version: v, Go: runtime.Version()})
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Length", fmt.Sprint(len(b)+1))
	w.WriteHeader(http.StatusOK)
	if r.Method == http.MethodGet {
		w.Write(append(b, '\n'))
	}
}

func jsonError(w http.ResponseWriter, code int, msg string) {
	b, _ := json.Marshal(map[string]string{"error": msg})
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(code)
	w.Write(append(b, '\n'))
}

// IsEmbed reports whether path is the partner widget (policy.IsEmbed).
func IsEmbed(path string) bool { return policy.IsEmbed(path) }

// csp is the Content-Security-Policy for path: the site's, except that
// /embed may be framed by the partners.
func (wk *Worker) csp(path string) string {
	if !IsEmbed(path) {
		return contentSecurityPolicy
	}
	return EmbedCSP(wk.Partners)
}

// EmbedCSP is the site's policy with its frame-ancestors directive
// replaced by frame-ancestors 'self' and the partners (policy.EmbedCSP).
func EmbedCSP(partners []string) string { return policy.EmbedCSP(contentSecurityPolicy, partners) }

// ParsePartners reads a partner allow-list (policy.ParsePartners): the
// local server and the edge accept the same lists.
func ParsePartners(s string) ([]string, error) { return policy.ParsePartners(s) }

// secured sets the security headers just before the status line, over
// whatever the inner handler (or an asset response it copied) set.
type secured struct {
	http.ResponseWriter
	csp   string
	wrote bool
}

func (s *secured) WriteHeader(code int) {
	if !s.wrote {
		s.wrote = true
		h := s.ResponseWriter.Header()
		for k, v := range securityHeaders {
			h.Set(k, v)
		}
		h.Set("Content-Security-Policy", s.csp)
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *secured) Write(b []byte) (int, error) {
	if !s.wrote {
		s.WriteHeader(http.StatusOK)
	}
	return s.ResponseWriter.Write(b)
}

func (s *secured) Unwrap() http.ResponseWriter { return s.ResponseWriter }
