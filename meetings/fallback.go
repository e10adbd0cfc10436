package meetings

import (
	"context"
	"sync"
	"time"

	"bbbportal/bbb"
	"bbbportal/models"
)

// Scalelite with GET_MEETINGS_API_DISABLED answers getMeetings with SUCCESS and noMeetings,
// which looks like an empty server. The portal notices it when a meeting it started, and
// that getMeetingInfo says is running, is missing from the list; it then adds its own running
// meetings, asked one by one, and the pages say that meetings started elsewhere cannot be
// listed.

const (
	// fallbackRooms bounds the getMeetingInfo calls of one listing.
	fallbackRooms = 50
	// fallbackTTL is how long an answer of getMeetingInfo stands in for the meeting.
	fallbackTTL = 5 * time.Second
	// fallbackParallel is how many getMeetingInfo calls run at once.
	fallbackParallel = 4
)

type cachedInfo struct {
	meeting *bbb.Meeting // nil: not running
	at      time.Time
}

// listFallback completes getMeetings with the portal's own running meetings.
type listFallback struct {
	svc *Service

	mu       sync.Mutex
	infos    map[string]cachedInfo
	disabled bool // getMeetings was seen leaving out a running meeting
}

// list asks getMeetings and adds the portal's running meetings it left out. unlisted is true
// while getMeetings is known not to list every meeting.
func (f *listFallback) list(ctx context.Context) (meetings []bbb.Meeting, unlisted bool, err error) {
	// Read before asking BBB: a meeting created while getMeetings is answered proves nothing.
	known, dbErr := runningMeetingIDs(f.svc)
	meetings, err = f.svc.bbb.GetMeetings(ctx)
	if err != nil || dbErr != nil {
		return meetings, f.isDisabled(), err
	}
	listed := make(map[string]bool, len(meetings))
	for _, m := range meetings {
		listed[m.MeetingID] = true
	}
	var missing []string
	for _, id := range known {
		if !listed[id] {
			missing = append(missing, id)
		}
	}
	found := f.infoOf(ctx, missing)
	f.mu.Lock()
	switch {
	case len(meetings) > 0 && len(found) == 0:
		f.disabled = false // the list works
	case len(found) > 0:
		f.disabled = true
	}
	disabled := f.disabled
	f.mu.Unlock()
	f.svc.setUnavailable(FeatureMeetingsList, disabled)
	return append(meetings, found...), disabled, nil
}

// drop forgets the answers kept, so that the next listing asks again (nil-safe).
func (f *listFallback) drop() {
	if f == nil {
		return
	}
	f.mu.Lock()
	clear(f.infos)
	f.mu.Unlock()
}

func (f *listFallback) isDisabled() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.disabled
}

// infoOf returns the running meetings among ids, from getMeetingInfo or its recent answer.
func (f *listFallback) infoOf(ctx context.Context, ids []string) []bbb.Meeting {
	if len(ids) > fallbackRooms {
		ids = ids[:fallbackRooms]
	}
	results := make([]*bbb.Meeting, len(ids))
	now := time.Now()
	var wg sync.WaitGroup
	slots := make(chan struct{}, fallbackParallel)
	for i, id := range ids {
		f.mu.Lock()
		c, ok := f.infos[id]
		f.mu.Unlock()
		if ok && now.Sub(c.at) < fallbackTTL {
			results[i] = c.meeting
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			slots <- struct{}{}
			defer func() { <-slots }()
			callCtx, cancel := context.WithTimeout(ctx, f.svc.cfg.CallTimeout)
			m, err := f.svc.bbb.GetMeetingInfo(callCtx, id)
			cancel()
			switch {
			case err == nil && (m.HasBeenForciblyEnded || !m.EndTime.IsZero()):
				m = nil
			case bbb.IsKey(err, bbb.KeyNotFound):
				m = nil
			case err != nil:
				return // not known now; not cached
			}
			results[i] = m
			f.mu.Lock()
			f.infos[id] = cachedInfo{meeting: m, at: now}
			f.mu.Unlock()
		}()
	}
	wg.Wait()
	f.mu.Lock()
	for id, c := range f.infos {
		if now.Sub(c.at) >= fallbackTTL {
			delete(f.infos, id)
		}
	}
	f.mu.Unlock()
	var out []bbb.Meeting
	for _, m := range results {
		if m != nil {
			out = append(out, *m)
		}
	}
	return out
}

// runningMeetingIDs lists the meetings of the portal's runs that BBB created (createTime known)
// and that have not ended, newest first.
func runningMeetingIDs(s *Service) ([]string, error) {
	var ids []string
	err := s.db.Model(&models.MeetingRun{}).Where("ended_at IS NULL AND create_time > 0").
		Group("meeting_id").Order("MAX(id) DESC").Limit(10*fallbackRooms).Pluck("meeting_id", &ids).Error
	return ids, err
}

// list is getMeetings, completed by the fallback when there is one.
func (c *LiveCache) list(ctx context.Context) ([]bbb.Meeting, bool, error) {
	if c.fallback == nil {
		m, err := c.bbb.GetMeetings(ctx)
		return m, false, err
	}
	return c.fallback.list(ctx)
}
