package format

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"strconv"
	"strings"
)

// Delimited text shared by the generic CSV/TSV, DADA2, taxonomy-table and
// uBiome CSV readers: comma- or tab-separated records, R's quoting
// (write.csv quotes every string; write.table with sep="\t" too), a UTF-8
// BOM, CRLF, and "#" comment lines without a delimiter above the header.

// delimited is a file split into records of trimmed, unquoted cells.
type delimited struct {
	comma    rune
	recs     [][]string
	line     []int    // 1-based line of the start of each record
	comments []string // "#" lines above the header, without the "#"
}

// maxScanRecords bounds the records a matcher looks at.
const maxScanRecords = 8

// sniffComma picks the delimiter from the first record-looking line: a tab
// wins over a comma, a comma over a semicolon. It returns 0 for none.
func sniffComma(line string) rune {
	switch {
	case strings.Contains(line, "\t"):
		return '\t'
	case strings.Contains(line, ","):
		return ','
	case strings.Contains(line, ";") && !strings.Contains(line, "__"):
		return ';'
	}
	return 0
}

// headLines returns the first n lines of data (BOM stripped, CR trimmed),
// looking at no more than 256 KiB: enough for the 2,222 400-character
// sequences of a DADA2 seqtab header line only partly, which matchers
// allow for.
func headLines(data []byte, n int) []string {
	ls := lines(data[:min(len(data), 256<<10)])
	if len(ls) > n {
		ls = ls[:n]
	}
	return ls
}

// firstRecordLine skips "#" comment lines that hold no delimiter; it
// returns the index of the first other line.
func firstRecordLine(ls []string) int {
	for i, l := range ls {
		if strings.HasPrefix(l, "#") && sniffComma(l) == 0 {
			continue
		}
		return i
	}
	return len(ls)
}

// splitCells splits one line the cheap way (for matchers): tab or comma,
// R quotes removed, spaces trimmed.
func splitCells(line string, comma rune) []string {
	cells := strings.Split(line, string(comma))
	for i, c := range cells {
		cells[i] = unquote(c)
	}
	return cells
}

// unquote trims spaces and one pair of surrounding double quotes, turning
// "" inside into ".
func unquote(s string) string {
	s = strings.TrimSpace(s)
	if len(s) >= 2 && s[0] == '"' && s[len(s)-1] == '"' {
		s = strings.ReplaceAll(s[1:len(s)-1], `""`, `"`)
		s = strings.TrimSpace(s)
	}
	return s
}

// readDelimited splits data into records. Tab-separated text is split on
// tabs (quotes around whole cells removed); comma-separated text goes
// through encoding/csv, which handles quoted commas and newlines.
func readDelimited(format string, data []byte) (*delimited, error) {
	if !isText(data) {
		return nil, errorf(format, 1, 0, "not text")
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	d := &delimited{}
	// Skip comment lines, remembering how many.
	skipped := 0
	for len(data) > 0 {
		end := bytes.IndexByte(data, '\n')
		l := data
		if end >= 0 {
			l = data[:end]
		}
		ls := strings.TrimRight(string(l), "\r")
		if !strings.HasPrefix(ls, "#") || sniffComma(ls) != 0 {
			break
		}
		d.comments = append(d.comments, strings.TrimSpace(strings.TrimPrefix(ls, "#")))
		skipped++
		if end < 0 {
			data = nil
		} else {
			data = data[end+1:]
		}
	}
	first := string(data[:min(len(data), 64<<10)])
	if i := strings.IndexByte(first, '\n'); i >= 0 {
		first = first[:i]
	}
	d.comma = sniffComma(first)
	if d.comma == 0 {
		return nil, errorf(format, skipped+1, 1, "expected a header line with tab- or comma-separated columns")
	}
	if d.comma == '\t' {
		for i, l := range lines(data) {
			if strings.TrimSpace(l) == "" {
				continue
			}
			d.recs = append(d.recs, splitCells(l, '\t'))
			d.line = append(d.line, skipped+i+1)
		}
		return d, nil
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.Comma = d.comma
	r.LazyQuotes = true
	r.FieldsPerRecord = -1
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var ce *csv.ParseError
			if errors.As(err, &ce) {
				return nil, errorf(format, skipped+ce.StartLine, 0, "%v", ce.Err)
			}
			return nil, &ParseError{Format: format, Err: err}
		}
		line, _ := r.FieldPos(0)
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		for i, c := range rec {
			rec[i] = strings.TrimSpace(c)
		}
		d.recs = append(d.recs, rec)
		d.line = append(d.line, skipped+line)
	}
	return d, nil
}

// isNA reports whether a cell means "no value" (R's NA, an empty cell).
func isNA(s string) bool {
	switch s {
	case "", "NA", "NaN", "nan", "N/A", "na", "-":
		return true
	}
	return false
}

// isNumber reports whether a cell is a number (negative and non-finite
// ones included, so that they are reported as bad values, not metadata).
func isNumber(s string) bool {
	_, err := strconv.ParseFloat(s, 64)
	return err == nil || errors.Is(err, strconv.ErrRange)
}

// isSequence reports whether s is a DNA sequence of at least n bases.
func isSequence(s string, n int) bool {
	if len(s) < n {
		return false
	}
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case 'A', 'C', 'G', 'T', 'N', 'a', 'c', 'g', 't', 'n':
		default:
			return false
		}
	}
	return true
}
