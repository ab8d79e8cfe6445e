//go:build !(js && wasm)

// Command mkicon draws the Gutlens app icons (web/static/icon-192.png and
// icon-512.png) to match web/static/icon.svg: a lens over three microbes on
// a green rounded square. Run: go run ./web/mkicon -o web/static
package main

import (
	"flag"
	"image"
	"image/color"
	"image/png"
	"log"
	"math"
	"os"
	"path/filepath"
	"strconv"
)

var (
	green = color.NRGBA{0x0b, 0x5d, 0x4b, 0xff}
	white = color.NRGBA{0xff, 0xff, 0xff, 0xff}
	amber = color.NRGBA{0xe6, 0x9f, 0x00, 0xff}
	sky   = color.NRGBA{0x56, 0xb4, 0xe9, 0xff}
	pink  = color.NRGBA{0xcc, 0x79, 0xa7, 0xff}
)

// shape reports the colour at (x, y) in a 100×100 design space, or false.
func shape(x, y float64) (color.NRGBA, bool) {
	in := func(cx, cy, r float64) bool { return math.Hypot(x-cx, y-cy) <= r }
	// handle of the lens
	if d := distToSegment(x, y, 62, 62, 82, 82); d <= 6 {
		return white, true
	}
	switch {
	case in(44, 44, 30) && !in(44, 44, 24):
		return white, true
	case in(36, 38, 7):
		return amber, true
	case in(52, 40, 5):
		return sky, true
	case in(42, 54, 6):
		return pink, true
	}
	// rounded square background
	const r = 18
	cx, cy := math.Max(r, math.Min(100-r, x)), math.Max(r, math.Min(100-r, y))
	if math.Hypot(x-cx, y-cy) <= r {
		return green, true
	}
	return color.NRGBA{}, false
}

func distToSegment(px, py, ax, ay, bx, by float64) float64 {
	dx, dy := bx-ax, by-ay
	t := math.Max(0, math.Min(1, ((px-ax)*dx+(py-ay)*dy)/(dx*dx+dy*dy)))
	return math.Hypot(px-(ax+t*dx), py-(ay+t*dy))
}

// draw renders the icon at size×size with 4×4 supersampling.
func draw(size int) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, size, size))
	const ss = 4
	for y := range size {
		for x := range size {
			var r, g, b, a float64
			for sy := range ss {
				for sx := range ss {
					fx := (float64(x) + (float64(sx)+0.5)/ss) * 100 / float64(size)
					fy := (float64(y) + (float64(sy)+0.5)/ss) * 100 / float64(size)
					if c, ok := shape(fx, fy); ok {
						r += float64(c.R)
						g += float64(c.G)
						b += float64(c.B)
						a++
					}
				}
			}
			if a > 0 {
				img.SetNRGBA(x, y, color.NRGBA{uint8(r / a), uint8(g / a), uint8(b / a), uint8(255 * a / ss / ss)})
			}
		}
	}
	return img
}

func main() {
	out := flag.String("o", "web/static", "output folder")
	flag.Parse()
	for _, size := range []int{192, 512} {
		f, err := os.Create(filepath.Join(*out, "icon-"+strconv.Itoa(size)+".png"))
		if err != nil {
			log.Fatal(err)
		}
		if err := png.Encode(f, draw(size)); err != nil {
			log.Fatal(err)
		}
		if err := f.Close(); err != nil {
			log.Fatal(err)
		}
	}
}
