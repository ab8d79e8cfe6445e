package format

import (
	"errors"
	"fmt"
)

// ErrFormat means the bytes are in no format Gutlens knows.
var ErrFormat = errors.New("not a microbiome table Gutlens can read: expected BIOM (JSON or HDF5), a QIIME 2 .qza, " +
	"a MetaPhlAn, Kraken, Bracken, mOTUs, CAMI, sylph-tax, ganon or kaiju profile, a mothur .shared, a DADA2 table, a uBiome export, or a CSV/TSV table of taxa and samples")

// ErrTooLarge means the input exceeds a limit checked before allocating.
var ErrTooLarge = errors.New("input too large")

// A ParseError is a problem in the data, with its position. Line and
// Column are 1-based; 0 means unknown. For tables Column counts fields,
// for JSON it counts bytes in the line.
type ParseError struct {
	File   string // file name, when the caller gave one
	Format string // format being read, e.g. "biom-json"
	Line   int
	Column int
	Field  string // the JSON field or table column, when known
	Err    error
}

func (e *ParseError) Error() string {
	s := ""
	if e.File != "" {
		s = e.File + ": "
	}
	s += e.Format
	if e.Line > 0 {
		s += fmt.Sprintf(", line %d", e.Line)
		if e.Column > 0 {
			s += fmt.Sprintf(", column %d", e.Column)
		}
	}
	if e.Field != "" {
		s += fmt.Sprintf(", field %q", e.Field)
	}
	return s + ": " + e.Err.Error()
}

func (e *ParseError) Unwrap() error { return e.Err }

// An UnsupportedError is valid input that Gutlens does not handle yet.
type UnsupportedError struct {
	File   string
	Format string
	What   string
}

func (e *UnsupportedError) Error() string {
	s := ""
	if e.File != "" {
		s = e.File + ": "
	}
	return s + e.Format + ": not supported yet: " + e.What
}

// errorf builds a ParseError at a line and column.
func errorf(format string, line, col int, msg string, args ...any) *ParseError {
	return &ParseError{Format: format, Line: line, Column: col, Err: fmt.Errorf(msg, args...)}
}
