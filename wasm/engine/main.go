//go:build js && wasm

// Command engine is the Gutlens analysis engine: the pure analysis core
// compiled to WebAssembly, run inside a dedicated Web Worker
// (web/static/engine-worker.js) so the page never freezes.
//
// It exports two functions to the worker's global scope:
//
//	gutlensAnalyse(files [{name, bytes Uint8Array}], progress function(stage, done)) → {json, error, ms}
//	gutlensQuery(request string) → {json, error}
//
// gutlensAnalyse answers with the report's summary and keeps the report;
// gutlensQuery answers requests for parts of it (see Query).
//
// A panic inside the analysis is recovered and returned as an error, so a
// bad file can never kill the engine.
package main

import (
	"syscall/js"

	"github.com/gutlens/gutlens/analysis/format"
	"github.com/gutlens/gutlens/analysis/report"
)

func main() {
	js.Global().Set("gutlensAnalyse", js.FuncOf(analyseJS))
	js.Global().Set("gutlensQuery", js.FuncOf(queryJS))
	if ready := js.Global().Get("gutlensEngineReady"); ready.Type() == js.TypeFunction {
		ready.Invoke()
	}
	select {}
}

// analyseJS(files, progress): files is an array of {name, bytes}, one
// table or a table plus its taxonomy file.
func analyseJS(_ js.Value, args []js.Value) any {
	if len(args) < 1 || args[0].Type() != js.TypeObject || args[0].Length() == 0 {
		return map[string]any{"error": "gutlensAnalyse(files, progress): files must be a non-empty array of {name, bytes}"}
	}
	files := make([]format.Input, args[0].Length())
	for i := range files {
		f := args[0].Index(i)
		b := f.Get("bytes")
		files[i] = format.Input{Name: f.Get("name").String(), Data: make([]byte, b.Get("length").Int())}
		js.CopyBytesToGo(files[i].Data, b)
	}
	var progress report.Progress
	if len(args) > 1 && args[1].Type() == js.TypeFunction {
		cb := args[1]
		progress = func(stage string, done float64) { cb.Invoke(stage, done) }
	}
	return answer(current.analyse(files, progress))
}

// current is the engine's state: one per Web Worker.
var current engine

func queryJS(_ js.Value, args []js.Value) any {
	if len(args) < 1 || args[0].Type() != js.TypeString {
		return map[string]any{"error": "gutlensQuery(request): request must be a JSON string"}
	}
	return answer(current.query(args[0].String()))
}

func answer(out result) any {
	if out.Error != "" {
		return map[string]any{"error": out.Error}
	}
	return map[string]any{"json": out.JSON, "ms": out.MS}
}
