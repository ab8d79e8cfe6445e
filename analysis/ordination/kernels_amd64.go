//go:build !purego

package ordination

import "golang.org/x/sys/cpu"

// haveAVX2 reports whether the assembly kernels (AVX2 and FMA, four values
// an instruction) can run; without them, and under the purego build tag,
// the Go kernels that the WebAssembly build runs are used.
var haveAVX2 = cpu.X86.HasAVX2 && cpu.X86.HasFMA

// updateRowsAVX2 applies a step of tridiagonalize to rows of the packed
// matrix, from the pointers (see updateRows and kernels_amd64.s).
//
//go:noescape
func updateRowsAVX2(row *float64, rowLen, rows int, v, w, u, pu *float64)

// dotAVX2 returns Σ x_j y_j over n entries from the pointers. In
// kernels_amd64.s.
//
//go:noescape
func dotAVX2(x, y *float64, n int) float64

// axpyAVX2 sets y_j += a x_j over n entries from the pointers. In
// kernels_amd64.s.
//
//go:noescape
func axpyAVX2(a float64, x, y *float64, n int)
