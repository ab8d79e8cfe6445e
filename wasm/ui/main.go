//go:build js && wasm

// Command ui is the Gutlens go-app client, compiled to web/app.wasm. It
// holds no server code: the handler and static generator live in web/.
package main

import (
	gl "github.com/gutlens/gutlens/app"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

func main() {
	gl.Routes()
	app.RunWhenOnBrowser()
}
