package format

import (
	"bytes"
	"strconv"
	"strings"
)

// lines splits text into lines, with a UTF-8 byte-order mark removed and
// "\r\n" or "\r" line ends accepted. A final empty line is dropped.
func lines(data []byte) []string {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	s := strings.ReplaceAll(string(data), "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	ls := strings.Split(s, "\n")
	if n := len(ls); n > 0 && ls[n-1] == "" {
		ls = ls[:n-1]
	}
	return ls
}

// parseValue reads one abundance: a finite, non-negative number.
func parseValue(format string, line, col int, field string) (float64, *ParseError) {
	s := strings.TrimSpace(field)
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || v != v || v > maxValue || v < -maxValue {
		return 0, errorf(format, line, col, "expected a number, found %q", truncate(s))
	}
	if v < 0 {
		return 0, errorf(format, line, col, "expected a non-negative abundance, found %v", v)
	}
	return v, nil
}

func truncate(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}

// isText reports whether data looks like text: no NUL bytes in its start.
func isText(data []byte) bool {
	n := min(len(data), 4096)
	return bytes.IndexByte(data[:n], 0) < 0
}
