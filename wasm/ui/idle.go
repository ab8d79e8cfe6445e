//go:build js && wasm

package main

import (
	"runtime"
	"syscall/js"
	"time"
)

// Collection while the page is idle. Go's collector runs on the page's one
// thread and ends in the task it started in: marking the live heap,
// sweeping the garbage and releasing the JavaScript values it held. Left
// to the runtime (at GOGC=400), a collection comes after some 12 MiB of
// garbage and took 60–110 ms of one task with research mode open on the
// largest corpus table (HMP); started every idleGarbage bytes in a long
// idle period of the browser, it took under 25 ms there (traced in
// TestResearchHMP's steps). The runtime still collects on its own if the
// page allocates faster than it idles.
const (
	idleCheck   = 250 * time.Millisecond // how often the allocations are read
	idleGarbage = 2 << 20                // bytes allocated since the last collection that start one
	idleNeed    = 30                     // ms of an idle period a collection waits for
)

func collectWhenIdle() {
	var m runtime.MemStats
	read := func() (allocs uint64, cycles uint32) {
		runtime.ReadMemStats(&m)
		return m.TotalAlloc, m.NumGC
	}
	base, cycles := read()
	for {
		time.Sleep(idleCheck)
		allocs, n := read()
		if n != cycles { // the runtime collected: count from its collection
			base, cycles = allocs, n
			continue
		}
		if allocs-base < idleGarbage {
			continue
		}
		waitIdle()
		runtime.GC()
		base, cycles = read()
	}
}

// waitIdle returns in an idle period of the browser with at least idleNeed
// left (requestIdleCallback; where there is none, in a task of its own).
// The browser ends an idle period at its next timer, and the Go runtime's
// timers (go-app's frames, a progressive build's next step) are such
// timers: a collection in a long idle period does not run into them. What
// Go has ready to run when the collection ends runs in the same task.
func waitIdle() {
	done := make(chan struct{})
	ric := js.Global().Get("requestIdleCallback")
	var f js.Func
	f = js.FuncOf(func(this js.Value, args []js.Value) any {
		if len(args) > 0 && args[0].Call("timeRemaining").Float() < idleNeed {
			ric.Invoke(f) // too short: the next one
			return nil
		}
		f.Release()
		close(done)
		return nil
	})
	if ric.Type() == js.TypeFunction {
		ric.Invoke(f)
	} else {
		js.Global().Call("setTimeout", f, 0)
	}
	<-done
}
