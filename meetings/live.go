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

	mu   sync.Mutex
	last LiveSnapshot
	// minAge: answers younger than this are served without asking BBB again,
	// so that many open pages polling at once cost one call.
	minAge time.Duration
	stale  bool // Refresh was called: the next Get asks BBB
}

func newLiveCache(server BBB, now func() time.Time, timeout time.Duration) *LiveCache {
	return &LiveCache{bbb: server, now: now, timeout: timeout, minAge: time.Second}
}

// Get returns a fresh snapshot (or the last one with the problem when BBB fails).
func (c *LiveCache) Get(ctx context.Context) LiveSnapshot {
	c.mu.Lock()
	defer c.mu.Unlock()
	now := c.now()
	if !c.stale && c.last.Problem == "" && !c.last.FetchedAt.IsZero() && now.Sub(c.last.FetchedAt) < c.minAge {
		return c.last
	}
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	meetings, err := c.bbb.GetMeetings(ctx)
	if err != nil {
		if c.last.Problem == "" {
			c.last.DownSince = now
		}
		c.last.Problem = Explain(err)
		return c.last
	}
	c.last, c.stale = LiveSnapshot{Meetings: meetings, FetchedAt: now}, false
	return c.last
}

// Refresh makes the next Get ask BBB, e.g. right after a meeting was created.
func (c *LiveCache) Refresh() {
	c.mu.Lock()
	c.stale = true
	c.mu.Unlock()
}

// Forget drops a meeting from the snapshot once its end is confirmed.
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
}

// Find returns the meeting with that ID from a snapshot.
func (s LiveSnapshot) Find(meetingID string) (bbb.Meeting, bool) {
	for _, m := range s.Meetings {
		if m.MeetingID == meetingID {
			return m, true
		}
	}
	return bbb.Meeting{}, false
}
