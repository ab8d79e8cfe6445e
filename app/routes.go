package app

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// Routes registers the pages; the browser entry and the static-site
// generator both call it, so they agree.
func Routes() {
	for _, g := range Langs {
		lang := g.Lang
		app.Route(g.Route, func() app.Composer { return &Analyser{Lang: lang} })
	}
	app.Route(EmbedRoute, func() app.Composer { return &Embed{} }) // embed.go; ?lang=nl for Dutch
}
