package analysis

import (
	"fmt"
	"strings"
)

// Unit is what the values of a Table measure.
type Unit int

const (
	UnitCounts     Unit = iota // reads or sequence counts
	UnitPercent                // relative abundance, 0–100
	UnitFraction               // relative abundance, 0–1
	UnitPerMillion             // counts per million
	UnitAbundance              // non-integer values of unstated scale
)

var unitNames = [...]string{"counts", "percent", "fraction", "per-million", "abundance"}

func (u Unit) String() string {
	if int(u) < len(unitNames) {
		return unitNames[u]
	}
	return fmt.Sprintf("Unit(%d)", int(u))
}

// MarshalText writes the unit's name, so JSON shows "counts", "percent" ….
func (u Unit) MarshalText() ([]byte, error) { return []byte(u.String()), nil }

// UnmarshalText reads a name written by MarshalText.
func (u *Unit) UnmarshalText(b []byte) error {
	for i, n := range unitNames {
		if n == string(b) {
			*u = Unit(i)
			return nil
		}
	}
	return fmt.Errorf("analysis: unknown unit %q", b)
}

// Rank names, from the broadest to the finest, in the order Lineage uses.
var Ranks = [...]string{"domain", "phylum", "class", "order", "family", "genus", "species", "strain"}

// Feature is one row of a table: a taxon, OTU or ASV.
type Feature struct {
	ID string // the identifier the file gives (OTU id, clade name …)
	// Lineage holds the names per rank (see Ranks), without rank prefixes;
	// "" where the file gives no name at that rank. Nil when the file
	// carries no taxonomy for the feature.
	Lineage []string
	// Taxonomy is the taxonomy string as the file wrote it, for display.
	Taxonomy string
	// TaxID is the NCBI taxonomy id where the file gives one.
	TaxID string
	// Unassigned is true when the file says the feature could not be
	// classified even at domain level ("Unassigned", "Unclassified" …).
	Unassigned bool
}

// Name is the feature's finest named taxon, with its rank prefix letter
// removed; the ID when there is no taxonomy.
func (f *Feature) Name() string {
	for i := len(f.Lineage) - 1; i >= 0; i-- {
		if f.Lineage[i] != "" {
			if sp := f.Lineage[i]; i == 6 && f.Lineage[5] != "" && sp[0] >= 'a' && sp[0] <= 'z' && !strings.ContainsAny(sp, " _") {
				// Greengenes writes the species epithet alone: g__Faecalibacterium; s__prausnitzii.
				return f.Lineage[5] + " " + f.Lineage[6]
			}
			return f.Lineage[i]
		}
	}
	if f.Unassigned {
		return "Unassigned"
	}
	return f.ID
}

// Vector is one sample's column, sparse: Value[k] belongs to feature Index[k].
// Indices are strictly increasing and every Value is non-zero.
type Vector struct {
	Index []int
	Value []float64
}

// Sum returns Σ values.
func (v Vector) Sum() float64 {
	s := 0.0
	for _, x := range v.Value {
		s += x
	}
	return s
}

// Provenance says where a table came from.
type Provenance struct {
	Format  string   // format name, e.g. "biom-json"
	Version string   // format or tool version, e.g. "1.0.0", "mpa_v31_CHOCOPhlAn_201901"
	Tool    string   // producing tool from the header, when given
	SHA256  string   // of the bytes as given (before decompression)
	Gzip    bool     // the bytes were gzip-compressed
	Notes   []string // decisions the parser made that a user should know
}

// Table is a features × samples abundance table.
type Table struct {
	Samples  []string
	Features []Feature
	Columns  []Vector // one per sample
	Unit     Unit
	// Unclassified is the amount per sample, in Unit, that the file reports
	// as unclassified outside any feature (nil when the file has no such
	// row).
	Unclassified []float64
	// UnclassifiedKnown is true when the file says how much is unclassified:
	// by an explicit row, or by a taxonomy on its features (where some may
	// be Unassigned). False for a profile without an unclassified estimate
	// and for a table without taxonomy.
	UnclassifiedKnown bool
	// Tree is a Newick tree of the features that came in the file (BIOM
	// 2.1 observation group metadata), "" when none. Tables derived with
	// other features (Collapse) drop it.
	Tree       string
	Provenance Provenance
}

// Integer reports whether every value is a whole number.
func (t *Table) Integer() bool {
	for _, c := range t.Columns {
		for _, x := range c.Value {
			if x != float64(int64(x)) {
				return false
			}
		}
	}
	return true
}

// Check verifies the table's invariants; parsers call it before returning.
func (t *Table) Check() error {
	if len(t.Columns) != len(t.Samples) {
		return fmt.Errorf("analysis: %d columns for %d samples", len(t.Columns), len(t.Samples))
	}
	if t.Unclassified != nil && len(t.Unclassified) != len(t.Samples) {
		return fmt.Errorf("analysis: %d unclassified values for %d samples", len(t.Unclassified), len(t.Samples))
	}
	for s, c := range t.Columns {
		if len(c.Index) != len(c.Value) {
			return fmt.Errorf("analysis: sample %q: %d indices, %d values", t.Samples[s], len(c.Index), len(c.Value))
		}
		prev := -1
		for k, i := range c.Index {
			if i <= prev || i >= len(t.Features) {
				return fmt.Errorf("analysis: sample %q: feature index %d out of order or range", t.Samples[s], i)
			}
			prev = i
			if v := c.Value[k]; !(v > 0) || v > maxValue {
				return fmt.Errorf("analysis: sample %q: value %v is not a positive finite number", t.Samples[s], v)
			}
		}
	}
	return nil
}

// maxValue bounds a single value: beyond it, sums lose all precision.
const maxValue = 1e300
