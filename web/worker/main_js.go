//go:build js && wasm

package main

import (
	"fmt"
	"io"
	"net/http"
	"os"

	"github.com/syumai/workers"
	"github.com/syumai/workers/cloudflare"
	"github.com/syumai/workers/cloudflare/fetch"
)

// siteVersion is set at build time:
// -ldflags '-X main.siteVersion=<GOAPP_VERSION of the generated site>'.
var siteVersion string

// PartnersVar is the Worker variable (wrangler.jsonc "vars") holding the
// partner origins allowed to frame /embed.
const PartnersVar = "GUTLENS_EMBED_PARTNERS"

func main() {
	// syumai/workers runs a fresh Go instance for every request, and the
	// environment (vars, bindings) exists only inside a request.
	workers.Serve(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		partners, err := ParsePartners(cloudflare.Getenv(PartnersVar))
		if err != nil {
			fmt.Fprintf(os.Stderr, "gutlens worker: %s ignored: %v\n", PartnersVar, err)
			partners = nil
		}
		wk := &Worker{Version: siteVersion, Partners: partners, Assets: assets{}}
		wk.ServeHTTP(w, r)
	}))
}

// assets forwards a GET or HEAD to the static assets binding (env.ASSETS)
// and copies its answer. Only asset misses and run_worker_first routes get
// here: asset hits are served by Cloudflare without running Go.
type assets struct{}

func (assets) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	req, err := fetch.NewRequest(r.Context(), r.Method, r.URL.String(), nil)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	req.Header = r.Header.Clone()
	cli := fetch.NewClient(fetch.WithBinding(cloudflare.GetBinding("ASSETS")))
	res, err := cli.Do(req, &fetch.RequestInit{Redirect: fetch.RedirectModeManual})
	if err != nil {
		http.Error(w, "assets: "+err.Error(), http.StatusBadGateway)
		return
	}
	defer res.Body.Close()
	for k, vs := range res.Header {
		w.Header()[k] = vs
	}
	w.WriteHeader(res.StatusCode)
	if r.Method != http.MethodHead {
		io.Copy(w, res.Body)
	}
}
