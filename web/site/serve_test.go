//go:build !(js && wasm)

package site

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestFileServerGzip: compressible files (and the pages behind /, /nl) go
// gzip-compressed to a browser that accepts it, with the same bytes inside
// and the security headers; a client without gzip, a range request, and a
// PNG get the file as it is.
func TestFileServerGzip(t *testing.T) {
	dir := t.TempDir()
	page := strings.Repeat("<p>Gutlens</p>\n", 200)
	wasm := bytes.Repeat([]byte("\x00asm\x01\x00\x00\x00"), 4000)
	for name, data := range map[string][]byte{
		"index.html":   []byte(page),
		"nl.html":      []byte("<html lang=\"nl\">" + page),
		"web/app.wasm": wasm,
		"web/icon.png": []byte("\x89PNG not really"),
	} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	srv := httptest.NewServer(FileServer(dir))
	defer srv.Close()
	get := func(path string, header map[string]string) (*http.Response, []byte) {
		t.Helper()
		req, _ := http.NewRequest(http.MethodGet, srv.URL+path, nil)
		for k, v := range header {
			req.Header.Set(k, v)
		}
		// A Transport that leaves Content-Encoding to the test.
		resp, err := (&http.Transport{DisableCompression: true}).RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		return resp, body
	}
	gunzip := func(b []byte) []byte {
		t.Helper()
		zr, err := gzip.NewReader(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		out, err := io.ReadAll(zr)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	gz := map[string]string{"Accept-Encoding": "gzip, deflate, br"}
	for _, c := range []struct {
		path, ctype string
		want        []byte
	}{
		{"/", "text/html; charset=utf-8", []byte(page)},
		{"/nl", "text/html; charset=utf-8", []byte("<html lang=\"nl\">" + page)},
		{"/web/app.wasm", "application/wasm", wasm},
	} {
		for range 2 { // the second answer comes from the cache
			resp, body := get(c.path, gz)
			if resp.StatusCode != 200 || resp.Header.Get("Content-Encoding") != "gzip" || resp.Header.Get("Vary") != "Accept-Encoding" {
				t.Fatalf("%s: status %d, Content-Encoding %q, Vary %q; want 200, gzip, Accept-Encoding", c.path, resp.StatusCode, resp.Header.Get("Content-Encoding"), resp.Header.Get("Vary"))
			}
			if got := resp.Header.Get("Content-Type"); got != c.ctype {
				t.Errorf("%s: Content-Type %q, want %q", c.path, got, c.ctype)
			}
			if resp.Header.Get("Content-Security-Policy") == "" || resp.Header.Get("Cache-Control") != "no-cache" {
				t.Errorf("%s: security or cache headers missing: %v", c.path, resp.Header)
			}
			if len(body) >= len(c.want) || !bytes.Equal(gunzip(body), c.want) {
				t.Errorf("%s: %d compressed bytes do not hold the %d bytes of the file", c.path, len(body), len(c.want))
			}
		}
		// Revalidation: an unchanged file is a 304.
		resp, _ := get(c.path, map[string]string{"Accept-Encoding": "gzip", "If-Modified-Since": resp304Date(t, get, c.path)})
		if resp.StatusCode != http.StatusNotModified {
			t.Errorf("%s: revalidation answered %d, want 304", c.path, resp.StatusCode)
		}
	}
	for _, c := range []struct {
		path   string
		header map[string]string
		want   []byte
	}{
		{"/web/app.wasm", nil, wasm},
		{"/web/app.wasm", map[string]string{"Accept-Encoding": "gzip;q=0"}, wasm},
		{"/web/app.wasm", map[string]string{"Accept-Encoding": "gzip", "Range": "bytes=0-7"}, wasm[:8]},
		{"/web/icon.png", gz, []byte("\x89PNG not really")},
	} {
		resp, body := get(c.path, c.header)
		if resp.Header.Get("Content-Encoding") != "" || !bytes.Equal(body, c.want) {
			t.Errorf("%s with %v: Content-Encoding %q, %d bytes; want the file as it is", c.path, c.header, resp.Header.Get("Content-Encoding"), len(body))
		}
	}
	if resp, _ := get("/missing", gz); resp.StatusCode != http.StatusNotFound {
		t.Errorf("/missing: status %d, want 404", resp.StatusCode)
	}
}

// resp304Date is the Last-Modified of path, to revalidate with.
func resp304Date(t *testing.T, get func(string, map[string]string) (*http.Response, []byte), path string) string {
	t.Helper()
	resp, _ := get(path, map[string]string{"Accept-Encoding": "gzip"})
	lm := resp.Header.Get("Last-Modified")
	if lm == "" {
		t.Fatalf("%s: no Last-Modified", path)
	}
	return lm
}
