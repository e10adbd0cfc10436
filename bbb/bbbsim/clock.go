package bbbsim

import (
	"sort"
	"sync"
	"time"
)

// Clock is the simulator's source of time. Every delay of the simulated server (the end of a
// meeting, expiry, duration, recording processing, callback retries) is scheduled with it, so a
// test that uses a ManualClock decides when those things happen.
type Clock interface {
	Now() time.Time
	// AfterFunc calls f once d has passed on this clock.
	AfterFunc(d time.Duration, f func()) Timer
}

// Timer is a scheduled call that can be cancelled.
type Timer interface {
	// Stop cancels the call; it reports whether the call was still pending.
	Stop() bool
}

type realClock struct{}

func (realClock) Now() time.Time                            { return time.Now() }
func (realClock) AfterFunc(d time.Duration, f func()) Timer { return time.AfterFunc(d, f) }

// ManualClock is a Clock that only moves when Advance is called. Timers that fall due during an
// Advance run synchronously, in order of their due time, before Advance returns; the clock reads
// each timer's due time while it runs.
type ManualClock struct {
	mu     sync.Mutex
	now    time.Time
	seq    int
	timers []*manualTimer
}

type manualTimer struct {
	clock *ManualClock
	due   time.Time
	seq   int
	f     func()
}

// NewManualClock returns a clock standing at start.
func NewManualClock(start time.Time) *ManualClock { return &ManualClock{now: start} }

// Now returns the clock's current time.
func (c *ManualClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// AfterFunc schedules f for d from now. A timer with d <= 0 runs at the next Advance (even Advance(0)).
func (c *ManualClock) AfterFunc(d time.Duration, f func()) Timer {
	c.mu.Lock()
	defer c.mu.Unlock()
	if d < 0 {
		d = 0
	}
	c.seq++
	t := &manualTimer{clock: c, due: c.now.Add(d), seq: c.seq, f: f}
	c.timers = append(c.timers, t)
	return t
}

// Stop cancels the timer.
func (t *manualTimer) Stop() bool {
	c := t.clock
	c.mu.Lock()
	defer c.mu.Unlock()
	for i, other := range c.timers {
		if other == t {
			c.timers = append(c.timers[:i], c.timers[i+1:]...)
			return true
		}
	}
	return false
}

// Advance moves the clock forward by d, running every timer that falls due on the way
// (including timers scheduled by those timers).
func (c *ManualClock) Advance(d time.Duration) {
	c.mu.Lock()
	target := c.now.Add(d)
	for {
		next := c.popDue(target)
		if next == nil {
			break
		}
		if next.due.After(c.now) {
			c.now = next.due
		}
		c.mu.Unlock()
		next.f()
		c.mu.Lock()
	}
	if target.After(c.now) {
		c.now = target
	}
	c.mu.Unlock()
}

// Pending reports how many timers are waiting.
func (c *ManualClock) Pending() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.timers)
}

func (c *ManualClock) popDue(target time.Time) *manualTimer {
	sort.SliceStable(c.timers, func(i, j int) bool {
		if c.timers[i].due.Equal(c.timers[j].due) {
			return c.timers[i].seq < c.timers[j].seq
		}
		return c.timers[i].due.Before(c.timers[j].due)
	})
	if len(c.timers) == 0 || c.timers[0].due.After(target) {
		return nil
	}
	t := c.timers[0]
	c.timers = c.timers[1:]
	return t
}
