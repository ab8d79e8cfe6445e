package app

import (
	"encoding/json"
	"strings"
	"time"

	"github.com/gutlens/gutlens/analysis/report/view"
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
		a.fail(ctx, name, a.lang().T("error.tooLarge", name, a.lang().Fixed(total/(1<<20), 0), maxFileBytes>>20))
		return
	}
	a.start(ctx, name, func(engine app.Value, cbs []any) {
		engine.Call("analyseFiles", append([]any{files}, cbs...)...)
	})
}

// start hands a job to the engine with progress, done and error callbacks.
func (a *Analyser) start(ctx app.Context, name string, call func(engine app.Value, cbs []any)) {
	ctx = a.stable(ctx)
	if a.state.Status == StatusRunning {
		return
	}
	engine := app.Window().Get("gutlensEngine")
	if !engine.Truthy() {
		a.fail(ctx, name, a.lang().T("error.noEngine"))
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
			a.state = State{Status: StatusRunning, Stage: "details", Done: 0.9, File: name, Report: r, EngineMS: ms, Run: a.state.Run, Rank: defaultRank(r.Ranks)}
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

// query sends a request to the engine and calls done or failed with its
// answer on the UI goroutine, unless another file was analysed meanwhile.
func (a *Analyser) query(ctx app.Context, req any, done func(ctx app.Context, answer string), failed func(ctx app.Context, msg string)) {
	ctx = a.stable(ctx)
	b, _ := json.Marshal(req)
	rep := a.state.Report
	var ok, fail app.Func
	release := func() { ok.Release(); fail.Release() }
	ok = app.FuncOf(func(this app.Value, args []app.Value) any {
		answer := args[0].String()
		release()
		ctx.Dispatch(func(ctx app.Context) {
			if a.state.Report == rep {
				done(ctx, answer)
			}
		})
		return nil
	})
	fail = app.FuncOf(func(this app.Value, args []app.Value) any {
		msg := args[0].String()
		release()
		ctx.Dispatch(func(ctx app.Context) {
			if a.state.Report == rep {
				failed(ctx, msg)
			}
		})
		return nil
	})
	app.Window().Get("gutlensEngine").Call("query", string(b), ok, fail)
}

// showPage fetches the full entries of page p's samples, and their
// composition at the chosen rank, from the engine, then shows that page;
// the first page completes an analysis.
func (a *Analyser) showPage(ctx app.Context, p int) {
	ids := a.state.pageIDs(p)
	failed := func(ctx app.Context, msg string) { a.fail(ctx, a.state.File, msg) }
	a.query(ctx, map[string]any{"kind": "samples", "samples": ids}, func(ctx app.Context, answer string) {
		details, err := decodeSamples(answer)
		if err != nil {
			failed(ctx, err.Error())
			return
		}
		// The page is built in parts, each in its own task, so no single
		// render is a long task: the cards a few at a time, then the
		// composition, then the health view; the last completes the
		// analysis.
		a.state.Details, a.state.Page, a.state.CardsShown = details, p, 0
		a.state.Composition, a.state.Health, a.state.HealthSample = nil, nil, ""
		done := func(ctx app.Context) {
			if a.state.Status == StatusRunning {
				a.state.Status, a.state.Run = StatusDone, a.state.Run+1
			}
		}
		withHealth := func(ctx app.Context) {
			if a.state.Report.Health == nil {
				done(ctx)
				return
			}
			a.loadHealth(ctx, ids, func(ctx app.Context, h *view.HealthView) {
				a.state.Health, a.state.HealthShown = h, 0
				a.reveal(ctx, &a.state.HealthShown, healthStatements(h, ids), statementBatch, done)
			})
		}
		a.revealCards(ctx, len(ids), func(ctx app.Context) {
			if a.state.Rank == "" {
				withHealth(ctx)
				return
			}
			a.loadComposition(ctx, a.state.Rank, ids, func(ctx app.Context, c *view.Composition) {
				a.state.Composition = c
				withHealth(ctx)
			})
		})
	}, failed)
}

// loadComposition fetches the composition of the samples ids at rank.
func (a *Analyser) loadComposition(ctx app.Context, rank string, ids []string, then func(ctx app.Context, c *view.Composition)) {
	a.query(ctx, map[string]any{"kind": "composition", "rank": rank, "samples": ids}, func(ctx app.Context, answer string) {
		var c view.Composition
		if err := json.Unmarshal([]byte(answer), &c); err != nil {
			a.fail(ctx, a.state.File, "the engine's answer could not be read: "+err.Error())
			return
		}
		then(ctx, &c)
	}, func(ctx app.Context, msg string) { a.fail(ctx, a.state.File, msg) })
}

func (a *Analyser) onRank(ctx app.Context, e app.Event) {
	rank := ctx.JSSrc().Get("value").String()
	a.state.Rank, a.state.Composition = rank, nil
	a.loadComposition(ctx, rank, a.state.pageIDs(a.state.Page), func(ctx app.Context, c *view.Composition) {
		if a.state.Rank == rank {
			a.state.Composition = c
		}
	})
}

// cardBatch is how many sample cards one frame builds (each is about 80
// elements; go-app builds some 5 a millisecond here).
const cardBatch = 2

// revealCards adds cardBatch more cards per frame until n are built, then
// calls then.
func (a *Analyser) revealCards(ctx app.Context, n int, then func(ctx app.Context)) {
	a.reveal(ctx, &a.state.CardsShown, n, cardBatch, then)
}

// reveal raises *shown by batch per frame (each step its own task) until
// it reaches n, then calls then; it stops if another file is analysed.
func (a *Analyser) reveal(ctx app.Context, shown *int, n, batch int, then func(ctx app.Context)) {
	rep := a.state.Report
	ctx = a.stable(ctx)
	var step func(ctx app.Context)
	step = func(ctx app.Context) {
		if a.state.Report != rep {
			return
		}
		if *shown >= n {
			then(ctx)
			return
		}
		*shown += batch
		ctx.After(time.Millisecond, step)
	}
	ctx.After(time.Millisecond, step)
}
