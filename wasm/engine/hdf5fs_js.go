//go:build js && wasm

package main

// hdf5FS serves HDF5 bytes to scigolib/hdf5 from memory in the browser.
//
// scigolib/hdf5 v0.14.1 opens files only by name (hdf5.Open → os.Open), and
// under js/wasm package os reaches the JavaScript object globalThis.fs,
// which wasm_exec.js stubs out in a browser. This hook wraps that object's
// open, fstat, read and close so that names under memPrefix are answered
// from Go byte slices; every other call goes to the original function. It
// installs itself as format.HDF5Opener.
//
// The callbacks are invoked synchronously, so a read never waits for the
// JavaScript event loop: decoding works inside a js.FuncOf handler (as
// analyseJS runs), where waiting for an asynchronous fs callback would
// deadlock. Each ReadAt is one Go → JS → Go round trip; scigolib/hdf5 makes
// a few hundred per BIOM file (881 for the 5,430 × 5,452 HMP table).
//
// main calls installHDF5FS first. This hook goes away once scigolib/hdf5
// can open an io.ReaderAt (it keeps an *os.File and only calls ReadAt and
// Close on it; an OpenReaderAt constructor is all that is missing).

import (
	"fmt"
	"strings"
	"sync"
	"syscall/js"

	"github.com/gutlens/gutlens/analysis/format"
)

const memPrefix = "/gutlens-mem/"

type memFS struct {
	mu     sync.Mutex
	files  map[string][]byte // name → bytes
	fds    map[int][]byte    // open descriptor → bytes
	next   int               // next name suffix
	nextFD int
}

var hdf5FS = &memFS{files: map[string][]byte{}, fds: map[int][]byte{}, nextFD: 1 << 20}

// installHDF5FS wraps globalThis.fs and sets format.HDF5Opener. Call it
// once, before the first Decode.
func installHDF5FS() {
	fs := js.Global().Get("fs")
	m := hdf5FS
	wrap := func(name string, mine func(args []js.Value) (bool, []any)) {
		orig := fs.Get(name)
		fs.Set(name, js.FuncOf(func(this js.Value, args []js.Value) any {
			if len(args) > 0 {
				if ok, res := mine(args); ok {
					args[len(args)-1].Invoke(res...) // the callback
					return nil
				}
			}
			if orig.Type() != js.TypeFunction {
				return nil
			}
			a := make([]any, len(args))
			for i, v := range args {
				a[i] = v
			}
			return orig.Call("apply", this, js.ValueOf(a))
		}))
	}
	wrap("open", func(args []js.Value) (bool, []any) {
		if args[0].Type() != js.TypeString || !strings.HasPrefix(args[0].String(), memPrefix) {
			return false, nil
		}
		m.mu.Lock()
		defer m.mu.Unlock()
		data, ok := m.files[args[0].String()]
		if !ok {
			return true, []any{enoent()}
		}
		fd := m.nextFD
		m.nextFD++
		m.fds[fd] = data
		return true, []any{js.Null(), fd}
	})
	wrap("fstat", func(args []js.Value) (bool, []any) {
		data, ok := m.fd(args[0])
		if !ok {
			return false, nil
		}
		st := js.ValueOf(map[string]any{
			"dev": 0, "ino": 0, "mode": 0o100444, "nlink": 1, "uid": 0, "gid": 0, "rdev": 0,
			"size": len(data), "blksize": 4096, "blocks": (len(data) + 511) / 512,
			"atimeMs": 0, "mtimeMs": 0, "ctimeMs": 0,
		})
		st.Set("isDirectory", isDirectory)
		return true, []any{js.Null(), st}
	})
	wrap("read", func(args []js.Value) (bool, []any) {
		data, ok := m.fd(args[0])
		if !ok {
			return false, nil
		}
		// read(fd, buffer, offset, length, position, callback); Go's
		// syscall.Pread always passes a position.
		buf, off, n := args[1], args[2].Int(), args[3].Int()
		pos := 0
		if p := args[4]; p.Type() == js.TypeNumber {
			pos = p.Int()
		}
		if pos >= len(data) || n <= 0 {
			return true, []any{js.Null(), 0}
		}
		n = copyToJS(buf, off, data[pos:min(pos+n, len(data))])
		return true, []any{js.Null(), n}
	})
	wrap("close", func(args []js.Value) (bool, []any) {
		if _, ok := m.fd(args[0]); !ok {
			return false, nil
		}
		m.mu.Lock()
		delete(m.fds, args[0].Int())
		m.mu.Unlock()
		return true, []any{js.Null()}
	})
	format.HDF5Opener = m.open
}

var isDirectory = js.FuncOf(func(js.Value, []js.Value) any { return false })

func enoent() js.Value {
	err := js.Global().Get("Error").New("no such file")
	err.Set("code", "ENOENT")
	return err
}

func copyToJS(buf js.Value, off int, b []byte) int {
	return js.CopyBytesToJS(buf.Call("subarray", off, off+len(b)), b)
}

func (m *memFS) fd(v js.Value) ([]byte, bool) {
	if v.Type() != js.TypeNumber {
		return nil, false
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	data, ok := m.fds[v.Int()]
	return data, ok
}

// open is format.HDF5Opener: it names the bytes under memPrefix.
func (m *memFS) open(data []byte) (string, func(), error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.next++
	name := fmt.Sprintf("%s%d.h5", memPrefix, m.next)
	m.files[name] = data
	return name, func() {
		m.mu.Lock()
		delete(m.files, name)
		m.mu.Unlock()
	}, nil
}
