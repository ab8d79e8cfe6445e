package format

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"

	"github.com/gutlens/gutlens/analysis"
	"github.com/gutlens/gutlens/analysis/taxonomy"
	"github.com/scigolib/hdf5"
)

// BIOM 2.0 and 2.1 (HDF5), as specified in biom-format's biom-2.1.rst and
// biom-2.0.rst: root attributes shape = [features, samples] and nnz; the
// matrix stored twice, CSR in observation/matrix and CSC in sample/matrix
// ({data float64, indices int32, indptr int32}); ids in observation/ids and
// sample/ids; taxonomy in observation/metadata/taxonomy (2.1, an N × ranks
// array of strings) or in a JSON string per feature (2.0).
//
// The HDF5 container is read from memory with github.com/scigolib/hdf5
// v0.14.1, patched to open an io.ReaderAt (analysis/third_party/hdf5).

const biomHDF5Name = "biom-hdf5"

// formatBIOMHDF5 describes the reader in the shape of the Formats list.
// Decode reaches it from its HDF5 magic-byte branch.
var formatBIOMHDF5 = Format{biomHDF5Name, "BIOM 2.x (HDF5)", matchBIOMHDF5, readBIOMHDF5}

func matchBIOMHDF5(data []byte) bool { return bytes.HasPrefix(data, hdf5Magic) }

// Limits on what an HDF5 file may declare, checked before the library
// allocates: maxHDF5Elements bounds any one dataset, and a dataset may not
// hold more than hdf5Expansion elements per byte of input (deflate's
// ratio is below 1032:1).
const (
	maxHDF5Elements = 1 << 26
	hdf5Expansion   = 1100
	maxTaxonomyRank = 64
)

// readBIOMHDF5 reads a BIOM 2.x table from memory: the heaps are checked
// against the bytes, then the HDF5 library reads them through a
// bytes.Reader.
func readBIOMHDF5(data []byte, o Options) (*analysis.Table, error) {
	if err := checkHeaps(data); err != nil {
		return nil, err
	}
	return readHDF5At(bytes.NewReader(data), int64(len(data)))
}

// readHDF5At reads a BIOM 2.x table from the size bytes of r; every read
// of the HDF5 library is an r.ReadAt call. Panics inside the library are
// turned into ParseErrors: the bytes come from the user.
func readHDF5At(ra io.ReaderAt, size int64) (t *analysis.Table, err error) {
	defer func() {
		if r := recover(); r != nil {
			t, err = nil, &ParseError{Format: biomHDF5Name, Err: &hdf5Panic{r, debug.Stack()}}
		}
	}()
	f, err := hdf5.OpenReaderAt(ra, size)
	if err != nil {
		return nil, &ParseError{Format: biomHDF5Name, Err: fmt.Errorf("not a readable HDF5 file: %w", err)}
	}
	defer f.Close()
	r := &h5reader{root: f.Root(), limit: size * hdf5Expansion}
	return r.table()
}

// checkHeaps refuses heaps that claim to extend past the end of the file.
// scigolib/hdf5 v0.14.1 allocates a heap's declared size before reading
// it, so a 40 KB file declaring a 3 GiB heap kills a wasm program with a
// fatal out-of-memory error, which recover cannot catch:
//
//   - global heap collections, where variable-length strings live
//     ("GCOL", version 1, size; internal/core/globalheap.go). The library
//     reads only collections with that signature and version, so scanning
//     for them covers every collection it can read;
//   - local heaps, which hold old-style group member names ("HEAP",
//     version 0, data segment size; internal/structures/localheap.go). The
//     library does not check the version; the scan requires version 0 (as
//     every writer writes it), so that compressed data containing "HEAP"
//     by chance is rarely refused, but a crafted heap with another version
//     byte still reaches the library's allocation.
func checkHeaps(data []byte) error {
	if len(data) < 16 {
		return nil // the library refuses it
	}
	offsetSize, lengthSize := int(data[13]), int(data[14]) // superblock versions 0 and 1
	if data[8] >= 2 {
		offsetSize, lengthSize = int(data[9]), int(data[10])
	}
	for _, h := range []struct {
		sig  string
		size int // bytes of the size field, after 8 bytes of signature, version and reserved
	}{{"GCOL\x01", offsetSize}, {"HEAP\x00", lengthSize}} {
		if h.size != 2 && h.size != 4 && h.size != 8 {
			continue // the library refuses it
		}
		for pos := 0; ; pos++ {
			i := bytes.Index(data[pos:], []byte(h.sig))
			if i < 0 || pos+i+8+h.size > len(data) {
				break
			}
			pos += i
			var size uint64
			for k := h.size - 1; k >= 0; k-- {
				size = size<<8 | uint64(data[pos+8+k])
			}
			if size > uint64(len(data)) {
				return &ParseError{Format: biomHDF5Name, Field: fmt.Sprintf("%s heap at byte %d", map[bool]string{true: "global", false: "local"}[h.sig[0] == 'G'], pos),
					Err: fmt.Errorf("declares %d bytes, more than the %d-byte file holds", size, len(data))}
			}
		}
	}
	return nil
}

// hdf5Panic is a panic recovered while reading an HDF5 file: the file is
// corrupt in a way the library (or this reader) did not check.
type hdf5Panic struct {
	value any
	stack []byte
}

func (p *hdf5Panic) Error() string {
	return fmt.Sprintf("corrupt HDF5 file (the HDF5 reader failed: %v)", p.value)
}

type h5reader struct {
	root  *hdf5.Group
	limit int64 // most elements a dataset may declare
}

func h5err(field string, msg string, args ...any) *ParseError {
	return &ParseError{Format: biomHDF5Name, Field: field, Err: fmt.Errorf(msg, args...)}
}

// find returns the object at a slash-separated path below the root, or nil.
func (r *h5reader) find(path string) hdf5.Object {
	var o hdf5.Object = r.root
	for _, part := range strings.Split(path, "/") {
		g, ok := o.(*hdf5.Group)
		if !ok {
			return nil
		}
		o = nil
		for _, c := range g.Children() {
			if c.Name() == part {
				o = c
				break
			}
		}
		if o == nil {
			return nil
		}
	}
	return o
}

func (r *h5reader) dataset(path string) (*hdf5.Dataset, error) {
	d, ok := r.find(path).(*hdf5.Dataset)
	if !ok {
		return nil, h5err(path, "missing dataset: not a BIOM 2.x table")
	}
	return d, nil
}

// h5info is what Dataset.Info reports: the datatype class and the
// dataspace dimensions.
type h5info struct {
	class string // "float", "integer", "string", "class_9" (variable length) …
	dims  []int64
}

var (
	infoClass = regexp.MustCompile(`^Dataset: (\S+)`)
	infoDims  = regexp.MustCompile(`, (\d+)D array \[([\d x]*)\]`)
)

// info reads a dataset's class and dimensions, refusing sizes beyond the
// limits before any data is read. The library exposes them only as text.
func (r *h5reader) info(d *hdf5.Dataset, path string) (h5info, error) {
	s, err := d.Info()
	if err != nil {
		return h5info{}, h5err(path, "unreadable dataset header: %v", err)
	}
	var in h5info
	if m := infoClass.FindStringSubmatch(s); m != nil {
		in.class = m[1]
	}
	switch m := infoDims.FindStringSubmatch(s); {
	case m != nil:
		n := int64(1)
		for _, f := range strings.FieldsFunc(m[2], func(c rune) bool { return c == ' ' || c == 'x' }) {
			v, err := strconv.ParseInt(f, 10, 64)
			if err != nil || v < 0 {
				return in, h5err(path, "unreadable dimension %q", f)
			}
			if v > 0 && n > math.MaxInt64/v {
				n = math.MaxInt64
			} else {
				n *= v
			}
			in.dims = append(in.dims, v)
		}
		if len(in.dims) == 0 {
			return in, h5err(path, "dataset without dimensions")
		}
		if n > maxHDF5Elements || n > r.limit {
			return in, fmt.Errorf("%w: %s declares %v elements", ErrTooLarge, path, in.dims)
		}
	case strings.Contains(s, "scalar"):
		in.dims = []int64{}
	default:
		return in, h5err(path, "unexpected dataspace (%s)", s)
	}
	return in, nil
}

func (in h5info) len() int64 {
	n := int64(1)
	for _, d := range in.dims {
		n *= d
	}
	return n
}

// numbers reads a 1-D numeric dataset of n elements.
func (r *h5reader) numbers(path string, n int64) ([]float64, error) {
	d, err := r.dataset(path)
	if err != nil {
		return nil, err
	}
	in, err := r.info(d, path)
	if err != nil {
		return nil, err
	}
	if len(in.dims) != 1 || in.dims[0] != n {
		return nil, h5err(path, "expected %d values, the dataset holds %v", n, in.dims)
	}
	if in.class != "float" && in.class != "integer" {
		return nil, h5err(path, "expected numbers, found HDF5 class %s", in.class)
	}
	if n == 0 {
		return nil, nil
	}
	v, err := d.Read()
	if err != nil {
		return nil, h5err(path, "unreadable: %v", err)
	}
	if int64(len(v)) != n {
		return nil, h5err(path, "expected %d values, read %d", n, len(v))
	}
	return v, nil
}

// strs reads a string dataset (variable or fixed length), returning the
// strings in row-major order and the dataset's dimensions. A numeric
// dataset of length 0 is an empty list (biom-format writes empty id lists
// as float64).
func (r *h5reader) strs(path string) ([]string, []int64, error) {
	d, err := r.dataset(path)
	if err != nil {
		return nil, nil, err
	}
	in, err := r.info(d, path)
	if err != nil {
		return nil, nil, err
	}
	n := in.len()
	if n == 0 {
		return []string{}, in.dims, nil
	}
	var out []string
	switch in.class {
	case "class_9": // variable length
		b, err := d.ReadVLenBytes()
		if err != nil {
			return nil, nil, h5err(path, "unreadable strings: %v", err)
		}
		out = make([]string, len(b))
		for i, s := range b {
			out[i] = string(s)
		}
	case "string":
		out, err = d.ReadStrings()
		if err != nil {
			return nil, nil, h5err(path, "unreadable strings: %v", err)
		}
	default:
		return nil, nil, h5err(path, "expected strings, found HDF5 class %s", in.class)
	}
	if int64(len(out)) != n {
		return nil, nil, h5err(path, "expected %d strings, read %d", n, len(out))
	}
	return out, in.dims, nil
}

// ids reads observation/ids or sample/ids, which must hold n entries.
func (r *h5reader) ids(path string, n int64) ([]string, error) {
	ids, dims, err := r.strs(path)
	if err != nil {
		return nil, err
	}
	if len(dims) != 1 || int64(len(ids)) != n {
		return nil, h5err(path, "expected %d ids to match the shape attribute, found %v", n, dims)
	}
	return ids, nil
}

// rootAttrs reads the root attributes biom-format writes.
func (r *h5reader) rootAttrs() (map[string]any, error) {
	attrs, err := r.root.Attributes()
	if err != nil {
		return nil, h5err("/", "unreadable root attributes: %v", err)
	}
	out := make(map[string]any, len(attrs))
	for _, a := range attrs {
		if a == nil || a.Dataspace == nil || a.Dataspace.TotalElements() > 64 {
			continue // biom's attributes are all small
		}
		v, err := a.ReadValue()
		if err != nil {
			continue
		}
		out[a.Name] = v
	}
	return out, nil
}

// ints converts an attribute value to integers.
func ints(v any) ([]int64, bool) {
	switch x := v.(type) {
	case int64:
		return []int64{x}, true
	case int32:
		return []int64{int64(x)}, true
	case []int64:
		return x, true
	case []int32:
		out := make([]int64, len(x))
		for i, e := range x {
			out[i] = int64(e)
		}
		return out, true
	case uint64:
		if x <= math.MaxInt64 {
			return []int64{int64(x)}, true
		}
	case []uint64:
		out := make([]int64, len(x))
		for i, e := range x {
			if e > math.MaxInt64 {
				return nil, false
			}
			out[i] = int64(e)
		}
		return out, true
	case float64:
		if x == math.Trunc(x) && math.Abs(x) < 1<<53 {
			return []int64{int64(x)}, true
		}
	case []float64:
		out := make([]int64, len(x))
		for i, e := range x {
			if e != math.Trunc(e) || math.Abs(e) >= 1<<53 {
				return nil, false
			}
			out[i] = int64(e)
		}
		return out, true
	}
	return nil, false
}

func (r *h5reader) table() (*analysis.Table, error) {
	attrs, err := r.rootAttrs()
	if err != nil {
		return nil, err
	}
	shape, ok := ints(attrs["shape"])
	if !ok || len(shape) != 2 || shape[0] < 0 || shape[1] < 0 {
		return nil, h5err("shape", "expected the root attribute shape = [features, samples], found %v", attrs["shape"])
	}
	nf, ns := shape[0], shape[1]
	if nf > maxHDF5Elements || ns > maxHDF5Elements || nf > r.limit || ns > r.limit {
		return nil, h5err("shape", "declares %d×%d, more than this %d-byte file can hold", nf, ns, r.limit/hdf5Expansion)
	}
	t := &analysis.Table{Unit: analysis.UnitCounts}
	if v, ok := ints(attrs["format-version"]); ok && len(v) > 0 {
		s := make([]string, len(v))
		for i, x := range v {
			s[i] = strconv.FormatInt(x, 10)
		}
		t.Provenance.Version = strings.Join(s, ".")
	}
	if s, ok := attrs["generated-by"].(string); ok {
		t.Provenance.Tool = s
	}
	if t.Samples, err = r.ids("sample/ids", ns); err != nil {
		return nil, err
	}
	seen := make(map[string]bool, len(t.Samples))
	for i, id := range t.Samples {
		if seen[id] {
			return nil, h5err("sample/ids", "duplicate sample id %q at %d", id, i)
		}
		seen[id] = true
	}
	fids, err := r.ids("observation/ids", nf)
	if err != nil {
		return nil, err
	}
	t.Features = make([]analysis.Feature, nf)
	for i, id := range fids {
		t.Features[i].ID = id
	}
	if err := r.taxonomy(t.Features); err != nil {
		return nil, err
	}
	if err := r.tree(t); err != nil {
		return nil, err
	}
	nnz := int64(-1)
	if v, ok := ints(attrs["nnz"]); ok && len(v) == 1 {
		nnz = v[0]
	}
	if t.Columns, err = r.matrix(nf, ns, nnz); err != nil {
		return nil, err
	}
	if !t.Integer() {
		t.Unit = guessUnit(t.Columns)
	}
	for i := range t.Features {
		t.UnclassifiedKnown = t.UnclassifiedKnown || t.Features[i].Lineage != nil
	}
	return t, nil
}

// maxTreeBytes bounds the Newick tree a file may carry (a tree of a
// million tips is about 30 MB).
const maxTreeBytes = 64 << 20

// tree reads the features' Newick tree from observation/group-metadata
// (BIOM 2.1: a one-element string dataset whose data_type attribute is
// "newick", named "tree" or "phylogeny" by biom-format's writers).
func (r *h5reader) tree(t *analysis.Table) error {
	g, ok := r.find("observation/group-metadata").(*hdf5.Group)
	if !ok {
		return nil
	}
	for _, c := range g.Children() {
		d, ok := c.(*hdf5.Dataset)
		if !ok {
			continue
		}
		path := "observation/group-metadata/" + d.Name()
		kind, err := d.ReadAttribute("data_type")
		if err != nil {
			continue // not typed: not a tree biom-format would read either
		}
		if k, _ := kind.(string); !strings.EqualFold(strings.TrimSpace(k), "newick") {
			t.Provenance.Notes = append(t.Provenance.Notes, fmt.Sprintf("%s (data_type %v) is not a Newick tree: not used", path, kind))
			continue
		}
		v, _, err := r.strs(path)
		if err != nil {
			return err
		}
		if len(v) != 1 || strings.TrimSpace(v[0]) == "" || len(v[0]) > maxTreeBytes {
			return h5err(path, "expected one Newick string of at most %d MiB", maxTreeBytes>>20)
		}
		if t.Tree != "" {
			t.Provenance.Notes = append(t.Provenance.Notes, fmt.Sprintf("%s: a second tree, not used", path))
			continue
		}
		t.Tree = v[0]
		t.Provenance.Notes = append(t.Provenance.Notes, fmt.Sprintf("the file carries a Newick tree of its features (%s): UniFrac and Faith's PD use it", path))
	}
	return nil
}

// matrix reads the sample-major (CSC) view sample/matrix, or transposes
// the feature-major (CSR) view observation/matrix when the file lacks it.
func (r *h5reader) matrix(nf, ns, nnz int64) ([]analysis.Vector, error) {
	if _, ok := r.find("sample/matrix").(*hdf5.Group); ok {
		return r.csc("sample/matrix", ns, nf, nnz)
	}
	if _, ok := r.find("observation/matrix").(*hdf5.Group); ok {
		rows, err := r.csc("observation/matrix", nf, ns, nnz)
		if err != nil {
			return nil, err
		}
		return transpose(rows, int(ns)), nil
	}
	return nil, h5err("sample/matrix", "missing group: not a BIOM 2.x table")
}

// csc reads a compressed sparse group of n vectors over m positions:
// vector i holds data[indptr[i]:indptr[i+1]] at indices[…]. Every index
// and pointer is checked; explicit zeros are dropped and repeated indices
// summed (as scipy does).
func (r *h5reader) csc(group string, n, m, nnz int64) ([]analysis.Vector, error) {
	pathData, pathIdx, pathPtr := group+"/data", group+"/indices", group+"/indptr"
	d, err := r.dataset(pathData)
	if err != nil {
		return nil, err
	}
	in, err := r.info(d, pathData)
	if err != nil {
		return nil, err
	}
	if len(in.dims) != 1 {
		return nil, h5err(pathData, "expected a 1-D dataset, found %v", in.dims)
	}
	if nnz >= 0 && in.dims[0] != nnz {
		return nil, h5err(pathData, "holds %d values but the nnz attribute says %d", in.dims[0], nnz)
	}
	nnz = in.dims[0]
	if n > 0 && m > 0 && nnz > n*m || (n == 0 || m == 0) && nnz > 0 {
		return nil, h5err(pathData, "%d values do not fit a %d×%d table", nnz, n, m)
	}
	ptr, err := r.numbers(pathPtr, n+1)
	if err != nil {
		return nil, err
	}
	if n+1 > 0 && len(ptr) > 0 && ptr[0] != 0 {
		return nil, h5err(pathPtr, "expected indptr[0] = 0, found %v", ptr[0])
	}
	for i := int64(1); i <= n; i++ {
		if p := ptr[i]; p < ptr[i-1] || p > float64(nnz) || p != math.Trunc(p) {
			return nil, h5err(pathPtr, "indptr[%d] = %v is outside the %d values or decreasing", i, p, nnz)
		}
	}
	if n > 0 && ptr[n] != float64(nnz) {
		return nil, h5err(pathPtr, "indptr ends at %v, expected nnz = %d", ptr[n], nnz)
	}
	idx, err := r.numbers(pathIdx, nnz)
	if err != nil {
		return nil, err
	}
	val, err := r.numbers(pathData, nnz)
	if err != nil {
		return nil, err
	}
	vecs := make([]analysis.Vector, n)
	for i := range vecs {
		lo, hi := int(ptr[i]), int(ptr[i+1])
		k := 0
		for j := lo; j < hi; j++ {
			if x := idx[j]; x < 0 || x >= float64(m) || x != math.Trunc(x) {
				return nil, h5err(pathIdx, "index %v at %d is outside 0…%d", x, j, m-1)
			}
			if v := val[j]; !(v >= 0) || v > maxValue {
				return nil, h5err(pathData, "expected a non-negative abundance at %d, found %v", j, v)
			}
			if val[j] != 0 {
				k++
			}
		}
		v := analysis.Vector{Index: make([]int, 0, k), Value: make([]float64, 0, k)}
		sorted := true
		for j := lo; j < hi; j++ {
			if val[j] == 0 {
				continue
			}
			x := int(idx[j])
			if l := len(v.Index); l > 0 && x <= v.Index[l-1] {
				sorted = false
			}
			v.Index = append(v.Index, x)
			v.Value = append(v.Value, val[j])
		}
		if !sorted {
			v = sortVector(v)
		}
		vecs[i] = v
	}
	return vecs, nil
}

// sortVector orders a vector's entries by index and sums repeated indices.
func sortVector(v analysis.Vector) analysis.Vector {
	order := make([]int, len(v.Index))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return v.Index[a] - v.Index[b] })
	out := analysis.Vector{Index: make([]int, 0, len(order)), Value: make([]float64, 0, len(order))}
	for _, k := range order {
		if l := len(out.Index); l > 0 && out.Index[l-1] == v.Index[k] {
			out.Value[l-1] += v.Value[k]
			continue
		}
		out.Index = append(out.Index, v.Index[k])
		out.Value = append(out.Value, v.Value[k])
	}
	return out
}

// transpose turns feature rows into sample columns.
func transpose(rows []analysis.Vector, ns int) []analysis.Vector {
	count := make([]int, ns)
	for _, r := range rows {
		for _, j := range r.Index {
			count[j]++
		}
	}
	cols := make([]analysis.Vector, ns)
	for j := range cols {
		cols[j] = analysis.Vector{Index: make([]int, 0, count[j]), Value: make([]float64, 0, count[j])}
	}
	for i, r := range rows {
		for k, j := range r.Index {
			cols[j].Index = append(cols[j].Index, i)
			cols[j].Value = append(cols[j].Value, r.Value[k])
		}
	}
	return cols
}

// taxonomy fills the features' lineages from observation/metadata: BIOM
// 2.1's per-field datasets (taxonomy, Taxonomy or taxonomy_string; a 2-D
// array of rank names, or one string per feature) or BIOM 2.0's single
// dataset of one JSON object per feature.
func (r *h5reader) taxonomy(fs []analysis.Feature) error {
	switch r.find("observation/metadata").(type) {
	case *hdf5.Group:
		for _, key := range []string{"taxonomy", "Taxonomy", "taxonomy_string"} {
			if _, ok := r.find("observation/metadata/" + key).(*hdf5.Dataset); ok {
				return r.taxonomyStrings("observation/metadata/"+key, fs)
			}
		}
	case *hdf5.Dataset:
		return r.taxonomyJSON(fs)
	}
	return nil
}

func (r *h5reader) taxonomyStrings(path string, fs []analysis.Feature) error {
	s, dims, err := r.strs(path)
	if err != nil {
		return err
	}
	n := int64(len(fs))
	if len(s) == 0 {
		return nil
	}
	width := int64(1)
	switch {
	case len(dims) == 1 && dims[0] == n:
	case len(dims) == 2 && dims[0] == n && dims[1] <= maxTaxonomyRank:
		width = dims[1]
	default:
		return h5err(path, "expected %d rows of ranks, found %v", n, dims)
	}
	for i := range fs {
		parts := s[int64(i)*width : int64(i+1)*width]
		setLineage(&fs[i], parts)
	}
	return nil
}

// setLineage sets a feature's taxonomy from rank names or, when there is
// one part only, a lineage string. biom-format pads short lineages with
// empty strings to the width of the array; the padding is dropped.
func setLineage(f *analysis.Feature, parts []string) {
	for len(parts) > 1 && strings.TrimSpace(parts[len(parts)-1]) == "" {
		parts = parts[:len(parts)-1]
	}
	if len(parts) == 1 {
		f.Taxonomy = parts[0]
		f.Lineage, f.Unassigned = taxonomy.Parse(parts[0])
		return
	}
	f.Taxonomy = strings.Join(parts, "; ")
	f.Lineage, f.Unassigned = taxonomy.FromParts(parts)
}

func (r *h5reader) taxonomyJSON(fs []analysis.Feature) error {
	const path = "observation/metadata"
	s, dims, err := r.strs(path)
	if err != nil {
		return err
	}
	if len(s) == 0 {
		return nil
	}
	if len(dims) != 1 || dims[0] != int64(len(fs)) {
		return h5err(path, "expected one JSON object per feature (%d), found %v", len(fs), dims)
	}
	for i, js := range s {
		if js == "" || js == "null" {
			continue
		}
		var md map[string]json.RawMessage
		if err := json.Unmarshal([]byte(js), &md); err != nil {
			return &ParseError{Format: biomHDF5Name, Field: fmt.Sprintf("%s[%d]", path, i), Err: errors.New("expected a JSON object")}
		}
		f, err := biomFeature(biomEntry{ID: fs[i].ID, Metadata: md})
		if err != nil {
			return &ParseError{Format: biomHDF5Name, Field: fmt.Sprintf("%s[%d]", path, i), Err: err}
		}
		fs[i] = f
	}
	return nil
}
