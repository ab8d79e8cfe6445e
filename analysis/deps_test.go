package analysis

import (
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// The import policy of the analysis core (after go/build/deps_test.go): it
// runs in the browser and natively, so it may import only the standard
// library (less the browser, network and process parts), gonum, pure-Go
// format libraries, and itself. Every package is checked, so the rule holds
// for the whole tree; the third-party libraries allowed are pure Go (and
// golang.org/x/sys/cpu, the Go project's CPU feature detection, which the
// native assembly kernels of analysis/ordination need; it builds for every
// target, WebAssembly included).
var (
	allowedThirdParty = []string{"gonum.org/v1/gonum/", "github.com/scigolib/hdf5", "golang.org/x/sys/cpu"}
	// The browser package's path is spelled in two pieces so that a plain
	// text search for browser imports in analysis/ finds only real ones.
	deniedStd = []string{"syscall" + "/js", "net", "net/", "os/exec", "os/signal", "plugin", "unsafe", "runtime/cgo", "C"}
	self      = "github.com/gutlens/gutlens/analysis"
)

func allowed(path, file string) (bool, string) {
	isCmd := strings.Contains(filepath.ToSlash(file), "/cmd/")
	for _, d := range deniedStd {
		if path == d || (strings.HasSuffix(d, "/") && strings.HasPrefix(path, d)) {
			return false, "the browser/network/process part of the standard library"
		}
	}
	if path == "os" && !isCmd && !strings.HasSuffix(file, "_test.go") {
		return false, "file-system access outside a command (readers take io.Reader)"
	}
	first := strings.SplitN(path, "/", 2)[0]
	if !strings.Contains(first, ".") {
		return true, ""
	}
	if path == self || strings.HasPrefix(path, self+"/") {
		return true, ""
	}
	for _, p := range allowedThirdParty {
		if strings.HasPrefix(path+"/", p) || path == strings.TrimSuffix(p, "/") {
			return true, ""
		}
	}
	return false, "a library outside the allow-list (standard library, gonum, pure-Go format readers)"
}

func TestImportPolicy(t *testing.T) {
	n := 0
	err := filepath.WalkDir(".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.IsDir() && d.Name() == "third_party" {
			// Patched copies of libraries the core may use (each its own
			// module, see its PATCHES.md), checked like any dependency: not
			// by this policy.
			return fs.SkipDir
		}
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".go") {
			return err
		}
		f, err := parser.ParseFile(token.NewFileSet(), p, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		for _, imp := range f.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			n++
			if ok, why := allowed(path, "analysis/"+p); !ok {
				t.Errorf("analysis/%s imports %q: %s", p, path, why)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n == 0 {
		t.Fatal("no imports found: the walk read no files")
	}
}

func TestImportPolicyRejects(t *testing.T) {
	for _, c := range []struct{ path, file string }{
		{"syscall" + "/js", "analysis/x.go"},
		{"net/http", "analysis/report/x.go"},
		{"github.com/maxence-charriere/go-app" + "/v10/pkg/app", "analysis/x.go"},
		{"os", "analysis/format/x.go"},
	} {
		if ok, _ := allowed(c.path, c.file); ok {
			t.Errorf("allowed(%q, %q) = true, want false", c.path, c.file)
		}
	}
	if ok, why := allowed("gonum.org/v1/gonum/mat", "analysis/ordination/pcoa.go"); !ok {
		t.Errorf("gonum refused: %s", why)
	}
}
