//go:build e2e

package e2e

// TestEdge runs Gutlens on the local Cloudflare edge: wrangler dev (workerd
// with Workers Static Assets emulated) serving the generated site plus the Go
// Worker (web/worker). It checks the edge's response headers, the Go routes,
// that POST /share is answered without its body being consumed, analyses a
// file in headless Chromium and audits every request.
//
// Run with `make test-edge` (it builds the site and the Worker into
// build/edge-*, installs the npm tools and sets GUTLENS_EDGE_SITE and
// GUTLENS_EDGE_WORKER), or point GUTLENS_EDGE_URL at a running edge
// (`make edge`). Without either, or without web/edge/node_modules, the test
// is skipped.

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/gutlens/gutlens/web/site"
)

// syncBuffer collects wrangler's log.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// startEdge runs web/edge/dev.sh on a free loopback port and returns its
// URL and log. The process group is stopped when the test ends.
func startEdge(t *testing.T, repo, siteDir, workerDir string) (string, *syncBuffer) {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	logs := &syncBuffer{}
	cmd := exec.Command(filepath.Join(repo, "web", "edge", "dev.sh"), siteDir, workerDir, fmt.Sprint(port))
	cmd.Stdout, cmd.Stderr = logs, logs
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM)
		done := make(chan struct{}, 1) // (this package's close compares floats)
		go func() { cmd.Wait(); done <- struct{}{} }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
			<-done
		}
	})
	u := fmt.Sprintf("http://127.0.0.1:%d", port)
	deadline := time.Now().Add(90 * time.Second)
	for {
		res, err := http.Get(u + "/api/version")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return u, logs
			}
		}
		if time.Now().After(deadline) || cmd.ProcessState != nil {
			t.Fatalf("the edge did not start on %s: %v\n%s", u, err, logs)
		}
		time.Sleep(250 * time.Millisecond)
	}
}

// edgeRequest is a request line from wrangler dev's log:
// "[wrangler:info] GET /web/app.wasm 200 OK (12ms)".
var wranglerLine = regexp.MustCompile(`\[wrangler:info\] ([A-Z]+) (\S+) (\d{3})`)

func TestEdge(t *testing.T) {
	start := time.Now()
	repo := root(t)
	edge := os.Getenv("GUTLENS_EDGE_URL")
	var logs *syncBuffer
	siteDir := os.Getenv("GUTLENS_EDGE_SITE")
	if edge == "" {
		workerDir := os.Getenv("GUTLENS_EDGE_WORKER")
		if siteDir == "" || workerDir == "" {
			t.Skip("the edge test runs with `make test-edge` (or GUTLENS_EDGE_URL=http://127.0.0.1:8787 with `make edge` running)")
		}
		if _, err := os.Stat(filepath.Join(repo, "web", "edge", "node_modules", ".bin", "wrangler")); err != nil {
			t.Skip("npm tools not installed (web/edge/node_modules): run `make test-edge`, which runs `cd web/edge && npm ci`")
		}
		edge, logs = startEdge(t, repo, siteDir, workerDir)
		t.Logf("wrangler dev ready at %s after %v", edge, time.Since(start).Round(time.Millisecond))
	}
	requireChromium(t)
	origin, _ := url.Parse(edge)
	cli := &http.Client{
		Timeout:       30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	get := func(path string, hdr ...string) (*http.Response, []byte) {
		t.Helper()
		req, _ := http.NewRequest("GET", edge+path, nil)
		for i := 0; i+1 < len(hdr); i += 2 {
			req.Header.Set(hdr[i], hdr[i+1])
		}
		res, err := cli.Do(req)
		if err != nil {
			t.Fatalf("GET %s: %v", path, err)
		}
		defer res.Body.Close()
		b, err := io.ReadAll(res.Body)
		if err != nil {
			t.Fatalf("GET %s: %v", path, err)
		}
		return res, b
	}
	secure := func(path string, res *http.Response) {
		t.Helper()
		for k, v := range site.SecurityHeaders {
			if got := res.Header.Values(k); len(got) != 1 || got[0] != v {
				t.Errorf("%s: %s = %q, want [%q]", path, k, got, v)
			}
		}
	}

	// 1. Static assets: served by Workers Static Assets with the _headers
	// rules (no Go), revalidated with ETags; the service worker never stored.
	for _, tc := range []struct{ path, ctype, cache string }{
		{"/", "text/html; charset=utf-8", site.CacheRevalidate},
		{"/app.js", "text/javascript; charset=utf-8", site.CacheRevalidate},
		{"/app-worker.js", "text/javascript; charset=utf-8", site.CacheServiceWorker},
		{"/web/app.wasm", "application/wasm", site.CacheRevalidate},
		{"/web/engine.wasm", "application/wasm", site.CacheRevalidate},
		{"/manifest.webmanifest", "application/manifest+json", site.CacheRevalidate},
	} {
		res, body := get(tc.path)
		if res.StatusCode != http.StatusOK {
			t.Errorf("GET %s: status %d", tc.path, res.StatusCode)
			continue
		}
		if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, strings.Split(tc.ctype, ";")[0]) {
			t.Errorf("GET %s: Content-Type %q, want %q", tc.path, ct, tc.ctype)
		}
		if cc := res.Header.Values("Cache-Control"); len(cc) != 1 || cc[0] != tc.cache {
			t.Errorf("GET %s: Cache-Control %q, want [%q]", tc.path, cc, tc.cache)
		}
		secure(tc.path, res)
		etag := res.Header.Get("ETag")
		if etag == "" {
			t.Errorf("GET %s: no ETag", tc.path)
			continue
		}
		if res2, _ := get(tc.path, "If-None-Match", etag); res2.StatusCode != http.StatusNotModified {
			t.Errorf("GET %s If-None-Match %s: status %d, want 304", tc.path, etag, res2.StatusCode)
		}
		if tc.path == "/web/app.wasm" && siteDir != "" {
			if fi, err := os.Stat(filepath.Join(siteDir, "web", "app.wasm")); err == nil && int64(len(body)) != fi.Size() {
				t.Errorf("GET /web/app.wasm: %d bytes, the file has %d", len(body), fi.Size())
			}
		}
	}
	if res, _ := get("/index.html"); res.StatusCode/100 != 3 || res.Header.Get("Location") != "/" {
		t.Errorf("GET /index.html: %d Location %q, want a redirect to /", res.StatusCode, res.Header.Get("Location"))
	}

	// 2. The Go routes.
	res, body := get("/api/version")
	if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "application/json; charset=utf-8" || res.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("GET /api/version: %d %q %q", res.StatusCode, res.Header.Get("Content-Type"), res.Header.Get("Cache-Control"))
	}
	secure("/api/version", res)
	var v map[string]string
	if err := json.Unmarshal(body, &v); err != nil {
		t.Fatalf("/api/version: %s: %v", body, err)
	}
	_, appJS := get("/app.js")
	if m := regexp.MustCompile(`"GOAPP_VERSION":"([^"]+)"`).FindSubmatch(appJS); m == nil || v["version"] != string(m[1]) || v["app"] != "gutlens" || !strings.HasPrefix(v["go"], "go1.") || len(v) != 3 {
		t.Errorf("/api/version = %s, want app gutlens, the site's version and the Go version (app.js: %q)", body, m)
	}
	t.Logf("/api/version: %s", bytes.TrimSpace(body))
	if res, _ := get("/nope"); res.StatusCode != http.StatusNotFound {
		t.Errorf("GET /nope: status %d, want 404", res.StatusCode)
	} else {
		secure("/nope (Go fall-through)", res)
	}
	if res, _ := get("/api/nope"); res.StatusCode != http.StatusNotFound {
		t.Errorf("GET /api/nope: status %d, want 404", res.StatusCode)
	}

	// 3. POST /share answers 303 without consuming the body. wrangler dev's
	// local entry layer (miniflare) receives a whole request body before the
	// Worker runs, so the proof is made against the Go Worker in plain
	// workerd: announce 10 MiB, send 1 KiB, and read the answer with the
	// rest never sent (the Worker cannot have read what never arrived).
	if wd := os.Getenv("GUTLENS_EDGE_WORKER"); wd != "" {
		host := startWorkerd(t, repo, wd)
		status, loc := postShareUnfinished(t, host)
		if status != http.StatusSeeOther || loc != "/?shared=1" {
			t.Errorf("workerd: POST /share with an unfinished body: %d Location %q, want 303 /?shared=1", status, loc)
		} else {
			t.Logf("workerd: POST /share answered 303 %s with 1 KiB of an announced 10 MiB body sent", loc)
		}
	}
	if res, err := cli.Post(edge+"/share", "multipart/form-data; boundary=x", strings.NewReader("--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"s.biom\"\r\n\r\n{}\r\n--x--\r\n")); err != nil {
		t.Errorf("POST /share: %v", err)
	} else {
		res.Body.Close()
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/?shared=1" || res.Header.Get("Cache-Control") != "no-store" {
			t.Errorf("POST /share: %d Location %q Cache-Control %q, want 303 /?shared=1 no-store", res.StatusCode, res.Header.Get("Location"), res.Header.Get("Cache-Control"))
		}
		secure("POST /share", res)
	}
	// A POST to a static path is refused by the Go fall-through, unread.
	if res, err := cli.Post(edge+"/", "text/plain", strings.NewReader("not for the edge")); err != nil {
		t.Errorf("POST /: %v", err)
	} else {
		res.Body.Close()
		if res.StatusCode != http.StatusMethodNotAllowed {
			t.Errorf("POST /: status %d, want 405", res.StatusCode)
		}
	}
	ownPosts := 2

	// 4. The app in headless Chromium: load, analyse tiny.biom through the
	// file picker, and audit what the page asked for.
	c := newChrome(t, 3*time.Minute)
	pl := c.recordNetwork()
	browserStart := time.Now()
	c.navigate(edge + "/")
	c.waitFor("app ready", jsAppReady, 60*time.Second)
	t.Logf("app ready %.0f ms after navigation start (wall %v)", evalJS[float64](c, "window.gutlensReadyAt"), time.Since(browserStart).Round(time.Millisecond))
	c.upload(filepath.Join(repo, "testdata", "tiny.biom"))
	c.waitFor("analysis of tiny.biom", jsRunDone(1), 60*time.Second)
	if st := c.eval(jsStatus); st != "done" {
		t.Fatalf("tiny.biom: status %v: %v", st, c.eval(jsStatusText))
	}
	if n := c.eval(`document.querySelectorAll("#report article.sample").length`).(float64); n < 1 {
		t.Errorf("tiny.biom: no sample cards in the report")
	}
	c.waitFor("service worker controls the page", jsSWControls, 30*time.Second)
	if csp := c.eval(`document.querySelector("#file") !== null && typeof WebAssembly.instantiateStreaming`); csp != "function" {
		t.Errorf("page state: %v", csp)
	}

	// 5. Privacy audit. The page: every request to the edge's origin (or
	// data:/blob:), GET or HEAD, no body. The edge (wrangler's request log):
	// only GET/HEAD, except the test's own two POSTs above.
	reqs, resps := pl.requests(), pl.responses()
	if len(reqs) == 0 {
		t.Fatal("the page made no requests")
	}
	checkSameOrigin(t, reqs, origin.Host)
	for _, r := range resps {
		if u, _ := url.Parse(r.URL); u != nil && u.Host == origin.Host && r.Status < 400 {
			if r.Headers["X-Content-Type-Options"] == nil && r.Headers["x-content-type-options"] == nil && !r.FromServiceWorker && !r.FromDiskCache {
				t.Errorf("page response %s %v without nosniff: %v", r.URL, r.Status, r.Headers)
			}
		}
	}
	if logs != nil {
		time.Sleep(500 * time.Millisecond) // let wrangler flush its log
		var n, posts int
		for _, m := range wranglerLine.FindAllStringSubmatch(logs.String(), -1) {
			n++
			switch m[1] {
			case "GET", "HEAD":
			case "POST":
				posts++
				if m[2] != "/share" && m[2] != "/" {
					t.Errorf("the edge got POST %s", m[2])
				}
			default:
				t.Errorf("the edge got %s %s", m[1], m[2])
			}
		}
		if posts != ownPosts {
			t.Errorf("the edge logged %d POSTs, the test sent %d", posts, ownPosts)
		}
		if n == 0 {
			t.Errorf("no request lines in wrangler's log:\n%s", logs)
		}
		t.Logf("privacy audit: %d page requests to %s, all GET/HEAD without a body; the edge logged %d requests, the only POSTs the test's own %d", len(reqs), origin.Host, n, ownPosts)
	} else {
		t.Logf("privacy audit: %d page requests to %s, all GET/HEAD without a body (external edge: its log is not checked)", len(reqs), origin.Host)
	}
	t.Logf("TestEdge took %v", time.Since(start).Round(time.Millisecond))
}

// startWorkerd runs the Go Worker alone in workerd (from the npm package)
// on a free loopback port, with no assets binding, and returns host:port.
func startWorkerd(t *testing.T, repo, workerDir string) string {
	t.Helper()
	bin := filepath.Join(repo, "web", "edge", "node_modules", ".bin", "workerd")
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	host := l.Addr().String()
	l.Close()
	dir := t.TempDir()
	for _, f := range []string{"worker.mjs", "wasm_exec.js", "runtime.mjs", "app.wasm"} {
		if err := os.Symlink(filepath.Join(workerDir, f), filepath.Join(dir, f)); err != nil {
			t.Fatal(err)
		}
	}
	config := `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [ (name = "main", worker = .goWorker) ],
  sockets = [ (name = "http", address = "` + host + `", http = (), service = "main") ] );
const goWorker :Workerd.Worker = (
  modules = [ (name = "worker.mjs", esModule = embed "worker.mjs"),
              (name = "wasm_exec.js", esModule = embed "wasm_exec.js"),
              (name = "runtime.mjs", esModule = embed "runtime.mjs"),
              (name = "app.wasm", wasm = embed "app.wasm") ],
  compatibilityDate = "2026-11-01" );
`
	if err := os.WriteFile(filepath.Join(dir, "config.capnp"), []byte(config), 0o644); err != nil {
		t.Fatal(err)
	}
	logs := &syncBuffer{}
	cmd := exec.Command(bin, "serve", filepath.Join(dir, "config.capnp"))
	cmd.Stdout, cmd.Stderr = logs, logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		res, err := http.Get("http://" + host + "/api/version")
		if err == nil {
			res.Body.Close()
			return host
		}
		if time.Now().After(deadline) {
			t.Fatalf("workerd did not start on %s: %v\n%s", host, err, logs)
		}
	}
}

// postShareUnfinished sends POST /share announcing a 10 MiB multipart body,
// writes only the first KiB and reads the answer while the rest is missing.
func postShareUnfinished(t *testing.T, host string) (int, string) {
	t.Helper()
	conn, err := net.DialTimeout("tcp", host, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	const total = 10 << 20
	first := "--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"stool.biom\"\r\n\r\n" + strings.Repeat("A", 1024)
	fmt.Fprintf(conn, "POST /share HTTP/1.1\r\nHost: %s\r\nContent-Type: multipart/form-data; boundary=x\r\nContent-Length: %d\r\n\r\n%s", host, total, first)
	conn.SetReadDeadline(time.Now().Add(20 * time.Second))
	res, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("POST /share with an unfinished body: no answer (%v): the Worker waited for the body", err)
	}
	res.Body.Close()
	return res.StatusCode, res.Header.Get("Location")
}
