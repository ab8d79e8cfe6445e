//go:build !(js && wasm)

package main

import (
	"flag"
	"fmt"
	"log"
	"net/http"
	"os"

	"github.com/gutlens/gutlens/web/site"
)

// The native build serves the same Worker handler over net/http, with the
// generated site as its assets: `go run ./web/worker -site build/site`.
// It is a debugging aid; `make edge` runs the real thing (wrangler dev).
func main() {
	dir := flag.String("site", "build/site", "generated site folder (the static assets)")
	addr := flag.String("addr", "127.0.0.1:8788", "address to serve on")
	version := flag.String("version", "", "site version reported by /api/version (default: read from the site)")
	partners := flag.String("partners", os.Getenv("GUTLENS_EMBED_PARTNERS"), "origins allowed to frame /embed")
	flag.Parse()
	v := *version
	if v == "" {
		var err error
		if v, err = SiteVersion(*dir); err != nil {
			log.Fatal(err)
		}
	}
	p, err := ParsePartners(*partners)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("Gutlens worker (native) at http://%s/  site %s, version %s\n", *addr, *dir, v)
	log.Fatal(http.ListenAndServe(*addr, &Worker{Version: v, Partners: p, Assets: site.FileServer(*dir)}))
}
