module github.com/gutlens/gutlens

go 1.26.8

require (
	github.com/chromedp/cdproto v0.159.0
	github.com/chromedp/chromedp v0.23.0
	github.com/maxence-charriere/go-app/v10 v10.1.11
	github.com/syumai/workers v0.33.0
)

require golang.org/x/sys v0.50.0

require (
	github.com/go-json-experiment/json v0.0.0-20260213210345-44df1a37e875 // indirect
	github.com/google/uuid v1.6.0 // indirect
	github.com/scigolib/hdf5 v0.14.1
	gonum.org/v1/gonum v0.17.0
)

// A read-only copy of v0.14.1, patched to open an io.ReaderAt and to refuse
// self-referencing files (analysis/third_party/hdf5/PATCHES.md).
replace github.com/scigolib/hdf5 v0.14.1 => ./analysis/third_party/hdf5
