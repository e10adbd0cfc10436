package handlers_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"bbbportal/models"
	"bbbportal/paths"
)

// "Who may start" is the room's own rule: with "anyone", the first pupil on the attendee link
// starts the meeting (and joins as a viewer); with "moderators", the pupil waits.
func TestWhoMayStartDecidesWhetherAnAttendeeLinkStarts(t *testing.T) {
	t.Parallel()
	f := newLinkPortal(t)
	open := f.newRoom(f.adaB, "Study hall", url.Values{"who_may_start": {"anyone"}})
	closed := f.newRoom(f.adaB, "Maths 7b", nil)
	if !open.AttendeesMayStart || closed.AttendeesMayStart {
		t.Fatalf("stored: anyone %v, default %v", open.AttendeesMayStart, closed.AttendeesMayStart)
	}
	f.adaB.get(paths.Room(open.ID, "edit")).contains(t, `name="who_may_start" value="anyone" checked`)

	pg := f.guest().joinAs(f.defaultLinkURL(f.adaB, open), url.Values{"name": {"Lea"}})
	if u := f.followJoin(pg, open); u.Role != "VIEWER" {
		t.Fatalf("the pupil who started joined as %s", u.Role)
	}

	wait := f.guest().joinAs(f.defaultLinkURL(f.adaB, closed), url.Values{"name": {"Cem"}})
	if wait.Status != http.StatusOK {
		t.Fatalf("attendee of a moderators-only room: %d %q", wait.Status, wait.Header.Get("Location"))
	}
	wait.contains(t, "Waiting for the meeting to start")
	if _, ok := f.Sim.Meeting(closed.MeetingID); ok {
		t.Fatal("an attendee link started a moderators-only room")
	}

	// Switching the setting on the edit form lets the next attendee start it.
	var tpl models.Template
	if err := f.DB.First(&tpl, closed.TemplateID).Error; err != nil {
		t.Fatal(err)
	}
	saved := f.adaB.submit(paths.Room(closed.ID, "edit"), paths.Room(closed.ID),
		url.Values{"name": {closed.Name}, "template_id": {itoa(tpl.ID)}, "who_may_start": {"anyone"}})
	if saved.Status != http.StatusSeeOther {
		t.Fatalf("save: %d\n%s", saved.Status, saved.Body)
	}
	var details string
	if err := f.DB.Raw("SELECT details FROM audit_entries WHERE action = ? AND target_id = ? ORDER BY id DESC LIMIT 1",
		"room.update", itoa(closed.ID)).Scan(&details).Error; err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(details, `"attendees_may_start":{"after":true,"before":false}`) {
		t.Fatalf("audit details %s", details)
	}
	// An opened link keeps its room for up to a second (links' cache): wait for the change.
	invite := f.defaultLinkURL(f.adaB, closed)
	deadline := time.Now().Add(5 * time.Second)
	for {
		pg = f.guest().joinAs(invite, url.Values{"name": {"Ben"}})
		if pg.Status == http.StatusSeeOther {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("after switching to anyone, the attendee still waits: %d\n%s", pg.Status, pg.Body)
		}
		time.Sleep(100 * time.Millisecond)
	}
	f.followJoin(pg, closed)
}
