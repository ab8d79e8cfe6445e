package format

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// maxBinarySeed caps binary seeds below maxFuzzInput: the fuzzer minimizes
// every new input (quadratic in its length, see fuzz_test.go), and mutants
// of 100 KiB files kept the workers minimizing for the whole run.
const maxBinarySeed = 64 << 10

// addHDF5Seeds adds the files matching patterns (testdata/hdf5 and, when
// present, the shared corpus) up to maxBinarySeed bytes.
func addHDF5Seeds(f *testing.F, patterns ...string) {
	f.Helper()
	n := 0
	for _, p := range patterns {
		paths, _ := filepath.Glob(p)
		for _, path := range paths {
			if fi, err := os.Stat(path); err != nil || fi.IsDir() || fi.Size() > maxBinarySeed {
				continue
			}
			data, err := os.ReadFile(path)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(data)
			n++
		}
	}
	if n == 0 {
		f.Fatalf("no seeds for %q", patterns)
	}
}

// fuzzDecode decodes data, failing on a hang, on a table that breaks the
// invariants, and on a panic (recovered into a ParseError at the HDF5
// boundary, so that the fuzzer reports the library's panics too).
func fuzzDecode(t *testing.T, data []byte, name string) {
	if len(data) > maxFuzzInput {
		return
	}
	done := make(chan struct{})
	var err error
	go func() {
		defer close(done)
		tab, format, e := Decode(bytes.NewReader(data), Options{Name: name})
		err = e
		if e == nil {
			if format == "" || tab.Provenance.Format != format {
				t.Errorf("Decode format %q, Provenance.Format %q", format, tab.Provenance.Format)
			}
			checkFuzzTable(t, tab)
		} else if tab != nil {
			t.Errorf("Decode = non-nil table and error %v", e)
		}
	}()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		t.Fatalf("Decode(%d bytes) did not return within 20 s", len(data))
	}
	var p *hdf5Panic
	if errors.As(err, &p) {
		t.Fatalf("panic while reading: %v\n%s", p.value, p.stack)
	}
}

func FuzzBIOMHDF5(f *testing.F) {
	addHDF5Seeds(f, hdf5Dir+"/*.biom", filepath.Join(sharedDir, "corpus", "biom-hdf5", "*"))
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzDecode(t, data, "fuzz.biom")
	})
}
