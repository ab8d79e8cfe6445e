package app

import (
	"encoding/json"
	"fmt"
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
		ms := args[1].Float()
		release()
		order := ""
		if len(args) > 2 && args[2].Type() == app.TypeString {
			order = args[2].String()
		}
		r, err := decodeReport(args[0].String(), order)
		later(ctx, func(ctx app.Context) {
			if err != nil {
				a.fail(ctx, name, err.Error())
				return
			}
			a.showReport(ctx, State{Status: StatusRunning, Stage: "details", Done: 0.9, File: name, Report: r, EngineMS: ms, Run: a.state.Run, Rank: defaultRank(r.Ranks)})
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

// later dispatches fn in a task of its own (a zero timeout). The
// engine's answers are decoded in the task of its message, and what they
// change is rendered in yet another task: Go's scheduler runs everything
// that is ready before it hands the thread back to the browser, so a
// go-app frame that fell due during a long decode, or a dispatch that
// starts go-app's frame timer, would otherwise run in the same task.
func later(ctx app.Context, fn func(ctx app.Context)) {
	var f app.Func
	f = app.FuncOf(func(this app.Value, args []app.Value) any {
		f.Release()
		ctx.Dispatch(fn)
		return nil
	})
	app.Window().Call("setTimeout", f, 0)
}

func (a *Analyser) fail(ctx app.Context, name, msg string) {
	a.state = State{Status: StatusFailed, File: name, Err: msg, Run: a.state.Run + 1}
}

// query sends a request to the engine and calls done or failed with its
// answer on the UI goroutine, unless another file was analysed meanwhile.
func (a *Analyser) query(ctx app.Context, req any, done func(ctx app.Context, answer string), failed func(ctx app.Context, msg string)) {
	a.sendQuery(ctx, req, func(answer string) (any, error) { return answer, nil },
		func(ctx app.Context, v any) { done(ctx, v.(string)) }, failed)
}

// queryJSON is query for an answer decoded as JSON into a T: decoded in
// the task of the engine's message, and used in a later one (see later).
func queryJSON[T any](a *Analyser, ctx app.Context, req any, done func(ctx app.Context, v *T), failed func(ctx app.Context, msg string)) {
	a.sendQuery(ctx, req, func(answer string) (any, error) { return decodeJSON[T](answer) },
		func(ctx app.Context, v any) { done(ctx, v.(*T)) }, failed)
}

// decodeJSON reads an answer of the engine into a new T.
func decodeJSON[T any](answer string) (*T, error) {
	v := new(T)
	if err := json.Unmarshal([]byte(answer), v); err != nil {
		return nil, fmt.Errorf("the engine's answer could not be read: %w", err)
	}
	return v, nil
}

// sendQuery sends req to the engine; decode reads its answer.
func (a *Analyser) sendQuery(ctx app.Context, req any, decode func(answer string) (any, error), done func(ctx app.Context, v any), failed func(ctx app.Context, msg string)) {
	a.ask(a.stable(ctx), req, decode, done, failed)
}

// keepParent, called in a dispatch through the context of a component
// inside the Analyser, leaves the Analyser out of the next render: go-app
// re-renders the component of a dispatch and every one that encloses it,
// and the Analyser's render (the whole report) is what costs. A component
// whose own state alone changed (the alpha table scrolled) is then
// re-rendered alone. It undoes what the dispatch asked of the Analyser:
// call it at most once in a dispatch, and not with ctx.PreventUpdate,
// which undoes it too (twice would undo another dispatch's render).
func (a *Analyser) keepParent() {
	if a != nil && a.mounted {
		a.mountCtx.PreventUpdate()
	}
}

// ask is sendQuery with done and failed dispatched through ctx as it is:
// a component's own context (see keepParent), whose answers are dropped
// once it is gone.
func (a *Analyser) ask(ctx app.Context, req any, decode func(answer string) (any, error), done func(ctx app.Context, v any), failed func(ctx app.Context, msg string)) {
	b, _ := json.Marshal(req)
	rep := a.state.Report
	var ok, fail app.Func
	release := func() { ok.Release(); fail.Release() }
	ok = app.FuncOf(func(this app.Value, args []app.Value) any {
		release()
		v, err := decode(args[0].String())
		later(ctx, func(ctx app.Context) {
			switch {
			case a.state.Report != rep:
			case err != nil:
				failed(ctx, err.Error())
			default:
				done(ctx, v)
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

// showReport shows the new report of s: its file details first, then its
// parts one per frame, then its first page, which completes the analysis.
// The page's data is asked for after the first frame (so that the frame
// is a task of its own), and the engine prepares it while the parts are
// built.
func (a *Analyser) showReport(ctx app.Context, s State) {
	s.Unbuilt = reportParts
	a.state = s
	rep, built := s.Report, &ahead[struct{}]{}
	var step func(ctx app.Context)
	step = func(ctx app.Context) {
		switch {
		case a.state.Report != rep:
		case a.state.Unbuilt == 0:
			built.set(ctx, nil)
		default:
			a.state.Unbuilt--
			a.nextFrame(ctx, step)
		}
	}
	a.nextFrame(ctx, func(ctx app.Context) {
		if a.state.Report == rep {
			a.buildPage(ctx, 0, built)
			a.nextFrame(ctx, step)
		}
	})
}

// showPage shows page p of the samples.
func (a *Analyser) showPage(ctx app.Context, p int) { a.buildPage(ctx, p, nil) }

// buildPage asks the engine for the full entries of page p's samples, their
// composition at the chosen rank and the health view of the first, and
// shows them once after (if not nil) is set. The page is built in parts,
// each in a frame of its own, so that no single task is long: the cards a
// few at a time, then the composition, then the health statements; the
// last completes an analysis under way. Another page asked for meanwhile
// ends the build.
func (a *Analyser) buildPage(ctx app.Context, p int, after *ahead[struct{}]) {
	ids := a.state.pageIDs(p)
	failed := func(ctx app.Context, msg string) { a.fail(ctx, a.state.File, msg) }
	a.pageBuild++
	build := a.pageBuild
	current := func() bool { return a.pageBuild == build } // no other page asked for since
	if after == nil {
		after = &ahead[struct{}]{ready: true}
	}
	samples, comp, health := &ahead[samplesPage]{}, &ahead[view.Composition]{}, &ahead[healthAnswer]{}
	queryJSON(a, ctx, map[string]any{"kind": "samples", "samples": ids}, samples.set, failed)
	rank := a.state.Rank
	if rank != "" {
		a.loadComposition(ctx, rank, ids, comp.set)
	}
	withHealth := a.state.Report.Health != nil && len(ids) > 0
	if withHealth {
		a.loadHealth(ctx, ids[:1], health.set)
	}
	after.get(ctx, func(ctx app.Context, _ *struct{}) {
		samples.get(ctx, func(ctx app.Context, page *samplesPage) {
			if !current() {
				return
			}
			a.state.Details, a.state.Page, a.state.CardsShown = page.Samples, p, 0
			a.state.Composition, a.state.Health, a.state.Enterotypes, a.state.HealthSample = nil, nil, nil, ""
			showHealth := func(ctx app.Context) {
				switch {
				case !current():
				case !withHealth:
					a.completeRun(ctx)
				default:
					health.get(ctx, func(ctx app.Context, h *healthAnswer) {
						if current() && a.state.HealthSample == "" {
							a.revealHealth(ctx, ids[0], h, a.completeRun)
						}
					})
				}
			}
			a.revealCards(ctx, len(ids), func(ctx app.Context) {
				if rank == "" {
					showHealth(ctx)
					return
				}
				comp.get(ctx, func(ctx app.Context, c *view.Composition) {
					if current() && a.state.Rank == rank {
						a.state.Composition = c
						a.nextFrame(ctx, showHealth)
					}
				})
			})
		})
	})
}

// ahead is an answer asked for ahead of its use, on the UI goroutine.
type ahead[T any] struct {
	v     *T
	ready bool
	use   func(ctx app.Context, v *T)
}

// set stores the answer and hands it to a use that waits for it.
func (f *ahead[T]) set(ctx app.Context, v *T) {
	f.v, f.ready = v, true
	if use := f.use; use != nil {
		f.use = nil
		use(ctx, v)
	}
}

// get calls use with the answer: now if it is there, else when it comes.
func (f *ahead[T]) get(ctx app.Context, use func(ctx app.Context, v *T)) {
	if f.ready {
		use(ctx, f.v)
		return
	}
	f.use = use
}

// completeRun marks the analysis under way as done.
func (a *Analyser) completeRun(ctx app.Context) {
	if a.state.Status == StatusRunning {
		a.state.Status, a.state.Run = StatusDone, a.state.Run+1
	}
}

// loadComposition fetches the composition of the samples ids at rank.
func (a *Analyser) loadComposition(ctx app.Context, rank string, ids []string, then func(ctx app.Context, c *view.Composition)) {
	queryJSON(a, ctx, map[string]any{"kind": "composition", "rank": rank, "samples": ids}, func(ctx app.Context, c *view.Composition) {
		then(ctx, c)
	}, func(ctx app.Context, msg string) { a.fail(ctx, a.state.File, msg) })
}

func (a *Analyser) onRank(ctx app.Context, e app.Event) {
	rank := ctx.JSSrc().Get("value").String()
	a.state.Rank, a.state.Composition = rank, nil
	if view.SortByRank(a.state.CompSort) {
		// The order reads the composition: sorted again at the new rank
		// (sortSamples loads the page's composition).
		a.sortSamples(ctx, a.state.CompSort, a.state.CompBand)
		return
	}
	a.loadComposition(ctx, rank, a.state.pageIDs(a.state.Page), func(ctx app.Context, c *view.Composition) {
		if a.state.Rank == rank {
			a.state.Composition = c
		}
	})
}

// cardBatch is the most sample cards one frame builds (each is about 80
// elements).
const cardBatch = 4

// revealCards adds a few more cards per frame until n are built, then
// calls then.
func (a *Analyser) revealCards(ctx app.Context, n int, then func(ctx app.Context)) {
	a.reveal(ctx, &a.state.CardsShown, n, cardBatch, then)
}

// Frames of a progressive build: a step is dispatched, go-app renders it
// in its next frame (8 ms later), the browser lays it out, and the next
// step follows (nextFrame). revealCycle is the time from one step to the
// next that leaves the frame's own work well within a 50 ms task.
const (
	revealCycleFast = 25 * time.Millisecond // below: build more per frame
	revealCycleSlow = 40 * time.Millisecond // above: build less
)

// reveal raises *shown per frame until it reaches n, then calls then. It
// stops, without calling then, if another file is analysed or another
// build resets *shown. It adds one item in the first frame (the first of a
// kind is the slowest: the browser compiles the wasm code it runs on its
// first call), then adapts to how long the frames take, up to batch items
// per frame.
func (a *Analyser) reveal(ctx app.Context, shown *int, n, batch int, then func(ctx app.Context)) {
	rep, set := a.state.Report, *shown
	per, last := 1, time.Time{}
	var step func(ctx app.Context)
	step = func(ctx app.Context) {
		if a.state.Report != rep || *shown != set {
			return
		}
		if *shown >= n {
			then(ctx)
			return
		}
		now := time.Now()
		if !last.IsZero() {
			per = nextBatch(per, batch, now.Sub(last))
		}
		last = now
		*shown = min(n, *shown+per)
		set = *shown
		a.nextFrame(ctx, step)
	}
	a.nextFrame(ctx, step)
}

// nextBatch is how many items the next frame builds when the last one
// built per of them in a cycle of d, at most most.
func nextBatch(per, most int, d time.Duration) int {
	switch {
	case d < revealCycleFast:
		return min(most, 2*per)
	case d > revealCycleSlow:
		return max(1, per/2)
	}
	return per
}

// nextFrame calls fn in a dispatch of its own once the frame that renders
// the current changes is done. go-app renders everything dispatched since
// its last frame in one task, so steps that were merely delayed (ctx.After)
// pile up in one long frame; chained through the frame, each step of a
// progressive build is a frame, and a task, of its own.
func (a *Analyser) nextFrame(ctx app.Context, fn func(ctx app.Context)) {
	a.stable(ctx).Defer(func(ctx app.Context) { ctx.After(time.Millisecond, fn) })
}
