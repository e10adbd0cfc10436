package recordings

import (
	"context"
	"sort"
	"strings"
	"time"

	"bbbportal/bbb"
	"bbbportal/models"
)

// Sort orders of a list.
const (
	SortNewest = "newest" // the default
	SortOldest = "oldest"
	SortName   = "name"
	SortSize   = "size"
	SortLength = "length"
)

// States a list can be filtered by (models.Rec*); "" is every state.
var States = []string{models.RecProcessing, models.RecProcessed, models.RecPublished, models.RecUnpublished, models.RecDeleted, models.RecNone}

// Sorts are the sort orders, the default first.
var Sorts = []string{SortNewest, SortOldest, SortName, SortSize, SortLength}

// Per-page bounds.
const (
	DefaultPerPage = 25
	MaxPerPage     = 100
)

// expectedFor is how long an expected recording is shown while BBB does not list it.
const expectedFor = 14 * 24 * time.Hour

// Query filters, sorts and pages a list. The zero value is the first page, newest first.
type Query struct {
	RoomID   uint      // 0: every room in view
	State    string    // one of States; "" every state
	From, To time.Time // start time in [From, To); zero: unbounded
	Text     string    // part of the name, description or any metadata value (case-insensitive)
	Sort     string    // one of Sorts
	Page     int       // from 1
	PerPage  int       // 1–MaxPerPage, default DefaultPerPage
}

// Normalize fills in defaults and bounds; handlers call it on the parsed form.
func (q *Query) Normalize() {
	q.Text = strings.TrimSpace(q.Text)
	if len(q.Text) > 200 {
		q.Text = q.Text[:200]
	}
	if !contains(States, q.State) {
		q.State = ""
	}
	if !contains(Sorts, q.Sort) {
		q.Sort = SortNewest
	}
	if q.PerPage <= 0 {
		q.PerPage = DefaultPerPage
	}
	q.PerPage = min(q.PerPage, MaxPerPage)
	q.Page = max(q.Page, 1)
}

// Page is one page of a list.
type Page struct {
	Items       []models.RecordingItem
	Total       int // items matching the filters
	Page        int
	PerPage     int
	RefreshedAt time.Time // when BBB was read
	// Stale: the list is older than the cache's lifetime and is being re-read.
	Stale bool
	// Limited: the server lists recordings only per meeting (a load balancer), so recordings
	// of meetings the portal did not create cannot be shown.
	Limited bool
}

// Pages is the number of pages.
func (p Page) Pages() int { return max(1, (p.Total+p.PerPage-1)/p.PerPage) }

// ForRoom lists the recordings of one room u manages; another's room is ErrNotFound.
func (s *Service) ForRoom(ctx context.Context, u *models.User, roomID uint, q Query) (*Page, error) {
	room, err := models.RoomFor(s.db, roomID, u)
	if err != nil {
		return nil, err
	}
	return s.ForManagedRoom(ctx, room, q)
}

// ForManagedRoom is ForRoom for a room the caller has already loaded for a user who manages
// it (the room page reads the room once for everything it shows).
func (s *Service) ForManagedRoom(ctx context.Context, room *models.Room, q Query) (*Page, error) {
	q.RoomID = 0
	return s.listRooms(ctx, []models.RoomRef{{ID: room.ID, Name: room.Name, MeetingID: room.MeetingID,
		OwnerID: room.OwnerID, TemplateID: room.TemplateID}}, q)
}

// Mine lists the recordings of every room u owns or co-owns. A room filter naming another's
// room is ErrNotFound.
func (s *Service) Mine(ctx context.Context, u *models.User, q Query) (*Page, error) {
	refs, err := models.RoomRefsFor(s.db, u, false)
	if err != nil {
		return nil, err
	}
	if q.RoomID != 0 {
		var one []models.RoomRef
		for _, r := range refs {
			if r.ID == q.RoomID {
				one = append(one, r)
			}
		}
		if len(one) == 0 {
			return nil, ErrNotFound
		}
		refs, q.RoomID = one, 0
	}
	return s.listRooms(ctx, refs, q)
}

func (s *Service) listRooms(ctx context.Context, refs []models.RoomRef, q Query) (*Page, error) {
	q.Normalize()
	at := s.now()
	recs, keep, err := s.roomRecordings(ctx, refs)
	if err != nil {
		return nil, err
	}
	byMeeting := map[string]models.RoomRef{}
	byID := map[uint]models.RoomRef{}
	roomIDs := make([]uint, 0, len(refs))
	for _, r := range refs {
		byMeeting[r.MeetingID], byID[r.ID] = r, r
		roomIDs = append(roomIDs, r.ID)
	}
	var rows []row
	listed := map[string]bool{}
	for _, r := range recs {
		listed[r.RecordID] = true
		e := newEntry(r)
		if matchEntry(e, q, "") {
			rows = append(rows, rowOf(e))
		}
	}
	expected, err := s.expected(roomIDs, listed, func() (map[uint]models.RoomRef, error) { return byID, nil })
	if err != nil {
		return nil, err
	}
	if len(expected) == 0 {
		keep()
	}
	for _, it := range expected {
		if matchItem(it, q) {
			rows = append(rows, row{start: it.Start, name: it.Name, length: it.Length, item: &it})
		}
	}
	return s.page(rows, q, byMeeting, at, false, false, false)
}

// roomRecordings reads what BBB lists for the rooms. One room's list comes from the room
// cache when it is there; keep stores a fresh one (the caller calls it when no recording of
// the room is expected but unlisted).
func (s *Service) roomRecordings(ctx context.Context, refs []models.RoomRef) (recs []bbb.Recording, keep func(), err error) {
	keep = func() {}
	if len(refs) != 1 {
		recs, err = s.fetchForRooms(ctx, refs)
		return recs, keep, err
	}
	hash := meetingHash(refs[0].MeetingID)
	recs, ok, gen := s.rooms.get(hash)
	if ok {
		return recs, keep, nil
	}
	if recs, err = s.fetchForRooms(ctx, refs); err != nil {
		return nil, keep, err
	}
	if settled(recs) {
		keep = func() { s.rooms.put(hash, recs, gen) }
	}
	return recs, keep, nil
}

// All lists every recording of the BBB server for an admin, including meetings the portal
// did not create (marked Foreign). Anyone else gets ErrNotFound.
func (s *Service) All(ctx context.Context, u *models.User, q Query) (*Page, error) {
	if !u.IsAdmin() {
		return nil, ErrNotFound
	}
	q.Normalize()
	entries, at, limited, stale, err := s.cache.snapshot(ctx)
	if err != nil {
		return nil, err
	}
	meetingFilter := ""
	var roomIDs []uint // nil: every room
	byID := map[uint]models.RoomRef{}
	if q.RoomID != 0 {
		room, err := models.RoomFor(s.db, q.RoomID, u)
		if err != nil {
			return nil, err
		}
		meetingFilter, roomIDs = room.MeetingID, []uint{room.ID}
		byID[room.ID] = models.RoomRef{ID: room.ID, Name: room.Name, MeetingID: room.MeetingID}
	}
	var rows []row
	listed := map[string]bool{}
	for _, e := range entries {
		listed[e.rec.RecordID] = true
		if matchEntry(e, q, meetingFilter) {
			rows = append(rows, rowOf(e))
		}
	}
	expected, err := s.expected(roomIDs, listed, func() (map[uint]models.RoomRef, error) {
		if q.RoomID != 0 {
			return byID, nil
		}
		refs, err := models.RoomRefsFor(s.db, u, true)
		for _, r := range refs {
			byID[r.ID] = r
		}
		return byID, err
	})
	if err != nil {
		return nil, err
	}
	presorted := true // the cache is newest first
	for _, it := range expected {
		if matchItem(it, q) {
			rows = append(rows, row{start: it.Start, name: it.Name, length: it.Length, item: &it})
			presorted = false
		}
	}
	return s.page(rows, q, nil, at, stale, limited, presorted && q.Sort == SortNewest)
}

// Refresh re-reads the server-wide listing now (the admin's "refresh" button, and start-up).
func (s *Service) Refresh(ctx context.Context) error { return s.cache.refresh(ctx) }

// expected returns the recordings the portal expects in these rooms (nil: all) that BBB does
// not list, and marks the listed ones as found.
func (s *Service) expected(roomIDs []uint, listed map[string]bool, roomsOf func() (map[uint]models.RoomRef, error)) ([]models.RecordingItem, error) {
	rows, err := models.UnlistedExpectedRecordings(s.db, roomIDs, s.now().Add(-expectedFor))
	if err != nil || len(rows) == 0 {
		return nil, err
	}
	rooms, err := roomsOf()
	if err != nil {
		return nil, err
	}
	var found []string
	var out []models.RecordingItem
	for _, e := range rows {
		if listed[e.InternalMeetingID] {
			found = append(found, e.InternalMeetingID)
			continue
		}
		if room, ok := rooms[e.RoomID]; ok {
			out = append(out, expectedItem(e, room))
		}
	}
	if err := models.MarkExpectedListed(s.db, found, s.now()); err != nil {
		return nil, err
	}
	return out, nil
}

// row is a list entry before paging: a BBB recording or an expected one.
type row struct {
	start  time.Time
	name   string
	size   int64
	length time.Duration
	e      *entry
	item   *models.RecordingItem
}

func rowOf(e *entry) row {
	r := row{start: e.rec.StartTime, name: strings.ToLower(displayName(e.rec)), size: e.rec.Size, e: e}
	for _, f := range e.rec.Playback {
		r.length = max(r.length, f.Length)
	}
	return r
}

func displayName(r bbb.Recording) string {
	if n := firstMeta(r.Metadata, nameKeys); n != "" {
		return n
	}
	return r.Name
}

func matchEntry(e *entry, q Query, meetingID string) bool {
	r := e.rec
	if meetingID != "" && r.MeetingID != meetingID {
		return false
	}
	if q.State != "" && string(r.State) != q.State {
		return false
	}
	if !q.From.IsZero() && r.StartTime.Before(q.From) {
		return false
	}
	if !q.To.IsZero() && !r.StartTime.Before(q.To) {
		return false
	}
	return q.Text == "" || strings.Contains(e.search, strings.ToLower(q.Text))
}

func matchItem(it models.RecordingItem, q Query) bool {
	if q.State != "" && it.State != q.State {
		return false
	}
	if !q.From.IsZero() && it.Start.Before(q.From) {
		return false
	}
	if !q.To.IsZero() && !it.Start.Before(q.To) {
		return false
	}
	return q.Text == "" || strings.Contains(strings.ToLower(it.Name), strings.ToLower(q.Text))
}

// page sorts the rows, cuts out the page and joins its items with the portal's rooms
// (rooms: the known ones; nil reads those of the page from the database).
func (s *Service) page(rows []row, q Query, rooms map[string]models.RoomRef, at time.Time, stale, limited, presorted bool) (*Page, error) {
	less := func(a, b row) bool {
		switch q.Sort {
		case SortOldest:
			if !a.start.Equal(b.start) {
				return a.start.Before(b.start)
			}
		case SortName:
			if a.name != b.name {
				return a.name < b.name
			}
		case SortSize:
			if a.size != b.size {
				return a.size > b.size
			}
		case SortLength:
			if a.length != b.length {
				return a.length > b.length
			}
		}
		return a.start.After(b.start)
	}
	if !presorted {
		sort.SliceStable(rows, func(i, j int) bool { return less(rows[i], rows[j]) })
	}
	p := &Page{Total: len(rows), Page: q.Page, PerPage: q.PerPage, RefreshedAt: at, Stale: stale, Limited: limited}
	from := min((q.Page-1)*q.PerPage, len(rows))
	rows = rows[from:min(from+q.PerPage, len(rows))]
	if rooms == nil {
		var ids []string
		for _, r := range rows {
			if r.e != nil {
				ids = append(ids, r.e.rec.MeetingID)
			}
		}
		var err error
		if rooms, err = models.RoomRefsByMeetingIDs(s.db, ids); err != nil {
			return nil, err
		}
	}
	p.Items = make([]models.RecordingItem, 0, len(rows))
	for _, r := range rows {
		if r.item != nil {
			p.Items = append(p.Items, *r.item)
			continue
		}
		it := item(r.e.rec)
		if room, ok := rooms[it.MeetingID]; ok {
			it.RoomID, it.RoomName = room.ID, room.Name
		} else {
			it.Foreign = true
		}
		p.Items = append(p.Items, it)
	}
	return p, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
