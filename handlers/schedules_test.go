package handlers_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"bbbportal/bbb/bbbsim"
	"bbbportal/meetings"
	"bbbportal/models"
)

func TestSchedulesPagesAndCalendar(t *testing.T) {
	t.Parallel()
	p := startMeetingPortal(t, bbbsim.Options{}, meetings.Config{})
	room := p.room(p.teacher, "Maths 7b", nil)
	b := p.as(p.teacher)
	path := "/rooms/" + itoa(room.ID) + "/schedules"

	bad := b.submit(path, path, url.Values{"date": {"2026-11-30"}, "start": {"10:00"}, "end": {"09:00"}})
	if bad.Status != http.StatusUnprocessableEntity {
		t.Fatalf("invalid schedule: %d", bad.Status)
	}
	bad.contains(t, "The end must be after the start")
	bad.contains(t, `value="2026-11-30"`)

	pg := b.submit(path, path, url.Values{"title": {"Weekly lesson"}, "date": {"2026-11-30"}, "start": {"10:00"}, "end": {"10:45"}, "weekly": {"on"}})
	if pg.Status != http.StatusSeeOther {
		t.Fatalf("create schedule: %d", pg.Status)
	}
	list := b.get(path)
	list.contains(t, "Weekly lesson")
	list.contains(t, "Every week")
	scheds, _ := models.SchedulesOfRoom(p.DB, room.ID)
	if len(scheds) != 1 || !scheds[0].Weekly || scheds[0].EndsAt.Sub(scheds[0].StartsAt) != 45*time.Minute {
		t.Fatalf("stored schedules: %+v", scheds)
	}
	if len(p.auditEntries("schedule.create")) != 1 {
		t.Error("schedule creation not audited")
	}
	ics := b.get(path + "/" + itoa(scheds[0].ID) + ".ics")
	if ics.Status != http.StatusOK || !strings.HasPrefix(ics.Header.Get("Content-Type"), "text/calendar") {
		t.Fatalf("ics: %d %s", ics.Status, ics.Header.Get("Content-Type"))
	}
	for _, want := range []string{"BEGIN:VCALENDAR\r\n", "BEGIN:VEVENT\r\n", "RRULE:FREQ=WEEKLY\r\n", "SUMMARY:Weekly lesson (Maths 7b)\r\n",
		"DTSTART:" + scheds[0].StartsAt.UTC().Format("20060102T150405Z") + "\r\n", "END:VCALENDAR\r\n"} {
		if !strings.Contains(ics.Body, want) {
			t.Errorf("ics lacks %q:\n%s", want, ics.Body)
		}
	}

	lee := p.as(p.createUser("lee@example.org", models.RoleTeacher, testPassword))
	for _, other := range []string{path, path + "/" + itoa(scheds[0].ID) + ".ics"} {
		if pg := lee.get(other); pg.Status != http.StatusNotFound {
			t.Errorf("another teacher GET %s: %d, want 404", other, pg.Status)
		}
	}
	if pg := lee.submit("/", path+"/"+itoa(scheds[0].ID)+"/delete", url.Values{}); pg.Status != http.StatusNotFound {
		t.Errorf("another teacher deleting: %d, want 404", pg.Status)
	}
	if pg := b.submit(path, path+"/"+itoa(scheds[0].ID)+"/delete", url.Values{}); pg.Status != http.StatusSeeOther {
		t.Fatalf("delete: %d", pg.Status)
	}
	b.get(path).contains(t, "No meetings are scheduled")
}

func TestScheduledMeetingEndsOnTimeAndShowsOnTheDashboard(t *testing.T) {
	t.Parallel()
	p := startMeetingPortal(t, bbbsim.Options{EndDelay: time.Second}, meetings.Config{})
	room := p.room(p.teacher, "Maths 7b", nil)
	sc := &models.Schedule{RoomID: room.ID, StartsAt: testStart.Add(-time.Minute), EndsAt: testStart.Add(30 * time.Minute)}
	if err := models.SaveSchedule(p.DB, sc); err != nil {
		t.Fatal(err)
	}
	p.start(room, p.teacher, "Kim", "Ada")
	b := p.as(p.teacher)
	dash := b.get("/")
	dash.contains(t, "Running")
	dash.contains(t, "2 people are in it.")

	p.clock.Advance(30 * time.Minute)
	if err := p.Meet.Tick(t.Context()); err != nil {
		t.Fatal(err)
	}
	w, err := models.LatestEndWatch(p.DB, room.MeetingID)
	if err != nil || w.Reason != meetings.ReasonOnTime {
		t.Fatalf("no on-time end: %v %+v", err, w)
	}
	p.waitChecks(w.ID, 1)
	p.clock.Advance(time.Second)
	b.waitPage("/", "Ended — confirmed at")
	b.get("/").contains(t, "Not running")
}
