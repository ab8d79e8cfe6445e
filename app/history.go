package app

import (
	"encoding/json"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/gutlens/gutlens/analysis/report/view"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// The history lives in IndexedDB, reached through window.gutlensHistory
// (web/static/history.js); the exports are made by the engine and saved by
// window.gutlensExport. Nothing here leaves the device.

// historyState is the on-device history's own state.
type historyState struct {
	loaded  bool // the list has been read once
	records []savedResult
	trend   *trend // computed from records when they are read
	err     string
	notice  string // the last action's outcome, for the live region

	saving   bool
	savedRun int    // State.Run of the report last saved (0: none)
	asked    bool   // persistent storage was asked for
	persist  string // its answer: "granted", "denied", "unsupported"
	confirm  bool   // "delete all" waits for confirmation
	listing  int    // sequence number of the newest list request
	busy     bool   // an export, import or delete is running
	exportEr string

	update    bool // a new version is deployed (OnAppUpdate)
	listening bool // the launch queue listener is set
}

// savedResult is a saved result as the list and the trend charts read it
// (history.js leaves out the top taxa and composition). Its fields are
// those of the engine's Record (wasm/engine/history.go).
type savedResult struct {
	ID        string         `json:"id"`
	Saved     string         `json:"saved"`
	Schema    string         `json:"schema"`
	Generator view.Generator `json:"generator"`
	Input     struct {
		File          string `json:"file"`
		Format        string `json:"format"`
		FormatTitle   string `json:"format_title"`
		FormatVersion string `json:"format_version"`
		Tool          string `json:"tool"`
		SHA256        string `json:"sha256"`
		NSamples      int    `json:"n_samples"`
		Unit          string `json:"unit"`
	} `json:"input"`
	Samples []struct {
		ID                string     `json:"id"`
		ObservedFeatures  int        `json:"observed_features"`
		ShannonLn         view.Float `json:"shannon_ln"`
		UnclassifiedShare view.Float `json:"unclassified_share"`
	} `json:"samples"`
}

// method is what must stay the same for values to be comparable over
// time: the file format and its version, the tool and database that made
// it, and the unit.
func (r *savedResult) method() string {
	parts := []string{r.Input.Format}
	for _, p := range []string{r.Input.FormatVersion, r.Input.Tool, r.Input.Unit} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, ", ")
}

// date is the saved date as yyyy-mm-dd hh:mm (UTC).
func (r *savedResult) date() string {
	t, err := time.Parse(time.RFC3339, r.Saved)
	if err != nil {
		return r.Saved
	}
	return t.UTC().Format("2006-01-02 15:04")
}

// decodeHistory reads the list history.js answers.
func decodeHistory(s string) ([]savedResult, error) {
	var rs []savedResult
	if err := json.Unmarshal([]byte(s), &rs); err != nil {
		return nil, err
	}
	return rs, nil
}

// jsCall calls window[object][method](args..., onDone, onError) and runs
// done or failed with the answer on the UI goroutine.
func jsCall(ctx app.Context, object, method string, args []any, done func(ctx app.Context, v app.Value), failed func(ctx app.Context, msg string)) {
	obj := app.Window().Get(object)
	if !obj.Truthy() {
		failed(ctx, object+" did not load")
		return
	}
	var ok, fail app.Func
	release := func() { ok.Release(); fail.Release() }
	ok = app.FuncOf(func(this app.Value, a []app.Value) any {
		var v app.Value
		if len(a) > 0 {
			v = a[0]
		}
		release()
		ctx.Dispatch(func(ctx app.Context) { done(ctx, v) })
		return nil
	})
	fail = app.FuncOf(func(this app.Value, a []app.Value) any {
		msg := "unknown error"
		if len(a) > 0 {
			msg = a[0].String()
		}
		release()
		ctx.Dispatch(func(ctx app.Context) { failed(ctx, msg) })
		return nil
	})
	obj.Call(method, append(args, ok, fail)...)
}

// loadHistory reads the saved results.
func (a *Analyser) loadHistory(ctx app.Context) {
	// Only the newest listing counts: an older one that answers late (a
	// list started before a delete) must not bring back stale results.
	a.history.listing++
	seq := a.history.listing
	jsCall(a.stable(ctx), "gutlensHistory", "list", nil, func(ctx app.Context, v app.Value) {
		if seq != a.history.listing {
			return
		}
		rs, err := decodeHistory(v.String())
		if err != nil {
			a.history.err = err.Error()
			return
		}
		a.history.records, a.history.trend, a.history.loaded, a.history.err = rs, newTrend(rs), true, ""
	}, func(ctx app.Context, msg string) {
		if seq == a.history.listing {
			a.history.loaded, a.history.err = true, msg
		}
	})
}

func (a *Analyser) onHistorySave(ctx app.Context, e app.Event) {
	if a.history.saving || a.state.Report == nil {
		return
	}
	a.history.saving, a.history.notice = true, ""
	run := a.state.Run
	jsCall(a.stable(ctx), "gutlensHistory", "save", nil, func(ctx app.Context, v app.Value) {
		a.history.saving, a.history.savedRun, a.history.asked, a.history.persist = false, run, true, v.String()
		a.history.notice = a.lang().T("hist.saved")
		a.loadHistory(ctx)
	}, func(ctx app.Context, msg string) {
		a.history.saving, a.history.err = false, msg
	})
}

func (a *Analyser) onHistoryExport(ctx app.Context, e app.Event) {
	a.history.busy = true
	jsCall(a.stable(ctx), "gutlensHistory", "exportAll", nil, func(ctx app.Context, v app.Value) {
		a.history.busy, a.history.notice = false, a.lang().T("hist.exported", v.Int())
	}, func(ctx app.Context, msg string) {
		a.history.busy, a.history.err = false, msg
	})
}

func (a *Analyser) onHistoryImport(ctx app.Context, e app.Event) {
	files := ctx.JSSrc().Get("files")
	if !files.Truthy() || files.Length() == 0 {
		return
	}
	a.history.busy = true
	jsCall(a.stable(ctx), "gutlensHistory", "importFile", []any{files.Index(0)}, func(ctx app.Context, v app.Value) {
		a.history.busy, a.history.err, a.history.notice = false, "", a.lang().T("hist.imported", v.Int())
		a.loadHistory(ctx)
	}, func(ctx app.Context, msg string) {
		a.history.busy, a.history.err = false, msg
	})
	ctx.JSSrc().Set("value", "")
}

func (a *Analyser) onHistoryDelete(ctx app.Context, e app.Event) {
	a.history.confirm, a.history.notice = true, ""
}

func (a *Analyser) onHistoryDeleteCancel(ctx app.Context, e app.Event) {
	a.history.confirm = false
}

func (a *Analyser) onHistoryDeleteConfirm(ctx app.Context, e app.Event) {
	a.history.confirm, a.history.busy = false, true
	jsCall(a.stable(ctx), "gutlensHistory", "clear", nil, func(ctx app.Context, v app.Value) {
		a.history.busy, a.history.notice = false, a.lang().T("hist.deleted")
		a.history.records, a.history.trend = nil, newTrend(nil)
		a.loadHistory(ctx)
	}, func(ctx app.Context, msg string) {
		a.history.busy, a.history.err = false, msg
	})
}

// renderHistory offers saving the result on this device and lists past
// results, with their trend over time, export, import and delete.
func (a *Analyser) renderHistory() app.UI {
	l := a.lang()
	h := &a.history
	saved := h.savedRun != 0 && h.savedRun == a.state.Run
	return app.Section().ID("history").Class("history").
		DataSet("loaded", strconv.FormatBool(h.loaded)).DataSet("count", len(h.records)).
		Aria("labelledby", "history-title").Body(
		a.renderUpdateBanner(),
		app.H3().ID("history-title").Text(l.T("hist.title")),
		app.P().Text(l.T("hist.intro")),
		app.If(a.state.Report != nil, func() app.UI {
			return app.Div().Class("actions no-print").Body(
				app.Button().ID("history-save").Class("button primary").
					Disabled(h.saving || saved || a.state.Status != StatusDone).
					Text(l.T(map[bool]string{true: "hist.saving", false: "hist.save"}[h.saving])).
					OnClick(a.onHistorySave),
			)
		}),
		app.Div().ID("history-persist").Class("persist").DataSet("asked", strconv.FormatBool(h.asked)).DataSet("state", h.persist).Body(
			app.If(h.asked, func() app.UI {
				return app.P().Text(l.T("hist.persist." + h.persist))
			}),
			app.P().Class("backup").Text(l.T("hist.backup")),
		),
		app.Div().Class("history-status").Role("status").Aria("live", "polite").Body(
			app.If(h.notice != "", func() app.UI { return app.P().ID("history-notice").Text(h.notice) }),
		),
		app.If(h.err != "", func() app.UI {
			return app.P().ID("history-error").Class("error").Role("alert").Text(l.T("hist.error", h.err))
		}),
		app.If(!h.loaded, func() app.UI {
			return app.P().Class("loading").Text(l.T("hist.loading"))
		}).ElseIf(len(h.records) == 0, func() app.UI {
			return app.P().Class("empty").Text(l.T("hist.empty"))
		}).Else(func() app.UI {
			return app.Div().Body(
				app.H4().Text(l.T("hist.list")),
				app.Ul().ID("history-list").Class("history-list").Body(app.Range(h.records).Slice(func(i int) app.UI {
					r := &h.records[i]
					return app.Li().Class("history-item").
						DataSet("id", r.ID).DataSet("file", r.Input.File).DataSet("format", r.Input.Format).
						DataSet("sha256", r.Input.SHA256).DataSet("samples", r.Input.NSamples).Body(
						app.Time().DateTime(r.Saved).Text(r.date()),
						app.Text(" · "),
						app.Span().Class("file").Text(r.Input.File),
						app.Text(" · "+l.T("hist.item", r.method(), strings.TrimPrefix(r.Generator.Version, "v"), r.Input.NSamples)),
					)
				})),
				a.renderTrend(),
			)
		}),
		app.Div().Class("actions no-print").Body(
			app.Button().ID("history-export").Class("button").Disabled(h.busy || len(h.records) == 0).
				Text(l.T("hist.export")).OnClick(a.onHistoryExport),
			app.Label().For("history-import").Class("button").Text(l.T("hist.import")),
			app.Input().Type("file").ID("history-import").Class("visually-hidden").Accept(".json,application/json").
				Disabled(h.busy).OnChange(a.onHistoryImport),
			app.Button().ID("history-delete").Class("button danger").Disabled(h.busy || len(h.records) == 0 || h.confirm).
				Text(l.T("hist.delete")).OnClick(a.onHistoryDelete),
		),
		app.If(h.confirm, func() app.UI {
			return app.Div().ID("history-confirm").Class("confirm no-print").Role("alertdialog").
				Aria("labelledby", "history-confirm-text").Body(
				app.P().ID("history-confirm-text").Text(l.T("hist.delete.ask", len(h.records))),
				app.Button().ID("history-delete-confirm").Class("button danger").Text(l.T("hist.delete.yes")).
					OnClick(a.onHistoryDeleteConfirm),
				app.Button().ID("history-delete-cancel").Class("button").Text(l.T("hist.delete.no")).
					OnClick(a.onHistoryDeleteCancel),
			)
		}),
	)
}

// renderExport offers the report as JSON, the tables as CSV and printing.
func (a *Analyser) renderExport() app.UI {
	l := a.lang()
	return app.Section().ID("export").Class("export no-print").Aria("labelledby", "export-title").Body(
		app.H3().ID("export-title").Text(l.T("export.title")),
		app.Div().Class("actions").Body(
			app.Button().ID("export-json").Class("button").Text(l.T("export.json")).
				OnClick(a.exportOnClick("export-report", ".gutlens.json", "application/json")),
			app.Button().ID("export-csv").Class("button").Text(l.T("export.csv")).
				OnClick(a.exportOnClick("export-csv", ".samples.csv", "text/csv")),
			app.Button().ID("export-print").Class("button").Text(l.T(map[bool]string{false: "export.print", true: "export.printing"}[a.print.waiting])).
				DataSet("printing", strconv.FormatBool(a.print.on)).OnClick(a.onPrint), // print.go
		),
		app.P().Class("note").Text(l.T("export.note")),
		app.If(a.history.exportEr != "", func() app.UI {
			return app.P().ID("export-error").Class("error").Role("alert").Text(l.T("export.error", a.history.exportEr))
		}),
	)
}

// exportOnClick saves the engine's export of kind as a file named after
// the input.
func (a *Analyser) exportOnClick(kind, suffix, mime string) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		if a.state.Report == nil {
			return
		}
		a.history.exportEr = ""
		name := exportName(a.state.Report.Input.File) + suffix
		jsCall(a.stable(ctx), "gutlensExport", "download", []any{kind, name, mime}, func(ctx app.Context, v app.Value) {},
			func(ctx app.Context, msg string) { a.history.exportEr = msg })
	}
}

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// exportName is a file name made from the input's name: the first file's,
// without characters some systems refuse.
func exportName(file string) string {
	file, _, _ = strings.Cut(file, " + ")
	file = strings.Trim(unsafeName.ReplaceAllString(file, "_"), "._")
	if file == "" {
		return "gutlens"
	}
	return file
}

// renderUpdateBanner offers a reload once a new version is deployed.
func (a *Analyser) renderUpdateBanner() app.UI {
	l := a.lang()
	return app.If(a.history.update, func() app.UI {
		return app.Div().ID("update-banner").Class("update-banner no-print").Role("status").Body(
			app.Span().Text(l.T("update.text")+" "),
			app.Button().ID("update-reload").Class("button primary").Text(l.T("update.reload")).
				OnClick(func(ctx app.Context, e app.Event) { app.Window().Get("location").Call("reload") }),
		)
	})
}

// OnAppUpdate is called by go-app when the service worker has installed a
// new version: the page offers a reload.
func (a *Analyser) OnAppUpdate(ctx app.Context) {
	a.history.update = true
}

// OnNav runs when the page is shown (also after a language link): it sets
// the document's language, reads the history, and picks up files the
// operating system hands over (a share into the installed app, kept by the
// service worker; a file opened with the app).
func (a *Analyser) OnNav(ctx app.Context) {
	a.setDocumentLang()
	a.loadHistory(ctx)
	a.listenForFiles(ctx)
	if u := ctx.Page().URL(); u != nil && u.Query().Get("shared") != "" {
		a.takeShared(ctx)
	}
}

func (a *Analyser) listenForFiles(ctx app.Context) {
	inbox := app.Window().Get("gutlensInbox")
	if a.history.listening || !inbox.Truthy() {
		return
	}
	a.history.listening = true
	inbox.Call("listen", app.FuncOf(func(this app.Value, args []app.Value) any {
		files := args[0]
		ctx.Dispatch(func(ctx app.Context) { a.analyseFiles(ctx, files) })
		return nil
	}))
}

func (a *Analyser) takeShared(ctx app.Context) {
	jsCall(a.stable(ctx), "gutlensInbox", "take", nil, func(ctx app.Context, files app.Value) {
		app.Window().Get("gutlensInbox").Call("forgetShareURL")
		if files.Length() == 0 {
			a.fail(ctx, "", a.lang().T("share.missing"))
			return
		}
		a.analyseFiles(ctx, files)
	}, func(ctx app.Context, msg string) {
		a.fail(ctx, "", a.lang().T("share.missing")+" ("+msg+")")
	})
}
