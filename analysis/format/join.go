package format

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"

	"github.com/gutlens/gutlens/analysis"
)

// Several files dropped together: a feature table and the taxonomy table
// that names its features (QIIME 2 table + taxonomy.tsv, DADA2 counts +
// taxa, mothur .shared + .cons.taxonomy, phyloseq otu_table + tax_table),
// and several tables of one format merged into one (a MetaPhlAn, Kraken or
// Bracken profile per sample, as merge_metaphlan_tables.py and
// combine_kreports.py would merge them).

// An Input is one file given to DecodeFiles.
type Input struct {
	Name string // the file's name, for messages only
	Data []byte
}

// DecodeFiles reads one table from several files. With one input it is
// Decode. Otherwise the inputs are abundance tables and at most one
// taxonomy table (TaxonomyOnlyError's kinds). Several abundance tables are
// merged (mergeTables: one format, one unit, their samples side by side,
// their features matched by id). The lineage of each feature is taken from
// the taxonomy table by feature id. Features without taxonomy and taxonomy
// rows without a feature are counted in Provenance notes, as is the
// SHA-256 of every file; a taxonomy that names none of the features is an
// error. It returns the table and the format name of the abundance tables.
// A QIIME 2 FeatureData[Taxonomy] artifact (.qza) is accepted as the
// taxonomy table. One more input may be the features' tree (Newick text
// or a QIIME 2 Phylogeny artifact): it becomes Table.Tree.
func DecodeFiles(inputs []Input) (*analysis.Table, string, error) {
	return decodeFiles(inputs, nil)
}

// DecodeFilesAs is DecodeFiles with the abundance table read as r says
// (DecodeAs); it needs exactly one abundance table.
func DecodeFilesAs(inputs []Input, r Reading) (*analysis.Table, string, error) {
	return decodeFiles(inputs, &r)
}

func decodeFiles(inputs []Input, how *Reading) (*analysis.Table, string, error) {
	decode := func(in Input) (*analysis.Table, string, error) {
		if how != nil {
			return DecodeAs(in.Data, *how, Options{Name: in.Name})
		}
		return DecodeBytes(in.Data, Options{Name: in.Name})
	}
	switch len(inputs) {
	case 0:
		return nil, "", &ParseError{Format: "input", Err: errors.New("no files")}
	case 1:
		return decode(inputs[0])
	}
	var tables, taxa, trees []int
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
		switch {
		case isTreeInput(p):
			trees = append(trees, i)
		case matchTaxTable(p) || isTaxonomyArtifact(p):
			taxa = append(taxa, i)
		default:
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
	case len(tables) == 0 && len(taxa) == 0:
		return nil, "", &UnsupportedError{Format: "multi-file", What: "only trees (" + names(trees) + "); add the feature table whose features they relate"}
	case len(tables) == 0:
		return nil, "", &UnsupportedError{Format: "multi-file", What: "only taxonomy tables (" + names(taxa) + "); add the feature table they describe"}
	case len(trees) > 1:
		return nil, "", &UnsupportedError{Format: "multi-file", What: "several trees (" + names(trees) + ") for one feature table"}
	case len(taxa) > 1:
		return nil, "", &UnsupportedError{Format: "multi-file", What: "several taxonomy tables (" + names(taxa) + ") for one feature table"}
	case len(tables) > 1 && how != nil:
		return nil, "", &UnsupportedError{Format: "multi-file", What: "choosing how to read several abundance tables (" + names(tables) + ") at once; drop them one by one"}
	}
	var t *analysis.Table
	var name string
	if len(tables) == 1 {
		var err error
		if t, name, err = decode(inputs[tables[0]]); err != nil {
			return nil, name, err
		}
	} else {
		parts := make([]*analysis.Table, len(tables))
		partNames := make([]string, len(tables))
		for k, i := range tables {
			var err error
			if parts[k], name, err = decode(inputs[i]); err != nil {
				return nil, name, err
			}
			partNames[k] = name
		}
		var err error
		if t, name, err = mergeTables(parts, partNames, inputs, tables); err != nil {
			return nil, name, err
		}
	}
	files := tables
	if len(taxa) == 1 {
		xi := taxa[0]
		var tt *taxTable
		var err error
		if isTaxonomyArtifact(plain[xi]) {
			tt, err = readTaxonomyArtifact(plain[xi])
		} else {
			tt, err = readTaxTable(plain[xi])
		}
		if err != nil {
			return nil, name, withFile(err, inputs[xi].Name)
		}
		if err := attachTaxonomy(t, tt, names(tables), inputs[xi].Name); err != nil {
			return nil, name, err
		}
		if len(tables) > 1 {
			files = nil // mergeTables noted the tables' sums
		}
		files = append(files, xi)
		role := "taxonomy (" + tt.Title + ")"
		for _, i := range files {
			r := "feature table"
			if i == xi {
				r = role
			}
			sum := sha256.Sum256(inputs[i].Data)
			t.Provenance.Notes = append(t.Provenance.Notes, fmt.Sprintf("file %q, %s: sha256 %s", inputs[i].Name, r, hex.EncodeToString(sum[:])))
		}
	}
	if len(trees) == 1 {
		i := trees[0]
		tree, err := readTreeInput(plain[i])
		if err != nil {
			return nil, name, withFile(err, inputs[i].Name)
		}
		if t.Tree != "" {
			t.Provenance.Notes = append(t.Provenance.Notes, fmt.Sprintf("the tree in %q replaces the one the table's file carries", inputs[i].Name))
		}
		t.Tree = tree
		sum := sha256.Sum256(inputs[i].Data)
		t.Provenance.Notes = append(t.Provenance.Notes, fmt.Sprintf("file %q, tree of the features (Newick) for UniFrac and Faith's PD: sha256 %s", inputs[i].Name, hex.EncodeToString(sum[:])))
	}
	if err := t.Check(); err != nil {
		return nil, name, err
	}
	return t, name, nil
}

// isTreeInput reports whether a file is a phylogenetic tree: Newick text
// ("(…);") or a QIIME 2 Phylogeny[Rooted|Unrooted] artifact.
func isTreeInput(p []byte) bool {
	if bytes.HasPrefix(p, zipMagic) {
		a, err := OpenQIIME2(p)
		return err == nil && strings.HasPrefix(a.Type, "Phylogeny[")
	}
	s := bytes.TrimSpace(p)
	return isText(p) && bytes.HasPrefix(s, []byte("(")) && bytes.HasSuffix(s, []byte(";"))
}

// readTreeInput returns the Newick text of a tree file; the tree itself is
// parsed (and matched to the features) where it is used.
func readTreeInput(p []byte) (string, error) {
	if !bytes.HasPrefix(p, zipMagic) {
		return string(bytes.TrimSpace(p)), nil
	}
	a, err := OpenQIIME2(p)
	if err != nil {
		return "", err
	}
	b, err := a.readFile("data/tree.nwk", MaxInputBytes)
	if err != nil {
		return "", err
	}
	return string(bytes.TrimSpace(b)), nil
}

// maxMergeNotes bounds the provenance notes a merge copies from its parts.
const maxMergeNotes = 40

// mergeTables puts the samples of several tables side by side. The tables
// must be of one format and one unit: a merge of different profilers or of
// counts with percentages would compare unlike numbers. Features are
// matched by id (MetaPhlAn clades, Kraken names, OTU ids …) and keep the
// first table's lineage; a sample name used by an earlier table gets its
// file name added. Every file's SHA-256 is noted, and Provenance.SHA256 is
// the SHA-256 of those sums joined in order.
func mergeTables(parts []*analysis.Table, formats []string, inputs []Input, idx []int) (*analysis.Table, string, error) {
	first := parts[0]
	for k, p := range parts[1:] {
		k++
		if formats[k] != formats[0] {
			return nil, formats[0], &UnsupportedError{Format: "multi-file", What: fmt.Sprintf(
				"merging tables of different formats (%q is %s, %q is %s): profiles from different tools or databases are not comparable; analyse them one by one",
				inputs[idx[0]].Name, Title(formats[0]), inputs[idx[k]].Name, Title(formats[k]))}
		}
		if p.Unit != first.Unit {
			return nil, formats[0], &UnsupportedError{Format: "multi-file", What: fmt.Sprintf(
				"merging tables in different units (%q holds %s, %q holds %s)", inputs[idx[0]].Name, first.Unit, inputs[idx[k]].Name, p.Unit)}
		}
	}
	t := &analysis.Table{Unit: first.Unit, UnclassifiedKnown: true}
	t.Provenance = analysis.Provenance{Format: first.Provenance.Format, Version: first.Provenance.Version, Tool: first.Provenance.Tool}
	featureIdx := map[string]int{}
	sampleSeen := map[string]bool{}
	type cell struct {
		feature int
		value   float64
	}
	var columns [][]cell
	var unclassified []float64
	anyUnclassified := false
	var sums []string
	var notes []string
	renamed := 0
	versions := map[string]bool{}
	for k, p := range parts {
		file := inputs[idx[k]].Name
		if p.Provenance.Version != t.Provenance.Version {
			t.Provenance.Version = "" // said per file below
		}
		if p.Provenance.Tool != t.Provenance.Tool {
			t.Provenance.Tool = ""
		}
		sum := sha256.Sum256(inputs[idx[k]].Data)
		sums = append(sums, hex.EncodeToString(sum[:]))
		what := strings.TrimSpace(p.Provenance.Tool + " " + p.Provenance.Version)
		if what != "" {
			what = ", " + what
		}
		notes = append(notes, fmt.Sprintf("file %q: %d samples × %d features%s, sha256 %s", file, len(p.Samples), len(p.Features), what, sums[k]))
		versions[strings.TrimSpace(p.Provenance.Tool+" "+p.Provenance.Version)] = true
		for _, n := range p.Provenance.Notes {
			if len(notes) < maxMergeNotes {
				notes = append(notes, file+": "+n)
			}
		}
		local := make([]int, len(p.Features))
		for i, f := range p.Features {
			j, ok := featureIdx[f.ID]
			if !ok {
				j = len(t.Features)
				featureIdx[f.ID] = j
				f.Lineage = slices.Clone(f.Lineage)
				t.Features = append(t.Features, f)
			} else if t.Features[j].Lineage == nil && f.Lineage != nil {
				t.Features[j].Lineage, t.Features[j].Taxonomy = slices.Clone(f.Lineage), f.Taxonomy
			}
			local[i] = j
		}
		t.UnclassifiedKnown = t.UnclassifiedKnown && p.UnclassifiedKnown
		for s, name := range p.Samples {
			if sampleSeen[name] {
				name = fmt.Sprintf("%s (%s)", name, file)
				for n := 2; sampleSeen[name]; n++ {
					name = fmt.Sprintf("%s (%s, %d)", p.Samples[s], file, n)
				}
				renamed++
			}
			sampleSeen[name] = true
			t.Samples = append(t.Samples, name)
			c := p.Columns[s]
			col := make([]cell, len(c.Index))
			for j, i := range c.Index {
				col[j] = cell{local[i], c.Value[j]}
			}
			slices.SortFunc(col, func(a, b cell) int { return a.feature - b.feature })
			columns = append(columns, col)
			u := 0.0
			if s < len(p.Unclassified) {
				u = p.Unclassified[s]
				anyUnclassified = true
			}
			unclassified = append(unclassified, u)
		}
	}
	b := newBuilder(len(t.Samples))
	for s, col := range columns {
		for _, c := range col {
			b.add(c.feature, s, c.value)
		}
	}
	t.Columns = b.cols
	if anyUnclassified {
		t.Unclassified = unclassified
	}
	joined := sha256.Sum256([]byte(strings.Join(sums, "\n")))
	t.Provenance.SHA256 = hex.EncodeToString(joined[:])
	t.Provenance.Notes = append([]string{fmt.Sprintf(
		"%d %s tables merged: %d samples side by side, features matched by id (%d in all); the input SHA-256 is that of the files' SHA-256 sums, one per line in this order",
		len(parts), Title(formats[0]), len(t.Samples), len(t.Features))}, notes...)
	if n := len(parts) + countNotes(parts) - (len(notes)); n > 0 {
		t.Provenance.Notes = append(t.Provenance.Notes, fmt.Sprintf("%d more notes of the merged files left out", n))
	}
	if len(versions) > 1 {
		vs := slices.Sorted(maps.Keys(versions))
		t.Provenance.Notes = append(t.Provenance.Notes, fmt.Sprintf(
			"the files come from different tool or database versions (%s): names and sensitivity can differ between them, so compare their samples with care", strings.Join(vs, "; ")))
	}
	if renamed > 0 {
		t.Provenance.Notes = append(t.Provenance.Notes, fmt.Sprintf("%d samples named as in an earlier file got their file name added", renamed))
	}
	if !t.UnclassifiedKnown && anyUnclassified {
		t.Provenance.Notes = append(t.Provenance.Notes, "some of the merged files do not say how much was unclassified")
	}
	return t, formats[0], nil
}

func countNotes(parts []*analysis.Table) int {
	n := 0
	for _, p := range parts {
		n += len(p.Provenance.Notes)
	}
	return n
}

// IsTaxonomy reports whether a file (gzip or not) is a taxonomy table or a
// QIIME 2 FeatureData[Taxonomy] artifact: what DecodeFiles joins to a
// feature table rather than reads as one.
func IsTaxonomy(data []byte) bool {
	p, err := ungzipAll(data)
	return err == nil && (matchTaxTable(p) || isTaxonomyArtifact(p))
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
