package links

import (
	"context"
	"sync"
	"time"

	"bbbportal/bbb"
)

// MeetingState is what the portal last learnt from BBB about a room's meeting.
type MeetingState struct {
	Running      bool // the meeting exists (created and not ended): joins go through
	CreateTime   time.Time
	Participants int
	userIDs      map[string]bool // external userIDs in the meeting (a rejoin does not need a seat)
	CheckedAt    time.Time
	Err          error // BBB could not be asked; Running is the last known answer
}

// statusCache asks BBB about a meeting at most once per interval however many callers
// wait, and answers at once with the last known state while a newer answer is on its way.
type statusCache struct {
	server   BBB
	interval time.Duration
	timeout  time.Duration

	mu      sync.Mutex
	entries map[string]*statusEntry
}

type statusEntry struct {
	state    MeetingState
	known    bool
	inflight chan struct{}
}

const maxStatusEntries = 10_000

func newStatusCache(server BBB, interval, timeout time.Duration) *statusCache {
	return &statusCache{server: server, interval: interval, timeout: timeout, entries: map[string]*statusEntry{}}
}

// get returns the meeting's state, at most interval old unless BBB is slow to answer: then
// the last known state is returned if acceptStale accepts it (nil: any), after waiting up to
// wait for the newer one that a call is asking BBB for.
func (c *statusCache) get(ctx context.Context, meetingID string, acceptStale func(MeetingState) bool, wait time.Duration) MeetingState {
	c.mu.Lock()
	e := c.entries[meetingID]
	if e == nil {
		c.prune()
		e = &statusEntry{}
		c.entries[meetingID] = e
	}
	if e.known && time.Since(e.state.CheckedAt) < c.interval {
		st := e.state
		c.mu.Unlock()
		return st
	}
	if e.inflight == nil {
		e.inflight = make(chan struct{})
		go c.refresh(meetingID, e)
	}
	done := e.inflight
	if e.known && (acceptStale == nil || acceptStale(e.state)) {
		st := e.state
		c.mu.Unlock()
		if wait <= 0 {
			return st
		}
		timer := time.NewTimer(wait)
		defer timer.Stop()
		select {
		case <-done:
			c.mu.Lock()
			st = e.state
			c.mu.Unlock()
		case <-timer.C:
		case <-ctx.Done():
		}
		return st
	}
	c.mu.Unlock()
	select {
	case <-done:
	case <-ctx.Done():
		return MeetingState{Err: ctx.Err()}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return e.state
}

func (c *statusCache) refresh(meetingID string, e *statusEntry) {
	ctx, cancel := context.WithTimeout(context.Background(), c.timeout)
	info, err := c.server.GetMeetingInfo(ctx, meetingID)
	cancel()
	st := MeetingState{CheckedAt: time.Now()}
	switch {
	case err == nil:
		st.Running, st.CreateTime, st.Participants = true, info.CreateTime, info.ParticipantCount
		st.userIDs = make(map[string]bool, len(info.Attendees))
		for _, a := range info.Attendees {
			st.userIDs[a.UserID] = true
		}
	case bbb.IsKey(err, bbb.KeyNotFound):
	default:
		c.mu.Lock()
		st.Running, st.CreateTime, st.Participants, st.userIDs = e.state.Running, e.state.CreateTime, e.state.Participants, e.state.userIDs
		c.mu.Unlock()
		st.Err = err
	}
	c.mu.Lock()
	e.state, e.known = st, true
	close(e.inflight)
	e.inflight = nil
	c.mu.Unlock()
}

// started records a meeting the portal has just created, so that waiting pages join at once.
func (c *statusCache) started(meetingID string, createTime time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e := c.entries[meetingID]
	if e == nil {
		e = &statusEntry{}
		c.entries[meetingID] = e
	}
	e.state = MeetingState{Running: true, CreateTime: createTime, CheckedAt: time.Now()}
	e.known = true
}

// prune forgets old answers when the cache is full (callers hold c.mu).
func (c *statusCache) prune() {
	if len(c.entries) < maxStatusEntries {
		return
	}
	for id, e := range c.entries {
		if e.inflight == nil && time.Since(e.state.CheckedAt) > time.Minute {
			delete(c.entries, id)
		}
	}
}
