//go:build !(js && wasm)

package site

import (
	"bytes"
	"compress/gzip"
	"mime"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"time"
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
	gz := &gzipCache{files: map[string]*gzipFile{}}
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
		file := p
		switch {
		case p == "/":
			file = "/index.html"
		case path.Ext(p) == "" && !strings.HasSuffix(p, "/"):
			file = p + ".html"
		}
		if gz.serve(w, r, dir, file) {
			return
		}
		if file != p && p != "/" {
			r2 := r.Clone(r.Context())
			r2.URL.Path = file
			files.ServeHTTP(w, r2)
			return
		}
		files.ServeHTTP(w, r)
	})
}

// compressible are the file types sent gzip-compressed to browsers that
// accept it, as Cloudflare compresses them at the edge (with brotli there):
// the wasm modules shrink to about a quarter (app.wasm 8.0 → 2.0 MB). Each
// file is compressed on its first request (about half a second for a wasm
// module) and kept in memory.
var compressible = map[string]bool{
	".html": true, ".js": true, ".css": true, ".wasm": true, ".webmanifest": true,
	".json": true, ".biom": true, ".txt": true, ".svg": true,
}

// gzipCache holds each compressible file compressed once, for as long as
// the file's size and time stay the same.
type gzipCache struct {
	mu    sync.Mutex
	files map[string]*gzipFile
}

type gzipFile struct {
	once    sync.Once
	size    int64
	modTime time.Time
	body    []byte
	err     error
}

// serve answers r with the gzip-compressed file (the site path file, under
// dir) when the browser accepts gzip and the type is worth it; it reports
// whether it answered. Range requests and everything else go to
// http.FileServer.
func (c *gzipCache) serve(w http.ResponseWriter, r *http.Request, dir, file string) bool {
	if !compressible[path.Ext(file)] {
		return false
	}
	w.Header().Set("Vary", "Accept-Encoding") // compressed or not, by this header
	if r.Header.Get("Range") != "" || !acceptsGzip(r) {
		return false
	}
	name := filepath.Join(dir, filepath.FromSlash(path.Clean("/"+file)))
	info, err := os.Stat(name)
	if err != nil || !info.Mode().IsRegular() {
		return false
	}
	c.mu.Lock()
	f := c.files[name]
	if f == nil || f.size != info.Size() || !f.modTime.Equal(info.ModTime()) {
		f = &gzipFile{size: info.Size(), modTime: info.ModTime()}
		c.files[name] = f
	}
	c.mu.Unlock()
	f.once.Do(func() {
		raw, err := os.ReadFile(name)
		if err != nil {
			f.err = err
			return
		}
		var b bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&b, gzip.DefaultCompression)
		zw.Write(raw)
		if f.err = zw.Close(); f.err == nil {
			f.body = b.Bytes()
		}
	})
	if f.err != nil {
		return false
	}
	h := w.Header()
	if h.Get("Content-Type") == "" {
		ct := mime.TypeByExtension(path.Ext(file))
		if ct == "" {
			ct = "application/octet-stream"
		}
		h.Set("Content-Type", ct)
	}
	h.Set("Content-Encoding", "gzip")
	http.ServeContent(w, r, file, f.modTime, bytes.NewReader(f.body))
	return true
}

// acceptsGzip reports whether the request's Accept-Encoding allows gzip.
func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		coding, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(coding), "gzip") {
			q := strings.ReplaceAll(strings.TrimSpace(params), " ", "")
			return q != "q=0" && q != "q=0.0" && q != "q=0.00" && q != "q=0.000"
		}
	}
	return false
}
