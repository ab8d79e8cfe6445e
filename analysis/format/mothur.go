package format

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/gutlens/gutlens/analysis"
	"github.com/gutlens/gutlens/analysis/taxonomy"
)

// mothur's .shared and .cons.taxonomy files (FORMATS.md §3.10).
//
// A .shared file is a samples-in-rows count table:
//
//	label	Group	numOtus	Otu0001	Otu0002	…
//	0.03	DA00006	5445	12	0	…
//
// One file can hold several labels (OTU cutoffs: "unique", "0.00",
// "0.01" …), each with its own rows for the same samples; the header names
// the OTUs of the first label only. Decode reads one label (see
// DefaultMothurLabel); ReadMothurShared reads the one the user picks.

const (
	mothurSharedName = "mothur-shared"
	mothurTaxName    = "mothur-taxonomy"
)

func matchMothurShared(data []byte) bool {
	ls := headLines(data, 1)
	return len(ls) == 1 && strings.HasPrefix(ls[0], "label\tGroup\tnumOtus")
}

func readMothurSharedDefault(data []byte, o Options) (*analysis.Table, error) {
	return ReadMothurShared(data, "", o)
}

// mothurRow is one data row of a .shared file.
type mothurRow struct {
	line   int
	fields []string // trailing empty field removed
	names  []string // the OTU names of the header in force
	header string   // label of the first row after that header
}

// MothurLabels returns the labels of a .shared file, in file order.
func MothurLabels(data []byte) ([]string, error) {
	_, labels, err := mothurRows(data)
	return labels, err
}

// DefaultMothurLabel picks the label Decode reads: "0.03" (the usual 97 %
// identity OTUs, as FORMATS.md §3.10 prefers) when present, otherwise the
// finest: "unique", then the smallest numeric distance, then the first
// label of the file.
func DefaultMothurLabel(labels []string) string {
	best, bestD := "", 2.0
	for _, l := range labels {
		switch {
		case l == "0.03":
			return l
		case l == "unique":
			best, bestD = l, -1
		default:
			if d, err := strconv.ParseFloat(l, 64); err == nil && d < bestD {
				best, bestD = l, d
			}
		}
	}
	if best == "" && len(labels) > 0 {
		best = labels[0]
	}
	return best
}

// ReadMothurShared reads one label of a mothur .shared file; label ""
// means DefaultMothurLabel. The Provenance notes list every label.
func ReadMothurShared(data []byte, label string, o Options) (*analysis.Table, error) {
	rows, labels, err := mothurRows(data)
	if err != nil {
		return nil, err
	}
	if len(labels) == 0 {
		return nil, errorf(mothurSharedName, 2, 0, "no rows after the header")
	}
	chosen := label
	if chosen == "" {
		chosen = DefaultMothurLabel(labels)
	} else if !contains(labels, chosen) {
		return nil, &ParseError{Format: mothurSharedName, Field: "label",
			Err: fmt.Errorf("no label %q; the file has %s", truncate(chosen), strings.Join(labels, ", "))}
	}
	t := &analysis.Table{Unit: analysis.UnitCounts}
	t.Provenance.Version = chosen
	if len(labels) > 1 {
		how := "chosen"
		if label == "" {
			how = "the default: 0.03 when present, else the finest"
		}
		t.Provenance.Notes = append(t.Provenance.Notes, fmt.Sprintf("mothur label %s (%s) of %d labels: %s", chosen, how, len(labels), strings.Join(labels, ", ")))
	} else {
		t.Provenance.Notes = append(t.Provenance.Notes, "mothur label "+chosen)
	}
	var b *builder
	nOtus := -1
	seen := map[string]int{}
	var sel []mothurRow
	for _, r := range rows {
		if r.fields[0] != chosen {
			continue
		}
		n, _ := strconv.Atoi(r.fields[2]) // checked by mothurRows
		if nOtus < 0 {
			nOtus = n
			if r.fields[0] == r.header && len(r.names) == n {
				for _, id := range r.names {
					t.Features = append(t.Features, analysis.Feature{ID: id})
				}
			} else {
				width := len(strconv.Itoa(n))
				if len(r.names) > 0 {
					// The header's zero-padding (Otu001 → 3), when it is one.
					if d := strings.TrimLeft(r.names[0], "OTUotu_"); len(d) <= 9 && strings.Trim(d, "0123456789") == "" {
						width = max(width, len(d))
					}
				}
				for k := range n {
					t.Features = append(t.Features, analysis.Feature{ID: fmt.Sprintf("Otu%0*d", width, k+1)})
				}
				t.Provenance.Notes = append(t.Provenance.Notes, fmt.Sprintf(
					"the header names the OTUs of label %s only; the %d OTUs of label %s are named by position (Otu%0*d …), as mothur numbers them", r.header, n, chosen, width, 1))
			}
		} else if n != nOtus {
			return nil, errorf(mothurSharedName, r.line, 3, "numOtus %d differs from %d in the other rows of label %s", n, nOtus, chosen)
		}
		g := strings.TrimSpace(r.fields[1])
		if g == "" {
			return nil, errorf(mothurSharedName, r.line, 2, "expected a sample name (Group)")
		}
		if prev, dup := seen[g]; dup {
			return nil, errorf(mothurSharedName, r.line, 2, "sample %q already given on line %d for label %s", truncate(g), prev, chosen)
		}
		seen[g] = r.line
		t.Samples = append(t.Samples, g)
		sel = append(sel, r)
	}
	b = newBuilder(len(t.Samples))
	for s, r := range sel {
		for k := range nOtus {
			v, err := parseValue(mothurSharedName, r.line, k+4, r.fields[k+3])
			if err != nil {
				return nil, err
			}
			b.add(k, s, v)
		}
	}
	t.Columns = b.cols
	if !t.Integer() {
		t.Unit = guessUnit(t.Columns)
		t.Provenance.Notes = append(t.Provenance.Notes, "mothur writes integer counts, but this file has fractional values: unit "+t.Unit.String())
	}
	return t, nil
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// mothurRows splits a .shared file into checked rows and its labels.
func mothurRows(data []byte) ([]mothurRow, []string, error) {
	if !isText(data) {
		return nil, nil, errorf(mothurSharedName, 1, 0, "not text")
	}
	ls := lines(data)
	var rows []mothurRow
	var labels []string
	var names []string
	header := ""
	needHeader := true
	for i, l := range ls {
		if strings.TrimSpace(l) == "" {
			continue
		}
		fields := strings.Split(l, "\t")
		if n := len(fields); n > 3 && fields[n-1] == "" {
			fields = fields[:n-1] // mothur ends lines with a tab
		}
		if fields[0] == "label" {
			if len(fields) < 3 || fields[1] != "Group" || fields[2] != "numOtus" {
				return nil, nil, errorf(mothurSharedName, i+1, 1, "expected a header label, Group, numOtus, OTU names")
			}
			names = fields[3:]
			needHeader = true
			continue
		}
		if i == 0 || names == nil {
			return nil, nil, errorf(mothurSharedName, i+1, 1, "expected the header label, Group, numOtus")
		}
		if len(fields) < 3 {
			return nil, nil, errorf(mothurSharedName, i+1, len(fields)+1, "expected label, Group, numOtus and counts")
		}
		n, err := strconv.Atoi(strings.TrimSpace(fields[2]))
		if err != nil || n < 0 {
			return nil, nil, errorf(mothurSharedName, i+1, 3, "expected numOtus, a non-negative integer, found %q", truncate(fields[2]))
		}
		if len(fields)-3 != n {
			return nil, nil, errorf(mothurSharedName, i+1, min(len(fields), n+3)+1, "numOtus is %d but the row has %d counts", n, len(fields)-3)
		}
		label := strings.TrimSpace(fields[0])
		fields[0] = label
		if needHeader {
			header, needHeader = label, false
		}
		if n > len(names) && label == header {
			return nil, nil, errorf(mothurSharedName, i+1, 3, "numOtus is %d but the header names %d OTUs", n, len(names))
		}
		if !contains(labels, label) {
			labels = append(labels, label)
		}
		rows = append(rows, mothurRow{line: i + 1, fields: fields, names: names, header: header})
	}
	return rows, labels, nil
}

// Taxonomy of a .cons.taxonomy row:
//
//	OTU	Size	Taxonomy
//	Otu0001	212654	Bacteria(100);Bacteroidetes(100);…;Phocaeicola(77);
//
// Confidences in parentheses are removed; "unclassified" and
// "<Parent>_unclassified" leave the rank empty; RDP-era quotes are removed.

var mothurConfidence = regexp.MustCompile(`\(\d+(\.\d+)?\)$`)

func matchMothurTaxonomy(ls []string) bool {
	return len(ls) > 0 && strings.HasPrefix(ls[0], "OTU\tSize\tTaxonomy")
}

// mothurLineage parses one mothur taxonomy string.
func mothurLineage(s string) (lineage []string, unassigned bool) {
	parts := strings.Split(strings.TrimSuffix(strings.TrimSpace(s), ";"), ";")
	for i, p := range parts {
		p = strings.TrimSpace(p)
		p = mothurConfidence.ReplaceAllString(p, "")
		p = strings.Trim(p, `"`)
		if strings.EqualFold(p, "unclassified") || strings.HasSuffix(p, "_unclassified") {
			p = ""
		}
		parts[i] = p
	}
	return taxonomy.FromParts(parts)
}

// readMothurTaxonomy reads the rows of a .cons.taxonomy file.
func readMothurTaxonomy(ls []string) (*taxTable, error) {
	tt := &taxTable{Format: mothurTaxName, Title: "mothur .cons.taxonomy"}
	seen := map[string]int{}
	for i := 1; i < len(ls); i++ {
		if strings.TrimSpace(ls[i]) == "" {
			continue
		}
		fields := strings.Split(ls[i], "\t")
		if len(fields) != 3 {
			return nil, errorf(mothurTaxName, i+1, min(len(fields), 3)+1, "expected 3 tab-separated fields (OTU, Size, Taxonomy), found %d", len(fields))
		}
		id := strings.TrimSpace(fields[0])
		if id == "" {
			return nil, errorf(mothurTaxName, i+1, 1, "expected an OTU id")
		}
		if prev, dup := seen[id]; dup {
			return nil, errorf(mothurTaxName, i+1, 1, "OTU %q already given on line %d", truncate(id), prev)
		}
		seen[id] = i + 1
		if _, err := strconv.ParseUint(strings.TrimSpace(fields[1]), 10, 64); err != nil {
			return nil, errorf(mothurTaxName, i+1, 2, "expected the OTU size, a count, found %q", truncate(fields[1]))
		}
		e := taxEntry{ID: id, Taxonomy: strings.TrimSpace(fields[2]), Line: i + 1}
		e.Lineage, e.Unassigned = mothurLineage(e.Taxonomy)
		tt.Entries = append(tt.Entries, e)
	}
	return tt, nil
}
