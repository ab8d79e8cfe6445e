//go:build js && wasm

// Command engine is the Gutlens analysis engine: the pure analysis core
// compiled to WebAssembly, run inside a dedicated Web Worker
// (web/static/engine-worker.js) so the page never freezes.
//
// It exports one function to the worker's global scope:
//
//	gutlensAnalyse(name string, bytes Uint8Array, progress function(stage, done)) → {json, error, ms}
//
// A panic inside the analysis is recovered and returned as an error, so a
// bad file can never kill the engine.
package main

import (
	"syscall/js"

	"github.com/gutlens/gutlens/analysis/report"
)

func main() {
	js.Global().Set("gutlensAnalyse", js.FuncOf(analyseJS))
	if ready := js.Global().Get("gutlensEngineReady"); ready.Type() == js.TypeFunction {
		ready.Invoke()
	}
	select {}
}

func analyseJS(_ js.Value, args []js.Value) any {
	if len(args) < 2 || args[1].Type() != js.TypeObject {
		return map[string]any{"error": "gutlensAnalyse(name, bytes, progress): bytes must be a Uint8Array"}
	}
	name := args[0].String()
	data := make([]byte, args[1].Get("length").Int())
	js.CopyBytesToGo(data, args[1])
	var progress report.Progress
	if len(args) > 2 && args[2].Type() == js.TypeFunction {
		cb := args[2]
		progress = func(stage string, done float64) { cb.Invoke(stage, done) }
	}
	out := analyse(name, data, progress)
	if out.Error != "" {
		return map[string]any{"error": out.Error}
	}
	return map[string]any{"json": out.JSON, "ms": out.MS}
}
