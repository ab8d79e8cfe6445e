package format

import (
	"bytes"
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"testing"

	"github.com/gutlens/gutlens/analysis"
)

// countingReaderAt counts the reads the HDF5 library makes and the reads
// that reach past the end of the file.
type countingReaderAt struct {
	r           *bytes.Reader
	reads, past int
	bytes       int64
}

func (c *countingReaderAt) ReadAt(p []byte, off int64) (int, error) {
	c.reads++
	c.bytes += int64(len(p))
	if off < 0 || off+int64(len(p)) > c.r.Size() {
		c.past++
	}
	return c.r.ReadAt(p, off)
}

// failingReaderAt fails every read.
type failingReaderAt struct{}

func (failingReaderAt) ReadAt([]byte, int64) (int, error) { return 0, errors.New("no bytes here") }

// Every BIOM 2.x file of the shared corpus, read through an io.ReaderAt
// over its bytes, matches biom-format's reading (expected.json), with the
// temporary directory pointed at a directory that does not exist: the
// bytes reach the HDF5 library through ReadAt calls only, and no file is
// written (the temporary-file opener this replaced failed here).
func TestBIOMHDF5FromMemory(t *testing.T) {
	t.Setenv("TMPDIR", filepath.Join(t.TempDir(), "missing"))
	eachHDF5Corpus(t, func(t *testing.T, name string, data []byte, want hdf5File) {
		r := &countingReaderAt{r: bytes.NewReader(data)}
		tab, err := readHDF5At(r, int64(len(data)))
		if err != nil {
			t.Fatalf("readHDF5At(%q) error: %v", name, err)
		}
		checkHDF5Expected(t, name, tab, want)
		if r.reads == 0 || r.bytes == 0 {
			t.Errorf("readHDF5At(%q): %d reads of %d bytes through the io.ReaderAt, want some", name, r.reads, r.bytes)
		}
		if r.past != 0 {
			t.Errorf("readHDF5At(%q): %d of %d reads reach past the %d-byte file", name, r.past, r.reads, len(data))
		}
		if _, err := readHDF5At(failingReaderAt{}, int64(len(data))); err == nil {
			t.Errorf("readHDF5At(failing reader, %d) = nil error: the table came from somewhere else", len(data))
		}
	})
}

// decodeAllocs decodes data and returns the error and the bytes allocated.
func decodeAllocs(data []byte, name string) (*analysis.Table, error, uint64) {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	tab, _, err := Decode(bytes.NewReader(data), Options{Name: name})
	runtime.ReadMemStats(&after)
	return tab, err, after.TotalAlloc - before.TotalAlloc
}

// maxMutantAlloc bounds what decoding a broken copy of a 10–40 KB test
// file may allocate; decoding the intact files allocates about 1 MiB.
const maxMutantAlloc = 16 << 20

func sameTable(a, b *analysis.Table) bool {
	return reflect.DeepEqual(a.Samples, b.Samples) && reflect.DeepEqual(a.Features, b.Features) && reflect.DeepEqual(a.Columns, b.Columns)
}

// A file cut short, anywhere, gives a *ParseError, or the whole table
// when the bytes cut off were not needed (free space at the end); never a
// panic, a hang or a large allocation.
func TestBIOMHDF5Truncated(t *testing.T) {
	step := 16
	if testing.Short() || runtime.GOARCH == "wasm" {
		step = 64
	}
	for _, name := range []string{"tiny.biom", "small.biom", "cycle-v2.biom", "rich_sparse_otu_table_hdf5_group_metadata.biom"} {
		data, err := os.ReadFile(filepath.Join(hdf5Dir, name))
		if err != nil {
			t.Fatal(err)
		}
		whole, _, err := Decode(bytes.NewReader(data), Options{Name: name})
		if err != nil {
			t.Fatalf("Decode(%q) error: %v", name, err)
		}
		errs := 0
		for n := 0; n < len(data); n += step {
			tab, err, alloc := decodeAllocs(data[:n], name)
			var pe *ParseError
			switch {
			case err == nil && !sameTable(tab, whole):
				t.Errorf("Decode(%q cut to %d bytes) = a table that differs from the whole file's", name, n)
			case err != nil && !errors.As(err, &pe):
				t.Errorf("Decode(%q cut to %d bytes) = %v (%T), want a *ParseError", name, n, err, err)
			case err != nil:
				errs++
			}
			if alloc > maxMutantAlloc {
				t.Errorf("Decode(%q cut to %d bytes) allocated %d bytes, want at most %d", name, n, alloc, maxMutantAlloc)
			}
		}
		if errs == 0 {
			t.Errorf("Decode(%q) cut anywhere never failed", name)
		}
	}
}

// mutant returns a copy of testdata/hdf5/name with the 8-byte
// little-endian field at each offset set to its value.
func mutant(t *testing.T, name string, fields map[int]uint64) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(hdf5Dir, name))
	if err != nil {
		t.Fatal(err)
	}
	for off, v := range fields {
		binary.LittleEndian.PutUint64(data[off:], v)
	}
	return data
}

// index returns the offset of the first s in data at or after from, and
// fails the test when there is none (the test file has changed).
func index(t *testing.T, data []byte, s string, from int) int {
	t.Helper()
	i := bytes.Index(data[from:], []byte(s))
	if i < 0 {
		t.Fatalf("%q not found after byte %d: the test file has changed", s, from)
	}
	return from + i
}

// Files made to refer to themselves. scigolib/hdf5 v0.14.1 loads every
// group when it opens a file and followed each of these references for
// ever: without the patched copy's cycle guards (analysis/third_party/hdf5
// PATCHES.md), the first one overflows the stack, which kills the process
// (recover cannot catch it), and the others loop without end.
func TestBIOMHDF5SelfReference(t *testing.T) {
	small, err := os.ReadFile(filepath.Join(hdf5Dir, "small.biom"))
	if err != nil {
		t.Fatal(err)
	}
	tiny, err := os.ReadFile(filepath.Join(hdf5Dir, "tiny.biom"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		make func(t *testing.T) []byte
	}{
		{
			// small.biom (newest object headers, links as link messages):
			// the link observation/ids points to observation itself.
			"group linked into itself", func(t *testing.T) []byte {
				i := index(t, small, "\x0bobservation", 0) + 12 // the link's object address
				obs := binary.LittleEndian.Uint64(small[i:])
				j := index(t, small, "\x03ids", int(obs)) + 4
				return mutant(t, "small.biom", map[int]uint64{j: obs})
			},
		},
		{
			// tiny.biom (version 1 object headers): the first object-header
			// continuation message is made to point to itself, a 24-byte
			// block holding just that message.
			"object header continuation to itself", func(t *testing.T) []byte {
				i := index(t, tiny, "\x10\x00\x10\x00", 0) // type 0x10, 16 bytes of data
				return mutant(t, "tiny.biom", map[int]uint64{i + 8: uint64(i), i + 16: 24})
			},
		},
		{
			// small.biom: the first message of the OCHK continuation block
			// (a 22-byte link info message) becomes a continuation message
			// pointing back to that block.
			"OCHK continuation to itself", func(t *testing.T) []byte {
				i := index(t, small, "\x10\x10\x00\x00", 0) + 4 // the first continuation's address
				ochk := int(binary.LittleEndian.Uint64(small[i:]))
				if string(small[ochk:ochk+4]) != "OCHK" || small[ochk+4] != 2 || small[ochk+5] != 18 {
					t.Fatalf("no link info message at the start of the OCHK block at %d: the test file has changed", ochk)
				}
				data := mutant(t, "small.biom", map[int]uint64{ochk + 8: uint64(ochk), ochk + 16: binary.LittleEndian.Uint64(small[i+8:])})
				data[ochk+4] = 0x10 // continuation, same size (18 ≥ 16 bytes)
				return data
			},
		},
		{
			// tiny.biom: every leaf of a 1-D chunked dataset's B-tree is
			// made a level-1 node whose first child is itself.
			"chunk B-tree node pointing to itself", func(t *testing.T) []byte {
				const leaf = "TREE\x01\x00\x01\x00" // chunk tree, level 0, one entry
				fields := map[int]uint64{}
				for off := 0; ; {
					i := bytes.Index(tiny[off:], []byte(leaf))
					if i < 0 {
						break
					}
					i += off
					off = i + 1
					// A 24-byte header, then a 24-byte key (size, filter
					// mask, two offsets for a 1-D dataset) and the child's
					// address; a 2-D dataset's key is 8 bytes longer.
					if c := binary.LittleEndian.Uint64(tiny[i+48:]); c != 0 && c < uint64(len(tiny)) {
						fields[i+48] = uint64(i)
					}
				}
				if len(fields) == 0 {
					t.Fatal("no chunk B-tree leaf found: the test file has changed")
				}
				data := mutant(t, "tiny.biom", fields)
				for i := range fields {
					data[i-48+5] = 1 // level
				}
				return data
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := tt.make(t)
			_, err, alloc := decodeAllocs(data, "self.biom")
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Errorf("Decode = %v (%T), want a *ParseError", err, err)
			}
			var p *hdf5Panic
			if errors.As(err, &p) {
				t.Errorf("Decode panicked: %v\n%s", p.value, p.stack)
			}
			if alloc > maxMutantAlloc {
				t.Errorf("Decode allocated %d bytes, want at most %d", alloc, maxMutantAlloc)
			}
		})
	}
}
