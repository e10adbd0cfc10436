package handlers_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"bbbportal/audit"
	"bbbportal/bbb/bbbsim"
	"bbbportal/meetings"
	"bbbportal/models"
)

// endThroughPages asks for the confirmation, posts it as the browser does and returns the
// status partial's URL and watch ID from the meeting page.
func endThroughPages(t *testing.T, b *browser, meetingID, question string) (string, uint) {
	t.Helper()
	path := "/meetings/" + url.PathEscape(meetingID)
	confirm := b.get(path + "/end")
	if confirm.Status != http.StatusOK {
		t.Fatalf("confirmation page: %d", confirm.Status)
	}
	confirm.contains(t, question)
	if pg := b.submit(path+"/end", path+"/end", url.Values{}); pg.Status != http.StatusSeeOther || pg.Header.Get("Location") != path {
		t.Fatalf("end: status %d, location %q", pg.Status, pg.Header.Get("Location"))
	}
	pg := b.get(path)
	pg.contains(t, "End requested…")
	m := watchURL.FindStringSubmatch(pg.Body)
	if m == nil {
		t.Fatalf("meeting page has no polling status:\n%s", pg.Body)
	}
	return m[1], atoiT(t, m[2])
}

func TestEndThroughThePagesIsConfirmedLive(t *testing.T) {
	t.Parallel()
	p := startMeetingPortal(t, bbbsim.Options{EndDelay: 3 * time.Second}, meetings.Config{})
	room := p.room(p.teacher, "Maths 7b", nil)
	p.start(room, p.teacher, "Kim", "Ada", "Bo")
	b := p.as(p.teacher)

	partial, id := endThroughPages(t, b, room.MeetingID, "End «Maths 7b» now? 3 people are in it.")
	p.waitChecks(id, 2)
	pg := b.htmx(partial)
	pg.contains(t, "End requested…")
	pg.contains(t, `hx-trigger="every 1s"`)

	p.clock.Advance(3 * time.Second) // BBB ends the meeting now
	want := "Ended — confirmed at " + testStart.Add(3*time.Second).Local().Format("15:04:05") + ", 3.0 s after the request"
	pg = b.waitPage(partial, want)
	if strings.Contains(pg.Body, "hx-trigger") {
		t.Errorf("the confirmed status keeps polling:\n%s", pg.Body)
	}
	if w := p.watch(id); w.ConfirmedVia != models.ConfirmedByPoll && w.ConfirmedVia != models.ConfirmedByCallback {
		t.Errorf("confirmed via %q", w.ConfirmedVia)
	}
	b.get("/meetings/"+room.MeetingID).contains(t, want)
	requested := p.auditEntries("meeting.end.requested")
	if len(requested) != 1 || requested[0].ActorID == nil || *requested[0].ActorID != p.teacher.ID || requested[0].Result != audit.ResultOK {
		t.Errorf("end request audit: %+v", requested)
	}
	p.waitAudit("meeting.end.confirmed", "meeting.end.callback")
}

func TestEndTimeoutThenRetryThroughThePages(t *testing.T) {
	t.Parallel()
	p := startMeetingPortal(t, bbbsim.Options{EndDelay: time.Hour}, meetings.Config{})
	room := p.room(p.teacher, "Physics", nil)
	p.start(room, p.teacher, "Kim")
	b := p.as(p.teacher)

	partial, id := endThroughPages(t, b, room.MeetingID, "End «Physics» now? 1 person is in it.")
	p.waitChecks(id, 1)
	p.clock.Advance(61 * time.Second)
	pg := b.waitPage(partial, "Still running after 60 s")
	pg.contains(t, "/watch/"+itoa(id)+"/retry")
	if strings.Contains(pg.Body, "hx-trigger") {
		t.Errorf("a timed-out status keeps polling")
	}
	if len(p.auditEntries("meeting.end.timeout")) != 1 {
		t.Error("timeout not audited")
	}

	retry := b.submit("/meetings/"+room.MeetingID, partial+"/retry", url.Values{})
	if retry.Status != http.StatusSeeOther {
		t.Fatalf("retry: %d", retry.Status)
	}
	b.get(partial).contains(t, "End requested…")
	if len(p.auditEntries("meeting.end.requested")) != 2 {
		t.Error("retry did not send end again")
	}
	p.clock.Advance(time.Hour) // the slow server ends it at last
	b.waitPage(partial, "Ended — confirmed at")
}

func TestRetryWithHtmxAnswersTheStatusPartial(t *testing.T) {
	t.Parallel()
	p := startMeetingPortal(t, bbbsim.Options{EndDelay: time.Hour}, meetings.Config{EndTimeout: time.Second})
	room := p.room(p.teacher, "Chemistry", nil)
	p.start(room, p.teacher, "Kim")
	b := p.as(p.teacher)
	partial, id := endThroughPages(t, b, room.MeetingID, "End «Chemistry» now?")
	p.waitChecks(id, 1)
	p.clock.Advance(2 * time.Second)
	b.waitPage(partial, "Still running after 1 s")

	token := csrfInput.FindStringSubmatch(b.get("/meetings/" + room.MeetingID).Body)[1]
	req, _ := http.NewRequest(http.MethodPost, b.base+partial+"/retry", nil)
	req.Header.Set("HX-Request", "true")
	req.Header.Set("X-CSRF-Token", token)
	pg := b.do(req)
	if pg.Status != http.StatusOK || !strings.Contains(pg.Body, "End requested…") || !strings.Contains(pg.Body, `id="watch-`+itoa(id)+`"`) {
		t.Fatalf("htmx retry answered %d:\n%s", pg.Status, pg.Body)
	}
}

func TestEndCallbackFromTheSimulatorConfirms(t *testing.T) {
	t.Parallel()
	// The watcher never polls within the test: only BBB's callback can confirm.
	p := startMeetingPortal(t, bbbsim.Options{EndDelay: time.Second}, meetings.Config{FirstCheck: time.Hour, MaxInterval: time.Hour})
	room := p.room(p.teacher, "History", nil)
	p.start(room, p.teacher, "Kim", "Ada")
	b := p.as(p.teacher)
	partial, id := endThroughPages(t, b, room.MeetingID, "2 people are in it.")

	p.clock.Advance(time.Second) // the simulator ends the meeting and calls BASE_URL/callbacks/end
	p.Sim.FlushCallbacks()
	b.waitPage(partial, "reported by the BBB server")
	if w := p.watch(id); w.ConfirmedVia != models.ConfirmedByCallback || w.Checks != 0 {
		t.Errorf("confirmed via %q after %d checks", w.ConfirmedVia, w.Checks)
	}
	calls := p.auditEntries("meeting.end.callback")
	if len(calls) != 1 || calls[0].Result != audit.ResultOK {
		t.Fatalf("the callback (probe and call) should be audited once as accepted: %+v", calls)
	}

	anon := newBrowser(t, p.URL)
	for _, q := range []string{
		"token=forged&meetingID=" + url.QueryEscape(room.MeetingID),
		"meetingID=" + url.QueryEscape(room.MeetingID),
		"token=forged",
	} {
		if pg := anon.get("/callbacks/end?" + q + "&recordingmarks=false"); pg.Status != http.StatusForbidden {
			t.Errorf("callback %q: status %d, want 403", q, pg.Status)
		}
	}
	if err := p.P.Refusals.Flush(t.Context()); err != nil {
		t.Fatal(err)
	}
	denied := p.auditEntries("meeting.end.callback")[1:]
	if len(denied) != 1 || denied[0].Result != audit.ResultDenied || denied[0].ClientIP == "" || !strings.Contains(denied[0].Details, `"count":3`) {
		t.Errorf("refused callbacks audit, want one entry counting the three: %+v", denied)
	}
	for _, e := range denied {
		if strings.Contains(e.Details, "forged") {
			t.Errorf("the presented token was stored: %s", e.Details)
		}
	}
}

func TestMeetingEndedBySomeoneElseShowsConfirmed(t *testing.T) {
	t.Parallel()
	p := startMeetingPortal(t, bbbsim.Options{EndDelay: time.Second}, meetings.Config{})
	room := p.room(p.teacher, "Art", nil)
	p.start(room, p.teacher, "Kim")
	b := p.as(p.teacher)
	b.get("/meetings/"+room.MeetingID+"/end").contains(t, "End «Art» now?")
	if err := p.BBB.End(t.Context(), room.MeetingID); err != nil { // another front end ends it meanwhile
		t.Fatal(err)
	}
	p.clock.Advance(time.Second)
	b.submit("/meetings/"+room.MeetingID, "/meetings/"+room.MeetingID+"/end", url.Values{})
	pg := b.waitPage("/meetings/"+room.MeetingID, "Ended — confirmed at")
	pg.contains(t, "0.0 s after the request")
	pg.contains(t, "This meeting is not running.")
}

func TestMeetingPageShowsAttendeesAndHidesCallbackTokens(t *testing.T) {
	t.Parallel()
	p := startMeetingPortal(t, bbbsim.Options{}, meetings.Config{})
	room := p.room(p.teacher, "Biology", nil)
	p.start(room, p.teacher, "Kim Teacher", "Ada Student")
	if _, err := p.Sim.CreateBreakoutRooms(room.MeetingID, 2); err != nil {
		t.Fatal(err)
	}
	pg := p.as(p.teacher).get("/meetings/" + room.MeetingID)
	if pg.Status != http.StatusOK {
		t.Fatalf("meeting page: %d", pg.Status)
	}
	for _, want := range []string{"Kim Teacher", "Ada Student", "Moderator", "Attendee", "HTML5", "Breakout rooms", "Biology (Room 1)", ">End</a>"} {
		pg.contains(t, want)
	}
	token := p.Sim.LastCreateQuery(room.MeetingID).Get("meta_endCallbackUrl")
	token = token[strings.Index(token, "token=")+len("token="):]
	if strings.Contains(pg.Body, token) || strings.Contains(pg.Body, "callbacks/end") {
		t.Error("the meeting page shows the end callback URL with its token")
	}
}

func TestMeetingAccessIsLimitedToManagedRooms(t *testing.T) {
	t.Parallel()
	p := startMeetingPortal(t, bbbsim.Options{}, meetings.Config{})
	room := p.room(p.teacher, "Geography", nil)
	p.start(room, p.teacher, "Kim")
	other := p.createUser("lee@example.org", models.RoleTeacher, testPassword)
	if _, err := p.BBB.Create(t.Context(), bbbCreate("Staff meeting", "staff-1")); err != nil {
		t.Fatal(err)
	}
	w, err := p.Meet.RequestEnd(t.Context(), meetings.EndRequest{MeetingID: "staff-1", MeetingName: "Staff meeting", Reason: meetings.ReasonManual})
	if err != nil {
		t.Fatal(err)
	}

	lee := p.as(other)
	mine := "/meetings/" + room.MeetingID
	for _, path := range []string{mine, mine + "/end", "/meetings/staff-1", "/meetings/staff-1/watch/" + itoa(w.ID), "/meetings/nope"} {
		if pg := lee.get(path); pg.Status != http.StatusNotFound {
			t.Errorf("another teacher GET %s: %d, want 404", path, pg.Status)
		}
	}
	if pg := lee.submit("/", mine+"/end", url.Values{}); pg.Status != http.StatusNotFound {
		t.Errorf("another teacher ending the meeting: %d, want 404", pg.Status)
	}
	if _, err := models.LatestEndWatch(p.DB, room.MeetingID); err == nil {
		t.Error("a refused end created a watch")
	}
	if pg := lee.get("/admin/meetings"); pg.Status != http.StatusForbidden {
		t.Errorf("teacher on the live view: %d, want 403", pg.Status)
	}
	if pg := p.as(p.teacher).get("/meetings/" + room.MeetingID + "/watch/" + itoa(w.ID)); pg.Status != http.StatusNotFound {
		t.Errorf("a watch of another meeting under this meeting's path: %d, want 404", pg.Status)
	}
	admin := p.as(p.admin)
	admin.get("/meetings/staff-1").contains(t, "Not created by this portal")
	if pg := admin.get("/meetings/no-such-meeting"); pg.Status != http.StatusNotFound {
		t.Errorf("unknown meeting: %d, want 404", pg.Status)
	}
}
