package app

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// Downloads of research mode: files made in this browser (a Blob and an
// object URL, through app.Window()), never sent anywhere. Charts are read
// from their own elements (XMLSerializer, canvas.toBlob); nothing here
// changes the DOM go-app manages: the link clicked for a download and the
// canvases used for PNGs are never attached to the document.

// lastURL is the object URL of the last download, revoked at the next.
var lastURL app.Value

// downloadBlob saves blob as a file named name.
func downloadBlob(blob app.Value, name string) {
	w := app.Window()
	url := w.Get("URL")
	if lastURL != nil && lastURL.Truthy() {
		url.Call("revokeObjectURL", lastURL)
	}
	href := url.Call("createObjectURL", blob)
	lastURL = href
	a := w.Get("document").Call("createElement", "a")
	a.Set("href", href)
	a.Set("download", name)
	a.Call("click")
}

// downloadText saves text (a Go or JS string) as a file.
func downloadText(text any, name, mime string) {
	blob := app.Window().Get("Blob").New([]any{text}, map[string]any{"type": mime + ";charset=utf-8"})
	downloadBlob(blob, name)
}

// onExport downloads an export the engine writes, named by the clicked
// button's data attributes: data-what ("alpha-csv", "diversity-json",
// "pcoa-csv", "heatmap-csv", "rarefaction-csv"), data-name, data-mime, and
// data-rank="heatmap" for the rank of the heatmap shown. The text goes from
// the engine's answer into the Blob without a copy into Go.
//
// Export handlers read what they export when clicked, never from a
// closure: go-app keeps the first handler an element was given (it
// compares handlers by their code, not by what they captured), so a
// button reused for another tab or rank would export the old one.
func (a *Analyser) onExport(ctx app.Context, e app.Event) {
	ds := ctx.JSSrc().Get("dataset")
	rank := ""
	if ds.Get("rank").String() == "heatmap" {
		rank = a.heatRank()
		if h := a.research.Heat; h != nil {
			rank = h.Rank // the rank of the heatmap shown
		}
	}
	req := map[string]any{"kind": "research.export", "params": map[string]any{"what": ds.Get("what").String(), "rank": rank}}
	downloadQuery(ctx, req, ds.Get("name").String(), ds.Get("mime").String(), a.researchFail)
}

// onChartImage downloads the chart named by the clicked button's
// data-chart as data-name, an SVG or (by the name's extension) a PNG;
// data-canvas="true" for a chart drawn on a canvas.
func onChartImage(ctx app.Context, e app.Event) {
	ds := ctx.JSSrc().Get("dataset")
	id, name, canvas := ds.Get("chart").String(), ds.Get("name").String(), ds.Get("canvas").String() == "true"
	if strings.HasSuffix(name, ".png") {
		exportPNG(id, name, canvas)
		return
	}
	exportSVG(id, name, canvas)
}

// downloadQuery saves the engine's answer to req, a file's text, as a
// file: from the answer into the Blob without a copy into Go. failed gets
// the engine's error.
func downloadQuery(ctx app.Context, req any, name, mime string, failed func(ctx app.Context, msg string)) {
	engine := app.Window().Get("gutlensEngine")
	if !engine.Truthy() {
		return
	}
	b, _ := json.Marshal(req)
	var ok, fail app.Func
	release := func() { ok.Release(); fail.Release() }
	ok = app.FuncOf(func(this app.Value, args []app.Value) any {
		release()
		downloadText(args[0], name, mime)
		return nil
	})
	fail = app.FuncOf(func(this app.Value, args []app.Value) any {
		msg := args[0].String()
		release()
		ctx.Dispatch(func(ctx app.Context) { failed(ctx, msg) })
		return nil
	})
	engine.Call("query", string(b), ok, fail)
}

// svgText serializes the chart element id: an SVG element, or for a
// canvas chart an SVG holding its picture.
func svgText(id string, canvas bool) (string, app.Value) {
	doc := app.Window().Get("document")
	el := doc.Call("getElementById", id)
	if !el.Truthy() {
		return "", nil
	}
	if canvas {
		w, h := el.Get("width").Int(), el.Get("height").Int()
		data := el.Call("toDataURL", "image/png").String()
		return fmt.Sprintf(`<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="%d" height="%d" viewBox="0 0 %d %d"><image width="%d" height="%d" href="%s"/></svg>`,
			w, h, w, h, w, h, data), el
	}
	return app.Window().Get("XMLSerializer").New().Call("serializeToString", el).String(), el
}

func exportSVG(id, name string, canvas bool) {
	if s, _ := svgText(id, canvas); s != "" {
		downloadText(s, name, "image/svg+xml")
	}
}

// exportPNG draws the chart into a canvas at twice its size and saves it.
func exportPNG(id, name string, canvas bool) {
	if canvas {
		if el := app.Window().Get("document").Call("getElementById", id); el.Truthy() {
			savePNG(el, name)
		}
		return
	}
	s, el := svgText(id, false)
	if s == "" {
		return
	}
	box := el.Get("viewBox").Get("baseVal")
	svgToPNG(s, box.Get("width").Float(), box.Get("height").Float(), name)
}

// savePNG saves the picture of canvas c as the PNG file name.
func savePNG(c app.Value, name string) {
	var done app.Func
	done = app.FuncOf(func(this app.Value, args []app.Value) any {
		done.Release()
		if args[0].Truthy() {
			downloadBlob(args[0], name)
		}
		return nil
	})
	c.Call("toBlob", done, "image/png")
}

// svgToPNG draws the SVG document s, cw × ch in size, on white into a
// canvas at twice its size and saves it as the PNG file name.
func svgToPNG(s string, cw, ch float64, name string) {
	w := app.Window()
	doc := w.Get("document")
	url := w.Get("URL").Call("createObjectURL", w.Get("Blob").New([]any{s}, map[string]any{"type": "image/svg+xml"}))
	img := w.Get("Image").New()
	var onload, onerror app.Func
	release := func() { onload.Release(); onerror.Release(); w.Get("URL").Call("revokeObjectURL", url) }
	onload = app.FuncOf(func(this app.Value, args []app.Value) any {
		c := doc.Call("createElement", "canvas")
		c.Set("width", int(2*cw))
		c.Set("height", int(2*ch))
		g := c.Call("getContext", "2d")
		g.Set("fillStyle", "#ffffff")
		g.Call("fillRect", 0, 0, 2*cw, 2*ch)
		g.Call("drawImage", img, 0, 0, 2*cw, 2*ch)
		release()
		savePNG(c, name)
		return nil
	})
	onerror = app.FuncOf(func(this app.Value, args []app.Value) any { release(); return nil })
	img.Set("onload", onload)
	img.Set("onerror", onerror)
	img.Set("src", url)
}

// ---- canvas charts ----

// heatCanvas draws a big heatmap: the engine's RGBA picture (one pixel
// per cell) scaled up without smoothing. It owns its canvas element and
// draws when mounted and whenever its fields change.
type heatCanvas struct {
	app.Compo
	ID     string
	Cols   int
	Rows   int
	Pixels []byte // RGBA, Cols × Rows
	Label  string

	an *Analyser
}

// heatCanvas size: columns of heatCell pixels, rows squeezed into at most
// heatMaxHeight pixels.
const (
	heatCell      = 22
	heatMaxHeight = 600
)

func (c *heatCanvas) size() (int, int) {
	return c.Cols * heatCell, min(heatMaxHeight, max(c.Rows, 1)*4)
}

func (c *heatCanvas) Render() app.UI {
	w, h := c.size()
	return app.Canvas().ID(c.ID).Class("chart heat-canvas").Width(w).Height(h).
		Role("img").Aria("label", c.Label)
}

// OnMount draws the chart once it is on the page; go-app dispatches it,
// which would render the whole report again (keepParent).
func (c *heatCanvas) OnMount(ctx app.Context) {
	c.an.keepParent()
	ctx.Defer(func(app.Context) { c.draw() })
}
func (c *heatCanvas) OnUpdate(ctx app.Context) { ctx.Defer(func(app.Context) { c.draw() }) }

func (c *heatCanvas) draw() {
	if c.Cols == 0 || c.Rows == 0 || len(c.Pixels) != 4*c.Cols*c.Rows {
		return
	}
	el := c.JSValue()
	if el == nil || !el.Truthy() {
		return
	}
	off := picture(c.Pixels, c.Cols, c.Rows)
	cw, ch := c.size()
	g := el.Call("getContext", "2d")
	g.Set("imageSmoothingEnabled", false)
	g.Call("clearRect", 0, 0, cw, ch)
	g.Call("drawImage", off, 0, 0, cw, ch)
}

// picture is a canvas, not in the document, holding the RGBA pixels px of
// a w × h picture.
func picture(px []byte, w, h int) app.Value {
	win := app.Window()
	arr := win.Get("Uint8ClampedArray").New(len(px))
	app.CopyBytesToJS(arr, px)
	off := win.Get("document").Call("createElement", "canvas")
	off.Set("width", w)
	off.Set("height", h)
	off.Call("getContext", "2d").Call("putImageData", win.Get("ImageData").New(arr, w, h), 0, 0)
	return off
}

// pcoaCanvas draws a PCoA with many points (positions in canvas pixels).
type pcoaCanvas struct {
	app.Compo
	ID      string
	W, H    int
	X, Y    []float64
	Colours []uint8 // per point, an index into palette
	Label   string
	XLabel  string
	YLabel  string

	an  *Analyser
	buf []byte // the points' picture, kept for the next draw
}

func (c *pcoaCanvas) Render() app.UI {
	return app.Canvas().ID(c.ID).Class("chart").Width(c.W).Height(c.H).Role("img").Aria("label", c.Label)
}

// OnMount draws the chart once it is on the page; go-app dispatches it,
// which would render the whole report again (keepParent).
func (c *pcoaCanvas) OnMount(ctx app.Context) {
	c.an.keepParent()
	ctx.Defer(func(app.Context) { c.draw() })
}
func (c *pcoaCanvas) OnUpdate(ctx app.Context) { ctx.Defer(func(app.Context) { c.draw() }) }

// draw draws the frame and axis titles, then the points: drawn in Go into
// one picture put on the canvas at once, as a canvas call per point cost
// the page 60 ms for the 5,452 points of the largest corpus table.
func (c *pcoaCanvas) draw() {
	el := c.JSValue()
	if el == nil || !el.Truthy() {
		return
	}
	g := el.Call("getContext", "2d")
	g.Set("fillStyle", "#ffffff")
	g.Call("fillRect", 0, 0, c.W, c.H)
	g.Set("strokeStyle", "#444444")
	g.Call("strokeRect", 56, 16, c.W-72, c.H-64)
	g.Set("font", "12px "+strings.Split(chartFont, ",")[0])
	g.Set("fillStyle", "#111111")
	g.Set("textAlign", "center")
	g.Call("fillText", c.XLabel, float64(c.W+40)/2, float64(c.H-8))
	g.Call("save")
	g.Call("translate", 14, float64(c.H-32)/2)
	g.Call("rotate", -1.5707963)
	g.Call("fillText", c.YLabel, 0, 0)
	g.Call("restore")
	c.buf = pointsPicture(c.buf, c.W, c.H, c.X, c.Y, c.Colours)
	g.Call("drawImage", picture(c.buf, c.W, c.H), 0, 0)
}

// pointsPicture draws a 4 × 4 pixel square, 80 % opaque, centred on each
// point (x[i], y[i]) in the palette colour colours[i], on a transparent
// w × h RGBA picture: later points over earlier ones, as a canvas would.
// It draws into buf when it is large enough (a redraw then makes no
// garbage) and returns the picture.
func pointsPicture(buf []byte, w, h int, x, y []float64, colours []uint8) []byte {
	const alpha = 0.8
	var rgbs [len(palette)][3]float64
	for k, c := range palette {
		rgbs[k] = hexRGB(c)
	}
	px := buf
	if cap(px) < 4*w*h {
		px = make([]byte, 4*w*h)
	}
	px = px[:4*w*h]
	clear(px)
	for i := range x {
		if math.IsNaN(x[i]) || math.IsNaN(y[i]) {
			continue
		}
		var rgb [3]float64
		if i < len(colours) {
			rgb = rgbs[int(colours[i])%len(palette)]
		}
		x0, y0 := int(math.Round(x[i]))-2, int(math.Round(y[i]))-2
		for py := max(0, y0); py < min(h, y0+4); py++ {
			for pxl := max(0, x0); pxl < min(w, x0+4); pxl++ {
				o := 4 * (py*w + pxl)
				da := float64(px[o+3]) / 255
				oa := alpha + da*(1-alpha)
				for k := range 3 {
					px[o+k] = uint8(math.Round((rgb[k]*alpha + float64(px[o+k])*da*(1-alpha)) / oa))
				}
				px[o+3] = uint8(math.Round(255 * oa))
			}
		}
	}
	return px
}

// hexRGB reads a colour #rrggbb.
func hexRGB(s string) [3]float64 {
	var c [3]float64
	for k := range 3 {
		v, _ := strconv.ParseUint(s[1+2*k:3+2*k], 16, 8)
		c[k] = float64(v)
	}
	return c
}
