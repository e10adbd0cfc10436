package audit

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"
)

type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *fakeClock) add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func TestRefusalsFoldIntoOneEntryPerIPActionAndMinute(t *testing.T) {
	t.Parallel()
	w, list := openDB(t)
	ctx := context.Background()
	clock := &fakeClock{t: time.Date(2026, 3, 1, 10, 0, 5, 0, time.UTC)}
	r := NewRefusals(w)
	r.now = clock.now
	longID := strings.Repeat("m", 3000)
	var wg sync.WaitGroup
	for i := range 1000 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := r.Refuse(ctx, Record{ActorEmail: "bbb-server", Action: "meeting.end.callback", TargetType: "meeting",
				TargetID: longID, ClientIP: "203.0.113.9", Details: map[string]any{"problem": "token does not match",
					"meeting_id": longID, "token": "guess-" + fmt.Sprint(i)}}); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	r.Refuse(ctx, Record{Action: "meeting.end.callback", ClientIP: "198.51.100.1"})
	if err := r.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	entries := list()
	if len(entries) != 2 {
		t.Fatalf("%d entries for 1001 refusals from 2 addresses, want 2", len(entries))
	}
	e := entries[1]
	var d map[string]any
	json.Unmarshal([]byte(e.Details), &d)
	if d["count"] != 1000.0 || e.Result != ResultDenied {
		t.Errorf("folded entry %+v", e)
	}
	if len(e.TargetID) > RefusalTargetMax || len(d["meeting_id"].(string)) > RefusalStringMax || len(e.Details) > 600 {
		t.Errorf("a refusal stored %d bytes of target and %d of details", len(e.TargetID), len(e.Details))
	}
	if strings.Contains(e.Details, "guess-") {
		t.Error("a refused token was stored")
	}

	clock.add(time.Minute) // a new minute: a new entry; the old minute is forgotten
	r.Refuse(ctx, Record{Action: "meeting.end.callback", ClientIP: "203.0.113.9"})
	r.Refuse(ctx, Record{Action: "meeting.end.callback", ClientIP: "203.0.113.9"})
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	entries = list()
	if len(entries) != 3 || !strings.Contains(entries[0].Details, `"count":2`) {
		t.Fatalf("next minute: %+v", entries[0])
	}
	if n := r.Tracked(); n != 1 {
		t.Errorf("%d keys kept after the minutes ended, want 1 (the current one)", n)
	}
}

func TestRefusalsBoundTheirMemory(t *testing.T) {
	t.Parallel()
	w, list := openDB(t)
	ctx := context.Background()
	r := NewRefusals(w)
	defer r.Close()
	r.maxKeys = 50
	for i := range 2000 { // an attacker spraying addresses
		if err := r.Refuse(ctx, Record{Action: "hooks.event", ClientIP: fmt.Sprintf("2001:db8::%x", i)}); err != nil {
			t.Fatal(err)
		}
	}
	r.Flush(ctx)
	if n := r.Tracked(); n > 51 {
		t.Errorf("%d keys tracked, limit 50 plus the overflow", n)
	}
	if n := len(list()); n != 51 {
		t.Errorf("%d entries, want 50 addresses and one for the others", n)
	}
	if e := list()[0]; e.ClientIP != OverflowIP || !strings.Contains(e.Details, `"count":1950`) {
		t.Errorf("overflow entry %+v", e)
	}
}

func TestRateLimiterRefillsAndBoundsKeys(t *testing.T) {
	t.Parallel()
	clock := &fakeClock{t: time.Unix(1e9, 0)}
	l := NewRateLimiter(60, 5, 3)
	l.now = clock.now
	allowed := 0
	for range 20 {
		if l.Allow("a") {
			allowed++
		}
	}
	if allowed != 5 {
		t.Errorf("burst allowed %d, want 5", allowed)
	}
	clock.add(2 * time.Second)
	first, second, third := l.Allow("a"), l.Allow("a"), l.Allow("a")
	if !first || !second || third {
		t.Error("one request a second does not refill")
	}
	for _, k := range []string{"b", "c"} {
		l.Allow(k)
	}
	// The table is full: new keys share one bucket.
	shared := 0
	for i := range 20 {
		if l.Allow(fmt.Sprint("spray", i)) {
			shared++
		}
	}
	if shared != 5 || len(l.buckets) != 3 {
		t.Errorf("spraying keys got %d requests through, %d buckets", shared, len(l.buckets))
	}
	clock.add(time.Minute) // everyone refilled: old keys are forgotten to make room
	if !l.Allow("new") || len(l.buckets) > 3 {
		t.Errorf("a full table did not make room: %d buckets", len(l.buckets))
	}
}
