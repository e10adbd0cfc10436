package handlers_test

import (
	"net/url"
	"strings"
	"testing"

	"bbbportal/bbb/bbbsim"
	"bbbportal/meetings"
)

// TestConfirmationsSayWhenBBBCouldNotBeAsked: under getMeetingInfo faults the end and delete
// confirmations say "could not check: last known at T" with what was last known, never
// "Nobody is in it", and deleting offers to end the meeting too.
func TestConfirmationsSayWhenBBBCouldNotBeAsked(t *testing.T) {
	t.Parallel()
	p := startMeetingPortal(t, bbbsim.Options{}, meetings.Config{})
	room := p.room(p.teacher, "Music 5a", nil)
	p.start(room, p.teacher, "Kim")
	b := p.as(p.teacher)
	b.get("/rooms").contains(t, "Music 5a") // the live view reads getMeetings once
	p.Sim.SetFault("getMeetingInfo", bbbsim.Fault{Status: 503})

	end := b.get("/meetings/" + url.PathEscape(room.MeetingID) + "/end")
	end.contains(t, "Could not check with BBB: last known at")
	end.contains(t, "1 person is in it.")
	if strings.Contains(end.Body, "Nobody is in it") {
		t.Errorf("the end confirmation says nobody is in it while BBB could not be asked")
	}

	del := b.get(roomURL(room.ID, "delete"))
	del.contains(t, "Could not check with BBB: last known at")
	del.contains(t, "End the meeting and delete the room")
}

// TestChecksumErrorIsNotUnreachable: a server that answers checksumError is reachable and
// refuses the portal's secret; the pages say so, not "unreachable".
func TestChecksumErrorIsNotUnreachable(t *testing.T) {
	t.Parallel()
	p := startMeetingPortal(t, bbbsim.Options{}, meetings.Config{})
	room := p.room(p.teacher, "Art 7c", nil)
	p.start(room, p.teacher, "Kim")
	b := p.as(p.admin)
	p.Sim.SetFault("getMeetingInfo", bbbsim.Fault{FailKey: "checksumError", FailMessage: "Checksums do not match"})
	pg := b.get("/meetings/" + url.PathEscape(room.MeetingID))
	pg.contains(t, "BBB refused the portal&#39;s secret.")
	if strings.Contains(pg.Body, "unreachable") {
		t.Errorf("a checksum error is shown as unreachable")
	}
	b.get("/meetings/"+url.PathEscape(room.MeetingID)+"/end").contains(t, "The BBB server rejected the secret")
}
