package app

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// researchState is the research view's own state.
type researchState struct{}

// renderResearch is the research mode for multi-sample tables (PCoA,
// heatmap, rarefaction curves, alpha-diversity table).
func (a *Analyser) renderResearch() app.UI { return app.Div().ID("research") }
