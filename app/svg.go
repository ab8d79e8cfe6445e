package app

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// Charts are SVG elements with geometry in attributes, never inline
// styles, so the Content-Security-Policy needs no 'unsafe-inline'.
const svgNS = "http://www.w3.org/2000/svg"

func svgElem(tag string) app.HTMLElem { return app.Elem(tag).XMLNS(svgNS) }
