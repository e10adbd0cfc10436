package handlers_test

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"bbbportal/audit"
	"bbbportal/bbb/bbbsim"
	"bbbportal/meetings"
	"bbbportal/models"
)

// dropEndCallbacks is the simulator's HTTP client with the end callback lost on the way (a
// firewall, a wrong BASE_URL): only the webhook event can tell the portal early.
type dropEndCallbacks struct{ next http.RoundTripper }

func (d dropEndCallbacks) RoundTrip(r *http.Request) (*http.Response, error) {
	if strings.HasPrefix(r.URL.Path, "/callbacks/end") {
		return nil, errors.New("dropped")
	}
	return d.next.RoundTrip(r)
}

func TestPushedMeetingEndedConfirmsBeforeTheNextPoll(t *testing.T) {
	t.Parallel()
	sim := bbbsim.Options{EndDelay: time.Second, HTTPClient: &http.Client{Transport: dropEndCallbacks{http.DefaultTransport}, Timeout: 5 * time.Second}}
	// The watcher's first poll is an hour away: only the event can confirm within the test.
	p := startMeetingPortal(t, sim, meetings.Config{FirstCheck: time.Hour, MaxInterval: time.Hour})
	admin := p.as(p.admin)
	if pg := admin.submit("/admin/hooks", "/admin/hooks/receive", url.Values{"receive": {"on"}}); pg.Status != http.StatusSeeOther {
		t.Fatalf("switch on: %d", pg.Status)
	}
	list := admin.get("/admin/hooks")
	list.contains(t, "Receiving BBB events: the hook is registered")
	list.contains(t, p.URL+"/callbacks/hooks")

	room := p.room(p.teacher, "Physics 9c", nil)
	p.start(room, p.teacher, "Kim", "Ada")
	b := p.as(p.teacher)
	partial, id := endThroughPages(t, b, room.MeetingID, "2 people are in it.")

	p.clock.Advance(time.Second) // BBB ends the meeting and sends meeting-ended to the hook
	p.Sim.FlushCallbacks()
	b.waitPage(partial, "Ended — confirmed").contains(t, "(reported by a BBB event)")
	w := p.watch(id)
	if w.ConfirmedVia != meetings.ConfirmedByHook || w.Checks != 0 {
		t.Fatalf("confirmed via %q after %d polls, want the hook before any poll", w.ConfirmedVia, w.Checks)
	}
	if run, err := models.ActiveRun(p.DB, room.MeetingID); !errors.Is(err, models.ErrNotFound) {
		t.Errorf("the meeting's run is still open: %+v %v", run, err)
	}
	confirmed := p.auditEntries("meeting.end.confirmed")
	if len(confirmed) != 1 || !strings.Contains(confirmed[0].Details, `"via":"hook"`) {
		t.Errorf("confirmation audit: %+v", confirmed)
	}

	// Switched off, the hook is removed from BBB.
	if pg := admin.submit("/admin/hooks", "/admin/hooks/receive", url.Values{"receive": {"off"}}); pg.Status != http.StatusSeeOther {
		t.Fatalf("switch off: %d", pg.Status)
	}
	off := admin.get("/admin/hooks")
	off.contains(t, "Not receiving BBB events")
	if strings.Contains(off.Body, p.URL+"/callbacks/hooks</code>") {
		t.Error("the portal's hook is still listed after switching off")
	}
	if r := p.auditEntries("hooks.own.remove"); len(r) != 1 || r[0].Result != audit.ResultOK {
		t.Errorf("removal audit: %+v", r)
	}
}

// hookEvent is a bbb-webhooks 3.4+ POST body of one mapped event.
func hookEvent(id, meetingID string, at time.Time) string {
	ev, _ := json.Marshal([]any{map[string]any{"data": map[string]any{"type": "event", "id": id,
		"attributes": map[string]any{"meeting": map[string]any{"external-meeting-id": meetingID, "internal-meeting-id": "int-" + meetingID}}}}})
	return url.Values{"domain": {"bbb.example.org"}, "event": {string(ev)}, "timestamp": {strconv.FormatInt(at.UnixMilli(), 10)}}.Encode()
}

func postEvent(t *testing.T, base, checksum, body string) int {
	t.Helper()
	target := base + "/callbacks/hooks"
	if checksum != "" {
		target += "?checksum=" + checksum
	}
	resp, err := http.Post(target, "application/x-www-form-urlencoded", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

func TestForgedAndReplayedEventsAreRefusedAndAuditedOncePerMinute(t *testing.T) {
	t.Parallel()
	p := startMeetingPortal(t, bbbsim.Options{}, meetings.Config{})
	callback := p.URL + "/callbacks/hooks"
	body := hookEvent("user-joined", "maths-7b", p.clock.Now())
	good := bbbsim.HookChecksum(callback, body, p.Config.BBBSecret)

	if got := postEvent(t, p.URL, good, body); got != http.StatusOK {
		t.Fatalf("a genuine event: %d", got)
	}
	if got := postEvent(t, p.URL, good, body); got != http.StatusConflict {
		t.Errorf("the same event again (a replay): %d, want 409", got)
	}
	forged := bbbsim.HookChecksum(callback, body, "not-the-secret")
	for range 5 {
		if got := postEvent(t, p.URL, forged, hookEvent("meeting-ended", "maths-7b", p.clock.Now())); got != http.StatusUnauthorized {
			t.Errorf("forged checksum: %d, want 401", got)
		}
	}
	if got := postEvent(t, p.URL, "", body); got != http.StatusUnauthorized {
		t.Errorf("no checksum: %d", got)
	}
	old := hookEvent("user-left", "maths-7b", p.clock.Now().Add(-time.Hour))
	if got := postEvent(t, p.URL, bbbsim.HookChecksum(callback, old, p.Config.BBBSecret), old); got != http.StatusConflict {
		t.Errorf("an event an hour old: %d, want 409", got)
	}
	if err := p.P.Refusals.Flush(t.Context()); err != nil {
		t.Fatal(err)
	}
	refused := p.auditEntries("hooks.event")
	if len(refused) != 1 {
		t.Fatalf("want the 8 refusals of this minute as one entry, got %d: %+v", len(refused), refused)
	}
	if e := refused[0]; e.Result != audit.ResultDenied || e.ClientIP != "127.0.0.1" || !strings.Contains(e.Details, `"count":8`) {
		t.Errorf("folded refusal: %+v", e)
	}
	if strings.Contains(refused[0].Details, forged) || strings.Contains(refused[0].Details, good) {
		t.Error("a checksum was stored")
	}
}
