package report

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/gutlens/gutlens/analysis"
	"github.com/gutlens/gutlens/analysis/report/view"
)

// maxRarefyReads caps the reads a sample may have for Rarefy and
// RarefactionCurve: each read takes 4 bytes while drawing.
const maxRarefyReads = 50_000_000

// reads expands a count vector into one entry per read (the feature index),
// reusing buf.
func reads(x analysis.Vector, buf []int32) ([]int32, error) {
	n := 0.0
	for _, v := range x.Value {
		if v != math.Trunc(v) || v < 0 {
			return nil, fmt.Errorf("report: rarefaction needs whole counts, found %v", v)
		}
		n += v
	}
	if n > maxRarefyReads {
		return nil, fmt.Errorf("report: %.0f reads is more than rarefaction handles (%d)", n, maxRarefyReads)
	}
	buf = buf[:0]
	for k, v := range x.Value {
		for range int(v) {
			buf = append(buf, int32(x.Index[k]))
		}
	}
	return buf, nil
}

// Rarefy returns a random subsample of depth reads drawn without
// replacement from the counts x (every read equally likely, as
// skbio.stats.subsample_counts and vegan::rrarefy), using the source src.
// The same source state gives the same subsample. It returns an error for
// non-integer counts and for a depth above the sample's total.
func Rarefy(x analysis.Vector, depth int, src rand.Source) (analysis.Vector, error) {
	r, err := reads(x, nil)
	if err != nil {
		return analysis.Vector{}, err
	}
	if depth < 0 || depth > len(r) {
		return analysis.Vector{}, fmt.Errorf("report: depth %d is outside 0…%d (the sample's total)", depth, len(r))
	}
	rng := rand.New(src)
	counts := map[int32]float64{}
	for i := range depth { // a partial Fisher–Yates shuffle
		j := i + rng.IntN(len(r)-i)
		r[i], r[j] = r[j], r[i]
		counts[r[i]]++
	}
	var out analysis.Vector
	for _, idx := range x.Index { // keep the index order
		if c := counts[int32(idx)]; c > 0 {
			out.Index = append(out.Index, idx)
			out.Value = append(out.Value, c)
		}
	}
	return out, nil
}

// CurvePoint is one point of a rarefaction curve.
// It is view.CurvePoint, so that the UI reads it without linking this package.
type CurvePoint = view.CurvePoint

// RarefactionCurve returns the observed features of nested random
// subsamples of x at the depths N·k/steps, k = 1 … steps (N = Σx, rounded,
// duplicates dropped), drawn as one random order of the reads (a partial
// Fisher–Yates shuffle with src), so that each subsample contains the
// previous one, as a rarefaction curve drawn by sampling does. The last
// point is the whole sample (N, S_obs), and the first is (0, 0). buf is a
// scratch buffer that may be nil.
func RarefactionCurve(x analysis.Vector, steps int, src rand.Source, buf []int32) ([]CurvePoint, []int32, error) {
	r, err := reads(x, buf)
	if err != nil {
		return nil, buf, err
	}
	n := len(r)
	out := []CurvePoint{{Depth: 0, Observed: 0}}
	if n == 0 || steps < 1 {
		return out, r, nil
	}
	rng := rand.New(src)
	seen := map[int32]bool{}
	drawn := 0
	for k := 1; k <= steps; k++ {
		d := int(math.Round(float64(n) * float64(k) / float64(steps)))
		if d <= out[len(out)-1].Depth {
			continue
		}
		if d == n { // the whole sample: no draw needed
			out = append(out, CurvePoint{Depth: n, Observed: len(x.Value)})
			break
		}
		for ; drawn < d; drawn++ {
			j := drawn + rng.IntN(n-drawn)
			r[drawn], r[j] = r[j], r[drawn]
			seen[r[drawn]] = true
		}
		out = append(out, CurvePoint{Depth: d, Observed: len(seen)})
	}
	return out, r, nil
}
