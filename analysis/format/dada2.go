package format

import (
	"strings"

	"github.com/gutlens/gutlens/analysis"
)

// DADA2 count tables as R writes them (FORMATS.md §3.11):
//
//   - the sequence table, write.csv(seqtab.nochim): samples in rows, the
//     ASV sequences themselves as column names, an empty first header cell:
//
//     "","TACGTAGGGTGC…","TACGGAGGGTGC…"
//     "0c1a",25043,0
//
//   - the ASV table, write.table(t(seqtab), sep="\t") with ids ASV_1,
//     ASV_2 …: ASVs in rows, samples in columns, and a header line that
//     begins with a tab (R row names have no header cell).
//
// Feature ids are the sequences (seqtab) or the ASV ids, so that DADA2's
// taxa table (rows named the same way) joins on them (DecodeFiles).

const dada2Name = "dada2"

// dada2Kind classifies a delimited header and first row: orientSamplesRows
// for a seqtab, orientTaxaInRows for an ASV table, orientAuto for neither.
func dada2Kind(header, row []string) int {
	if len(header) < 2 || len(row) < 2 || header[0] != "" {
		return orientAuto
	}
	for _, c := range header[1:] {
		if isSequence(c, 100) {
			return orientSamplesRows
		}
	}
	id := row[0]
	if (isASVID(id) || isSequence(id, 100)) && (isNumber(row[1]) || isNA(row[1])) {
		return orientTaxaInRows
	}
	return orientAuto
}

// isASVID reports whether s is an id like ASV_12, ASV12 or asv.12.
func isASVID(s string) bool {
	l := strings.ToLower(s)
	if !strings.HasPrefix(l, "asv") {
		return false
	}
	rest := strings.TrimLeft(l[3:], "_-.")
	return rest != "" && strings.Trim(rest, "0123456789") == ""
}

func matchDADA2(data []byte) bool {
	if !isText(data) {
		return false
	}
	ls := headLines(data, 2)
	if len(ls) == 0 {
		return false
	}
	comma := sniffComma(ls[0])
	if comma == 0 {
		return false
	}
	h := splitCells(ls[0], comma)
	var row []string
	if len(ls) > 1 {
		row = splitCells(ls[1], comma)
	}
	if len(ls) == 1 && len(h) >= 2 && h[0] == "" {
		// A seqtab header can be longer than the look-ahead.
		for _, c := range h[1:] {
			if isSequence(c, 100) {
				return true
			}
		}
	}
	return dada2Kind(h, row) != orientAuto
}

func readDADA2(data []byte, o Options) (*analysis.Table, error) {
	d, err := readDelimited(dada2Name, data)
	if err != nil {
		return nil, err
	}
	if len(d.recs) < 2 {
		return nil, errorf(dada2Name, 1, 0, "expected a header and at least one row")
	}
	kind := dada2Kind(d.recs[0], d.recs[1])
	if kind == orientAuto {
		return nil, errorf(dada2Name, d.line[0], 1, "expected a DADA2 table: an empty first header cell, and ASV sequences as column names or ASV ids as row names")
	}
	t, err := readWide(dada2Name, d, kind)
	if err != nil {
		return nil, err
	}
	if kind == orientSamplesRows {
		t.Provenance.Notes = append(t.Provenance.Notes, "DADA2 sequence table: samples in rows, ASV sequences as column names (the feature ids)")
	} else {
		t.Provenance.Notes = append(t.Provenance.Notes, "DADA2 ASV table: ASVs in rows, samples in columns")
	}
	return t, nil
}
