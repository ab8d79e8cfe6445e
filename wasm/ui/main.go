//go:build js && wasm

// Command ui is the Gutlens go-app client, compiled to web/app.wasm. It
// holds no server code: the handler and static generator live in web/.
package main

import (
	"runtime/debug"

	gl "github.com/gutlens/gutlens/app"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

func main() {
	// A collection holds up the page's one thread for a time that grows
	// with the live heap: the first one (at Go's 4 MiB minimum) fell while
	// the report of a large table was built and took 40 ms of one task on
	// a loaded 2-core machine. The page's heap is a few MiB, so let it
	// grow to five times its live size between collections (GOGC=400):
	// showing the report of the largest corpus table then needs none.
	debug.SetGCPercent(400)
	gl.Routes()
	app.RunWhenOnBrowser()
}
