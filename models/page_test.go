package models

import (
	"context"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"bbbportal/createopts"
)

// listSchool is a database with rooms, accounts, templates and schedules enough that SQLite's
// planner prefers its indexes the way it will at a school's scale.
type listSchool struct {
	db              *gorm.DB
	admin, teacher  *User
	other           *User
	tpl             *Template
	coRoom, ownRoom uint
}

func newListSchool(t *testing.T, rooms int) *listSchool {
	t.Helper()
	db, err := Open(filepath.Join(t.TempDir(), "portal.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { Close(db) })
	s := &listSchool{db: db}
	now := time.Now().UTC()
	err = db.Transaction(func(tx *gorm.DB) error {
		for i := range 300 {
			role := RoleTeacher
			if i == 0 {
				role = RoleAdmin
			}
			u := User{Email: fmt.Sprintf("user%03d@school.test", i), DisplayName: fmt.Sprintf("Person %03d", 299-i), Role: role,
				PasswordHash: "x", AuthEpoch: 1, Disabled: i == 7, CreatedAt: now, UpdatedAt: now}
			if err := tx.Create(&u).Error; err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	s.admin, _ = UserByEmail(db, "user000@school.test")
	s.teacher, _ = UserByEmail(db, "user001@school.test")
	s.other, _ = UserByEmail(db, "user002@school.test")
	s.tpl = &Template{Name: "Standard"}
	if err := SaveTemplate(db, s.tpl); err != nil {
		t.Fatal(err)
	}
	for i := range 40 {
		owner := s.other.ID
		if err := SaveTemplate(db, &Template{Name: fmt.Sprintf("Personal %02d", i), OwnerID: &owner}); err != nil {
			t.Fatal(err)
		}
	}
	err = db.Transaction(func(tx *gorm.DB) error {
		for i := range rooms {
			owner := s.other.ID
			if i%3 == 0 {
				owner = s.teacher.ID
			}
			r := Room{Name: fmt.Sprintf("Room %04d", rooms-i), OwnerID: owner, TemplateID: s.tpl.ID, MeetingID: NewMeetingID(), Overrides: createopts.Values{}}
			if err := tx.Omit("Owner", "Template", "CoOwners").Create(&r).Error; err != nil {
				return err
			}
			if i == 1 {
				s.coRoom = r.ID
			} else if err := tx.Exec("INSERT INTO room_co_owners (room_id, user_id) VALUES (?, ?)", r.ID, 3+i%290).Error; err != nil {
				return err
			}
			if i == 0 {
				s.ownRoom = r.ID
			}
		}
		return tx.Exec("INSERT INTO room_co_owners (room_id, user_id) VALUES (?, ?)", s.coRoom, s.teacher.ID).Error
	})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 60 {
		start := now.Add(time.Duration(60-i) * time.Hour)
		if err := SaveSchedule(db, &Schedule{RoomID: s.ownRoom, Title: fmt.Sprint(i), StartsAt: start, EndsAt: start.Add(time.Hour)}); err != nil {
			t.Fatal(err)
		}
	}
	db.Exec("ANALYZE")
	return s
}

func walkPages[T any](t *testing.T, page func(Keyset) ([]T, Pager, error), name func(T) string) []string {
	t.Helper()
	var names []string
	var k Keyset
	var pagers []Pager
	for {
		got, p, err := page(k)
		if err != nil {
			t.Fatal(err)
		}
		for _, g := range got {
			names = append(names, name(g))
		}
		pagers = append(pagers, p)
		if p.NextAfter == 0 {
			break
		}
		k = Keyset{After: p.NextAfter, Limit: k.Limit}
		if len(pagers) > 1000 {
			t.Fatal("no end of pages")
		}
	}
	if pagers[0].PrevBefore != 0 {
		t.Errorf("the first page has a previous page: %+v", pagers[0])
	}
	// Walking back from the last page gives the same rows in the same order.
	var back []string
	k = Keyset{}
	last := pagers[len(pagers)-1]
	if last.PrevBefore != 0 {
		k = Keyset{Before: last.PrevBefore}
		for {
			got, p, err := page(k)
			if err != nil {
				t.Fatal(err)
			}
			chunk := make([]string, len(got))
			for i, g := range got {
				chunk[i] = name(g)
			}
			back = append(chunk, back...)
			if p.PrevBefore == 0 {
				break
			}
			k = Keyset{Before: p.PrevBefore}
		}
		want := names[:len(back)]
		if strings.Join(back, ",") != strings.Join(want, ",") {
			t.Errorf("walking back gives\n%v\nwant\n%v", back, want)
		}
	}
	return names
}

func TestRoomPagesWalkEveryRoomOnceInNameOrder(t *testing.T) {
	t.Parallel()
	s := newListSchool(t, 120)
	name := func(r RoomListItem) string { return r.Name }
	own := walkPages(t, func(k Keyset) ([]RoomListItem, Pager, error) {
		return OwnRoomsPage(s.db, s.teacher, RoomQuery{Keyset: k})
	}, name)
	if len(own) != 41 { // every third of 120 rooms, plus the co-owned one
		t.Errorf("teacher has %d rooms on the dashboard", len(own))
	}
	for i := 1; i < len(own); i++ {
		if strings.ToLower(own[i-1]) >= strings.ToLower(own[i]) {
			t.Fatalf("not in name order: %q before %q", own[i-1], own[i])
		}
	}
	all := walkPages(t, func(k Keyset) ([]RoomListItem, Pager, error) { return RoomsPage(s.db, s.admin, RoomQuery{Keyset: k}) }, name)
	if len(all) != 120 {
		t.Errorf("admin sees %d rooms", len(all))
	}
	found, _, err := RoomsPage(s.db, s.admin, RoomQuery{Search: "room 011"})
	if err != nil || len(found) != 10 {
		var names []string
		for _, f := range found {
			names = append(names, f.Name)
		}
		t.Errorf("search: %v %v", names, err)
	}
	for _, f := range found {
		if !strings.HasPrefix(f.Name, "Room 011") || f.OwnerName == "" || f.TemplateName != "Standard" {
			t.Errorf("search found %+v", f)
		}
	}
	// A cursor whose room was deleted starts again at the first page.
	if got, p, err := RoomsPage(s.db, s.admin, RoomQuery{Keyset: Keyset{After: 999999}}); err != nil || len(got) != PageSize || p.PrevBefore != 0 {
		t.Errorf("gone cursor: %d rows, %+v, %v", len(got), p, err)
	}
}

func TestTemplateUserAndSchedulePages(t *testing.T) {
	t.Parallel()
	s := newListSchool(t, 30)
	tplName := func(t TemplateListItem) string { return t.Name }
	mine := walkPages(t, func(k Keyset) ([]TemplateListItem, Pager, error) {
		return TemplatesPage(s.db, s.teacher, TemplateQuery{Keyset: k})
	}, tplName)
	if len(mine) != 2 { // Standard and the seeded starter templates are global; no personal ones
		t.Logf("teacher templates: %v", mine)
	}
	theirs := walkPages(t, func(k Keyset) ([]TemplateListItem, Pager, error) {
		return TemplatesPage(s.db, s.other, TemplateQuery{Keyset: k})
	}, tplName)
	if len(theirs) != len(mine)+40 || theirs[0] != mine[0] || theirs[len(theirs)-1] != "Personal 39" {
		t.Errorf("globals first, then own by name: %v", theirs)
	}
	users := walkPages(t, func(k Keyset) ([]User, Pager, error) { return UsersPage(s.db, UserQuery{Keyset: k}) },
		func(u User) string { return u.Email })
	if len(users) != 300 || users[0] != "user000@school.test" {
		t.Errorf("%d users, first %q", len(users), users[0])
	}
	byName, _, err := UsersPage(s.db, UserQuery{Search: "person 29"})
	if err != nil || len(byName) != 10 {
		t.Errorf("by name: %d, %v", len(byName), err)
	}
	byEmail, _, _ := UsersPage(s.db, UserQuery{Search: "USER01"})
	if len(byEmail) != 10 || byEmail[0].Email != "user010@school.test" {
		t.Errorf("by e-mail: %+v", byEmail)
	}
	picks, err := CoOwnerSearch(s.db, s.teacher.ID, "user00", 10)
	if err != nil {
		t.Fatal(err)
	}
	var emails []string
	for _, u := range picks {
		emails = append(emails, u.Email)
	}
	// Not the owner (user001), not the disabled user007; by display name (the reverse of e-mail here).
	if strings.Join(emails, " ") != "user009@school.test user008@school.test user006@school.test user005@school.test user004@school.test user003@school.test user002@school.test user000@school.test" {
		t.Errorf("co-owner search: %v", emails)
	}
	if none, _ := CoOwnerSearch(s.db, s.teacher.ID, "  ", 10); len(none) != 0 {
		t.Errorf("an empty search lists %d accounts", len(none))
	}
	starts := walkPages(t, func(k Keyset) ([]Schedule, Pager, error) { return SchedulesPage(s.db, s.ownRoom, k) },
		func(s Schedule) string { return s.StartsAt.UTC().Format(time.RFC3339) })
	if len(starts) != 60 {
		t.Errorf("%d schedules", len(starts))
	}
	for i := 1; i < len(starts); i++ {
		if starts[i-1] > starts[i] {
			t.Fatalf("schedules not by start: %v", starts)
		}
	}
}

// sqlLog records every statement a session runs, with its arguments in place.
type sqlLog struct {
	logger.Interface
	mu  sync.Mutex
	sql []string
}

func (l *sqlLog) LogMode(logger.LogLevel) logger.Interface { return l }
func (l *sqlLog) Trace(_ context.Context, _ time.Time, fc func() (string, int64), _ error) {
	sql, _ := fc()
	l.mu.Lock()
	l.sql = append(l.sql, sql)
	l.mu.Unlock()
}

var fullScan = regexp.MustCompile(`\bSCAN (r|o|t|u|s|c|e|rooms|users|templates|schedules|room_co_owners|expected_recordings)\b`)

// TestListQueriesUseIndexes runs every list query the pages make (first, next, previous
// pages, searches) and checks that SQLite's plan reads no table or index in full.
func TestListQueriesUseIndexes(t *testing.T) {
	t.Parallel()
	s := newListSchool(t, 200)
	log := &sqlLog{Interface: logger.Discard}
	db := s.db.Session(&gorm.Session{Logger: log})
	for _, u := range []*User{s.teacher, s.admin} {
		for _, search := range []string{"", "Room 01"} {
			first, p, err := RoomsPage(db, u, RoomQuery{Search: search, Keyset: Keyset{Limit: 5}})
			if err != nil || len(first) == 0 {
				t.Fatal(err)
			}
			RoomsPage(db, u, RoomQuery{Search: search, Keyset: Keyset{After: p.NextAfter, Limit: 5}})
			RoomsPage(db, u, RoomQuery{Search: search, Keyset: Keyset{Before: first[len(first)-1].ID, Limit: 5}})
			OwnRoomsPage(db, u, RoomQuery{Search: search, Keyset: Keyset{After: first[0].ID}})
			DashboardRoomsPage(db, u, RoomQuery{Search: search, Keyset: Keyset{After: first[0].ID}})
			TemplatesPage(db, u, TemplateQuery{Search: search, Keyset: Keyset{Limit: 3}})
			TemplatesPage(db, u, TemplateQuery{Search: search, Keyset: Keyset{After: s.tpl.ID}})
			UsersPage(db, UserQuery{Search: search, Keyset: Keyset{After: s.other.ID}})
			UsersPage(db, UserQuery{Search: search})
		}
	}
	CoOwnerSearch(db, s.teacher.ID, "person", 10)
	SchedulesPage(db, s.ownRoom, Keyset{})
	SchedulesPage(db, s.ownRoom, Keyset{After: 3})
	RoomsByMeetingIDs(db, []string{"a", "b"})
	NextOccurrences(db, []uint{s.ownRoom, s.coRoom}, time.Now())
	UnlistedExpectedRecordings(db, []uint{s.ownRoom}, time.Now().Add(-time.Hour))
	UnlistedExpectedRecordings(db, []uint{s.ownRoom, s.coRoom}, time.Now().Add(-time.Hour))
	CoOwnerCandidates(db, s.teacher.ID, []uint{s.other.ID, s.admin.ID})
	RoomCountsOf(db, []uint{s.tpl.ID})
	RoomCountsUpTo(db, []uint{s.tpl.ID, s.tpl.ID + 1}, 101)
	FindAuditTargets(db, []uint{s.ownRoom, s.coRoom}, []uint{s.tpl.ID}, []uint{s.other.ID}, []string{"a", "b"})
	if len(log.sql) < 30 {
		t.Fatalf("only %d statements recorded", len(log.sql))
	}
	for _, sql := range log.sql {
		var plan []struct{ Detail string }
		if err := s.db.Raw("EXPLAIN QUERY PLAN " + sql).Scan(&plan).Error; err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
		for _, step := range plan {
			if fullScan.MatchString(step.Detail) {
				t.Errorf("%s\nreads a whole table: %s", sql, step.Detail)
			}
		}
	}
}

// The templates list counts a template's rooms only up to a limit, so that a template every
// room of a school uses costs no more than a small one.
func TestRoomCountsStopAtTheLimit(t *testing.T) {
	t.Parallel()
	s := newListSchool(t, 30)
	unused := &Template{Name: "Unused"}
	if err := SaveTemplate(s.db, unused); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		limit int
		want  int64
	}{{10, 10}, {30, 30}, {100, 30}} {
		got, err := RoomCountsUpTo(s.db, []uint{s.tpl.ID, unused.ID}, c.limit)
		if err != nil {
			t.Fatal(err)
		}
		if got[s.tpl.ID] != c.want || got[unused.ID] != 0 {
			t.Errorf("limit %d: counts %v, want %d for the used template and 0 for the unused one", c.limit, got, c.want)
		}
	}
}

var ownerNameSeek = regexp.MustCompile(`idx_rooms_owner_name \(owner_id=\? AND <expr>[<>]\?`)

// A page after or before a cursor seeks the cursor's place in the index, so a deep page costs
// what the first one does: the plan of each such query reads a range of the list's key.
func TestDeepPagesSeekTheirCursor(t *testing.T) {
	t.Parallel()
	s := newListSchool(t, 200)
	log := &sqlLog{Interface: logger.Discard}
	db := s.db.Session(&gorm.Session{Logger: log})
	first, p, err := OwnRoomsPage(db, s.teacher, RoomQuery{Keyset: Keyset{Limit: 5}})
	if err != nil || p.NextAfter == 0 {
		t.Fatal(p, err)
	}
	deep := first[len(first)-1].ID
	for range 5 {
		page, p, err := OwnRoomsPage(s.db, s.teacher, RoomQuery{Keyset: Keyset{After: deep, Limit: 5}})
		if err != nil || p.NextAfter == 0 {
			t.Fatal(p, err)
		}
		deep = page[len(page)-1].ID
	}
	OwnRoomsPage(db, s.teacher, RoomQuery{Keyset: Keyset{After: deep}})
	OwnRoomsPage(db, s.teacher, RoomQuery{Keyset: Keyset{Before: deep}})
	DashboardRoomsPage(db, s.teacher, RoomQuery{Keyset: Keyset{After: deep}})
	RoomsPage(db, s.teacher, RoomQuery{Keyset: Keyset{Before: deep}})
	RoomsPage(db, s.teacher, RoomQuery{Search: "Room", Keyset: Keyset{After: deep}})
	var checked int
	for _, sql := range log.sql {
		if !strings.Contains(sql, ") > (") && !strings.Contains(sql, ") < (") {
			continue // a first page or a cursor lookup
		}
		checked++
		var plan []struct{ Detail string }
		if err := s.db.Raw("EXPLAIN QUERY PLAN " + sql).Scan(&plan).Error; err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
		seeks := false
		for _, step := range plan {
			seeks = seeks || ownerNameSeek.MatchString(step.Detail)
		}
		if !seeks {
			t.Errorf("%s\nreads the owner's rooms from the start: %v", sql, plan)
		}
	}
	if checked != 5 {
		t.Fatalf("%d page queries after a cursor, want 5", checked)
	}
}
