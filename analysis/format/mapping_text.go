package format

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
)

// Delimited text as consumer and lab exports write it, for the
// column-mapping step: a title or preamble above the header, ";" with
// decimal commas, thousands separators ("1,234", "1.234,5", "1 234"),
// percent signs, quoted cells holding the delimiter, a BOM, CRLF or CR line
// ends, blank lines, and total rows or notes below the table.

// textTable is delimited text split into records.
type textTable struct {
	comma byte
	recs  [][]string // non-empty records: cells trimmed and unquoted
	line  []int      // 1-based line each record starts on
	lines []string   // the physical lines of the text, for the preamble
}

// mappingHeadBytes bounds the text the delimiter and header are found in.
const mappingHeadBytes = 1 << 20

// textHead returns the start of text, cut at a line end, that the
// delimiter and the header are found in.
func textHead(text string) string {
	if len(text) <= mappingHeadBytes {
		return text
	}
	head := text[:mappingHeadBytes]
	if i := strings.LastIndexAny(head, "\r\n"); i > 0 {
		head = head[:i+1]
	}
	return head
}

// splitRecords splits text into records of cells on comma, reading at
// most maxRecs records (0: all). Quotes are as in RFC 4180: a cell that
// starts with " holds delimiters and line ends up to the closing ", and ""
// inside is one ". A quote elsewhere is an ordinary character, and so is
// an opening quote that is never closed. Line ends are \n, \r\n or \r.
// Records whose cells are all empty (blank lines, ";;;") are dropped; the
// line numbers still count them.
func splitRecords(text string, comma byte, maxRecs int) (recs [][]string, lines []int) {
	line, i := 1, 0
	for i < len(text) && (maxRecs <= 0 || len(recs) < maxRecs) {
		start := line
		var rec []string
		filled := false
		for {
			var cell string
			j := i
			for j < len(text) && text[j] == ' ' {
				j++
			}
			if j < len(text) && text[j] == '"' {
				if c, end, nl, ok := quotedCell(text, j, comma); ok {
					cell, i = c, end
					line += nl
				} else {
					cell, i = plainCell(text, i, comma)
				}
			} else {
				cell, i = plainCell(text, i, comma)
			}
			cell = strings.TrimSpace(cell)
			filled = filled || cell != ""
			rec = append(rec, cell)
			if i < len(text) && text[i] == comma {
				i++
				continue
			}
			break
		}
		if i < len(text) {
			if text[i] == '\r' && i+1 < len(text) && text[i+1] == '\n' {
				i++
			}
			i++
			line++
		}
		if filled {
			recs = append(recs, rec)
			lines = append(lines, start)
		}
	}
	return recs, lines
}

// plainCell reads an unquoted cell at text[i].
func plainCell(text string, i int, comma byte) (string, int) {
	k := i
	for k < len(text) && text[k] != comma && text[k] != '\n' && text[k] != '\r' {
		k++
	}
	return text[i:k], k
}

// quotedCell reads the quoted cell whose opening quote is at text[q]. ok
// is false when the quote is never closed, or text other than spaces
// follows the closing quote; nl counts the line ends inside.
func quotedCell(text string, q int, comma byte) (cell string, end, nl int, ok bool) {
	escaped := false
	for k := q + 1; k < len(text); k++ {
		switch text[k] {
		case '\n':
			nl++
		case '\r':
			if k+1 >= len(text) || text[k+1] != '\n' {
				nl++
			}
		case '"':
			if k+1 < len(text) && text[k+1] == '"' {
				escaped = true
				k++
				continue
			}
			cell = text[q+1 : k]
			if escaped {
				cell = strings.ReplaceAll(cell, `""`, `"`)
			}
			end = k + 1
			for end < len(text) && text[end] == ' ' {
				end++
			}
			if end < len(text) && text[end] != comma && text[end] != '\n' && text[end] != '\r' {
				return "", 0, 0, false
			}
			return cell, end, nl, true
		}
	}
	return "", 0, 0, false
}

// mappingDelimiters are the delimiters tried, in the order ties go.
var mappingDelimiters = []byte{'\t', ';', ',', '|'}

// sniffDelimiter picks the delimiter that splits the most records of head
// into the same number (at least two) of cells: a title line or a
// preamble does not count, nor does a decimal comma in a ";"-separated
// file (the header has none). It returns 0 when no delimiter splits any
// record.
func sniffDelimiter(head string) byte {
	var best byte
	bestScore := 0
	for _, c := range mappingDelimiters {
		if strings.IndexByte(head, c) < 0 {
			continue
		}
		recs, _ := splitRecords(head, c, 200)
		count := map[int]int{}
		score := 0
		for _, r := range recs {
			if len(r) >= 2 {
				count[len(r)]++
				score = max(score, count[len(r)])
			}
		}
		if score > bestScore {
			best, bestScore = c, score
		}
	}
	return best
}

// readText splits data (BOM removed) into records: the delimiter is found
// in the head of the text, then all of it is split.
func readText(format string, data []byte) (*textTable, error) {
	if !isText(data) {
		return nil, errorf(format, 1, 0, "not text")
	}
	text := string(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")))
	comma := sniffDelimiter(textHead(text))
	if comma == 0 {
		return nil, errorf(format, 1, 0, "expected columns separated by tabs, semicolons, commas or |: no line has two")
	}
	t := &textTable{comma: comma}
	t.recs, t.line = splitRecords(text, comma, 0)
	return t, nil
}

// physicalLines returns the first n lines of data as text.
func physicalLines(data []byte, n int) []string {
	ls := lines(data[:min(len(data), mappingHeadBytes)])
	return ls[:min(len(ls), n)]
}

// maxHeaderCandidates bounds the records tried as the header: a preamble
// is a few dozen lines at most.
const maxHeaderCandidates = 100

// findHeader returns the index of the header record: the record, among
// the first ones, that has at least two cells, one of them words, and is
// followed by the longest run of rows as wide (one more for R's missing
// corner, fewer for short rows) that hold a number. A title, a patient
// block or a "Reads: 45.678" line above the table is followed by no such
// run. Without any, the first record is the header.
func findHeader(recs [][]string) int {
	hasNumber := make([]bool, len(recs))
	for r := range recs[:min(len(recs), maxHeaderCandidates+1000)] {
		for _, c := range recs[r] {
			if _, ok := anyNumber(c); ok {
				hasNumber[r] = true
				break
			}
		}
	}
	best, bestScore := 0, 0
	for h := range recs[:min(len(recs), maxHeaderCandidates)] {
		filled, words := 0, 0
		for _, c := range recs[h] {
			if c != "" {
				filled++
				if _, ok := anyNumber(c); !ok && !isNA(c) {
					words++
				}
			}
		}
		if filled < 2 || words == 0 {
			continue
		}
		w, score := len(recs[h]), 0
		for r := h + 1; r < len(recs) && r < h+1000; r++ {
			if len(recs[r]) < 2 || len(recs[r]) > w+1 || !hasNumber[r] {
				break
			}
			score++
		}
		if score > bestScore {
			best, bestScore = h, score
		}
	}
	return best
}

// headerAt returns the index of the record on line n (1-based), for a
// header the caller chose.
func headerAt(format string, t *textTable, n int) (int, error) {
	for r, l := range t.line {
		switch {
		case l == n:
			return r, nil
		case l > n:
			return 0, &ParseError{Format: format, Line: n, Field: "header line",
				Err: fmt.Errorf("line %d is empty or inside a quoted cell: expected the header there (the next record starts on line %d)", n, l)}
		}
	}
	return 0, &ParseError{Format: format, Line: n, Field: "header line",
		Err: fmt.Errorf("the text has no record on line %d or after it", n)}
}

// A numberStyle is how a file writes numbers: the decimal mark ('.' or
// ',') and the thousands separator (0 for none, ',', '.', ' ' or '\”).
type numberStyle struct {
	decimal, thousands byte
}

// numberStyles are the styles a column of numbers is read in, in the
// order ties go within one decimal mark.
var numberStyles = []numberStyle{
	{'.', 0}, {'.', ','}, {'.', ' '}, {'.', '\''},
	{',', 0}, {',', '.'}, {',', ' '}, {',', '\''},
}

// styleOf returns the style of a Mapping's DecimalComma and Thousands.
func styleOf(decimalComma bool, thousands string) (numberStyle, error) {
	st := numberStyle{decimal: '.'}
	if decimalComma {
		st.decimal = ','
	}
	switch thousands {
	case "":
	case ",", ".", " ", "'":
		st.thousands = thousands[0]
	default:
		return st, fmt.Errorf(`expected "", ",", ".", " " or "'", found %q`, truncate(thousands))
	}
	if st.thousands == st.decimal {
		return st, fmt.Errorf("%q cannot be both the decimal mark and the thousands separator", thousands)
	}
	return st, nil
}

// example writes 1234.5 in the style.
func (st numberStyle) example() string {
	if st.thousands == 0 {
		return "1234" + string(st.decimal) + "5"
	}
	return "1" + string(st.thousands) + "234" + string(st.decimal) + "5"
}

// describe says the style in words.
func (st numberStyle) describe() string {
	s := "a decimal point"
	if st.decimal == ',' {
		s = "a decimal comma"
	}
	switch st.thousands {
	case 0:
		return s + " and no thousands separator"
	case ' ':
		return s + " and spaces between thousands"
	}
	return fmt.Sprintf("%s and %q between thousands", s, st.thousands)
}

// parse reads a number written in the style: an optional sign, digits
// with the thousands separator between groups of three, the decimal mark
// before the fraction, an optional exponent; spaces around and a trailing
// "%" (pct) are allowed. No-break spaces count as spaces.
func (st numberStyle) parse(s string) (v float64, pct, ok bool) {
	s = strings.TrimSpace(s)
	if strings.Contains(s, "\u00a0") || strings.Contains(s, "\u202f") {
		s = strings.NewReplacer("\u00a0", " ", "\u202f", " ").Replace(s)
	}
	if strings.HasSuffix(s, "%") {
		pct, s = true, strings.TrimSpace(s[:len(s)-1])
	}
	if len(s) == 0 || len(s) > 64 {
		return 0, pct, false
	}
	var buf [80]byte
	b := buf[:0]
	i := 0
	if s[0] == '-' || s[0] == '+' {
		if s[0] == '-' {
			b = append(b, '-')
		}
		i++
	}
	digits, group, grouped := 0, 0, false
	for ; i < len(s); i++ {
		c := s[i]
		if c >= '0' && c <= '9' {
			b = append(b, c)
			digits++
			group++
			continue
		}
		if c != st.thousands || st.thousands == 0 {
			break
		}
		if group == 0 || grouped && group != 3 || !grouped && group > 3 {
			return 0, pct, false
		}
		grouped, group = true, 0
	}
	if grouped && group != 3 {
		return 0, pct, false
	}
	if i < len(s) && s[i] == st.decimal {
		var n int
		b, i, n = appendDigits(append(b, '.'), s, i+1)
		if n == 0 {
			return 0, pct, false
		}
		digits += n
	}
	if digits == 0 {
		return 0, pct, false
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		b = append(b, 'e')
		i++
		if i < len(s) && (s[i] == '-' || s[i] == '+') {
			b = append(b, s[i])
			i++
		}
		var n int
		if b, i, n = appendDigits(b, s, i); n == 0 {
			return 0, pct, false
		}
	}
	if i != len(s) {
		return 0, pct, false
	}
	v, err := strconv.ParseFloat(string(b), 64)
	if err != nil || v > maxValue || v < -maxValue {
		return 0, pct, false
	}
	return v, pct, true
}

// styleMask returns the styles (bit k for numberStyles[k]) that read s.
func styleMask(s string) uint8 {
	var m uint8
	for k, st := range numberStyles {
		if _, _, ok := st.parse(s); ok {
			m |= 1 << k
		}
	}
	return m
}

// anyNumber reports whether some style reads s as a number, and whether
// it carries a "%".
func anyNumber(s string) (pct, ok bool) {
	for _, st := range numberStyles {
		if _, pct, ok := st.parse(s); ok {
			return pct, true
		}
	}
	return false, false
}

// A cellRef is a value cell with its place, for the style decision.
type cellRef struct {
	s      string
	line   int
	column string
}

func (c cellRef) String() string {
	return fmt.Sprintf("%q (line %d, column %q)", truncate(c.s), c.line, truncate(c.column))
}

// A styleDecision is the number style of a file's value cells, and why.
type styleDecision struct {
	style     numberStyle
	ambiguous bool   // the cells fit several styles that read them differently, or no single style
	note      string // the reason, in words; "" for plain numbers
}

// decideStyle picks the style that reads the most cells. When several
// do, and they read some cell differently ("1,234": 1234 or 1.234), the
// cells alone do not tell: a column that also writes large whole numbers
// without separators ("12345") shows that its "," or "." is the decimal
// mark; else the delimiter does (";" goes with a decimal comma, as in
// European spreadsheets, "," and tabs with a decimal point). The decision
// is then ambiguous and the note says so.
func decideStyle(cells []cellRef, comma byte) styleDecision {
	masks := make([]uint8, len(cells))
	var score [8]int
	for i, c := range cells {
		masks[i] = styleMask(c.s)
		for k := range numberStyles {
			if masks[i]&(1<<k) != 0 {
				score[k]++
			}
		}
	}
	best := 0
	for _, s := range score {
		best = max(best, s)
	}
	var cands uint8
	for k, s := range score {
		if s == best {
			cands |= 1 << k
		}
	}
	// A cell read differently by two candidate styles makes the choice
	// ambiguous.
	var clash *cellRef
	for i, c := range cells {
		if masks[i]&cands == 0 || clash != nil {
			continue
		}
		var first float64
		seen := false
		for k, st := range numberStyles {
			if cands&(1<<k) == 0 || masks[i]&(1<<k) == 0 {
				continue
			}
			v, _, _ := st.parse(c.s)
			if seen && v != first {
				clash = &cells[i]
				break
			}
			first, seen = v, true
		}
	}
	commaFirst := false // without a clash every candidate reads the cells alike
	why, settled := "", false
	if clash != nil {
		// Whole numbers of four digits or more without a separator in the
		// columns of the clashing cells: no thousands separator is in use.
		var plainBig *cellRef
		for i, c := range cells {
			if c.column == clash.column && masks[i] == 0xff && len(strings.Trim(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(c.s), "%")), "+-")) >= 4 {
				plainBig = &cells[i]
				break
			}
		}
		sep := strings.Trim(clash.s, "0123456789+-% ")
		switch {
		case plainBig != nil && (sep == "," || sep == "."):
			commaFirst, settled = sep == ",", true
			why = fmt.Sprintf("the same column writes %s without a thousands separator, so %q is the decimal mark", plainBig, sep)
		case comma == ';':
			commaFirst = true
			why = "the fields are separated by semicolons, as spreadsheets that write decimal commas do"
		default:
			why = fmt.Sprintf("the fields are separated by %s, as spreadsheets that write decimal points do", delimiterName(comma))
		}
	}
	order := []int{0, 1, 2, 3, 4, 5, 6, 7}
	if commaFirst {
		order = []int{4, 5, 6, 7, 0, 1, 2, 3}
	}
	d := styleDecision{style: numberStyles[0]}
	for _, k := range order {
		if cands&(1<<k) != 0 {
			d.style = numberStyles[k]
			break
		}
	}
	chosen := uint8(0)
	for k, st := range numberStyles {
		if st == d.style {
			chosen = 1 << k
		}
	}
	// The cells that show the style, and those it cannot read.
	var decimalShown, thousandsShown, misfit *cellRef
	misfits := 0
	for i, c := range cells {
		switch {
		case masks[i]&chosen == 0:
			misfits++
			if misfit == nil {
				misfit = &cells[i]
			}
		case decimalShown == nil && d.style.decimal == ',' && masks[i]&0x0f == 0:
			decimalShown = &cells[i]
		case thousandsShown == nil && d.style.thousands != 0 && strings.IndexByte(strings.TrimSpace(c.s), d.style.thousands) >= 0:
			thousandsShown = &cells[i]
		}
	}
	var notes []string
	switch {
	case clash != nil:
		v, _, _ := d.style.parse(clash.s)
		read := fmt.Sprintf("%s read as %s, with %s", clash, strconv.FormatFloat(v, 'g', -1, 64), d.style.describe())
		if settled {
			notes = append(notes, read+": "+why)
			break
		}
		d.ambiguous = true
		notes = append(notes, read+", but it can be read another way and no value settles it; chosen since "+why+": choose another way in the mapping if that is wrong")
	case d.style != numberStyles[0]:
		s := "numbers written with " + d.style.describe()
		if decimalShown != nil {
			s += ", as " + decimalShown.String()
		}
		if thousandsShown != nil && thousandsShown != decimalShown {
			s += ", and " + thousandsShown.String()
		}
		notes = append(notes, s)
	}
	if misfits > 0 {
		d.ambiguous = true
		notes = append(notes, fmt.Sprintf("%d values do not fit %s, such as %s", misfits, d.style.describe(), misfit))
	}
	d.note = strings.Join(notes, "; ")
	return d
}

// delimiterName names a delimiter in words.
func delimiterName(c byte) string {
	switch c {
	case '\t':
		return "tabs"
	case ';':
		return "semicolons"
	case ',':
		return "commas"
	}
	return fmt.Sprintf("%q", c)
}

// summaryWords start the name of a total row ("Total", "Totaal:",
// "Summe", "Sum of reads").
var summaryWords = map[string]bool{
	"total": true, "totals": true, "totaal": true, "totale": true, "totalt": true, "subtotal": true, "subtotaal": true,
	"sum": true, "som": true, "summe": true, "gesamt": true, "gesamtsumme": true, "zwischensumme": true, "grand": true,
}

// isSummaryName reports whether a row name is a total, not a taxon.
func isSummaryName(s string) bool {
	w := strings.ToLower(strings.TrimSpace(s))
	if i := strings.IndexAny(w, " :(*_-"); i >= 0 {
		if w[:i] == "grand" {
			return strings.HasPrefix(strings.TrimLeft(w[i:], " _-"), "total")
		}
		w = w[:i]
	}
	return summaryWords[w] && w != "grand"
}

// appendDigits appends the run of ASCII digits of s from i to b and
// returns b, the index after the run and the run's length.
func appendDigits(b []byte, s string, i int) ([]byte, int, int) {
	j := i
	for ; j < len(s) && s[j] >= '0' && s[j] <= '9'; j++ {
	}
	return append(b, s[i:j]...), j, j - i
}
