package meetings

import (
	"context"
	"sync"
	"time"

	"bbbportal/bbb"
)

// LiveSnapshot is the last known list of meetings on the server.
type LiveSnapshot struct {
	Meetings  []bbb.Meeting
	FetchedAt time.Time // when Meetings was read; zero if never
	// Problem is set while the server cannot be read; DownSince is when that began.
	Problem   string
	DownSince time.Time
	// Unlisted: getMeetings does not list every meeting (a load balancer's setting), so
	// Meetings holds only the portal's own, asked one by one.
	Unlisted bool

	memo *snapshotMemo // what pages derive from this answer, built once
}

// snapshotMemo holds values derived from one answer of getMeetings, shared by every copy of
// the snapshot.
type snapshotMemo struct {
	indexed sync.Once
	byID    map[string]int

	mu     sync.Mutex
	values map[string]any
}

// Memo returns what build derives from this snapshot, building it once per answer of BBB:
// pages refreshed many times a second join the same answer with the database once. A failed
// build is not kept.
func (s LiveSnapshot) Memo(key string, build func() (any, error)) (any, error) {
	if s.memo == nil {
		return build()
	}
	s.memo.mu.Lock()
	defer s.memo.mu.Unlock()
	if v, ok := s.memo.values[key]; ok {
		return v, nil
	}
	v, err := build()
	if err != nil {
		return nil, err
	}
	if s.memo.values == nil {
		s.memo.values = map[string]any{}
	}
	s.memo.values[key] = v
	return v, nil
}

// Age is how old the data is.
func (s LiveSnapshot) Age(now time.Time) time.Duration {
	if s.FetchedAt.IsZero() {
		return 0
	}
	return now.Sub(s.FetchedAt)
}

// LiveCache fetches getMeetings and keeps the last good answer, so that pages show the
// last known data with its age while BBB misbehaves.
type LiveCache struct {
	bbb     BBB
	now     func() time.Time
	timeout time.Duration
	fetches flight[LiveSnapshot] // pages asking at once share one getMeetings call

	mu   sync.Mutex
	last LiveSnapshot
	// minAge: answers younger than this are served without asking BBB again,
	// so that many open pages polling at once cost one call.
	minAge time.Duration
	stale  bool // Refresh or Forget was called: the next Get asks BBB

	fallback *listFallback // nil: getMeetings alone
}

func newLiveCache(server BBB, now func() time.Time, timeout time.Duration) *LiveCache {
	return &LiveCache{bbb: server, now: now, timeout: timeout, minAge: time.Second}
}

// Get returns a fresh snapshot (or the last one with the problem when BBB fails). Callers that
// arrive while BBB is being asked wait for that answer instead of asking again, so a slow or
// failing server costs one call, not one call per open page in a queue.
func (c *LiveCache) Get(ctx context.Context) LiveSnapshot {
	c.mu.Lock()
	if !c.stale && c.last.Problem == "" && !c.last.FetchedAt.IsZero() && c.now().Sub(c.last.FetchedAt) < c.minAge {
		defer c.mu.Unlock()
		return c.last
	}
	c.mu.Unlock()
	snap, _ := c.fetches.do("getMeetings", func() (LiveSnapshot, error) { return c.fetch(ctx), nil })
	return snap
}

// fetch asks BBB for its meetings and stores the answer. The call is not cancelled with the
// request that happened to start it, since other requests wait for it too.
func (c *LiveCache) fetch(ctx context.Context) LiveSnapshot {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), c.timeout)
	defer cancel()
	c.mu.Lock()
	now := c.now()
	c.stale = false // a Refresh during the call makes the next Get ask again
	c.mu.Unlock()
	meetings, unlisted, err := c.list(ctx)
	c.mu.Lock()
	defer c.mu.Unlock()
	if err != nil {
		if c.last.Problem == "" {
			c.last.DownSince = now
		}
		c.last.Problem = Explain(err)
		return c.last
	}
	c.last = LiveSnapshot{Meetings: meetings, FetchedAt: now, Unlisted: unlisted, memo: &snapshotMemo{}}
	return c.last
}

// Refresh makes the next Get ask BBB, e.g. right after a meeting was created.
func (c *LiveCache) Refresh() {
	c.mu.Lock()
	c.stale = true
	c.mu.Unlock()
	c.fallback.drop()
}

// Forget drops a meeting from the snapshot once its end is confirmed. The next Get asks BBB,
// in case an answer read before the end is still on its way.
func (c *LiveCache) Forget(meetingID string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	kept := c.last.Meetings[:0:0]
	for _, m := range c.last.Meetings {
		if m.MeetingID != meetingID {
			kept = append(kept, m)
		}
	}
	c.last.Meetings = kept
	c.last.memo = &snapshotMemo{}
	c.stale = true
}

// Find returns the meeting with that ID from a snapshot.
func (s LiveSnapshot) Find(meetingID string) (bbb.Meeting, bool) {
	if s.memo == nil || len(s.Meetings) < 16 {
		for _, m := range s.Meetings {
			if m.MeetingID == meetingID {
				return m, true
			}
		}
		return bbb.Meeting{}, false
	}
	s.memo.indexed.Do(func() {
		s.memo.byID = make(map[string]int, len(s.Meetings))
		for i, m := range s.Meetings {
			s.memo.byID[m.MeetingID] = i
		}
	})
	i, ok := s.memo.byID[meetingID]
	if !ok {
		return bbb.Meeting{}, false
	}
	return s.Meetings[i], true
}
