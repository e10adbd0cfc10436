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
	t.Parallel()
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

// TestLiveSnapshotMemoLastsOneAnswer: what a page derives from a snapshot is built once per
// answer of getMeetings, kept over failed builds, and built again for the next answer.
func TestLiveSnapshotMemoLastsOneAnswer(t *testing.T) {
	t.Parallel()
	e := newEnv(t, bbbsim.Options{}, Config{})
	cache := newLiveCache(e.client, e.clock.Now, 5*time.Second)
	for i := range 20 {
		id := "memo-" + string(rune('a'+i))
		if _, err := e.client.Create(bg, bbb.CreateParams{Name: "Memo " + id, MeetingID: id}); err != nil {
			t.Fatal(err)
		}
	}
	builds := 0
	build := func() (any, error) { builds++; return builds, nil }
	first := cache.Get(bg)
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if v, err := cache.Get(bg).Memo("k", build); err != nil || v != 1 {
				t.Errorf("memo %v, %v", v, err)
			}
		}()
	}
	wg.Wait()
	if builds != 1 {
		t.Errorf("%d builds for one answer", builds)
	}
	if _, err := first.Memo("failing", func() (any, error) { return nil, context.Canceled }); err == nil {
		t.Error("a failed build reports no error")
	}
	if v, _ := first.Memo("failing", func() (any, error) { return "again", nil }); v != "again" {
		t.Errorf("a failed build was kept: %v", v)
	}
	if m, ok := first.Find("memo-q"); !ok || m.Name != "Memo memo-q" {
		t.Errorf("find: %+v %v", m, ok)
	}
	if _, ok := first.Find("nope"); ok {
		t.Error("found a meeting that is not there")
	}
	cache.Refresh()
	if v, _ := cache.Get(bg).Memo("k", build); v != 2 {
		t.Errorf("the next answer reuses the last one's memo: %v", v)
	}
	cache.Get(bg).Find("memo-a") // index the snapshot Forget changes
	cache.Forget("memo-a")
	cache.mu.Lock()
	kept := cache.last
	cache.mu.Unlock()
	if _, ok := kept.Find("memo-a"); ok {
		t.Error("a forgotten meeting is still found")
	}
	if _, ok := kept.Find("memo-b"); !ok {
		t.Error("the other meetings are lost after a Forget")
	}
}
