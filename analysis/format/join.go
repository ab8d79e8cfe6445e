package format

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/gutlens/gutlens/analysis"
)

// Several files dropped together: a feature table and the taxonomy table
// that names its features (QIIME 2 table + taxonomy.tsv, DADA2 counts +
// taxa, mothur .shared + .cons.taxonomy, phyloseq otu_table + tax_table).

// An Input is one file given to DecodeFiles.
type Input struct {
	Name string // the file's name, for messages only
	Data []byte
}

// DecodeFiles reads one table from several files. With one input it is
// Decode. Otherwise exactly one input must be an abundance table and at
// most one a taxonomy table (TaxonomyOnlyError's kinds); the lineage of
// each feature is taken from the taxonomy table by feature id. Features
// without taxonomy and taxonomy rows without a feature are counted in
// Provenance notes, as is the SHA-256 of every file; a taxonomy that
// names none of the features is an error. It returns the table and the
// feature table's format name. A QIIME 2 FeatureData[Taxonomy] artifact
// (.qza) is accepted as the taxonomy table.
func DecodeFiles(inputs []Input) (*analysis.Table, string, error) {
	switch len(inputs) {
	case 0:
		return nil, "", &ParseError{Format: "input", Err: errors.New("no files")}
	case 1:
		return Decode(bytes.NewReader(inputs[0].Data), Options{Name: inputs[0].Name})
	}
	var tables, taxa []int
	plain := make([][]byte, len(inputs))
	for i, in := range inputs {
		if len(in.Data) > MaxInputBytes {
			return nil, "", withFile(fmt.Errorf("%w: more than %d MiB", ErrTooLarge, MaxInputBytes>>20), in.Name)
		}
		p, err := ungzipAll(in.Data)
		if err != nil {
			return nil, "", withFile(err, in.Name)
		}
		plain[i] = p
		if matchTaxTable(p) || isTaxonomyArtifact(p) {
			taxa = append(taxa, i)
		} else {
			tables = append(tables, i)
		}
	}
	names := func(idx []int) string {
		s := make([]string, len(idx))
		for k, i := range idx {
			s[k] = fmt.Sprintf("%q", inputs[i].Name)
		}
		return strings.Join(s, ", ")
	}
	switch {
	case len(tables) == 0:
		return nil, "", &UnsupportedError{Format: "multi-file", What: "only taxonomy tables (" + names(taxa) + "); add the feature table they describe"}
	case len(tables) > 1:
		return nil, "", &UnsupportedError{Format: "multi-file", What: "merging several abundance tables (" + names(tables) + "); drop one feature table, optionally with its taxonomy table"}
	case len(taxa) > 1:
		return nil, "", &UnsupportedError{Format: "multi-file", What: "several taxonomy tables (" + names(taxa) + ") for one feature table"}
	}
	ti, xi := tables[0], taxa[0]
	t, name, err := Decode(bytes.NewReader(inputs[ti].Data), Options{Name: inputs[ti].Name})
	if err != nil {
		return nil, name, err
	}
	var tt *taxTable
	if isTaxonomyArtifact(plain[xi]) {
		tt, err = readTaxonomyArtifact(plain[xi])
	} else {
		tt, err = readTaxTable(plain[xi])
	}
	if err != nil {
		return nil, name, withFile(err, inputs[xi].Name)
	}
	if err := attachTaxonomy(t, tt, inputs[ti].Name, inputs[xi].Name); err != nil {
		return nil, name, err
	}
	for _, i := range []int{ti, xi} {
		sum := sha256.Sum256(inputs[i].Data)
		role := "feature table"
		if i == xi {
			role = "taxonomy (" + tt.Title + ")"
		}
		t.Provenance.Notes = append(t.Provenance.Notes, fmt.Sprintf("file %q, %s: sha256 %s", inputs[i].Name, role, hex.EncodeToString(sum[:])))
	}
	if err := t.Check(); err != nil {
		return nil, name, err
	}
	return t, name, nil
}

// isTaxonomyArtifact reports whether data is a QIIME 2 FeatureData[Taxonomy]
// artifact (.qza), read with qiime2.go's OpenQIIME2.
func isTaxonomyArtifact(data []byte) bool {
	if !bytes.HasPrefix(data, zipMagic) {
		return false
	}
	a, err := OpenQIIME2(data)
	return err == nil && a.Type == "FeatureData[Taxonomy]"
}

// readTaxonomyArtifact reads the taxonomy of a FeatureData[Taxonomy]
// artifact (qiime2.go's ReadQIIME2Taxonomy), its entries sorted by id.
func readTaxonomyArtifact(data []byte) (*taxTable, error) {
	m, err := ReadQIIME2Taxonomy(data)
	if err != nil {
		return nil, err
	}
	tt := &taxTable{Format: qiime2TaxName, Title: "QIIME 2 FeatureData[Taxonomy] artifact (.qza)"}
	for id, e := range m {
		tt.Entries = append(tt.Entries, taxEntry{ID: id, Taxonomy: e.Taxon, Lineage: e.Lineage, Unassigned: e.Unassigned})
	}
	sort.Slice(tt.Entries, func(i, j int) bool { return tt.Entries[i].ID < tt.Entries[j].ID })
	return tt, nil
}

// ungzipAll removes gzip layers, as Decode does.
func ungzipAll(data []byte) ([]byte, error) {
	for layer := 0; bytes.HasPrefix(data, gzipMagic); layer++ {
		if layer >= maxGzipLayers {
			return nil, &ParseError{Format: "gzip", Err: fmt.Errorf("more than %d nested gzip layers", maxGzipLayers)}
		}
		var err error
		if data, err = gunzip(data); err != nil {
			return nil, err
		}
	}
	return data, nil
}

// attachTaxonomy sets the lineage of every feature found in tt.
func attachTaxonomy(t *analysis.Table, tt *taxTable, tableName, taxName string) error {
	byID := make(map[string]int, len(tt.Entries))
	for i, e := range tt.Entries {
		byID[e.ID] = i
	}
	used := make([]bool, len(tt.Entries))
	var missing []string
	replaced := 0
	for i := range t.Features {
		f := &t.Features[i]
		k, ok := byID[f.ID]
		if !ok {
			k, ok = byID[strings.TrimSpace(f.ID)]
		}
		if !ok {
			missing = append(missing, f.ID)
			continue
		}
		used[k] = true
		if f.Lineage != nil {
			replaced++
		}
		e := tt.Entries[k]
		f.Taxonomy, f.Lineage, f.Unassigned = e.Taxonomy, append([]string(nil), e.Lineage...), e.Unassigned
	}
	var extra []string
	for k, u := range used {
		if !u {
			extra = append(extra, tt.Entries[k].ID)
		}
	}
	found := len(t.Features) - len(missing)
	if found == 0 && len(t.Features) > 0 {
		return &ParseError{File: taxName, Format: tt.Format, Err: fmt.Errorf(
			"names none of the %d features of %q (its ids: %s; the table's: %s): not the taxonomy of this table",
			len(t.Features), tableName, listSome(joinEntryIDs(tt, 3)), listSome(joinFeatureIDs(t, 3)))}
	}
	t.Provenance.Notes = append(t.Provenance.Notes, fmt.Sprintf(
		"taxonomy from %q (%s): %d of %d features annotated", taxName, tt.Title, found, len(t.Features)))
	if len(missing) > 0 {
		t.Provenance.Notes = append(t.Provenance.Notes, fmt.Sprintf(
			"%d features have no row in the taxonomy table and keep no lineage: %s", len(missing), listSome(truncateAll(missing))))
	}
	if len(extra) > 0 {
		t.Provenance.Notes = append(t.Provenance.Notes, fmt.Sprintf(
			"%d taxonomy rows name no feature of the table (ignored): %s", len(extra), listSome(truncateAll(extra))))
	}
	if replaced > 0 {
		t.Provenance.Notes = append(t.Provenance.Notes, fmt.Sprintf(
			"the taxonomy table replaced the lineage the feature table gave for %d features", replaced))
	}
	t.UnclassifiedKnown = t.UnclassifiedKnown || len(missing) == 0
	return nil
}

func joinEntryIDs(tt *taxTable, n int) []string {
	var s []string
	for _, e := range tt.Entries[:min(n, len(tt.Entries))] {
		s = append(s, truncate(e.ID))
	}
	return s
}

func joinFeatureIDs(t *analysis.Table, n int) []string {
	var s []string
	for _, f := range t.Features[:min(n, len(t.Features))] {
		s = append(s, truncate(f.ID))
	}
	return s
}

func truncateAll(xs []string) []string {
	out := make([]string, 0, min(len(xs), 6))
	for _, x := range xs[:min(len(xs), 6)] {
		out = append(out, truncate(x))
	}
	return append(out, xs[min(len(xs), 6):]...)
}
