package app

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// Charts are SVG elements with geometry in attributes, never inline
// styles, so the Content-Security-Policy needs no 'unsafe-inline'.
const svgNS = "http://www.w3.org/2000/svg"

func svgElem(tag string) app.HTMLElem { return app.Elem(tag).XMLNS(svgNS) }

func init() {
	addMessages(map[string][2]string{
		"scroll.label": {"Wide content: scroll sideways", "Brede inhoud: schuif opzij"},
	})
}

// scrollRegion is a box that scrolls a wide table or chart: focusable and
// named, so keyboard users can scroll it too (WCAG 2.1.1).
func scrollRegion(l Lang, content app.UI) app.UI {
	return app.Div().Class("scroll").TabIndex(0).Role("region").Aria("label", l.T("scroll.label")).Body(content)
}
