package handlers_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"bbbportal/paths"
)

// card returns the dashboard's card of the room.
func card(t *testing.T, dash page, roomID uint) string {
	t.Helper()
	start := strings.Index(dash.Body, `<article class="room-card" aria-labelledby="room-card-`+itoa(roomID)+`"`)
	if start < 0 {
		t.Fatalf("the dashboard has no card of room %d:\n%s", roomID, dash.Body)
	}
	end := strings.Index(dash.Body[start:], "</article>")
	return dash.Body[start : start+end]
}

// Each room is a card with its state, its Start or Join button, its next scheduled time and
// its invite link; the cards' states reload themselves from the page's own URL.
func TestDashboardCardsShowStateNextTimeAndInvite(t *testing.T) {
	t.Parallel()
	f := newLinkPortal(t)
	live := f.newRoom(f.adaB, "Chemistry", nil)
	quiet := f.newRoom(f.adaB, "Geography", nil)
	invite := f.defaultLinkURL(f.adaB, quiet)
	f.startRoom(f.adaB, live)

	day := time.Now().AddDate(0, 0, 2)
	if pg := f.adaB.submit(paths.Schedules(quiet.ID), paths.Schedules(quiet.ID), url.Values{"title": {"Rivers"},
		"date": {day.Format("2006-01-02")}, "start": {"10:00"}, "end": {"11:00"}}); pg.Status != http.StatusSeeOther {
		t.Fatalf("schedule: %d\n%s", pg.Status, pg.Body)
	}

	dash := f.adaB.get("/")
	running := card(t, dash, live.ID)
	for _, want := range []string{"Running", "Nobody is in it.", `action="/rooms/` + itoa(live.ID) + `/start"`, ">Join<",
		"Open meeting", "Nothing scheduled"} {
		if !strings.Contains(running, want) {
			t.Errorf("running room's card lacks %q:\n%s", want, running)
		}
	}
	idle := card(t, dash, quiet.ID)
	for _, want := range []string{"Not running", ">Start<", "Next: " + day.Format("2 Jan 2006") + ", 10:00 · Rivers",
		`data-copy="` + invite + `"`, "Copy invite link"} {
		if !strings.Contains(idle, want) {
			t.Errorf("idle room's card lacks %q:\n%s", want, idle)
		}
	}
	if strings.Contains(idle, "Open meeting") || strings.Contains(idle, ">Join<") {
		t.Errorf("idle room's card offers its meeting:\n%s", idle)
	}
	dash.contains(t, `hx-get="/" hx-trigger="every 10s" hx-select-oob="#dashboard-status,#room-state-`)
	dash.contains(t, `hx-sync="this:drop"`)

	// In German, and the refresh keeps the page's search.
	f.adaB.submit("/account", "/account/language", url.Values{"language": {"de"}})
	de := f.adaB.get("/?q=Geo")
	de.contains(t, "Nächster Termin: "+day.Format("02.01.2006")+", 10:00 · Rivers")
	de.contains(t, `hx-get="/?q=Geo"`)

	// Pressing Start on a card starts the meeting, as on the room page.
	if pg := f.adaB.submit("/", paths.Room(quiet.ID, "start"), url.Values{}); pg.Status != http.StatusSeeOther {
		t.Fatalf("start from the dashboard: %d\n%s", pg.Status, pg.Body)
	}
	if _, ok := f.Sim.Meeting(quiet.MeetingID); !ok {
		t.Fatal("the card's Start did not start the meeting")
	}
}
