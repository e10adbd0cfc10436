package handlers_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"bbbportal/bbb/bbbsim"
	"bbbportal/meetings"
	"bbbportal/models"
)

// TestMeetingEndedEventTellsRecordings: a recorded meeting ended inside BBB (no end request
// of the portal, the end callback lost) is confirmed through the webhook event alone, and the
// recordings hear of it: the room expects the meeting's recording.
func TestMeetingEndedEventTellsRecordings(t *testing.T) {
	t.Parallel()
	sim := bbbsim.Options{EndDelay: time.Second, HTTPClient: &http.Client{Transport: dropEndCallbacks{http.DefaultTransport}, Timeout: 5 * time.Second}}
	p := startMeetingPortal(t, sim, meetings.Config{FirstCheck: time.Hour, MaxInterval: time.Hour})
	if pg := p.as(p.admin).submit("/admin/hooks", "/admin/hooks/receive", url.Values{"receive": {"on"}}); pg.Status != http.StatusSeeOther {
		t.Fatalf("switch on: %d", pg.Status)
	}
	room := p.room(p.teacher, "Chemistry 8a", recordedRoom)
	p.start(room, p.teacher, "Kim", "Ada")
	info, _ := p.Sim.Meeting(room.MeetingID)

	if err := p.BBB.End(context.Background(), room.MeetingID); err != nil { // the moderator ends it in BBB
		t.Fatal(err)
	}
	p.clock.Advance(time.Second)
	p.Sim.FlushCallbacks()
	p.waitAudit("meeting.end.confirmed")
	if got := p.auditEntries("meeting.end.confirmed"); !strings.Contains(got[0].Details, `"via":"hook"`) {
		t.Fatalf("confirmed by %s, want the hook", got[0].Details)
	}

	deadline := time.Now().Add(10 * time.Second)
	for {
		var expected []models.ExpectedRecording
		if err := p.DB.Where("room_id = ?", room.ID).Find(&expected).Error; err != nil {
			t.Fatal(err)
		}
		if len(expected) == 1 && expected[0].InternalMeetingID == info.InternalMeetingID {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the recordings did not hear of the end: expected recordings %+v", expected)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
