//go:build !(js && wasm)

package main

import (
	"fmt"
	"os"
)

// main exists so `go build ./...` works natively; the engine itself only
// runs as WebAssembly in a Web Worker (main.go).
func main() {
	fmt.Fprintln(os.Stderr, "engine: build with GOOS=js GOARCH=wasm; it runs in the browser's Web Worker")
	os.Exit(2)
}
