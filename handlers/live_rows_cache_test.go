package handlers_test

import (
	"strings"
	"testing"
	"time"

	"bbbportal/bbb/bbbsim"
	"bbbportal/meetings"
)

// The live rows are rendered once per answer of BBB and shared by every admin: a shared copy
// must still follow each reader's language and filter, show an end right after it is
// requested, and give way to BBB's next answer.
func TestLiveRowsSharedBetweenAdminsStayCorrect(t *testing.T) {
	t.Parallel()
	p := startMeetingPortal(t, bbbsim.Options{EndDelay: time.Hour}, meetings.Config{})
	maths := p.room(p.teacher, "Maths 7b", nil)
	p.start(maths, p.teacher, "Kim", "Ada")
	if _, err := p.BBB.Create(t.Context(), bbbCreate("Staff meeting", "staff-1")); err != nil {
		t.Fatal(err)
	}
	english, german := p.as(p.admin), p.as(p.admin)
	german.header.Set("Accept-Language", "de")

	english.htmx("/admin/meetings/rows").contains(t, "not from this portal")
	de := german.htmx("/admin/meetings/rows")
	de.contains(t, "nicht von diesem Portal")
	if strings.Contains(de.Body, "not from this portal") {
		t.Error("the German admin got the English rows")
	}
	en := english.htmx("/admin/meetings/rows")
	en.contains(t, "not from this portal")
	if strings.Contains(en.Body, "nicht von diesem Portal") {
		t.Error("the English admin got the German rows")
	}

	staff := english.htmx("/admin/meetings/rows?q=staff")
	staff.contains(t, "Staff meeting")
	if strings.Contains(staff.Body, ">Maths 7b<") {
		t.Error("the search got the unfiltered rows")
	}
	english.htmx("/admin/meetings/rows?show=portal").contains(t, ">Maths 7b<")

	// An end requested between two refreshes of the same answer shows at once.
	if _, err := p.Meet.RequestEnd(t.Context(), meetings.EndRequest{MeetingID: maths.MeetingID, MeetingName: maths.Name,
		Reason: meetings.ReasonManual}); err != nil {
		t.Fatal(err)
	}
	english.htmx("/admin/meetings/rows").contains(t, "End requested")
	german.htmx("/admin/meetings/rows").contains(t, "Beenden angefordert")

	// A meeting BBB reports later appears with the next answer.
	if _, err := p.BBB.Create(t.Context(), bbbCreate("Chess club", "chess-1")); err != nil {
		t.Fatal(err)
	}
	p.clock.Advance(2 * time.Second)
	english.htmx("/admin/meetings/rows").contains(t, "Chess club")
	english.htmx("/admin/meetings/rows").contains(t, "3 of 3 meetings shown")
}
