//go:build !amd64 || purego

package ordination

// haveAVX2 is false: only amd64 has the assembly kernels.
const haveAVX2 = false

func updateRowsAVX2(row *float64, rowLen, rows int, v, w, u, pu *float64) {
	panic("ordination: no assembly kernels")
}

func dotAVX2(x, y *float64, n int) float64 { panic("ordination: no assembly kernels") }

func axpyAVX2(a float64, x, y *float64, n int) { panic("ordination: no assembly kernels") }
