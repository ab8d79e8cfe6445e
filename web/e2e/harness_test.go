//go:build e2e

package e2e

// The harness every browser test shares: the repository and environment,
// the local server's access log, headless Debian Chromium with the same
// flags everywhere, and small helpers that fail the test on an error
// (evaluate, wait, click, upload), a Content-Security-Policy recorder and a
// log of what the page asked for over the network.

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/gutlens/gutlens/web/site"
)

// root is the repository's top folder.
func root(t *testing.T) string {
	t.Helper()
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	return filepath.Join(wd, "..", "..")
}

// env is a variable `make test-e2e` sets; the test fails without it.
func env(t *testing.T, name string) string {
	t.Helper()
	v := os.Getenv(name)
	if v == "" {
		t.Fatalf("%s is not set: run `make test-e2e`", name)
	}
	return v
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// request is one request as the server saw it.
type request struct {
	Method string
	Path   string
	Body   int64 // bytes of body received
}

// carriesData reports whether r could have sent anything: a method other
// than GET or HEAD, or a body.
func (r request) carriesData() bool {
	return (r.Method != http.MethodGet && r.Method != http.MethodHead) || r.Body != 0
}

// accessLog records every request a test server receives.
type accessLog struct {
	mu   sync.Mutex
	reqs []request
}

func (l *accessLog) wrap(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n, _ := io.Copy(io.Discard, r.Body)
		l.mu.Lock()
		l.reqs = append(l.reqs, request{r.Method, r.URL.Path, n + max(r.ContentLength, 0)})
		l.mu.Unlock()
		h.ServeHTTP(w, r)
	})
}

func (l *accessLog) snapshot() []request {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]request(nil), l.reqs...)
}

// checkNoBodies fails on every request in reqs that carried data; who
// prefixes the message ("" or "partner ").
func checkNoBodies(t *testing.T, who string, reqs []request) {
	t.Helper()
	for _, r := range reqs {
		if r.carriesData() {
			t.Errorf("%sserver got %s %s with %d body bytes", who, r.Method, r.Path, r.Body)
		}
	}
}

// JavaScript the tests share.
const (
	jsAppReady     = `window.gutlensReady === true`
	jsSWControls   = `navigator.serviceWorker.controller !== null`
	jsStatus       = `document.querySelector("#status").dataset.status`
	jsStatusText   = `document.querySelector("#status").innerText`
	jsCSPRecorder  = `window.cspViolations = []; document.addEventListener("securitypolicyviolation", e => window.cspViolations.push(e.violatedDirective + " " + e.blockedURI));`
	chromiumBinary = "/usr/bin/chromium"
)

// jsRunDone is true once the page's analysis number n has ended.
func jsRunDone(n int) string {
	return fmt.Sprintf(`document.querySelector('#status[data-run="%d"]') !== null`, n)
}

// requireChromium fails the test without Debian's Chromium.
func requireChromium(t testing.TB) {
	t.Helper()
	if _, err := os.Stat(chromiumBinary); err != nil {
		t.Fatal("Debian chromium is required (apt-get install -y chromium): ", err)
	}
}

// chrome drives one target of a headless Chromium (a tab, an iframe, a
// worker) for one test; each method fails the test on an error.
type chrome struct {
	t   testing.TB
	ctx context.Context
}

// newChrome starts Debian's Chromium, headless, with a fresh profile and
// no background traffic of its own, for at most timeout. It is stopped
// when the test ends (before the servers the test started earlier).
func newChrome(t *testing.T, timeout time.Duration) *chrome {
	t.Helper()
	requireChromium(t)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromiumBinary),
		chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
	)
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancelA)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(cancel)
	ctx, cancelT := context.WithTimeout(ctx, timeout)
	t.Cleanup(cancelT)
	return &chrome{t: t, ctx: ctx}
}

// on is the same test driving another target (an iframe, a worker).
func (c *chrome) on(ctx context.Context) *chrome { return &chrome{t: c.t, ctx: ctx} }

// evalJS evaluates js (awaiting a promise) and decodes its value into T.
func evalJS[T any](c *chrome, js string) T {
	c.t.Helper()
	v, err := chromedp.Run(c.ctx, chromedp.Evaluate[T](js, chromedp.EvalAwaitPromise))
	if err != nil {
		c.t.Fatalf("%s: %v", js, err)
	}
	return v
}

// eval is evalJS[any].
func (c *chrome) eval(js string) any {
	c.t.Helper()
	return evalJS[any](c, js)
}

func (c *chrome) do(steps ...chromedp.Action[chromedp.Void]) {
	c.t.Helper()
	if err := chromedp.Do(c.ctx, steps...); err != nil {
		c.t.Fatal(err)
	}
}

func (c *chrome) navigate(u string) {
	c.t.Helper()
	c.do(chromedp.Navigate(u))
}

func (c *chrome) click(sel string) {
	c.t.Helper()
	c.do(chromedp.Click(sel, chromedp.NodeVisible))
}

// upload chooses files in the page's file picker (#file).
func (c *chrome) upload(files ...string) {
	c.t.Helper()
	c.do(chromedp.SetUploadFiles("#file", files, chromedp.NodeReady))
}

// poll waits until js is truthy, for at most timeout.
func (c *chrome) poll(js string, timeout time.Duration) error {
	_, err := chromedp.Run(c.ctx, chromedp.Poll[bool](js, chromedp.WithPollingTimeout(timeout)))
	return err
}

// waitFor waits until js is truthy; what names the wait in the failure.
func (c *chrome) waitFor(what, js string, timeout time.Duration) {
	c.t.Helper()
	if err := c.poll(js, timeout); err != nil {
		c.t.Fatalf("%s: %v", what, err)
	}
}

// addScript runs src in every document the target loads from now on,
// before the page's own scripts.
func (c *chrome) addScript(src string) {
	c.t.Helper()
	if _, err := chromedp.Call(c.ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: src}); err != nil {
		c.t.Fatal(err)
	}
}

// recordCSP records every Content-Security-Policy violation of the
// documents loaded from now on, for checkCSP.
func (c *chrome) recordCSP() {
	c.t.Helper()
	c.addScript(jsCSPRecorder)
}

// checkCSP fails on any violation recorded in the current document; when,
// if set, prefixes the message.
func (c *chrome) checkCSP(when string) {
	c.t.Helper()
	if v := c.eval(`window.cspViolations`).([]any); len(v) > 0 {
		if when != "" {
			when += ": "
		}
		c.t.Errorf("%sContent-Security-Policy violations: %v", when, v)
	}
}

// allowDownloads saves the page's downloads into dir.
func (c *chrome) allowDownloads(dir string, events bool) {
	c.t.Helper()
	params := cdpbrowser.SetDownloadBehaviorParams{Behavior: cdpbrowser.SetDownloadBehaviorBehaviorAllow, DownloadPath: dir}
	if events {
		params.EventsEnabled = &events
	}
	if _, err := chromedp.CallBrowser(c.ctx, cdpbrowser.SetDownloadBehavior, params); err != nil {
		c.t.Fatal(err)
	}
}

// netLog records what the page itself asked for and got (CDP Network
// domain).
type netLog struct {
	mu    sync.Mutex
	reqs  []*network.Request
	resps []*network.Response
}

// recordNetwork logs the target's requests and responses from now on.
func (c *chrome) recordNetwork() *netLog {
	c.t.Helper()
	l := &netLog{}
	if _, err := chromedp.Call(c.ctx, network.Enable, network.EnableParams{}); err != nil {
		c.t.Fatal(err)
	}
	if err := chromedp.Listen(c.ctx, func(ev any) {
		l.mu.Lock()
		defer l.mu.Unlock()
		switch e := ev.(type) {
		case *network.EventRequestWillBeSent:
			l.reqs = append(l.reqs, e.Request)
		case *network.EventResponseReceived:
			l.resps = append(l.resps, e.Response)
		}
	}); err != nil {
		c.t.Fatal(err)
	}
	return l
}

func (l *netLog) requests() []*network.Request {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]*network.Request(nil), l.reqs...)
}

func (l *netLog) responses() []*network.Response {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]*network.Response(nil), l.resps...)
}

// checkSameOrigin fails on every page request that went to another host
// than host (data: and blob: stay inside the browser), or that was not a
// GET or HEAD without a body.
func checkSameOrigin(t *testing.T, reqs []*network.Request, host string) {
	t.Helper()
	for _, r := range reqs {
		u, err := url.Parse(r.URL)
		if err != nil {
			t.Errorf("page request to unparsable URL %q", r.URL)
			continue
		}
		if u.Scheme == "data" || u.Scheme == "blob" {
			continue
		}
		if u.Host != host {
			t.Errorf("page requested another origin: %s %s", r.Method, r.URL)
		}
		if r.HasPostData || (r.Method != http.MethodGet && r.Method != http.MethodHead) {
			t.Errorf("page sent a body or non-GET: %s %s", r.Method, r.URL)
		}
	}
}

// openSample serves the built site, opens it in a new browser that allows
// downloads (into the returned directory) and records CSP reports, and
// analyses the bundled sample with "Try the sample". The page's console
// is shown when the test fails (a Go panic in the page is printed there).
func openSample(t *testing.T) (*chrome, string) {
	t.Helper()
	siteDir := env(t, "GUTLENS_SITE")
	requireChromium(t)
	srv := httptest.NewServer(site.FileServer(siteDir))
	t.Cleanup(srv.Close)
	c := newChrome(t, 3*time.Minute)
	downloads := t.TempDir()
	c.allowDownloads(downloads, false)
	c.recordCSP()
	var console []string
	var mu sync.Mutex
	_ = chromedp.Listen(c.ctx, func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		switch e := ev.(type) {
		case *runtime.EventConsoleAPICalled:
			for _, a := range e.Args {
				console = append(console, string(e.Type)+": "+string(a.Value))
			}
		case *runtime.EventExceptionThrown:
			console = append(console, "exception: "+e.ExceptionDetails.Text)
		}
	})
	t.Cleanup(func() {
		if t.Failed() {
			mu.Lock()
			defer mu.Unlock()
			t.Logf("page console:\n%s", strings.Join(console, "\n"))
		}
	})
	c.navigate(srv.URL)
	c.waitFor("app never became ready", jsAppReady, 60*time.Second)
	c.click("#try-sample")
	c.waitFor("the sample was never analysed", jsRunDone(1), 60*time.Second)
	if st := evalJS[string](c, jsStatus); st != "done" {
		t.Fatalf("sample: status %s: %v", st, c.eval(jsStatusText))
	}
	return c, downloads
}
