package health

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"github.com/gutlens/gutlens/analysis"
)

// Clades is a MetaPhlAn profile with the clades of every rank, as GMWI2
// needs them (format.Decode keeps only the species rows).
type Clades struct {
	Database string // "mpa_v30_CHOCOPhlAn_201901" from the header; "" if absent
	// Tool is "MetaPhlAn 2" for MetaPhlAn 2 profiles (which name no
	// database), else "".
	Tool string
	// Command is the MetaPhlAn command line from the header, "" if absent.
	Command string
	Samples []string // sample ids
	Names   []string // full clade strings, "k__Bacteria|p__Firmicutes|…"
	// Values[i][s] is clade i's relative abundance in sample s, in percent
	// of all reads (MetaPhlAn's relative_abundance column).
	Values [][]float64
	// Unknown is the UNKNOWN/UNCLASSIFIED percentage per sample; 0 when
	// the profile has no such row (MetaPhlAn without --unknown_estimation).
	Unknown      []float64
	UnknownKnown bool
}

// ReadMetaPhlAn reads the clades of a MetaPhlAn 2, 3 or 4 profile or of a
// table merged by merge_metaphlan_tables.py. name is the file's name, the
// sample id when the profile does not give one.
func ReadMetaPhlAn(data []byte, name string) (*Clades, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	lines := strings.Split(strings.ReplaceAll(string(data), "\r\n", "\n"), "\n")
	c := &Clades{}
	col := -1 // column of the first value
	i := 0
	for ; i < len(lines) && strings.HasPrefix(lines[i], "#"); i++ {
		l := lines[i]
		f := strings.Split(l[1:], "\t")
		switch {
		case strings.HasPrefix(l, "#mpa_v") || strings.HasPrefix(l, "#v20_"):
			c.Database = strings.TrimSpace(l[1:])
		case len(f) == 2 && strings.HasPrefix(f[1], "Metaphlan"):
			if f[0] != "SampleID" && f[0] != "" {
				c.Samples = []string{f[0]}
			}
			if f[1] == "Metaphlan2_Analysis" {
				c.Tool = "MetaPhlAn 2"
			}
		case strings.Contains(l, "metaphlan") && strings.Contains(l, " "):
			c.Command = strings.TrimSpace(l[1:])
		case f[0] == "clade_name":
			for k, h := range f {
				if h == "relative_abundance" {
					col = k
				}
			}
		}
	}
	if i < len(lines) && strings.HasPrefix(lines[i], "clade_name\t") { // merged table
		h := strings.Split(lines[i], "\t")
		col = 1
		if len(h) > 1 && (h[1] == "NCBI_tax_id" || h[1] == "clade_taxid") {
			col = 2
		}
		c.Samples = h[col:]
		i++
	}
	if len(c.Samples) == 0 {
		c.Samples = []string{name}
	}
	n := len(c.Samples)
	c.Unknown = make([]float64, n)
	for ; i < len(lines); i++ {
		l := lines[i]
		if strings.TrimSpace(l) == "" || strings.HasPrefix(l, "#") {
			continue
		}
		f := strings.Split(l, "\t")
		vc := col
		if vc < 0 { // no header: MetaPhlAn 2 has 2 columns, later versions 3 or 4
			vc = 1
			if len(f) >= 3 {
				vc = 2
			} else if c.Database == "" {
				c.Tool = "MetaPhlAn 2" // two columns, no taxids
			}
		}
		if len(f) < vc+n {
			return nil, fmt.Errorf("health: MetaPhlAn line %d: %d fields, want at least %d", i+1, len(f), vc+n)
		}
		vals := make([]float64, n)
		for s := range n {
			v, err := strconv.ParseFloat(strings.TrimSpace(f[vc+s]), 64)
			if err != nil || v < 0 || v > 100.0001 {
				return nil, fmt.Errorf("health: MetaPhlAn line %d field %d: %q is not a percentage", i+1, vc+s+1, f[vc+s])
			}
			vals[s] = v
		}
		switch strings.ToUpper(f[0]) {
		case "UNKNOWN", "UNCLASSIFIED":
			for s, v := range vals {
				c.Unknown[s] += v
			}
			c.UnknownKnown = true
			continue
		}
		if !strings.Contains(f[0], "__") {
			return nil, fmt.Errorf("health: MetaPhlAn line %d: %q is not a clade", i+1, f[0])
		}
		c.Names = append(c.Names, f[0])
		c.Values = append(c.Values, vals)
	}
	if len(c.Names) == 0 && !c.UnknownKnown {
		return nil, fmt.Errorf("health: no MetaPhlAn clades found")
	}
	return c, nil
}

// CladesFromTable rebuilds the clades of every rank from a table decoded
// from a MetaPhlAn profile, whose features are species with full clade ids
// ("k__…|s__…"): each higher clade is the sum of its species. MetaPhlAn
// writes every rank rounded on its own, so these sums can differ from the
// file's own higher-rank rows in the last written digits; a presence test
// at a threshold can then differ for a clade right at the threshold.
func CladesFromTable(t *analysis.Table) (*Clades, error) {
	c := &Clades{Database: strings.TrimPrefix(t.Provenance.Version, "#"), Samples: t.Samples, Unknown: make([]float64, len(t.Samples))}
	if metaphlanMajor(c.Database, t.Provenance.Tool) == 2 {
		c.Tool = "MetaPhlAn 2"
	}
	if t.Unclassified != nil {
		copy(c.Unknown, t.Unclassified)
		c.UnknownKnown = t.UnclassifiedKnown
	}
	scale := 1.0
	switch t.Unit {
	case analysis.UnitPercent:
	case analysis.UnitFraction:
		scale = 100
	default:
		return nil, fmt.Errorf("health: a %s table is not a MetaPhlAn profile", t.Unit)
	}
	index := map[string]int{}
	// Clades in the order of their first species, broader ranks first.
	for fi := range t.Features {
		id := t.Features[fi].ID
		if !strings.HasPrefix(id, "k__") && !strings.HasPrefix(id, "d__") || !strings.Contains(id, "|") {
			return nil, fmt.Errorf("health: feature %q is not a full MetaPhlAn clade string (k__…|…|s__…)", id)
		}
		for end := 0; end <= len(id); end++ {
			if end == len(id) || id[end] == '|' {
				if _, ok := index[id[:end]]; !ok {
					index[id[:end]] = len(c.Names)
					c.Names = append(c.Names, id[:end])
					c.Values = append(c.Values, make([]float64, len(t.Samples)))
				}
			}
		}
	}
	for s, col := range t.Columns {
		for k, fi := range col.Index {
			id := t.Features[fi].ID
			for end := 0; end <= len(id); end++ {
				if end == len(id) || id[end] == '|' {
					c.Values[index[id[:end]]][s] += col.Value[k] * scale
				}
			}
		}
	}
	return c, nil
}
