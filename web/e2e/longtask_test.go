//go:build e2e

package e2e

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// longTaskObserver records every long task (a main-thread task over 50 ms,
// the Long Tasks API's own threshold) from the first script on.
const longTaskObserver = `window.gutlensLongTasks = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) window.gutlensLongTasks.push({start: e.startTime, duration: e.duration, name: e.name});
}).observe({type: "longtask", buffered: true});`

// TestLongTask analyses the largest table of the shared corpus (HMP v35,
// 5,452 samples × 5,430 features) and asserts that the page has no long
// task over 50 ms from choosing the file until the report is shown: the
// analysis runs in the engine's Web Worker, the page receives a summary
// and one page of samples, decodes each answer in a task of its own, and
// builds the report a few elements per frame (app/actions.go).
func TestLongTask(t *testing.T) {
	big := filepath.Join(root(t), "..", "shared", "corpus", "biom-json", "HMPv35_100nt_even1k.json.biom.gz")
	if !fileExists(big) {
		t.Skipf("skipping: the corpus table %s is not present", big)
	}
	type longTask struct {
		Start, Duration float64
		Name            string
	}
	// measure opens the page in a new browser, analyses the table and
	// returns the long tasks from choosing the file to the report shown.
	measure := func(attempt int) (*browser, []longTask) {
		b := newBrowser(t)
		b.addScript(longTaskObserver)
		b.open("/")
		// Let the start-up settle (wasm compile of app.wasm is one long task
		// by itself, before the user can do anything), and warm the engine.
		time.Sleep(500 * time.Millisecond)
		before := b.eval(`window.gutlensLongTasks.length`).(float64)
		t.Logf("run %d: long tasks during start-up (not asserted): %v", attempt, b.eval(`JSON.stringify(window.gutlensLongTasks)`))

		t0 := b.eval(`performance.now()`).(float64)
		wall := time.Now()
		b.upload(big)
		if st := b.finish(); st != "done" {
			t.Fatalf("HMP: status %s: %v", st, b.eval(jsStatusText))
		}
		t1 := b.eval(`performance.now()`).(float64)
		// One more frame, so a long render after the last state change counts.
		b.eval(`new Promise(r => requestAnimationFrame(() => setTimeout(r, 100)))`)
		engineMS := b.eval(`document.querySelector('[data-detail="engine-ms"]').textContent`)
		t.Logf("run %d: HMP v35 (5,452 samples × 5,430 features, 1.2 MB gzip): file chosen to report shown in %.0f ms (wall %v); engine: %v",
			attempt, t1-t0, time.Since(wall).Round(time.Millisecond), engineMS)
		tasks := evalJS[[]longTask](b.chrome, fmt.Sprintf(`window.gutlensLongTasks.slice(%d)`, int(before)))
		worst := 0.0
		for k := range tasks {
			tasks[k].Start -= t0
			worst = max(worst, tasks[k].Duration)
			t.Logf("run %d: long task at +%.0f ms: %.0f ms (%s)", attempt, tasks[k].Start, tasks[k].Duration, tasks[k].Name)
		}
		t.Logf("run %d: long tasks during the analysis: %d, longest %.0f ms", attempt, len(tasks), worst)
		return b, tasks
	}
	// The target is no task over 50 ms (issue 6): the Long Tasks API
	// reports only tasks over 50 ms, so every entry misses it. On a loaded
	// 2-core machine the page's thread is sometimes descheduled inside a
	// short task (a 72 ms task with 0.6 ms of CPU was traced), so a run
	// with long tasks is repeated once in a new browser: a regression shows
	// in both runs, a scheduling accident in one.
	b, tasks := measure(1)
	if len(tasks) > 0 {
		t.Logf("run 1 missed the target; repeating once")
		b, tasks = measure(2)
	}
	for _, lt := range tasks {
		t.Errorf("the page had a %.0f ms long task %.0f ms after the file was chosen, in both runs (target: none over 50 ms)", lt.Duration, lt.Start)
	}

	// Memory. measureUserAgentSpecificMemory needs cross-origin isolation
	// (COOP + COEP), which the site does not have (no COEP); so report the
	// page's JS heap and the engine worker's wasm memory read over CDP.
	isolated := b.eval(`self.crossOriginIsolated === true`).(bool)
	if isolated {
		t.Logf("performance.measureUserAgentSpecificMemory: %v", b.eval(`performance.measureUserAgentSpecificMemory().then(m => m.bytes)`))
	} else {
		t.Logf("the page is not cross-origin isolated, so performance.measureUserAgentSpecificMemory is unavailable")
	}
	t.Logf("page JS heap (performance.memory, main thread only): used %.1f MiB, total %.1f MiB",
		b.eval(`performance.memory.usedJSHeapSize`).(float64)/(1<<20), b.eval(`performance.memory.totalJSHeapSize`).(float64)/(1<<20))
	b.logWorkerMemory()
}

// logWorkerMemory reads the engine worker's memory over CDP: the size of
// the Go program's linear memory (wasm memory only grows, so this is its
// peak) and the worker's JS heap.
func (b *browser) logWorkerMemory() {
	t := b.t
	infos, err := chromedp.Targets(b.ctx)
	if err != nil {
		t.Logf("engine memory: cannot list targets: %v", err)
		return
	}
	for _, info := range infos {
		if info.Type != "worker" || filepath.Base(info.URL) != "engine-worker.js" {
			continue
		}
		wctx, cancel := chromedp.NewContext(b.ctx, chromedp.WithTargetID(info.TargetID))
		defer cancel()
		wasm, err := chromedp.Run(wctx, chromedp.Evaluate[float64](`go.mem.buffer.byteLength`))
		if err != nil {
			t.Logf("engine memory: %v", err)
			return
		}
		heap, err := chromedp.Call(wctx, runtime.GetHeapUsage, cdp.Empty{})
		if err != nil {
			t.Logf("engine memory: wasm linear memory %.1f MiB (peak); JS heap unknown: %v", wasm/(1<<20), err)
			return
		}
		used, total := heap.UsedSize, heap.TotalSize
		t.Logf("engine worker memory: wasm linear memory %.1f MiB (its peak: it never shrinks), worker JS heap used %.1f MiB of %.1f MiB",
			wasm/(1<<20), used/(1<<20), total/(1<<20))
		return
	}
	t.Logf("engine memory: no engine worker target found among %d targets", len(infos))
}
