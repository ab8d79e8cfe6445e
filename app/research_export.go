package app

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
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

// onExport downloads an export the engine writes (what: "alpha-csv",
// "diversity-json", "pcoa-csv", "heatmap-csv", "rarefaction-csv"). The
// text goes from the engine's answer into the Blob without a copy into Go.
func (a *Analyser) onExport(what, rank, name, mime string) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		engine := app.Window().Get("gutlensEngine")
		if !engine.Truthy() {
			return
		}
		req, _ := json.Marshal(map[string]any{"kind": "research.export", "params": map[string]any{"what": what, "rank": rank}})
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
			ctx.Dispatch(func(ctx app.Context) { a.researchFail(ctx, msg) })
			return nil
		})
		engine.Call("query", string(req), ok, fail)
	}
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
	w := app.Window()
	doc := w.Get("document")
	toBlob := func(c app.Value) {
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
	if canvas {
		if el := doc.Call("getElementById", id); el.Truthy() {
			toBlob(el)
		}
		return
	}
	s, el := svgText(id, false)
	if s == "" {
		return
	}
	box := el.Get("viewBox").Get("baseVal")
	cw, ch := box.Get("width").Float(), box.Get("height").Float()
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
		toBlob(c)
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
	Pixels string // base64 RGBA
	Label  string
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

func (c *heatCanvas) OnMount(ctx app.Context)  { ctx.Defer(func(app.Context) { c.draw() }) }
func (c *heatCanvas) OnUpdate(ctx app.Context) { ctx.Defer(func(app.Context) { c.draw() }) }

func (c *heatCanvas) draw() {
	if c.Pixels == "" || c.Cols == 0 || c.Rows == 0 {
		return
	}
	px, err := base64.StdEncoding.DecodeString(c.Pixels)
	if err != nil || len(px) != 4*c.Cols*c.Rows {
		return
	}
	w := app.Window()
	el := c.JSValue()
	if !el.Truthy() {
		return
	}
	arr := w.Get("Uint8ClampedArray").New(len(px))
	app.CopyBytesToJS(arr, px)
	img := w.Get("ImageData").New(arr, c.Cols, c.Rows)
	off := w.Get("document").Call("createElement", "canvas")
	off.Set("width", c.Cols)
	off.Set("height", c.Rows)
	off.Call("getContext", "2d").Call("putImageData", img, 0, 0)
	cw, ch := c.size()
	g := el.Call("getContext", "2d")
	g.Set("imageSmoothingEnabled", false)
	g.Call("clearRect", 0, 0, cw, ch)
	g.Call("drawImage", off, 0, 0, cw, ch)
}

// pcoaCanvas draws a PCoA with many points (positions in canvas pixels).
type pcoaCanvas struct {
	app.Compo
	ID      string
	W, H    int
	X, Y    []float64
	Colours []string
	Label   string
	XLabel  string
	YLabel  string
}

func (c *pcoaCanvas) Render() app.UI {
	return app.Canvas().ID(c.ID).Class("chart").Width(c.W).Height(c.H).Role("img").Aria("label", c.Label)
}

func (c *pcoaCanvas) OnMount(ctx app.Context)  { ctx.Defer(func(app.Context) { c.draw() }) }
func (c *pcoaCanvas) OnUpdate(ctx app.Context) { ctx.Defer(func(app.Context) { c.draw() }) }

func (c *pcoaCanvas) draw() {
	el := c.JSValue()
	if !el.Truthy() {
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
	g.Set("globalAlpha", 0.8)
	last := ""
	for i := range c.X {
		if i < len(c.Colours) && c.Colours[i] != last {
			last = c.Colours[i]
			g.Set("fillStyle", last)
		}
		g.Call("fillRect", c.X[i]-2, c.Y[i]-2, 4, 4)
	}
	g.Set("globalAlpha", 1)
}
