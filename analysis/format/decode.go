// Package format reads abundance tables from the bytes of a file, detecting
// the format from the content (never from the file name).
//
// Decode is the one entry point. It tries an explicit, ordered list of
// formats (see Formats); gzip is recognised by its magic bytes at any layer.
package format

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"

	"github.com/gutlens/gutlens/analysis"
)

// Limits checked before allocating, so a hostile file cannot exhaust memory.
const (
	MaxInputBytes = 512 << 20 // after decompression
	MaxCells      = 200e6     // features × samples of a dense table
	maxGzipLayers = 4
	maxValue      = 1e300
)

// Options tune Decode.
type Options struct {
	// Name is the file's name, used in error messages and as the sample id
	// of single-sample profiles that do not name their sample. Never used
	// to choose the format.
	Name string
}

// A Format is one file format Decode can read.
type Format struct {
	Name  string                                                // e.g. "biom-json"
	Title string                                                // e.g. "BIOM 1.0 (JSON)"
	Match func(data []byte) bool                                // cheap check of the content
	Read  func(data []byte, o Options) (*analysis.Table, error) // full parse
}

// Formats lists the formats in detection order (after gzip).
var Formats = []Format{
	{"ubiome", "uBiome export (JSON)", matchUBiome, readUBiome},
	{"biom-json", "BIOM 1.0 (JSON)", matchBIOMJSON, readBIOMJSON},
	{"metaphlan", "MetaPhlAn profile", matchMetaPhlAn, readMetaPhlAn},
	{"motus", "mOTUs profile", matchMOTUs, readMOTUs},
	{"cami", "CAMI taxonomic profile", matchCAMI, readCAMI},
	{"kraken", "Kraken, KrakenUniq or Bracken report", matchKraken, readKraken},
	{"bracken", "Bracken abundance table", matchBracken, readBracken},
	{"kraken-mpa", "Kraken report in MetaPhlAn style (kreport2mpa)", matchKrakenMPA, readKrakenMPA},
	{"ganon", "ganon report (.tre)", matchGanon, readGanon},
	{"kaiju", "kaiju2table summary", matchKaiju, readKaiju},
	{"mothur-shared", "mothur .shared", matchMothurShared, readMothurSharedDefault},
	{"taxonomy", "Taxonomy table (QIIME 2 taxonomy.tsv, DADA2/phyloseq taxa, mothur .cons.taxonomy)", matchTaxTable, readTaxonomyAlone},
	{"dada2", "DADA2 sequence or ASV table", matchDADA2, readDADA2},
	{"clade-table", "Clade table with cumulative values (sylph-tax, MetaPhlAn-style merges)", matchCladeTable, readCladeTable},
	{"tsv", "Tab-separated table, taxa in rows", matchTSV, readTSV},
	{"ubiome-csv", "uBiome export (CSV)", matchUBiomeCSV, readUBiomeCSV},
	{"csv", "CSV or TSV table, either orientation, or long format", matchCSV, readCSV},
}

var (
	gzipMagic = []byte{0x1f, 0x8b}
	hdf5Magic = []byte("\x89HDF\r\n\x1a\n")
	zipMagic  = []byte("PK\x03\x04")
)

// Decode reads a table from r. It returns the table and the name of the
// format it detected.
func Decode(r io.Reader, o Options) (*analysis.Table, string, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxInputBytes+1))
	if err != nil {
		return nil, "", withFile(err, o.Name)
	}
	return DecodeBytes(data, o)
}

// DecodeBytes is Decode for a file already in memory: it reads data in
// place, without copying it, and neither changes nor keeps it.
func DecodeBytes(data []byte, o Options) (*analysis.Table, string, error) {
	if len(data) > MaxInputBytes {
		return nil, "", withFile(fmt.Errorf("%w: more than %d MiB", ErrTooLarge, MaxInputBytes>>20), o.Name)
	}
	sum := sha256Async(data)
	t, name, err := decode(data, o, 0)
	if err != nil {
		return nil, name, withFile(err, o.Name)
	}
	t.Provenance.SHA256 = <-sum
	if err := t.Check(); err != nil {
		return nil, name, withFile(err, o.Name)
	}
	return t, name, nil
}

// sha256Async computes the hex SHA-256 of data on another goroutine, so
// that on a machine with more than one core it costs the decoding no
// time; the channel yields it once.
func sha256Async(data []byte) <-chan string {
	c := make(chan string, 1)
	go func() {
		sum := sha256.Sum256(data)
		c <- hex.EncodeToString(sum[:])
	}()
	return c
}

func decode(data []byte, o Options, layer int) (*analysis.Table, string, error) {
	switch {
	case bytes.HasPrefix(data, gzipMagic):
		if layer >= maxGzipLayers {
			return nil, "gzip", &ParseError{Format: "gzip", Err: fmt.Errorf("more than %d nested gzip layers", maxGzipLayers)}
		}
		plain, err := gunzip(data)
		if err != nil {
			return nil, "gzip", err
		}
		o.Name = strings.TrimSuffix(o.Name, ".gz")
		t, name, err := decode(plain, o, layer+1)
		if t != nil {
			t.Provenance.Gzip = true
		}
		return t, name, err
	case bytes.HasPrefix(data, hdf5Magic), bytes.HasPrefix(data, zipMagic):
		f := formatBIOMHDF5
		if bytes.HasPrefix(data, zipMagic) {
			f = formatQIIME2
		}
		t, err := f.Read(data, o)
		if err != nil {
			return nil, f.Name, err
		}
		if t.Provenance.Format == "" {
			t.Provenance.Format = f.Name
		}
		return t, f.Name, nil
	case len(bytes.TrimSpace(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")))) == 0:
		return nil, "", &ParseError{Format: "input", Line: 1, Err: errors.New("the file is empty")}
	}
	for _, f := range Formats {
		if f.Match(data) {
			t, err := f.Read(data, o)
			if err != nil {
				return nil, f.Name, err
			}
			t.Provenance.Format = f.Name
			return t, f.Name, nil
		}
	}
	return nil, "", ErrFormat
}

// gunzip decompresses one gzip layer, refusing output beyond MaxInputBytes.
// (klauspost/compress inflates the HMP table in 22 ms instead of 28, but
// adds 36 KB brotli to engine.wasm beside the compress/flate that
// archive/zip needs anyway: not taken.)
func gunzip(data []byte) ([]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, &ParseError{Format: "gzip", Err: err}
	}
	plain, err := readAllSized(io.LimitReader(zr, MaxInputBytes+1), gunzipSize(data))
	if err != nil {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return nil, &ParseError{Format: "gzip", Err: fmt.Errorf("corrupt or truncated gzip data: %w", err)}
	}
	if len(plain) > MaxInputBytes {
		return nil, fmt.Errorf("%w: gzip expands to more than %d MiB", ErrTooLarge, MaxInputBytes>>20)
	}
	return plain, nil
}

// maxSizeGuessRatio bounds the size gunzipSize trusts, as a multiple of
// the compressed size: more than tables compress by, far less than a
// lying trailer could claim (deflate expands up to 1032:1).
const maxSizeGuessRatio = 128

// gunzipSize guesses the size of a gzip file's plain bytes from its
// trailer (ISIZE, the last member's size modulo 2^32), bounded by
// maxSizeGuessRatio times the file's size and by MaxInputBytes. It only
// sizes the first buffer: a wrong guess costs a copy or some unused
// memory, never a wrong result.
func gunzipSize(data []byte) int {
	if len(data) < 18 { // header and trailer
		return 0
	}
	n := int64(binary.LittleEndian.Uint32(data[len(data)-4:]))
	return int(min(n, int64(len(data))*maxSizeGuessRatio, MaxInputBytes+1))
}

// readAllSized is io.ReadAll starting with a buffer of size bytes, so
// that a reader of known length fills one buffer instead of doubling it.
func readAllSized(r io.Reader, size int) ([]byte, error) {
	b := make([]byte, 0, size+1) // +1: the read that sees EOF needs room
	for {
		n, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return b, err
		}
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)] // grow
		}
	}
}

// withFile adds the file name to errors that carry one.
func withFile(err error, file string) error {
	if file == "" {
		return err
	}
	var pe *ParseError
	var ue *UnsupportedError
	switch {
	case errors.As(err, &pe):
		pe.File = file
		return pe
	case errors.As(err, &ue):
		ue.File = file
		return ue
	}
	return fmt.Errorf("%s: %w", file, err)
}

// sampleName derives a sample id from a file name: "x/SRR1.txt.gz" → "SRR1".
func sampleName(file string) string {
	b := path.Base(strings.ReplaceAll(file, `\`, "/"))
	b = strings.TrimSuffix(b, ".gz")
	if ext := path.Ext(b); ext != "" && ext != b {
		b = strings.TrimSuffix(b, ext)
	}
	if b == "" || b == "." || b == "/" {
		return "sample"
	}
	return b
}

// headerSamples returns the sample names in header[from:to] (a header on
// the given line), trimmed, refusing empty and repeated names.
func headerSamples(format string, line int, header []string, from, to int) ([]string, *ParseError) {
	seen := map[string]int{}
	var samples []string
	for k := from; k < to; k++ {
		s := strings.TrimSpace(header[k])
		if s == "" {
			return nil, errorf(format, line, k+1, "empty sample name in the header")
		}
		if prev, dup := seen[s]; dup {
			return nil, errorf(format, line, k+1, "sample %q already named in column %d", s, prev)
		}
		seen[s] = k + 1
		samples = append(samples, s)
	}
	return samples, nil
}

// builder collects (feature, sample, value) entries into sparse columns.
type builder struct {
	cols []analysis.Vector
}

func newBuilder(nSamples int) *builder {
	return &builder{cols: make([]analysis.Vector, nSamples)}
}

// add appends a value; features must be added in increasing order per
// sample. Zeros are skipped.
func (b *builder) add(feature, sample int, v float64) {
	if v == 0 {
		return
	}
	c := &b.cols[sample]
	c.Index = append(c.Index, feature)
	c.Value = append(c.Value, v)
}

// guessUnit picks counts for all-integer tables, percent or fraction when
// every non-empty column sums to 100 or 1, and abundance otherwise.
func guessUnit(cols []analysis.Vector) analysis.Unit {
	integer := true
	for _, c := range cols {
		for _, x := range c.Value {
			if x != float64(int64(x)) {
				integer = false
			}
		}
	}
	if integer {
		return analysis.UnitCounts
	}
	near := func(target float64) bool {
		seen := false
		for _, c := range cols {
			s := c.Sum()
			if s == 0 {
				continue
			}
			seen = true
			if d := s - target; d > 1e-3*target || d < -1e-3*target {
				return false
			}
		}
		return seen
	}
	switch {
	case near(100):
		return analysis.UnitPercent
	case near(1):
		return analysis.UnitFraction
	}
	return analysis.UnitAbundance
}

// Title returns the readable name of a format ("BIOM 1.0 (JSON)"), or the
// name itself when it is not known.
func Title(name string) string {
	for _, f := range append([]Format{formatBIOMHDF5, formatQIIME2}, Formats...) {
		if f.Name == name {
			return f.Title
		}
	}
	return name
}
