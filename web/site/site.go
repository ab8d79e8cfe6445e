//go:build !(js && wasm)

// Package site configures the go-app handler, generates the static site
// and serves it. It is server-side only: nothing here reaches app.wasm.
package site

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"html"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/gutlens/gutlens/analysis/health"
	gl "github.com/gutlens/gutlens/app"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// The files the service worker precaches besides go-app's own list, so the
// app, its engine and the sample work offline after one visit.
var cacheable = []string{
	"/nl",    // the Dutch page ("/" is always cached)
	"/embed", // the partner widget (app/embed.go)
	"/web/engine-worker.js",
	"/web/engine.wasm",
	"/web/icon.svg",
	gl.SampleURL,
	"/web/history.js", // on-device history, exports, shared files (manifest.go adds it to the pages)
	gl.NoticesURL,     // data sources and licences, linked from every page's footer
}

// writeNotices writes the attributions and licence texts of the
// third-party data the analysis embeds (health.Notices) to gl.NoticesURL.
func writeNotices(webDir string) error {
	text := "Gutlens: sources and licences of the data it ships\n" +
		"(Gutlens computes everything on your device; nothing here is about your data.)\n\n" + health.Notices()
	return os.WriteFile(filepath.Join(webDir, strings.TrimPrefix(gl.NoticesURL, "/web/")), []byte(text), 0o644)
}

// NewHandler returns the go-app handler for a site whose static files
// (web/static plus the two wasm modules) are in webDir.
func NewHandler(webDir string) (*app.Handler, error) {
	gl.Routes()
	wasm, err := os.Stat(filepath.Join(webDir, "app.wasm"))
	if err != nil {
		return nil, fmt.Errorf("site: build app.wasm first: %w", err)
	}
	for _, f := range cacheable {
		if !strings.HasPrefix(f, "/web/") {
			continue
		}
		if _, err := os.Stat(filepath.Join(webDir, strings.TrimPrefix(f, "/web/"))); err != nil {
			return nil, fmt.Errorf("site: missing %s: %w", f, err)
		}
	}
	sw, err := serviceWorker()
	if err != nil {
		return nil, err
	}
	env, err := embedEnv() // the partner allow-list for /embed (embed.go)
	if err != nil {
		return nil, err
	}
	h := &app.Handler{
		Name:        "Gutlens",
		ShortName:   "Gutlens",
		Title:       gl.EN.T("page.title"),
		Description: gl.EN.T("page.description"),
		Lang:        "en",
		Icon: app.Icon{
			Default: "/web/icon-192.png",
			Large:   "/web/icon-512.png",
			SVG:     "/web/icon.svg",
		},
		BackgroundColor:       "#ffffff",
		ThemeColor:            "#0b5d4b",
		LoadingLabel:          "Loading Gutlens… {progress}%",
		Styles:                []string{"/web/gutlens.css"},
		Scripts:               []string{"/web/gutlens.js"},
		CacheableResources:    cacheable,
		WasmContentLength:     strconv.FormatInt(wasm.Size(), 10),
		ServiceWorkerTemplate: sw,
		Env:                   env,
	}
	// The version is a hash of everything the site is made of: the static
	// files and wasm modules, and the handler's own settings. Same inputs,
	// same version; any change, a new version and an update for clients.
	v, err := hashDir(webDir, fmt.Sprintf("%+v", h))
	if err != nil {
		return nil, err
	}
	h.Version = v
	return h, nil
}

// Generate writes the static site into dir, whose web/ folder already
// holds the static files and wasm modules.
func Generate(dir string) (*app.Handler, error) {
	if err := writeNotices(filepath.Join(dir, "web")); err != nil {
		return nil, err
	}
	h, err := NewHandler(filepath.Join(dir, "web"))
	if err != nil {
		return nil, err
	}
	if err := app.GenerateStaticWebsite(dir, h); err != nil {
		return nil, fmt.Errorf("site: generating: %w", err)
	}
	if err := setPageLangs(dir); err != nil {
		return nil, err
	}
	if err := writeEdgeHeaders(dir); err != nil {
		return nil, err
	}
	if err := patchManifest(dir); err != nil {
		return nil, err
	}
	if err := addPageScripts(dir); err != nil {
		return nil, err
	}
	return h, nil
}

// go-app's service worker installs without event.waitUntil, so a failed
// precache still reports "activated" and offline silently breaks. The
// patched install step fails the install instead.
const installBlock = `self.addEventListener("install", async (event) => {
  try {
    console.log("installing app worker {{.Version}}");
    await installWorker();
    await self.skipWaiting();
  } catch (error) {
    console.error("error during installation:", error);
  }
});`

const patchedInstall = `self.addEventListener("install", (event) => {
  console.log("installing app worker {{.Version}}");
  event.waitUntil(installWorker().then(() => self.skipWaiting()));
});`

// go-app's fetch handler is cache-first for every request and passes the
// rest to the network: a POST /share (a file shared into the installed
// app) would reach the server. The patched handler keeps shared files on
// the device (IndexedDB, read by web/static/history.js) and redirects to
// "/?shared=1"; navigations match the cached page whatever their query.
const fetchBlock = `self.addEventListener("fetch", (event) => {
  event.respondWith(fetchWithCache(event.request));
});

async function fetchWithCache(request) {
  const cachedResponse = await caches.match(request);`

const patchedFetch = `self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (url.origin === self.location.origin && url.pathname === "/share") {
    event.respondWith(receiveShare(event.request));
    return;
  }
  event.respondWith(fetchWithCache(event.request));
});

// The share target (manifest share_target): the shared files stay in this
// browser, in the IndexedDB inbox the page empties (web/static/history.js
// opens the same database with the same version and stores).
async function receiveShare(request) {
  if (request.method !== "POST") {
    return Response.redirect("/", 303);
  }
  try {
    const form = await request.formData();
    const files = form.getAll("file").filter((f) => typeof f === "object" && f !== null && "size" in f);
    await keepShared(files);
  } catch (err) {
    console.error("share target:", err);
  }
  return Response.redirect("/?shared=1", 303);
}

function keepShared(files) {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open("gutlens", 1);
    open.onupgradeneeded = () => {
      const db = open.result;
      if (!db.objectStoreNames.contains("results")) db.createObjectStore("results", { keyPath: "id" });
      if (!db.objectStoreNames.contains("inbox")) db.createObjectStore("inbox", { autoIncrement: true });
    };
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const t = db.transaction("inbox", "readwrite");
      for (const f of files) {
        t.objectStore("inbox").add({ name: f.name || "shared file", type: f.type || "", blob: f, at: Date.now() });
      }
      t.oncomplete = () => { db.close(); resolve(); };
      t.onerror = () => { db.close(); reject(t.error); };
    };
  });
}

async function fetchWithCache(request) {
  const cachedResponse = await caches.match(request, { ignoreSearch: request.mode === "navigate" });`

func serviceWorker() (string, error) {
	if !strings.Contains(app.DefaultAppWorkerJS, installBlock) {
		return "", fmt.Errorf("site: go-app's service worker template changed; review the install patch")
	}
	if !strings.Contains(app.DefaultAppWorkerJS, fetchBlock) {
		return "", fmt.Errorf("site: go-app's service worker template changed; review the share-target patch")
	}
	sw := strings.Replace(app.DefaultAppWorkerJS, installBlock, patchedInstall, 1)
	sw = strings.Replace(sw, fetchBlock, patchedFetch, 1)
	// The manifest members added after generation (manifest.go) are part
	// of the version: changing them updates installed apps.
	return sw + "\n// manifest extras " + manifestExtrasHash() + "\n", nil
}

// hashDir hashes the names and contents of every file under dir, and extra.
func hashDir(dir, extra string) (string, error) {
	var files []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			files = append(files, p)
		}
		return err
	})
	if err != nil {
		return "", err
	}
	sort.Strings(files)
	sum := sha256.New()
	fmt.Fprintf(sum, "%s\x00", extra)
	for _, p := range files {
		b, err := os.ReadFile(p)
		if err != nil {
			return "", err
		}
		rel, _ := filepath.Rel(dir, p)
		fmt.Fprintf(sum, "%s\x00%d\x00", filepath.ToSlash(rel), len(b))
		sum.Write(b)
	}
	return hex.EncodeToString(sum.Sum(nil))[:16], nil
}

// setPageLangs writes each language's page with its own <html lang>,
// title and description: go-app prerenders every page with the Handler's
// (English) ones.
func setPageLangs(dir string) error {
	for _, g := range gl.Langs {
		if g.Route == "/" {
			continue
		}
		p := filepath.Join(dir, strings.TrimPrefix(g.Route, "/")+".html")
		b, err := os.ReadFile(p)
		if err != nil {
			return fmt.Errorf("site: %w", err)
		}
		const en = `<html lang="en">`
		if !strings.Contains(string(b), en) {
			return fmt.Errorf("site: %s has no %s to localise", p, en)
		}
		page := strings.Replace(string(b), en, `<html lang="`+string(g.Lang)+`">`, 1)
		for _, key := range []string{"page.title", "page.description"} {
			from, to := html.EscapeString(gl.EN.T(key)), html.EscapeString(g.Lang.T(key))
			if !strings.Contains(page, from) {
				return fmt.Errorf("site: %s has no %q to localise", p, from)
			}
			page = strings.ReplaceAll(page, from, to)
		}
		b = []byte(page)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			return fmt.Errorf("site: %w", err)
		}
	}
	return nil
}
