//go:build e2e

package e2e

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/chromedp"
	gl "github.com/gutlens/gutlens/app"
	"github.com/gutlens/gutlens/web/site"
)

// demoOrigin is the Gutlens origin written in testdata/partner/index.html;
// the partner servers replace it with the origin under test.
const demoOrigin = "http://127.0.0.1:8080"

// evilPage is served by the non-listed origin inside the partner's page: it
// says hello to every frame of its parent (the Gutlens widget among them)
// and records whatever answers.
const evilPage = `<!doctype html><title>not a partner</title><script>
window.received = [];
addEventListener("message", (e) => window.received.push({origin: e.origin, data: e.data}));
window.sent = 0;
for (let i = 0; i < parent.frames.length; i++) {
  if (parent.frames[i] === window) continue;
  parent.frames[i].postMessage({type: "gutlens:hello", version: 1}, "*");
  window.sent++;
}
</script>`

// embedListen starts a server for h on a loopback port; host names the
// origin the browser uses for it (localhost or 127.0.0.1).
func embedListen(t *testing.T, host string, h http.Handler) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &httptest.Server{Listener: ln, Config: &http.Server{Handler: h}}
	srv.Start()
	t.Cleanup(srv.Close)
	return fmt.Sprintf("http://%s:%d", host, ln.Addr().(*net.TCPAddr).Port)
}

// partnerHandler serves the demo page (pointing at gutlens) at / and
// evilPage at /evil.html.
func partnerHandler(t *testing.T, gutlens string) http.Handler {
	b, err := os.ReadFile(filepath.Join(root(t), "testdata", "partner", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	page := strings.ReplaceAll(string(b), demoOrigin, gutlens)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		switch r.URL.Path {
		case "/":
			fmt.Fprint(w, page)
		case "/evil.html":
			fmt.Fprint(w, evilPage)
		default:
			http.NotFound(w, r)
		}
	})
}

// embedSite generates the site again into a temporary folder with the
// partner allow-list (GUTLENS_EMBED_PARTNERS reaches the page through
// go-app's Env, so it is fixed at generation), reusing GUTLENS_SITE's
// static files and wasm modules.
func embedSite(t *testing.T, built, partners string) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.CopyFS(filepath.Join(dir, "web"), os.DirFS(filepath.Join(built, "web"))); err != nil {
		t.Fatal(err)
	}
	t.Setenv(site.EmbedPartnersEnv, partners)
	if _, err := site.Generate(dir); err != nil {
		t.Fatal(err)
	}
	return dir
}

// embedSummaryKeys are the only keys a summary may hold, at any depth.
var embedSummaryKeys = []string{"format", "format_title", "n_samples", "n_features", "samples",
	"id", "observed_features", "shannon_ln", "simpson", "top_taxa", "name", "share"}

// checkKeys fails on any object key outside allowed, anywhere in v.
func checkKeys(t *testing.T, where string, v any, allowed []string) {
	t.Helper()
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			if !slices.Contains(allowed, k) {
				t.Errorf("%s: key %q is not part of the documented summary", where, k)
			}
			checkKeys(t, where+"."+k, e, allowed)
		}
	case []any:
		for i, e := range x {
			checkKeys(t, fmt.Sprintf("%s[%d]", where, i), e, allowed)
		}
	}
}

func TestEmbed(t *testing.T) {
	built, bin := env(t, "GUTLENS_SITE"), env(t, "GUTLENS_BIN")
	requireChromium(t)
	top := root(t)

	// Three loopback origins: the partner (allow-listed), Gutlens, and a
	// stranger that is not on the list.
	var gutlens string
	partnerLog, strangerLog, gutlensLog := &accessLog{}, &accessLog{}, &accessLog{}
	lazy := func(log *accessLog) http.Handler { // the pages need Gutlens' origin, set before the browser starts
		return log.wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			partnerHandler(t, gutlens).ServeHTTP(w, r)
		}))
	}
	partner := embedListen(t, "localhost", lazy(partnerLog))
	stranger := embedListen(t, "127.0.0.1", lazy(strangerLog))
	dir := embedSite(t, built, partner)
	gutlens = embedListen(t, "127.0.0.1", gutlensLog.wrap(site.FileServer(dir)))
	t.Logf("Gutlens %s, partner %s (allow-listed), stranger %s", gutlens, partner, stranger)

	// The headers: /embed may be framed by the partner, nothing else by anyone.
	for path, want := range map[string]string{"/embed": "frame-ancestors 'self' " + partner, "/": "frame-ancestors 'self'"} {
		res, err := http.Get(gutlens + path)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if csp := res.Header.Get("Content-Security-Policy"); !strings.HasSuffix(csp, "; "+want) {
			t.Errorf("%s: Content-Security-Policy %q, want it to end with %q", path, csp, want)
		}
	}

	c := newChrome(t, 3*time.Minute)

	// The partner page's own network log (the iframe is another target:
	// its requests are Gutlens', not the partner page's), and its console.
	pr := c.recordNetwork()
	var consoleMu sync.Mutex
	var console []string
	if _, err := chromedp.Call(c.ctx, cdplog.Enable, cdp.Empty{}); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Listen(c.ctx, func(ev any) {
		if e, ok := ev.(*cdplog.EventEntryAdded); ok {
			consoleMu.Lock()
			console = append(console, e.Entry.Text)
			consoleMu.Unlock()
		}
	}); err != nil {
		t.Fatal(err)
	}

	// frame attaches to the iframe target whose URL starts with prefix
	// (a cross-site iframe runs in its own process).
	frame := func(prefix string) *chrome {
		t.Helper()
		deadline := time.Now().Add(30 * time.Second)
		for time.Now().Before(deadline) {
			infos, err := chromedp.Targets(c.ctx)
			if err != nil {
				t.Fatal(err)
			}
			for _, info := range infos {
				if info.Type == "iframe" && strings.HasPrefix(info.URL, prefix) {
					fctx, cancel := chromedp.NewContext(c.ctx, chromedp.WithTargetID(info.TargetID))
					t.Cleanup(cancel)
					return c.on(fctx)
				}
			}
			time.Sleep(100 * time.Millisecond)
		}
		t.Fatalf("no iframe target at %s", prefix)
		return nil
	}
	type seen struct {
		Messages []struct {
			Origin string          `json:"origin"`
			Data   json.RawMessage `json:"data"`
		} `json:"messages"`
		Events []struct {
			Type   string          `json:"type"`
			Detail json.RawMessage `json:"detail"`
		} `json:"events"`
	}
	partnerSeen := func(p *chrome) (s seen) {
		t.Helper()
		if v := evalJS[*seen](p, `window.partnerSeen`); v != nil { // undefined or null: nothing seen
			s = *v
		}
		return s
	}

	// 1. The partner page frames the widget; the widget says ready and
	// sizes itself.
	start := time.Now()
	c.navigate(partner + "/")
	c.waitFor("the partner never got gutlens-ready", `window.partnerSeen.events.some(e => e.type === "gutlens-ready")`, 60*time.Second)
	c.waitFor("the partner never got gutlens-resize", `window.partnerSeen.events.some(e => e.type === "gutlens-resize" && e.detail.height > 0)`, 10*time.Second)
	t.Logf("widget ready on the partner page in %v", time.Since(start).Round(time.Millisecond))
	f := frame(gutlens + "/embed")
	f.waitFor("the widget never became ready", jsAppReady, 30*time.Second)
	h0 := c.eval(`document.querySelector("#gutlens iframe").getBoundingClientRect().height`).(float64)

	// 2. The user chooses a file inside the frame.
	tiny := filepath.Join(top, "testdata", "tiny.biom")
	f.upload(tiny)
	f.waitFor("the analysis never finished", jsRunDone(1), 60*time.Second)
	if st := f.eval(jsStatus); st != "done" {
		t.Fatalf("tiny.biom in the widget: status %v: %v", st, f.eval(jsStatusText))
	}
	want := cliView(t, bin, tiny)
	wantSummary := gl.NewEmbedSummary(want, want.Samples)
	shownIDs := f.eval(`[...document.querySelectorAll("article.embed-sample")].map(a => a.dataset.sample)`).([]any)
	if len(shownIDs) != len(wantSummary.Samples) {
		t.Errorf("the widget shows %d samples, want %d", len(shownIDs), len(wantSummary.Samples))
	}
	for _, s := range wantSummary.Samples {
		got := f.eval(fmt.Sprintf(`(() => { const a = document.querySelector('article.embed-sample[data-sample=%q]');
		  return a ? {shannon: a.querySelector('[data-metric="shannon_ln"]').dataset.value, top: [...a.querySelectorAll("li.top-taxon")].map(li => li.dataset.name)} : null; })()`, s.ID))
		m, _ := got.(map[string]any)
		if m == nil {
			t.Errorf("sample %s not shown", s.ID)
			continue
		}
		if g := parse(t, m["shannon"].(string)); !close(g, float64(s.ShannonLn)) {
			t.Errorf("sample %s: Shannon %v in the widget, %v from the CLI", s.ID, g, float64(s.ShannonLn))
		}
		var names []string
		for _, x := range s.TopTaxa {
			names = append(names, x.Name)
		}
		if fmt.Sprint(m["top"]) != fmt.Sprint(names) {
			t.Errorf("sample %s: top taxa %v in the widget, %v from the CLI", s.ID, m["top"], names)
		}
	}
	// The frame grew to its content (auto height from gutlens:resize).
	c.waitFor("the frame did not follow the widget's height", fmt.Sprintf(`(() => {
	  const rs = window.partnerSeen.events.filter(e => e.type === "gutlens-resize");
	  const h = document.querySelector("#gutlens iframe").getBoundingClientRect().height;
	  return rs.length > 0 && h > %v && Math.abs(h - rs[rs.length-1].detail.height) < 1;
	})()`, h0), 10*time.Second)
	if n := len(partnerSeen(c).Events); n == 0 {
		t.Fatal("no events")
	}
	for _, e := range partnerSeen(c).Events {
		if e.Type == "gutlens-summary" {
			t.Fatal("the partner got a summary before the user shared it")
		}
	}

	// 3. The user shares the summary: the partner gets exactly the
	// documented summary, equal to the CLI's numbers.
	f.click("#embed-share")
	c.waitFor("the partner never got the summary", `window.partnerSeen.events.some(e => e.type === "gutlens-summary")`, 10*time.Second)
	got := partnerSeen(c)
	var summary json.RawMessage
	for _, e := range got.Events {
		if e.Type == "gutlens-summary" {
			summary = e.Detail
		}
	}
	var gotAny, wantAny any
	json.Unmarshal(summary, &gotAny)
	wb, _ := json.Marshal(wantSummary)
	json.Unmarshal(wb, &wantAny)
	if !reflect.DeepEqual(gotAny, wantAny) {
		t.Errorf("summary received by the partner:\n%s\nwant (from the CLI's report):\n%s", summary, wb)
	}
	checkKeys(t, "summary", gotAny, embedSummaryKeys)
	if shot := os.Getenv("GUTLENS_EMBED_SCREENSHOT"); shot != "" { // a PNG of the partner page, for review
		png, err := chromedp.Run(c.ctx, chromedp.FullScreenshot(100))
		if err == nil {
			err = os.WriteFile(shot, png, 0o644)
		}
		if err != nil {
			t.Errorf("screenshot: %v", err)
		}
	}

	// 4. Nothing raw reached the partner's scripts: every message on its
	// window came from Gutlens' origin with a documented type and fields,
	// and none holds the file's name, hash, feature ids or raw values.
	raw, err := os.ReadFile(tiny)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(raw)
	all, _ := json.Marshal(got)
	for _, secret := range []string{"tiny.biom", hex.EncodeToString(sum[:]), "OTU1", `"value"`, `"total"`, `"lineage"`, "k__Bacteria"} {
		if strings.Contains(string(all), secret) {
			t.Errorf("the partner page saw %q", secret)
		}
	}
	types := map[string]int{}
	for _, m := range got.Messages {
		var d map[string]any
		json.Unmarshal(m.Data, &d)
		typ, _ := d["type"].(string)
		types[typ]++
		if m.Origin != gutlens {
			t.Errorf("the partner page got a message from %s: %s", m.Origin, m.Data)
		}
		allowed := map[string][]string{"gutlens:ready": {"type", "version"}, "gutlens:resize": {"type", "version", "height"}, "gutlens:summary": {"type", "version", "summary"}}[typ]
		if allowed == nil || d["version"] != float64(gl.EmbedProtocol) {
			t.Errorf("the partner page got an undocumented message: %s", m.Data)
			continue
		}
		for k := range d {
			if !slices.Contains(allowed, k) {
				t.Errorf("%s has the undocumented field %q", typ, k)
			}
		}
	}
	if types["gutlens:ready"] == 0 || types["gutlens:resize"] == 0 || types["gutlens:summary"] != 1 {
		t.Errorf("messages by type: %v; want ready, resize and one summary", types)
	}
	t.Logf("the partner saw %d messages %v and %d element events", len(got.Messages), types, len(got.Events))

	// 5. A page of a non-listed origin inside the partner's page says hello
	// to the widget: ignored, and it hears nothing back.
	before := f.eval(`window.gutlensEmbedIgnored`).(float64)
	c.eval(fmt.Sprintf(`(() => { const f = document.createElement("iframe"); f.id = "evil"; f.src = %q; document.body.append(f); return true; })()`, stranger+"/evil.html"))
	e := frame(stranger + "/evil.html")
	e.waitFor("the stranger's frame never ran", `window.sent >= 1`, 10*time.Second)
	time.Sleep(time.Second)
	if after := f.eval(`window.gutlensEmbedIgnored`).(float64); after < before+1 {
		t.Errorf("the widget did not ignore the stranger's hello (ignored %v → %v)", before, after)
	}
	if r := e.eval(`window.received`).([]any); len(r) != 0 {
		t.Errorf("the stranger's frame received %v", r)
	}
	if n := len(partnerSeen(c).Messages); n != len(got.Messages) {
		t.Errorf("the stranger's hello made the widget send %d more messages", n-len(got.Messages))
	}

	// 6. The partner page's own traffic, and Gutlens', carried no data: GET
	// or HEAD only, no body, to the partner itself or Gutlens only.
	partnerReqs := pr.requests()
	for _, r := range partnerReqs {
		u, err := url.Parse(r.URL)
		if err != nil || (u.Scheme != "data" && u.Scheme != "blob" && "http://"+u.Host != partner && "http://"+u.Host != gutlens && "http://"+u.Host != stranger) {
			t.Errorf("the partner page requested %s %s", r.Method, r.URL)
		}
		if r.HasPostData || (r.Method != http.MethodGet && r.Method != http.MethodHead) {
			t.Errorf("the partner page sent a body or non-GET: %s %s", r.Method, r.URL)
		}
	}
	t.Logf("partner page: %d requests, all GET/HEAD without a body", len(partnerReqs))
	for name, log := range map[string]*accessLog{"partner": partnerLog, "gutlens": gutlensLog} {
		reqs := log.snapshot()
		checkNoBodies(t, name+" ", reqs)
		t.Logf("%s server: %d requests, all GET/HEAD without a body", name, len(reqs))
	}

	// 7. The same page on the non-listed origin cannot frame the widget:
	// Chromium refuses it (frame-ancestors), the widget never starts, and
	// the page hears nothing.
	consoleMu.Lock()
	console = nil
	consoleMu.Unlock()
	c.navigate(stranger + "/")
	c.waitFor("the stranger's page never made the frame", `document.querySelector("#gutlens iframe") !== null`, 10*time.Second)
	deadline := time.Now().Add(10 * time.Second)
	blocked := ""
	for blocked == "" && time.Now().Before(deadline) {
		consoleMu.Lock()
		for _, c := range console {
			if strings.Contains(c, "frame-ancestors") {
				blocked = c
			}
		}
		consoleMu.Unlock()
		time.Sleep(100 * time.Millisecond)
	}
	if blocked == "" {
		t.Errorf("Chromium reported no frame-ancestors block on %s; console: %q", stranger, console)
	} else {
		t.Logf("Chromium: %s", blocked)
	}
	time.Sleep(2 * time.Second) // ample time for a widget to start, were it allowed to
	if s := partnerSeen(c); len(s.Messages) != 0 || len(s.Events) != 0 {
		t.Errorf("the non-listed page heard from the widget: %+v", s)
	}
	infos, err := chromedp.Targets(c.ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, info := range infos {
		if info.Type == "iframe" && strings.HasPrefix(info.URL, gutlens+"/embed") && info.OpenerID == "" {
			ictx, cancel := chromedp.NewContext(c.ctx, chromedp.WithTargetID(info.TargetID))
			if v, err := chromedp.Run(ictx, chromedp.Evaluate[any](`window.gutlensReady === true`)); err == nil && v == true {
				t.Errorf("a widget runs inside the non-listed page (%s)", info.URL)
			}
			cancel()
		}
	}
}
