//go:build js && wasm

// Command ui is the Gutlens go-app client, compiled to web/app.wasm. It
// holds no server code: the handler and static generator live in web/.
package main

import (
	"runtime"
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
	// A collection the runtime starts that late has much garbage to sweep
	// (and many JavaScript references to release): with research mode open
	// on that table it took 60–110 ms of one task. So collect while the
	// page is idle, once 2 MiB were allocated (idle.go): under 25 ms each.
	// The first collection costs 45–65 ms more, even of an empty heap (the
	// browser compiles the collector's code on its first run): collect
	// once now, in the start-up's own task, before the page can be used.
	runtime.GC()
	go collectWhenIdle()
	gl.Routes()
	app.RunWhenOnBrowser()
}
