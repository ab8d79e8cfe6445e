package main

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
)

var goappVersion = regexp.MustCompile(`"GOAPP_VERSION":"([0-9A-Za-z._-]+)"`)

// SiteVersion reads the version go-app wrote into a generated site's app.js
// (the content hash computed by web/site). The Makefile passes it to the
// wasm build with -ldflags -X main.siteVersion.
func SiteVersion(dir string) (string, error) {
	b, err := os.ReadFile(filepath.Join(dir, "app.js"))
	if err != nil {
		return "", fmt.Errorf("site version: %w", err)
	}
	m := goappVersion.FindSubmatch(b)
	if m == nil {
		return "", fmt.Errorf("site version: no GOAPP_VERSION in %s", filepath.Join(dir, "app.js"))
	}
	return string(m[1]), nil
}
