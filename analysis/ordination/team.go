package ordination

import (
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

// team runs the blocks of many short parallel loops (one per Lanczos
// step, a few hundred microseconds each) on goroutines that stay between
// the loops: a goroutine started or woken for each loop (parallel) takes
// tens of microseconds to get a core, by which time the caller has done
// most of the blocks itself — at n = 1000 the second core then took only
// a small share of the matrix–vector products. A team's members wait for
// the next loop by spinning for up to teamSpin, then sleep until woken.
// The zero team is not usable: see newTeam. A nil *team runs loops on the
// calling goroutine alone.
type team struct {
	job      atomic.Pointer[teamJob]
	stop     atomic.Bool
	mu       sync.Mutex
	wake     *sync.Cond
	sleepers atomic.Int32 // members waiting on wake (changed with mu held)
	members  sync.WaitGroup
}

// teamJob is one loop: blocks 0 … nb-1 of f. Each loop has its own, so a
// member still finishing one loop never takes a block of the next.
type teamJob struct {
	f    func(b int)
	nb   int64
	next atomic.Int64 // the next block not taken
	left atomic.Int64 // the blocks not finished
}

// teamSpin is how long a member spins for the next loop before it sleeps:
// longer than the work between two products in lanczos (a Ritz check
// takes about a millisecond at n = 1000), short enough that an idle team
// leaves the core soon. (n = 1000, two cores: 45 → 31 ms for the PCoA;
// with a goroutine started for each product, as before, the second core
// got a small share of them.)
const teamSpin = 2 * time.Millisecond

// newTeam returns a team of runtime.GOMAXPROCS(0)-1 members beside the
// caller, or nil on one core (and under WebAssembly). Close it when done.
func newTeam() *team {
	w := runtime.GOMAXPROCS(0) - 1
	if w < 1 {
		return nil
	}
	t := &team{}
	t.wake = sync.NewCond(&t.mu)
	for range w {
		t.members.Go(t.member)
	}
	return t
}

// close stops the members and waits for them to return.
func (t *team) close() {
	if t == nil {
		return
	}
	t.stop.Store(true)
	t.mu.Lock()
	t.wake.Broadcast()
	t.mu.Unlock()
	t.members.Wait()
}

// run calls f(0), …, f(nb-1), each once, on the caller and the members,
// and returns when all have returned. Which goroutine runs a block
// depends on timing, so f must not depend on it.
func (t *team) run(nb int, f func(b int)) {
	if t == nil || nb <= 1 {
		for b := range nb {
			f(b)
		}
		return
	}
	j := &teamJob{f: f, nb: int64(nb)}
	j.left.Store(int64(nb))
	t.job.Store(j)
	if t.sleepers.Load() > 0 {
		t.mu.Lock()
		t.wake.Broadcast()
		t.mu.Unlock()
	}
	j.work()
	for i := 0; j.left.Load() > 0; i++ {
		if i%64 == 63 { // a member holds a block: let others run
			runtime.Gosched()
		}
	}
}

// work runs blocks of j until none is left to take.
func (j *teamJob) work() {
	for {
		b := j.next.Add(1) - 1
		if b >= j.nb {
			return
		}
		j.f(int(b))
		j.left.Add(-1)
	}
}

// member is the loop of a team member: wait for a job, help with it,
// until the team stops.
func (t *team) member() {
	var last *teamJob
	for {
		j := t.waitJob(last)
		if j == nil {
			return
		}
		j.work()
		last = j
	}
}

// waitJob returns the job after last, or nil when the team stops:
// spinning for teamSpin, then sleeping until run or close wakes it.
func (t *team) waitJob(last *teamJob) *teamJob {
	start := time.Now()
	for i := 0; ; i++ {
		if t.stop.Load() {
			return nil
		}
		if j := t.job.Load(); j != last {
			return j
		}
		if i%256 == 255 {
			if time.Since(start) > teamSpin {
				break
			}
		}
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	t.sleepers.Add(1)
	defer t.sleepers.Add(-1)
	for {
		if t.stop.Load() {
			return nil
		}
		if j := t.job.Load(); j != last {
			return j
		}
		t.wake.Wait()
	}
}
