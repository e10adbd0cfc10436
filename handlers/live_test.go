package handlers_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"bbbportal/bbb"
	"bbbportal/bbb/bbbsim"
	"bbbportal/meetings"
	"bbbportal/models"
)

func bbbCreate(name, id string) bbb.CreateParams {
	return bbb.CreateParams{Name: name, MeetingID: id}
}

func TestLiveViewListsEveryMeetingAndFilters(t *testing.T) {
	t.Parallel()
	p := startMeetingPortal(t, bbbsim.Options{}, meetings.Config{})
	room := p.room(p.teacher, "Maths 7b", nil)
	p.start(room, p.teacher, "Kim", "Ada", "Bo")
	if _, err := p.BBB.Create(t.Context(), bbbCreate("Staff meeting", "staff-1")); err != nil {
		t.Fatal(err)
	}
	b := p.as(p.admin)

	pg := b.get("/admin/meetings")
	if pg.Status != http.StatusOK {
		t.Fatalf("live view: %d", pg.Status)
	}
	for _, want := range []string{"Maths 7b", "kim", "Staff meeting", "not from this portal", "2 of 2 meetings shown", `hx-get="/admin/meetings/rows"`, `hx-trigger="every 5s"`} {
		pg.contains(t, want)
	}
	row := regexp.MustCompile(`(?s)<tr id="row-[^"]*">.*?</tr>`)
	for _, r := range row.FindAllString(pg.Body, -1) {
		if strings.Contains(r, "Maths 7b") && (strings.Contains(r, "not from this portal") || !strings.Contains(r, `<td class="num">3</td>`)) {
			t.Errorf("portal meeting row wrong: %s", r)
		}
	}

	cases := []struct {
		query    string
		shown    []string
		notShown []string
	}{
		{"show=portal", []string{"Maths 7b"}, []string{"Staff meeting"}},
		{"show=other", []string{"Staff meeting"}, []string{">Maths 7b<"}},
		{"q=staff", []string{"Staff meeting"}, []string{">Maths 7b<"}},
		{"q=KIM", []string{"Maths 7b"}, []string{"Staff meeting"}}, // the owner's name
		{"q=nothing-like-this", []string{"No meeting matches."}, []string{"Staff meeting"}},
	}
	for _, c := range cases {
		for _, path := range []string{"/admin/meetings?" + c.query, "/admin/meetings/rows?" + c.query} {
			pg := b.get(path)
			for _, s := range c.shown {
				pg.contains(t, s)
			}
			for _, s := range c.notShown {
				if strings.Contains(pg.Body, s) {
					t.Errorf("%s shows %q", path, s)
				}
			}
		}
	}
	rows := b.htmx("/admin/meetings/rows?q=staff")
	if !strings.HasPrefix(strings.TrimSpace(rows.Body), `<tbody id="live-rows" hx-get="/admin/meetings/rows?q=staff"`) || !strings.Contains(rows.Body, `hx-swap-oob="true"`) {
		t.Errorf("the refresh must be the table body (keeping the search) and the status out of band:\n%s", rows.Body)
	}
	if strings.Contains(rows.Body, "<html") {
		t.Error("the refresh is a whole page")
	}
}

func TestLiveViewWhileBBBMisbehaves(t *testing.T) {
	t.Parallel()
	p := startMeetingPortal(t, bbbsim.Options{}, meetings.Config{CallTimeout: 300 * time.Millisecond})
	room := p.room(p.teacher, "Maths 7b", nil)
	p.start(room, p.teacher, "Kim", "Ada")
	admin, teacher := p.as(p.admin), p.as(p.teacher)
	admin.get("/admin/meetings").contains(t, "Maths 7b")
	down := testStart.Add(time.Minute)

	unreachable := "BBB server unreachable since " + down.Local().Format("15:04")
	faults := []struct {
		name     string
		fault    bbbsim.Fault
		headline string
	}{
		{"HTTP 500", bbbsim.Fault{Status: 500}, unreachable},
		{"malformed XML", bbbsim.Fault{Malformed: true}, unreachable},
		{"timeout", bbbsim.Fault{Latency: time.Second}, unreachable},
		// BBB answers, so it is not unreachable: the admin must fix the secret.
		{"wrong secret", bbbsim.Fault{FailKey: "checksumError"}, "BBB refused the portal&#39;s secret."},
	}
	for i, f := range faults {
		t.Run(f.name, func(t *testing.T) {
			p.Sim.SetFault("getMeetings", f.fault)
			p.Sim.SetFault("getMeetingInfo", f.fault)
			p.clock.Advance(time.Minute)
			age := fmt.Sprintf("%d min ago", i+1)
			for _, path := range []string{"/admin/meetings", "/admin/meetings/rows", "/meetings/" + room.MeetingID} {
				pg := admin.get(path)
				if pg.Status != http.StatusOK {
					t.Fatalf("%s: status %d, want 200 with the last known data", path, pg.Status)
				}
				pg.contains(t, f.headline)
				pg.contains(t, "Maths 7b")
				if path != "/meetings/"+room.MeetingID {
					pg.contains(t, "Showing the last known data, read at "+testStart.Local().Format("15:04:05")+" ("+age+")")
				}
				if strings.Contains(pg.Body, "Something went wrong on our side") {
					t.Errorf("%s: an error page", path)
				}
			}
			dash := teacher.get("/")
			dash.contains(t, f.headline)
			dash.contains(t, "Running") // the last known state of the teacher's room
			teacher.get("/rooms").contains(t, f.headline)
		})
	}
	p.Sim.ClearFaults()
	p.clock.Advance(time.Minute)
	pg := admin.get("/admin/meetings")
	if strings.Contains(pg.Body, "unreachable") {
		t.Errorf("still reported down after recovery")
	}
	pg.contains(t, "1 of 1 meetings shown")
}

func TestBulkEndConfirmsEachMeeting(t *testing.T) {
	t.Parallel()
	p := startMeetingPortal(t, bbbsim.Options{EndDelay: 2 * time.Second}, meetings.Config{})
	a := p.room(p.teacher, "Maths 7b", nil)
	c := p.room(p.teacher, "Maths 8a", nil)
	p.start(a, p.teacher, "Kim", "Ada")
	p.start(c, p.teacher, "Kim")
	b := p.as(p.admin)

	confirm := b.submit("/admin/meetings", "/admin/meetings/end", url.Values{"meeting": {a.MeetingID, c.MeetingID}})
	if confirm.Status != http.StatusOK {
		t.Fatalf("bulk end confirmation: %d", confirm.Status)
	}
	for _, want := range []string{"End these 2 meetings now?", "Maths 7b</strong> — 2 people are in it.", "Maths 8a</strong> — 1 person is in it."} {
		confirm.contains(t, want)
	}
	if _, err := models.LatestEndWatch(p.DB, a.MeetingID); err == nil {
		t.Fatal("ended before the confirmation")
	}
	done := b.submit("/admin/meetings", "/admin/meetings/end", url.Values{"meeting": {a.MeetingID, c.MeetingID}, "confirm": {"yes"}})
	if done.Status != http.StatusSeeOther {
		t.Fatalf("bulk end: %d", done.Status)
	}
	wa, errA := models.LatestEndWatch(p.DB, a.MeetingID)
	wc, errC := models.LatestEndWatch(p.DB, c.MeetingID)
	if errA != nil || errC != nil || wa.ID == wc.ID || wa.Reason != meetings.ReasonBulk {
		t.Fatalf("each meeting needs its own watch: %+v %+v", wa, wc)
	}
	b.get("/admin/meetings").contains(t, "End requested for 2 meetings")
	p.waitChecks(wa.ID, 1)
	p.clock.Advance(2 * time.Second)
	b.waitPage("/admin/meetings", "Maths 8a:</span> <strong>Ended — confirmed")
	pg := b.waitPage("/admin/meetings", "Maths 7b:</span> <strong>Ended — confirmed")
	pg.contains(t, "0 of 0 meetings shown")
	if n := len(p.auditEntries("meeting.end.requested")); n != 2 {
		t.Errorf("%d end requests audited, want 2", n)
	}
	if pg := b.submit("/admin/meetings", "/admin/meetings/end", url.Values{}); pg.Status != http.StatusSeeOther {
		t.Errorf("bulk end of nothing: %d", pg.Status)
	}
}
