package view

import (
	"cmp"
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The orders the samples of a report can be shown in (the composition's
// "Sort samples by"). The engine sorts every sample of the file
// (SortSamples), and the pages of the report follow that order.
const (
	SortFile     = "file"     // the file's order
	SortName     = "name"     // sample name, in natural order (S2 before S10)
	SortTaxon    = "taxon"    // one band's share, largest first
	SortShannon  = "shannon"  // Shannon diversity, largest first
	SortDominant = "dominant" // grouped by largest band (legend order), then its share, largest first
)

// SortKeys lists the orders as the UI offers them.
var SortKeys = []string{SortFile, SortName, SortTaxon, SortShannon, SortDominant}

// SortByRank reports whether the order by key depends on the composition's
// rank (and so is computed again when the rank changes).
func SortByRank(key string) bool { return key == SortTaxon || key == SortDominant }

// BandKey names a band across queries: its kind and its name (a taxon can
// be named "Other").
func BandKey(t CompTaxon) string { return t.Kind + ":" + t.Name }

// Band returns the index of the band whose BandKey is key, or else the
// default band: the first named taxon, which is the one with the largest
// mean share (Compose orders them so), or band 0 when none is named. It
// returns -1 for a composition without bands.
func (c *Composition) Band(key string) int {
	if len(c.Taxa) == 0 {
		return -1
	}
	for k, t := range c.Taxa {
		if BandKey(t) == key {
			return k
		}
	}
	for k, t := range c.Taxa {
		if t.Kind == "taxon" {
			return k
		}
	}
	return 0
}

// SortSamples returns the sample ids (given in the file's order) in the
// order key names; ids itself is not changed. SortTaxon and SortDominant
// read c's shares (band is the band of SortTaxon); SortShannon reads
// shannon. Values are compared largest first; undefined values (NaN, a
// sample c lacks) come last; ties keep the file's order (the sort is
// stable), so an order is the same on every run. An unknown key returns
// the file's order.
func SortSamples(ids []string, key string, c *Composition, band int, shannon func(id string) float64) []string {
	out := slices.Clone(ids)
	share := func(id string, k int) float64 {
		if c == nil {
			return math.NaN()
		}
		row := c.Shares[id]
		if k < 0 || k >= len(row) {
			return math.NaN()
		}
		return float64(row[k])
	}
	switch key {
	case SortName:
		slices.SortStableFunc(out, NaturalCompare)
	case SortTaxon:
		vals := make(map[string]float64, len(ids))
		for _, id := range ids {
			vals[id] = share(id, band)
		}
		slices.SortStableFunc(out, func(a, b string) int { return descending(vals[a], vals[b]) })
	case SortShannon:
		vals := make(map[string]float64, len(ids))
		for _, id := range ids {
			v := math.NaN()
			if shannon != nil {
				v = shannon(id)
			}
			vals[id] = v
		}
		slices.SortStableFunc(out, func(a, b string) int { return descending(vals[a], vals[b]) })
	case SortDominant:
		type dom struct {
			band  int // the largest band; len(Taxa) for a sample with none
			share float64
		}
		n := 0
		if c != nil {
			n = len(c.Taxa)
		}
		doms := make(map[string]dom, len(ids))
		for _, id := range ids {
			d := dom{band: n, share: math.NaN()}
			for k := range n {
				// The first band of the largest share: ties go to the
				// band first in the legend.
				if v := share(id, k); v > 0 && (d.band == n || v > d.share) {
					d = dom{k, v}
				}
			}
			doms[id] = d
		}
		slices.SortStableFunc(out, func(a, b string) int {
			da, db := doms[a], doms[b]
			if da.band != db.band {
				return cmp.Compare(da.band, db.band)
			}
			return descending(da.share, db.share)
		})
	}
	return out
}

// descending orders a before b when a is larger; NaN last.
func descending(a, b float64) int {
	switch na, nb := math.IsNaN(a), math.IsNaN(b); {
	case na && nb:
		return 0
	case na:
		return 1
	case nb:
		return -1
	}
	return cmp.Compare(b, a)
}

// NaturalCompare orders sample names as people read them: runs of digits
// by their number (S2 before S10, S02 with S2), the rest letter by letter
// without regard to case. Names equal so (S02 and S2, s1 and S1) are
// ordered by their bytes, so two different names never tie.
func NaturalCompare(a, b string) int {
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		if isDigit(a[i]) && isDigit(b[j]) {
			si, sj := i, j
			for i < len(a) && isDigit(a[i]) {
				i++
			}
			for j < len(b) && isDigit(b[j]) {
				j++
			}
			na, nb := strings.TrimLeft(a[si:i], "0"), strings.TrimLeft(b[sj:j], "0")
			if len(na) != len(nb) {
				return cmp.Compare(len(na), len(nb))
			}
			if c := strings.Compare(na, nb); c != 0 {
				return c
			}
			continue
		}
		ra, wa := utf8.DecodeRuneInString(a[i:])
		rb, wb := utf8.DecodeRuneInString(b[j:])
		if c := cmp.Compare(unicode.ToLower(ra), unicode.ToLower(rb)); c != 0 {
			return c
		}
		i, j = i+wa, j+wb
	}
	if c := cmp.Compare(len(a)-i, len(b)-j); c != 0 {
		return c
	}
	return strings.Compare(a, b)
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }
