// Added to go-app's pkg/app by wasm/ui/_goapp/prepare.sh for the browser build.

//go:build wasm

package app

import "strings"

// Handler is the server-side type; on wasm only its name is needed (by
// GenerateStaticWebsite's signature in wasm.go). http.go and resource.go,
// which import net/http, are built only outside wasm.
type Handler struct{}

// The three functions below are copied unchanged from go-app v10.1.11
// pkg/app/resource.go (MIT licence, copyright (c) 2016 Maxence Charriere; the
// licence text is in the module copy prepare.sh makes, as LICENSE).

func clientResourceResolver(resourcesLocation string) func(string) string {
	return func(location string) string {
		if remoteLocation(location) || !webLocation(location) {
			return location
		}
		location = strings.Trim(location, "/")
		return resourcesLocation + "/" + strings.TrimPrefix(location, "web/")
	}
}

func remoteLocation(location string) bool {
	return strings.HasPrefix(location, "https://") ||
		strings.HasPrefix(location, "http://")
}

func webLocation(location string) bool {
	return strings.HasPrefix(location, "/web/") ||
		location == "/web" ||
		strings.HasPrefix(location, "web/") ||
		location == "web"
}
