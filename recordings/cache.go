package recordings

import (
	"context"
	"crypto/sha1"
	"encoding/hex"
	"sort"
	"strings"
	"sync"
	"time"

	"bbbportal/bbb"
	"bbbportal/models"
)

// pageSize is the largest page getRecordings returns (bbb-api.md §4.1: limit 1–100).
const pageSize = 100

// entry is one recording of the server-wide listing, with its text for the search filter.
type entry struct {
	rec    bbb.Recording
	search string // lower-cased name, description and metadata values
}

func newEntry(r bbb.Recording) *entry {
	var b strings.Builder
	b.WriteString(strings.ToLower(r.Name))
	for _, v := range r.Metadata {
		b.WriteByte('\n')
		b.WriteString(strings.ToLower(v))
	}
	return &entry{rec: r, search: b.String()}
}

// patch replaces what the cache holds for a scope (some record IDs, or every session of a
// meeting) with what BBB reported for it.
type patch struct {
	seq   int
	scope func(recordID string) bool
	recs  []bbb.Recording
}

// listing caches the server-wide recordings list for the admin page. It is read in pages of
// 100 in parallel, served for CacheTTL, then re-read in the background while the old list is
// served; actions, callbacks and webhook events patch it at once.
type listing struct {
	s *Service

	mu        sync.Mutex
	entries   map[string]*entry
	sorted    []*entry // newest first
	fetchedAt time.Time
	limited   bool          // the server lists only per meeting (Scalelite's GET_RECORDINGS_API_FILTERED)
	loading   chan struct{} // closed when the running refresh ends; nil when none runs
	loadErr   error
	seq       int
	patches   []patch // applied while a refresh runs: re-applied on top of its result
}

func newListing(s *Service) *listing { return &listing{s: s, entries: map[string]*entry{}} }

// snapshot returns the cached listing (newest first), when it was read, and whether the server
// limits listing to meetings. A cold cache is read now; a stale one is served while re-read.
func (l *listing) snapshot(ctx context.Context) ([]*entry, time.Time, bool, bool, error) {
	l.mu.Lock()
	if !l.fetchedAt.IsZero() {
		stale := l.s.now().Sub(l.fetchedAt) >= l.s.cfg.CacheTTL
		if stale && l.loading == nil {
			l.startLocked()
		}
		out, at, limited := l.sorted, l.fetchedAt, l.limited
		l.mu.Unlock()
		return out, at, limited, stale, nil
	}
	if l.loading == nil {
		l.startLocked()
	}
	wait := l.loading
	l.mu.Unlock()
	select {
	case <-wait:
	case <-ctx.Done():
		return nil, time.Time{}, false, false, ctx.Err()
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.fetchedAt.IsZero() {
		return nil, time.Time{}, false, false, l.loadErr
	}
	return l.sorted, l.fetchedAt, l.limited, false, nil
}

// refresh reads the whole listing now and waits for it.
func (l *listing) refresh(ctx context.Context) error {
	l.mu.Lock()
	if l.loading == nil {
		l.startLocked()
	}
	wait := l.loading
	l.mu.Unlock()
	select {
	case <-wait:
	case <-ctx.Done():
		return ctx.Err()
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.loadErr
}

// startLocked starts a background read of the whole server; called with l.mu held.
func (l *listing) startLocked() {
	done := make(chan struct{})
	l.loading = done
	startSeq := l.seq
	s := l.s
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		started := s.now()
		recs, limited, err := s.fetchAll(s.ctx)
		l.mu.Lock()
		defer l.mu.Unlock()
		l.loadErr = err
		if err == nil {
			entries := make(map[string]*entry, len(recs))
			for _, r := range recs {
				entries[r.RecordID] = newEntry(r)
			}
			l.entries, l.fetchedAt, l.limited = entries, started, limited
			for _, p := range l.patches {
				if p.seq > startSeq {
					l.applyLocked(p)
				}
			}
			l.resortLocked()
		} else {
			s.log.Warn("reading the recordings of the BBB server failed", "err", err)
		}
		l.patches = nil
		l.loading = nil
		close(done)
	}()
}

// apply patches the cache with what BBB reported for a scope, and makes the room lists of
// the scope's meetings (hashes) be read again.
func (l *listing) apply(scope func(string) bool, recs []bbb.Recording, hashes []string) {
	l.s.rooms.forget(hashes...)
	l.mu.Lock()
	defer l.mu.Unlock()
	l.seq++
	p := patch{seq: l.seq, scope: scope, recs: recs}
	if l.loading != nil {
		l.patches = append(l.patches, p)
	}
	if l.fetchedAt.IsZero() {
		return
	}
	l.applyLocked(p)
	l.resortLocked()
}

func (l *listing) applyLocked(p patch) {
	for id := range l.entries {
		if p.scope(id) {
			delete(l.entries, id)
		}
	}
	for _, r := range p.recs {
		l.entries[r.RecordID] = newEntry(r)
	}
}

func (l *listing) resortLocked() {
	sorted := make([]*entry, 0, len(l.entries))
	for _, e := range l.entries {
		sorted = append(sorted, e)
	}
	sort.Slice(sorted, func(i, j int) bool { return newer(sorted[i].rec, sorted[j].rec) })
	l.sorted = sorted
}

// expire makes the next read re-read the server (after an event the portal could not apply).
func (l *listing) expire() {
	l.s.rooms.forget()
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.fetchedAt.IsZero() {
		l.fetchedAt = l.s.now().Add(-l.s.cfg.CacheTTL)
	}
}

func newer(a, b bbb.Recording) bool {
	if !a.StartTime.Equal(b.StartTime) {
		return a.StartTime.After(b.StartTime)
	}
	return a.RecordID < b.RecordID
}

func idScope(ids []string) func(string) bool {
	set := make(map[string]bool, len(ids))
	for _, id := range ids {
		set[id] = true
	}
	return func(id string) bool { return set[id] }
}

// meetingScope matches every session of an external meeting ID: recordIDs start with sha1hex(meetingID).
func meetingScope(meetingID string) func(string) bool {
	prefix := meetingHash(meetingID) + "-"
	return func(id string) bool { return strings.HasPrefix(id, prefix) }
}

func meetingHash(meetingID string) string {
	sum := sha1.Sum([]byte(meetingID))
	return hex.EncodeToString(sum[:])
}

var allStates = []bbb.RecordingState{bbb.StateAny}

// fetchAll reads every recording of the server: the first page says how many there are, the
// others are read in parallel. A server that refuses to list without a meeting (Scalelite)
// is read per portal room instead, and the result is marked limited.
func (s *Service) fetchAll(ctx context.Context) ([]bbb.Recording, bool, error) {
	first, err := s.getRecordings(ctx, bbb.RecordingsQuery{States: allStates, Limit: pageSize})
	if bbb.IsKey(err, bbb.KeyMissingParameters) {
		refs, err := models.RoomRefsFor(s.db, nil, true)
		if err != nil {
			return nil, false, err
		}
		recs, err := s.fetchForRooms(ctx, refs)
		return recs, true, err
	}
	if err != nil {
		return nil, false, err
	}
	all := first.Recordings
	if len(first.Recordings) != pageSize {
		// Fewer: that was all. More: the server ignores limit (before 2.6) and sent everything.
		return dedupe(all), false, nil
	}
	next := pageSize
	if total := first.TotalElements; total > pageSize {
		offsets := make([]int, 0, total/pageSize)
		for off := pageSize; off < total; off += pageSize {
			offsets = append(offsets, off)
		}
		pages := make([][]bbb.Recording, len(offsets))
		if err := s.parallel(len(offsets), func(i int) error {
			list, err := s.getRecordings(ctx, bbb.RecordingsQuery{States: allStates, Offset: offsets[i], Limit: pageSize})
			if err == nil {
				pages[i] = list.Recordings
			}
			return err
		}); err != nil {
			return nil, false, err
		}
		for _, p := range pages {
			all = append(all, p...)
		}
		if len(pages[len(pages)-1]) < pageSize {
			return dedupe(all), false, nil
		}
		next = offsets[len(offsets)-1] + pageSize
	}
	// No count, or the count was short: read on until a page is not full.
	for {
		list, err := s.getRecordings(ctx, bbb.RecordingsQuery{States: allStates, Offset: next, Limit: pageSize})
		if err != nil {
			return nil, false, err
		}
		all = append(all, list.Recordings...)
		if len(list.Recordings) < pageSize {
			return dedupe(all), false, nil
		}
		next += pageSize
	}
}

// meetingsPerCall bounds the meeting IDs of one getRecordings call (the URL stays short).
const meetingsPerCall = 20

// fetchForRooms reads every recording of the rooms' meetings.
func (s *Service) fetchForRooms(ctx context.Context, refs []models.RoomRef) ([]bbb.Recording, error) {
	var chunks [][]string
	for i := 0; i < len(refs); i += meetingsPerCall {
		var ids []string
		for _, r := range refs[i:min(i+meetingsPerCall, len(refs))] {
			ids = append(ids, r.MeetingID)
		}
		chunks = append(chunks, ids)
	}
	results := make([][]bbb.Recording, len(chunks))
	err := s.parallel(len(chunks), func(i int) error {
		list, err := s.getRecordings(ctx, bbb.RecordingsQuery{MeetingIDs: chunks[i], States: allStates})
		if err == nil {
			results[i] = list.Recordings
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	var all []bbb.Recording
	for _, r := range results {
		all = append(all, r...)
	}
	return dedupe(all), nil
}

// fetchByIDs reads the recordings with exactly these record IDs (BBB matches prefixes).
func (s *Service) fetchByIDs(ctx context.Context, ids []string) (map[string]bbb.Recording, error) {
	out := map[string]bbb.Recording{}
	want := idScope(ids)
	for i := 0; i < len(ids); i += meetingsPerCall {
		list, err := s.getRecordings(ctx, bbb.RecordingsQuery{RecordIDs: ids[i:min(i+meetingsPerCall, len(ids))], States: allStates})
		if err != nil {
			return nil, err
		}
		for _, r := range list.Recordings {
			if want(r.RecordID) {
				out[r.RecordID] = r
			}
		}
	}
	return out, nil
}

func (s *Service) getRecordings(ctx context.Context, q bbb.RecordingsQuery) (*bbb.RecordingList, error) {
	ctx, cancel := s.call(ctx)
	defer cancel()
	return s.bbb.GetRecordings(ctx, q)
}

// parallel runs f(0…n-1) on at most PageWorkers goroutines and returns the first error.
func (s *Service) parallel(n int, f func(i int) error) error {
	if n == 0 {
		return nil
	}
	jobs := make(chan int)
	errs := make(chan error, n)
	var wg sync.WaitGroup
	for w := 0; w < min(s.cfg.PageWorkers, n); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				errs <- f(i)
			}
		}()
	}
	for i := 0; i < n; i++ {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

func dedupe(recs []bbb.Recording) []bbb.Recording {
	seen := make(map[string]bool, len(recs))
	out := recs[:0]
	for _, r := range recs {
		if !seen[r.RecordID] {
			seen[r.RecordID] = true
			out = append(out, r)
		}
	}
	return out
}
