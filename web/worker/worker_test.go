//go:build !(js && wasm)

package main

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/gutlens/gutlens/web/site"
)

// untouchable is a request body that fails the test if anyone reads or
// closes-and-drains it: the share target's file must stay unread.
type untouchable struct {
	t    *testing.T
	read bool
}

func (u *untouchable) Read([]byte) (int, error) {
	u.read = true
	u.t.Error("the request body was read")
	return 0, io.ErrUnexpectedEOF
}

type countingBody struct {
	r io.ReadCloser
	n int
}

func (c *countingBody) Read(p []byte) (int, error) {
	k, err := c.r.Read(p)
	c.n += k
	return k, err
}

func (c *countingBody) Close() error { return c.r.Close() }

// assetsSpy stands in for env.ASSETS: it records calls and, like the edge,
// may send headers of its own that the Worker must override.
type assetsSpy struct{ calls []string }

func (a *assetsSpy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	a.calls = append(a.calls, r.Method+" "+r.URL.Path)
	w.Header().Set("Content-Security-Policy", "default-src *")
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	io.WriteString(w, "<!doctype html>asset "+r.URL.Path)
}

func serve(t *testing.T, wk *Worker, method, target string, body io.Reader) *http.Response {
	t.Helper()
	r := httptest.NewRequest(method, target, body)
	w := httptest.NewRecorder()
	wk.ServeHTTP(w, r)
	return w.Result()
}

func TestHeadersMatchSite(t *testing.T) {
	if contentSecurityPolicy != site.ContentSecurityPolicy {
		t.Errorf("worker CSP\n%s\nsite CSP\n%s\nrun go generate ./web/worker", contentSecurityPolicy, site.ContentSecurityPolicy)
	}
	if len(securityHeaders) != len(site.SecurityHeaders) {
		t.Errorf("worker sends %d security headers, site %d", len(securityHeaders), len(site.SecurityHeaders))
	}
	for k, v := range site.SecurityHeaders {
		if securityHeaders[k] != v {
			t.Errorf("%s: worker %q, site %q (run go generate ./web/worker)", k, securityHeaders[k], v)
		}
	}
}

func TestSecurityHeadersEveryRoute(t *testing.T) {
	spy := &assetsSpy{}
	wk := &Worker{Version: "v1", Partners: []string{"https://clinic.example"}, Assets: spy}
	for _, tc := range []struct {
		method, path string
		code         int
		embed        bool
	}{
		{"GET", "/", 200, false},
		{"GET", "/web/app.wasm", 200, false},
		{"GET", "/api/version", 200, false},
		{"GET", "/api/nope", 404, false},
		{"POST", "/share", 303, false},
		{"POST", "/", 405, false},
		{"PUT", "/web/app.wasm", 405, false},
		{"GET", "/embed", 200, true},
		{"GET", "/embed/x.html", 200, true},
		{"GET", "/embedded", 200, false},
	} {
		res := serve(t, wk, tc.method, tc.path, nil)
		if res.StatusCode != tc.code {
			t.Errorf("%s %s: status %d, want %d", tc.method, tc.path, res.StatusCode, tc.code)
		}
		for k, v := range securityHeaders {
			if k == "Content-Security-Policy" && tc.embed {
				v = EmbedCSP(wk.Partners)
			}
			if got := res.Header.Values(k); len(got) != 1 || got[0] != v {
				t.Errorf("%s %s: %s = %q, want [%q]", tc.method, tc.path, k, got, v)
			}
		}
	}
	want := []string{"GET /", "GET /web/app.wasm", "GET /embed", "GET /embed/x.html", "GET /embedded"}
	if strings.Join(spy.calls, ",") != strings.Join(want, ",") {
		t.Errorf("assets saw %q, want %q (never a non-GET, never a Go route)", spy.calls, want)
	}
}

func TestEmbedCSP(t *testing.T) {
	directives := func(csp string) map[string]string {
		m := map[string]string{}
		for _, d := range strings.Split(csp, ";") {
			if f := strings.Fields(d); len(f) > 0 {
				m[f[0]] = strings.Join(f[1:], " ")
			}
		}
		return m
	}
	site := directives(contentSecurityPolicy)
	for _, tc := range []struct {
		partners []string
		want     string
	}{
		{nil, "'self'"},
		{[]string{"https://a.example", "https://b.example:8443"}, "'self' https://a.example https://b.example:8443"},
	} {
		got := directives(EmbedCSP(tc.partners))
		if got["frame-ancestors"] != tc.want {
			t.Errorf("EmbedCSP(%q): frame-ancestors %q, want %q", tc.partners, got["frame-ancestors"], tc.want)
		}
		if len(got) != len(site) {
			t.Errorf("EmbedCSP(%q) has %d directives, the site %d", tc.partners, len(got), len(site))
		}
		for k, v := range site {
			if k != "frame-ancestors" && got[k] != v {
				t.Errorf("EmbedCSP(%q): %s %q, the site's %q", tc.partners, k, got[k], v)
			}
		}
	}
}

func TestParsePartners(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want string // joined with spaces, or "error"
	}{
		{"", ""},
		{"https://Clinic.Example", "https://clinic.example"},
		{"https://a.example, https://b.example:8443/", "https://a.example https://b.example:8443"},
		{"http://127.0.0.1:8790 http://localhost:1", "http://127.0.0.1:8790 http://localhost:1"},
		{"http://clinic.example", "error"},
		{"https://a.example/embed", "error"},
		{"https://*.example", "error"},
		{"https://a.example;script-src", "error"},
		{"'self'", "error"},
		{"*", "error"},
		{"https://user@a.example", "error"},
		{"https://a.example?x=1", "error"},
	} {
		got, err := ParsePartners(tc.in)
		s := strings.Join(got, " ")
		if err != nil {
			s = "error"
		}
		if s != tc.want {
			t.Errorf("ParsePartners(%q) = %q (%v), want %q", tc.in, got, err, tc.want)
		}
	}
}

func TestVersion(t *testing.T) {
	spy := &assetsSpy{}
	wk := &Worker{Version: "14cef6097062f608", Assets: spy}
	res := serve(t, wk, "GET", "https://gutlens.example/api/version", nil)
	if res.StatusCode != 200 {
		t.Fatalf("status %d", res.StatusCode)
	}
	if ct := res.Header.Get("Content-Type"); ct != "application/json; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	if cc := res.Header.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("Cache-Control %q, want no-store", cc)
	}
	b, _ := io.ReadAll(res.Body)
	var v map[string]any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatalf("%s: %v", b, err)
	}
	want := map[string]any{"app": "gutlens", "version": "14cef6097062f608", "go": runtime.Version()}
	if len(v) != len(want) {
		t.Errorf("version JSON %s has fields beyond %v", b, want)
	}
	for k, w := range want {
		if v[k] != w {
			t.Errorf("version JSON %s: %s = %v, want %v", b, k, v[k], w)
		}
	}
	if res := serve(t, wk, "POST", "/api/version", &untouchable{t: t}); res.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST /api/version: status %d, want 405", res.StatusCode)
	}
	if len(spy.calls) != 0 {
		t.Errorf("/api/version reached the assets: %v", spy.calls)
	}
}

func TestShareNeverReadsTheBody(t *testing.T) {
	spy := &assetsSpy{}
	wk := &Worker{Version: "v", Assets: spy}
	for _, method := range []string{"POST", "PUT", "GET"} {
		body := &untouchable{t: t}
		r := httptest.NewRequest(method, "/share", body)
		r.Header.Set("Content-Type", "multipart/form-data; boundary=x")
		r.ContentLength = 1 << 20
		w := httptest.NewRecorder()
		wk.ServeHTTP(w, r)
		res := w.Result()
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != ShareRedirect {
			t.Errorf("%s /share: %d Location %q, want 303 %s", method, res.StatusCode, res.Header.Get("Location"), ShareRedirect)
		}
		if body.read {
			t.Errorf("%s /share read the body", method)
		}
		if w.Body.Len() != 0 {
			t.Errorf("%s /share answered with a body: %q", method, w.Body)
		}
	}
	// Over a real connection, with a 1 MiB upload: the handler never reads
	// a byte of the body (counted at the handler's r.Body).
	var n countingBody
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.r = r.Body
		r.Body = &n
		wk.ServeHTTP(w, r)
	}))
	defer srv.Close()
	req, _ := http.NewRequest("POST", srv.URL+"/share", strings.NewReader(strings.Repeat("x", 1<<20)))
	cli := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := cli.Do(req)
	if err != nil {
		t.Logf("POST /share over HTTP: %v (the server may close before the upload ends)", err)
	} else {
		res.Body.Close()
		if res.StatusCode != http.StatusSeeOther {
			t.Errorf("POST /share over HTTP: status %d", res.StatusCode)
		}
	}
	if n.n != 0 {
		t.Errorf("POST /share over HTTP: the handler read %d body bytes", n.n)
	}
	if len(spy.calls) != 0 {
		t.Errorf("/share reached the assets: %v", spy.calls)
	}
}

func TestNonGETNeverReadsTheBody(t *testing.T) {
	spy := &assetsSpy{}
	wk := &Worker{Assets: spy}
	for _, p := range []string{"/", "/index.html", "/web/app.wasm", "/embed"} {
		body := &untouchable{t: t}
		if res := serve(t, wk, "POST", p, body); res.StatusCode != http.StatusMethodNotAllowed {
			t.Errorf("POST %s: status %d, want 405", p, res.StatusCode)
		}
	}
	if len(spy.calls) != 0 {
		t.Errorf("a POST reached the assets: %v", spy.calls)
	}
}

func TestSiteVersion(t *testing.T) {
	dir := t.TempDir()
	js := `const goappEnv = {"GOAPP_INTERNAL_URLS":"null","GOAPP_ROOT_PREFIX":"/","GOAPP_VERSION":"14cef6097062f608"};`
	if err := os.WriteFile(filepath.Join(dir, "app.js"), []byte(js), 0o644); err != nil {
		t.Fatal(err)
	}
	if v, err := SiteVersion(dir); err != nil || v != "14cef6097062f608" {
		t.Errorf("SiteVersion = %q, %v", v, err)
	}
	if _, err := SiteVersion(t.TempDir()); err == nil {
		t.Error("SiteVersion of an empty folder: no error")
	}
}

// The native build serves a real generated site through the handler, as
// the edge does: static files keep their types and get the headers.
func TestWithSiteFileServer(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "web"), 0o755)
	os.WriteFile(filepath.Join(dir, "index.html"), []byte("<!doctype html>"), 0o644)
	os.WriteFile(filepath.Join(dir, "web", "app.wasm"), []byte("\x00asm"), 0o644)
	wk := &Worker{Version: "v", Assets: site.FileServer(dir)}
	for path, ct := range map[string]string{"/": "text/html; charset=utf-8", "/web/app.wasm": "application/wasm"} {
		res := serve(t, wk, "GET", path, nil)
		if res.StatusCode != 200 || res.Header.Get("Content-Type") != ct {
			t.Errorf("GET %s: %d %q, want 200 %q", path, res.StatusCode, res.Header.Get("Content-Type"), ct)
		}
		if res.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("GET %s: no nosniff", path)
		}
	}
}
