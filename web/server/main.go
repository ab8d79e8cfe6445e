//go:build !(js && wasm)

// Command server generates the Gutlens static site and serves it locally.
//
//	server -generate build/site        write index.html, app.js, the service worker … into build/site
//	server -serve build/site -addr 127.0.0.1:8080
package main

import (
	"flag"
	"fmt"
	"log"
	"net/http"
	"os"

	"github.com/gutlens/gutlens/web/site"
)

func main() {
	generate := flag.String("generate", "", "generate the static site into this folder (its web/ must hold the static files and wasm)")
	serve := flag.String("serve", "", "serve this generated site folder")
	addr := flag.String("addr", "127.0.0.1:8080", "address to serve on")
	flag.Parse()
	switch {
	case *generate != "":
		h, err := site.Generate(*generate)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("generated %s (version %s)\n", *generate, h.Version)
	case *serve != "":
		if _, err := os.Stat(*serve + "/index.html"); err != nil {
			log.Fatalf("%s has no index.html: run make site first", *serve)
		}
		fmt.Printf("Gutlens is running at http://%s/  (Ctrl-C to stop)\n", *addr)
		log.Fatal(http.ListenAndServe(*addr, site.FileServer(*serve)))
	default:
		flag.Usage()
		os.Exit(2)
	}
}
