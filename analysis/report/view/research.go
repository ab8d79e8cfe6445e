package view

import "math"

// CurvePoint is one point of a rarefaction curve: the number of features
// observed in a random subsample of Depth reads.
type CurvePoint struct {
	Depth    int `json:"depth"`
	Observed int `json:"observed"`
}

// viridis holds 11 evenly spaced colours of matplotlib's viridis map
// (van der Walt & Smith 2015), from 0 to 1.
var viridis = [11][3]float64{
	{68, 1, 84}, {72, 36, 117}, {65, 68, 135}, {53, 95, 141}, {42, 120, 142},
	{33, 145, 140}, {34, 168, 132}, {68, 191, 112}, {122, 209, 81}, {189, 223, 38}, {253, 231, 37},
}

// Viridis returns the colour of v (0–1, clamped) on the viridis map,
// interpolated linearly between its 11 stops.
func Viridis(v float64) (r, g, b uint8) {
	if math.IsNaN(v) {
		v = 0
	}
	v = math.Min(1, math.Max(0, v)) * 10
	i := min(int(v), 9)
	f := v - float64(i)
	c := func(k int) uint8 { return uint8(math.Round(viridis[i][k] + f*(viridis[i+1][k]-viridis[i][k]))) }
	return c(0), c(1), c(2)
}

// ViridisHex is Viridis as "#rrggbb".
func ViridisHex(v float64) string {
	r, g, b := Viridis(v)
	const hex = "0123456789abcdef"
	return string([]byte{'#', hex[r>>4], hex[r&15], hex[g>>4], hex[g&15], hex[b>>4], hex[b&15]})
}
