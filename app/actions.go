package app

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// The one-way flow: a user event starts an analysis in the engine Web
// Worker (through window.gutlensEngine, web/static/gutlens.js); the
// worker's progress, result or error come back as callbacks, which
// dispatch a new State on the UI goroutine.

func (a *Analyser) onChoose(ctx app.Context, e app.Event) {
	files := ctx.JSSrc().Get("files")
	if files.Truthy() && files.Length() > 0 {
		a.analyseFiles(ctx, files)
	}
	ctx.JSSrc().Set("value", "") // choosing the same file again fires change again
}

func (a *Analyser) onDrop(ctx app.Context, e app.Event) {
	e.PreventDefault()
	files := e.Get("dataTransfer").Get("files")
	if files.Truthy() && files.Length() > 0 {
		a.analyseFiles(ctx, files)
	}
}

func (a *Analyser) onSample(ctx app.Context, e app.Event) {
	a.start(ctx, "gutlens-sample.biom", func(engine app.Value, cbs []any) {
		engine.Call("analyseURL", append([]any{SampleURL, "gutlens-sample.biom"}, cbs...)...)
	})
}

// analyseFiles analyses a FileList: one table, or a table plus its
// taxonomy file.
func (a *Analyser) analyseFiles(ctx app.Context, files app.Value) {
	var names []string
	total := 0.0
	for i := range files.Length() {
		f := files.Index(i)
		names = append(names, f.Get("name").String())
		total += f.Get("size").Float()
	}
	name := strings.Join(names, " + ")
	if total > maxFileBytes {
		a.fail(ctx, name, fmt.Sprintf("%s: %.0f MiB; Gutlens reads files up to %d MiB", name, total/(1<<20), maxFileBytes>>20))
		return
	}
	a.start(ctx, name, func(engine app.Value, cbs []any) {
		engine.Call("analyseFiles", append([]any{files}, cbs...)...)
	})
}

// start hands a job to the engine with progress, done and error callbacks.
func (a *Analyser) start(ctx app.Context, name string, call func(engine app.Value, cbs []any)) {
	if a.state.Status == StatusRunning {
		return
	}
	engine := app.Window().Get("gutlensEngine")
	if !engine.Truthy() {
		a.fail(ctx, name, "the analysis engine did not load; reload the page")
		return
	}
	a.state = State{Status: StatusRunning, File: name, Stage: "read", Run: a.state.Run}
	var progress, done, failed app.Func
	release := func() { progress.Release(); done.Release(); failed.Release() }
	progress = app.FuncOf(func(this app.Value, args []app.Value) any {
		stage, frac := args[0].String(), args[1].Float()
		ctx.Dispatch(func(ctx app.Context) {
			if a.state.Status == StatusRunning {
				a.state.Stage, a.state.Done = stage, frac
			}
		})
		return nil
	})
	done = app.FuncOf(func(this app.Value, args []app.Value) any {
		js, ms := args[0].String(), args[1].Float()
		release()
		ctx.Dispatch(func(ctx app.Context) {
			r, err := decodeReport(js)
			if err != nil {
				a.fail(ctx, name, err.Error())
				return
			}
			a.state = State{Status: StatusRunning, Stage: "details", Done: 0.9, File: name, Report: r, EngineMS: ms, Run: a.state.Run}
			a.showPage(ctx, 0)
		})
		return nil
	})
	failed = app.FuncOf(func(this app.Value, args []app.Value) any {
		msg := args[0].String()
		release()
		ctx.Dispatch(func(ctx app.Context) { a.fail(ctx, name, msg) })
		return nil
	})
	call(engine, []any{progress, done, failed})
}

func (a *Analyser) fail(ctx app.Context, name, msg string) {
	a.state = State{Status: StatusFailed, File: name, Err: msg, Run: a.state.Run + 1}
}

// showPage fetches the full entries of page p's samples from the engine,
// then shows that page; the first page completes an analysis.
func (a *Analyser) showPage(ctx app.Context, p int) {
	engine := app.Window().Get("gutlensEngine")
	ids := a.state.pageIDs(p)
	req, _ := json.Marshal(map[string]any{"kind": "samples", "samples": ids})
	report := a.state.Report
	var done, failed app.Func
	release := func() { done.Release(); failed.Release() }
	done = app.FuncOf(func(this app.Value, args []app.Value) any {
		js := args[0].String()
		release()
		ctx.Dispatch(func(ctx app.Context) {
			if a.state.Report != report {
				return // another file was analysed meanwhile
			}
			details, err := decodeSamples(js)
			if err != nil {
				a.fail(ctx, a.state.File, err.Error())
				return
			}
			if a.state.Status == StatusRunning {
				a.state.Status, a.state.Run = StatusDone, a.state.Run+1
			}
			a.state.Details, a.state.Page = details, p
		})
		return nil
	})
	failed = app.FuncOf(func(this app.Value, args []app.Value) any {
		msg := args[0].String()
		release()
		ctx.Dispatch(func(ctx app.Context) {
			if a.state.Report == report {
				a.fail(ctx, a.state.File, msg)
			}
		})
		return nil
	})
	engine.Call("query", string(req), done, failed)
}
