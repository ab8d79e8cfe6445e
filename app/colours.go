package app

import "hash/fnv"

// The Okabe–Ito palette (Okabe & Ito 2008, "Color Universal Design"),
// safe for the common colour-vision deficiencies, with its black replaced
// by Paul Tol's wine so no taxon is drawn black. "Other" is grey and
// "Unclassified" light grey, as in most taxonomy bar charts.
var palette = [...]string{"#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#882255"}

const (
	colourOther        = "#999999"
	colourUnclassified = "#DDDDDD"
)

// preferred pins the commonest gut taxa to one colour, so they look the
// same in every file and over time; other taxa get a colour from a hash
// of their name.
var preferred = map[string]int{
	"Bacteroidetes": 4, "Bacteroidota": 4, "Bacteroides": 4, "Bacteroidaceae": 4,
	"Firmicutes": 0, "Bacillota": 0, "Faecalibacterium": 0, "Ruminococcaceae": 0, "Oscillospiraceae": 0,
	"Proteobacteria": 5, "Pseudomonadota": 5, "Escherichia": 5, "Enterobacteriaceae": 5,
	"Actinobacteria": 6, "Actinomycetota": 6, "Actinobacteriota": 6, "Bifidobacterium": 6, "Bifidobacteriaceae": 6,
	"Verrucomicrobia": 2, "Verrucomicrobiota": 2, "Akkermansia": 2, "Akkermansiaceae": 2,
	"Prevotella": 1, "Segatella": 1, "Prevotellaceae": 1,
	"Lachnospiraceae": 7, "Blautia": 7, "Roseburia": 3,
	"Euryarchaeota": 3, "Methanobacteriota": 3, "Methanobrevibacter": 3,
}

// colours gives each name a palette colour: its preferred one when free,
// else one from a hash of the name, moving on to the next free colour on a
// clash. The same names in the same order always get the same colours; a
// name keeps its colour across charts unless a clash moves it.
func colours(names []string) []string {
	out := make([]string, len(names))
	used := make([]bool, len(palette))
	take := func(i, start int) {
		for k := range len(palette) {
			c := (start + k) % len(palette)
			if !used[c] {
				used[c] = true
				out[i] = palette[c]
				return
			}
		}
		out[i] = colourOther // more names than colours
	}
	// Preferred names first, so a hashed name cannot take their colour.
	for i, n := range names {
		if c, ok := preferred[n]; ok && !used[c] {
			used[c] = true
			out[i] = palette[c]
		}
	}
	for i, n := range names {
		if out[i] == "" {
			h := fnv.New32a()
			h.Write([]byte(n))
			take(i, int(h.Sum32()%uint32(len(palette))))
		}
	}
	return out
}
