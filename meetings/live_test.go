package meetings

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"bbbportal/bbb"
	"bbbportal/bbb/bbbsim"
)

// countingBBB is the real client, counting the getMeetings calls it sends.
type countingBBB struct {
	BBB
	calls atomic.Int32
}

func (c *countingBBB) GetMeetings(ctx context.Context) ([]bbb.Meeting, error) {
	c.calls.Add(1)
	return c.BBB.GetMeetings(ctx)
}

// TestLivePagesShareOneCallWhileBBBIsSlow: pages that ask for the live list at the same time
// while BBB is slow or failing share one getMeetings call instead of queueing one call each
// (with a 10 s timeout per call, the tenth page would wait 100 s).
func TestLivePagesShareOneCallWhileBBBIsSlow(t *testing.T) {
	e := newEnv(t, bbbsim.Options{}, Config{})
	server := &countingBBB{BBB: e.client}
	cache := newLiveCache(server, e.clock.Now, 5*time.Second)
	e.sim.SetFault("getMeetings", bbbsim.Fault{Latency: 300 * time.Millisecond, Status: 500})

	const pages = 8
	var (
		ready, done sync.WaitGroup
		start       = make(chan struct{})
		problems    = make([]string, pages)
	)
	for i := range pages {
		ready.Add(1)
		done.Add(1)
		go func() {
			defer done.Done()
			ready.Done()
			<-start
			problems[i] = cache.Get(bg).Problem
		}()
	}
	ready.Wait()
	close(start)
	done.Wait()
	if n := server.calls.Load(); n != 1 {
		t.Errorf("%d pages asking at once sent %d getMeetings calls, want 1", pages, n)
	}
	for i, p := range problems {
		if p != ProblemHTTP {
			t.Errorf("page %d: problem %q, want %q", i, p, ProblemHTTP)
		}
	}
}
