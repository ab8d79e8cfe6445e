package format

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/gutlens/gutlens/analysis"
	"github.com/gutlens/gutlens/analysis/taxonomy"
)

// QIIME 2 artifacts (.qza): a zip holding one directory <uuid>/ with
// metadata.yaml (uuid, type, format), VERSION, checksums.md5, data/… and
// provenance/…. A FeatureTable artifact keeps its table in
// data/feature-table.biom (BIOM 2.1 HDF5); a FeatureData[Taxonomy]
// artifact keeps data/taxonomy.tsv (Feature ID, Taxon[, Confidence]).

const (
	qiime2Name         = "qiime2"
	qiime2TaxonomyName = "qiime2-taxonomy"
)

// formatQIIME2 describes the reader in the shape of the Formats list.
// Decode reaches it from its zip magic-byte branch.
var formatQIIME2 = Format{qiime2Name, "QIIME 2 artifact (.qza)", matchQIIME2, readQIIME2}

func matchQIIME2(data []byte) bool { return bytes.HasPrefix(data, zipMagic) }

// Limits on a zip, checked before reading: entries in the central
// directory, and bytes any one entry (and all read entries together) may
// expand to. Header sizes are only used to refuse early; reads are
// limited regardless of what the headers say.
const (
	maxZipEntries  = 1 << 16
	maxQIIME2Meta  = 64 << 10
	qiime2BIOMPath = "data/feature-table.biom"
	qiime2TaxPath  = "data/taxonomy.tsv"
)

// A QIIME2Artifact is an opened .qza: its root directory and metadata.
type QIIME2Artifact struct {
	UUID    string // the root directory, the artifact's uuid
	Type    string // semantic type, e.g. "FeatureTable[Frequency]"
	Format  string // directory format, e.g. "BIOMV210DirFmt"
	Version string // the VERSION file's "framework:" value, e.g. "2022.8.3"

	files map[string]*zip.File // below UUID/, by relative path
	read  int64                // bytes read so far, against MaxInputBytes
}

// OpenQIIME2 reads the zip directory and metadata.yaml of a .qza. A zip
// that is not a QIIME 2 artifact gives an *UnsupportedError.
func OpenQIIME2(data []byte) (*QIIME2Artifact, error) {
	if !bytes.HasPrefix(data, zipMagic) {
		return nil, &ParseError{Format: qiime2Name, Err: errors.New("not a zip file (a .qza is a zip)")}
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, &ParseError{Format: "zip", Err: fmt.Errorf("corrupt or truncated zip archive: %w", err)}
	}
	if len(zr.File) > maxZipEntries {
		return nil, fmt.Errorf("%w: zip archive with %d entries (at most %d)", ErrTooLarge, len(zr.File), maxZipEntries)
	}
	a := &QIIME2Artifact{}
	for _, f := range zr.File {
		root, rest, ok := strings.Cut(f.Name, "/")
		if ok && rest == "metadata.yaml" {
			if a.UUID != "" && a.UUID != root {
				return nil, &UnsupportedError{Format: "zip", What: "zip archives holding more than one QIIME 2 artifact"}
			}
			a.UUID = root
		}
	}
	if a.UUID == "" {
		return nil, &UnsupportedError{Format: "zip", What: "zip archives other than QIIME 2 artifacts (no <uuid>/metadata.yaml)"}
	}
	a.files = make(map[string]*zip.File)
	for _, f := range zr.File {
		if rest, ok := strings.CutPrefix(f.Name, a.UUID+"/"); ok && !strings.HasSuffix(rest, "/") {
			a.files[rest] = f
		}
	}
	md, err := a.readFile("metadata.yaml", maxQIIME2Meta)
	if err != nil {
		return nil, err
	}
	for _, line := range strings.Split(string(md), "\n") {
		k, v, ok := strings.Cut(strings.TrimSpace(line), ":")
		if !ok {
			continue
		}
		v = strings.Trim(strings.TrimSpace(v), `"'`)
		switch k {
		case "type":
			a.Type = v
		case "format":
			a.Format = v
		}
	}
	if a.Type == "" {
		return nil, &ParseError{Format: qiime2Name, Field: a.UUID + "/metadata.yaml", Err: errors.New("no type: line")}
	}
	if ver, err := a.readFile("VERSION", maxQIIME2Meta); err == nil {
		for _, line := range strings.Split(string(ver), "\n") {
			if v, ok := strings.CutPrefix(strings.TrimSpace(line), "framework:"); ok {
				a.Version = strings.TrimSpace(v)
			}
		}
	}
	return a, nil
}

// readFile reads a file below the artifact's root, refusing more than max
// bytes (and more than MaxInputBytes over all files read), whatever the
// zip headers declare.
func (a *QIIME2Artifact) readFile(name string, max int64) ([]byte, error) {
	f, ok := a.files[name]
	if !ok {
		return nil, &ParseError{Format: qiime2Name, Field: a.UUID + "/" + name, Err: errors.New("missing from the artifact")}
	}
	max = min(max, MaxInputBytes-a.read)
	if f.UncompressedSize64 > uint64(max) {
		return nil, fmt.Errorf("%w: %s/%s declares %d bytes", ErrTooLarge, a.UUID, name, f.UncompressedSize64)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, &ParseError{Format: "zip", Field: f.Name, Err: err}
	}
	defer rc.Close()
	// Allocate for the declared size only when it is plausible.
	buf := bytes.NewBuffer(make([]byte, 0, min(int64(f.UncompressedSize64), max, 1<<20)))
	n, err := io.Copy(buf, io.LimitReader(rc, max+1))
	a.read += n
	if err != nil {
		return nil, &ParseError{Format: "zip", Field: f.Name, Err: fmt.Errorf("corrupt entry: %w", err)}
	}
	if n > max {
		return nil, fmt.Errorf("%w: %s expands beyond %d bytes", ErrTooLarge, f.Name, max)
	}
	return buf.Bytes(), nil
}

// readQIIME2 reads the table of a FeatureTable artifact.
func readQIIME2(data []byte, o Options) (*analysis.Table, error) {
	a, err := OpenQIIME2(data)
	if err != nil {
		return nil, err
	}
	what := fmt.Sprintf("QIIME 2 artifact %s, type %s, format %s", a.UUID, a.Type, a.Format)
	if a.Version != "" {
		what += ", framework " + a.Version
	}
	switch {
	case a.Type == "FeatureData[Taxonomy]":
		// A taxonomy (feature ID → taxon) without abundances: it must come
		// with the FeatureTable artifact it classifies (DecodeFiles).
		n := -1
		if tsv, err := a.readFile(qiime2TaxPath, MaxInputBytes); err == nil {
			if m, err := readTaxonomyTSV(tsv); err == nil {
				n = len(m)
			}
		}
		return nil, &TaxonomyOnlyError{Title: "QIIME 2 FeatureData[Taxonomy] artifact", Features: n}
	case strings.HasPrefix(a.Type, "FeatureTable["):
	default:
		return nil, &UnsupportedError{Format: qiime2Name, What: fmt.Sprintf("artifacts of type %s (expected FeatureTable[Frequency] or FeatureTable[RelativeFrequency])", a.Type)}
	}
	biom, err := a.readFile(qiime2BIOMPath, MaxInputBytes)
	if err != nil {
		return nil, err
	}
	if !bytes.HasPrefix(biom, hdf5Magic) {
		return nil, &ParseError{Format: qiime2Name, Field: a.UUID + "/" + qiime2BIOMPath, Err: errors.New("not a BIOM 2.x (HDF5) file")}
	}
	t, err := readBIOMHDF5(biom, o)
	if err != nil {
		var pe *ParseError
		if errors.As(err, &pe) && pe.Field != "" && !strings.Contains(pe.Field, "/data/") {
			pe.Field = qiime2BIOMPath + ":" + pe.Field
		}
		return nil, err
	}
	t.Provenance.Format = qiime2Name
	t.Provenance.Notes = append(t.Provenance.Notes, what)
	switch a.Type {
	case "FeatureTable[RelativeFrequency]":
		t.Unit = analysis.UnitFraction
	case "FeatureTable[Frequency]":
		t.Unit = analysis.UnitCounts
		if !t.Integer() {
			t.Unit = guessUnit(t.Columns)
		}
	}
	return t, nil
}

// A TaxonomyEntry is one row of a QIIME 2 taxonomy: a feature's taxon
// string, its confidence, and the taxon parsed by ranks.
type TaxonomyEntry struct {
	Taxon      string   // as written, e.g. "d__Bacteria; p__Firmicutes; …"
	Confidence float64  // NaN when the file has no Confidence column or an empty cell
	Lineage    []string // names per rank (analysis.Ranks), prefixes removed
	Unassigned bool     // the taxon names no domain ("Unassigned" …)
}

// ReadQIIME2Taxonomy reads a QIIME 2 taxonomy: a FeatureData[Taxonomy]
// artifact (.qza) or its data/taxonomy.tsv (also gzip-compressed). The
// header names the columns — an id column (Feature ID, Feature-ID,
// FeatureID, #OTUID, OTU ID, id …), Taxon (or Taxonomy) and an optional
// Confidence — and a "#q2:types" line may follow it. It returns Feature ID
// → entry.
func ReadQIIME2Taxonomy(data []byte) (map[string]TaxonomyEntry, error) {
	if bytes.HasPrefix(data, gzipMagic) {
		plain, err := gunzip(data)
		if err != nil {
			return nil, err
		}
		data = plain
	}
	if bytes.HasPrefix(data, zipMagic) {
		a, err := OpenQIIME2(data)
		if err != nil {
			return nil, err
		}
		if a.Type != "FeatureData[Taxonomy]" {
			return nil, &ParseError{Format: qiime2Name, Field: a.UUID + "/metadata.yaml", Err: fmt.Errorf("type %s is not FeatureData[Taxonomy]", a.Type)}
		}
		if data, err = a.readFile(qiime2TaxPath, MaxInputBytes); err != nil {
			return nil, err
		}
	}
	return readTaxonomyTSV(data)
}

// qzaIDHeaders are the id column names QIIME 2 metadata accepts
// (lower case), plus the biom-convert spellings.
var qzaIDHeaders = map[string]bool{
	"id": true, "sampleid": true, "sample id": true, "sample-id": true, "featureid": true,
	"feature id": true, "feature-id": true, "#sampleid": true, "#otuid": true, "#otu id": true,
	"otu id": true, "otuid": true, "sample_name": true,
}

func readTaxonomyTSV(data []byte) (map[string]TaxonomyEntry, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	out := map[string]TaxonomyEntry{}
	taxCol, confCol := -1, -1
	header := false
	for lineNo := 1; len(data) > 0; lineNo++ {
		var line []byte
		line, data, _ = bytes.Cut(data, []byte("\n"))
		s := strings.TrimRight(string(line), "\r")
		if strings.TrimSpace(s) == "" {
			continue
		}
		fields := strings.Split(s, "\t")
		if !header {
			first := strings.ToLower(strings.TrimSpace(fields[0]))
			if strings.HasPrefix(first, "#") && !qzaIDHeaders[first] {
				continue // a comment before the header
			}
			if !qzaIDHeaders[first] {
				return nil, errorf(qiime2TaxonomyName, lineNo, 1, "expected a header starting with Feature ID, found %q", fields[0])
			}
			for i, f := range fields[1:] {
				switch strings.ToLower(strings.TrimSpace(f)) {
				case "taxon", "taxonomy":
					if taxCol < 0 {
						taxCol = i + 1
					}
				case "confidence", "consensus":
					if confCol < 0 {
						confCol = i + 1
					}
				}
			}
			if taxCol < 0 {
				return nil, errorf(qiime2TaxonomyName, lineNo, 0, "no Taxon column in the header")
			}
			header = true
			continue
		}
		if strings.HasPrefix(s, "#") {
			continue // #q2:types and comments
		}
		id := strings.TrimSpace(fields[0])
		if taxCol >= len(fields) {
			return nil, errorf(qiime2TaxonomyName, lineNo, len(fields), "expected a Taxon in column %d, found %d columns", taxCol+1, len(fields))
		}
		if _, dup := out[id]; dup {
			return nil, errorf(qiime2TaxonomyName, lineNo, 1, "duplicate feature id %q", id)
		}
		e := TaxonomyEntry{Taxon: strings.TrimSpace(fields[taxCol]), Confidence: math.NaN()}
		if confCol >= 0 && confCol < len(fields) {
			if c := strings.TrimSpace(fields[confCol]); c != "" {
				v, err := strconv.ParseFloat(c, 64)
				if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
					return nil, errorf(qiime2TaxonomyName, lineNo, confCol+1, "expected a confidence, found %q", c)
				}
				e.Confidence = v
			}
		}
		e.Lineage, e.Unassigned = taxonomy.Parse(e.Taxon)
		out[id] = e
	}
	if !header {
		return nil, errorf(qiime2TaxonomyName, 1, 0, "no header line: not a QIIME 2 taxonomy")
	}
	return out, nil
}
