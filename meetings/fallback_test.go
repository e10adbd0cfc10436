package meetings

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"bbbportal/audit"
	"bbbportal/bbb"
	"bbbportal/bbb/bbbsim"
	"bbbportal/createopts"
	"bbbportal/models"
)

// lister is a second service on e's database and simulator whose getMeetingInfo calls are counted.
func lister(e *env) (*Service, *atomic.Int64) {
	var calls atomic.Int64
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/getMeetingInfo") {
			calls.Add(1)
		}
		e.sim.ServeHTTP(w, r)
	}))
	e.t.Cleanup(ts.Close)
	client, err := bbb.New(ts.URL+"/bigbluebutton/api/", testSecret)
	if err != nil {
		e.t.Fatal(err)
	}
	svc := New(e.db, client, e.audit, Config{}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	e.t.Cleanup(svc.Close)
	return svc, &calls
}

// TestLiveListFallsBackWhenGetMeetingsIsSwitchedOff: Scalelite's getMeetings answers
// noMeetings; the portal's running meetings are found one by one, bounded and cached, and the
// snapshot says that the list is incomplete.
func TestLiveListFallsBackWhenGetMeetingsIsSwitchedOff(t *testing.T) {
	t.Parallel()
	e := newEnv(t, bbbsim.Options{Profile: bbbsim.ProfileScalelite}, Config{})
	svc, calls := lister(e)
	ctx := context.Background()
	snap := svc.Live.Get(ctx)
	if snap.Unlisted || len(snap.Meetings) != 0 {
		t.Fatalf("nothing running: %+v", snap)
	}

	e.startAndEnter(e.room)
	other := e.newRoom("Physics", createopts.Settings{}, nil)
	e.startAndEnter(other)
	if _, err := e.client.Create(ctx, bbb.CreateParams{Name: "Elsewhere", MeetingID: "elsewhere"}); err != nil {
		t.Fatal(err)
	}
	svc.Live.Refresh()
	snap = svc.Live.Get(ctx)
	if !snap.Unlisted {
		t.Error("the snapshot does not say that meetings started elsewhere cannot be listed")
	}
	if len(snap.Meetings) != 2 {
		t.Fatalf("listed %d meetings, want the portal's 2: %+v", len(snap.Meetings), snap.Meetings)
	}
	if m, ok := snap.Find(e.room.MeetingID); !ok || m.ParticipantCount != 1 {
		t.Errorf("the room's meeting: %+v, %v", m, ok)
	}
	if n := calls.Load(); n != 2 {
		t.Errorf("%d getMeetingInfo calls, want one per running room", n)
	}
	if !svc.ServerKnown().Lacks(FeatureMeetingsList) {
		t.Error("the server info does not say that getMeetings does not list meetings")
	}

	// Pages polling within the cache time reuse the answers (a Refresh, after a start or a
	// webhook event, drops them).
	e.clock.Advance(1100 * time.Millisecond) // older than the live cache's minimum age
	svc.Live.Get(ctx)
	if n := calls.Load(); n != 2 {
		t.Errorf("%d getMeetingInfo calls after a second listing right away, want 2 (cached)", n)
	}

	// An ended run is not asked for.
	if err := models.MarkMeetingEnded(e.db, other.MeetingID, e.clock.Now()); err != nil {
		t.Fatal(err)
	}
	svc.Live.Refresh()
	snap = svc.Live.Get(ctx)
	if _, ok := snap.Find(other.MeetingID); ok || len(snap.Meetings) != 1 || calls.Load() != 3 {
		t.Errorf("after Physics ended: %d getMeetingInfo calls in all, %+v", calls.Load(), snap.Meetings)
	}
}

// TestLiveListFallbackIsBounded: with more running rooms than the bound, at most
// fallbackRooms are asked.
func TestLiveListFallbackIsBounded(t *testing.T) {
	t.Parallel()
	e := newEnv(t, bbbsim.Options{Profile: bbbsim.ProfileScalelite}, Config{})
	svc, calls := lister(e)
	for i := range fallbackRooms + 5 {
		r := e.newRoom(fmt.Sprintf("Room %d", i), createopts.Settings{}, nil)
		if _, err := e.svc.Start(context.Background(), r, e.user, audit.Record{}); err != nil {
			t.Fatal(err)
		}
	}
	svc.Live.Refresh()
	snap := svc.Live.Get(context.Background())
	if n := calls.Load(); n != fallbackRooms {
		t.Errorf("%d getMeetingInfo calls, want at most %d", n, fallbackRooms)
	}
	if len(snap.Meetings) != fallbackRooms || !snap.Unlisted {
		t.Errorf("%d meetings (unlisted %v), want %d", len(snap.Meetings), snap.Unlisted, fallbackRooms)
	}
}

// TestLiveListAsksNothingMoreWhenGetMeetingsWorks: a BBB server lists every meeting, so no
// getMeetingInfo is sent and nothing is said.
func TestLiveListAsksNothingMoreWhenGetMeetingsWorks(t *testing.T) {
	t.Parallel()
	e := newEnv(t, bbbsim.Options{Profile: bbbsim.ProfileBBB30}, Config{})
	svc, calls := lister(e)
	e.startAndEnter(e.room)
	svc.Live.Refresh()
	snap := svc.Live.Get(context.Background())
	if snap.Unlisted || len(snap.Meetings) != 1 || calls.Load() != 0 {
		t.Errorf("unlisted %v, %d meetings, %d getMeetingInfo calls", snap.Unlisted, len(snap.Meetings), calls.Load())
	}
	if svc.ServerKnown().Lacks(FeatureMeetingsList) {
		t.Error("a working getMeetings was marked unavailable")
	}
}

// TestServerProbeInEveryProfile: what RefreshServer finds out about each kind of server.
func TestServerProbeInEveryProfile(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		profile bbbsim.Profile
		release string
		lacking string
	}{
		{bbbsim.ProfileBBB27, "2.7", "chat"},
		{bbbsim.ProfileBBB30, "3.0", ""},
		{bbbsim.ProfileBBB40, "4.0", ""},
		{bbbsim.ProfileScalelite, "unknown", "chat,hooks,recordings"},
		{bbbsim.ProfileB3scale, "unknown", "chat,hooks"},
	} {
		t.Run(string(tc.profile), func(t *testing.T) {
			e := newEnv(t, bbbsim.Options{Profile: tc.profile, AcceptedChecksums: []string{"sha1", "sha256"}}, Config{})
			info := e.svc.Server(context.Background())
			if info.Release.String() != tc.release || strings.Join(info.Lacking(), ",") != tc.lacking {
				t.Errorf("release %s, lacking %v; want %s, %q", info.Release, info.Lacking(), tc.release, tc.lacking)
			}
			if info.CheckedAt.IsZero() {
				t.Error("not marked as checked")
			}
			if m, ok := e.sim.Meeting(probeMeetingID); ok {
				t.Errorf("the probe created a meeting: %+v", m)
			}
		})
	}
}

// TestEndWarningSkippedWhereTheServerHasNoChat: on Scalelite the warning is not tried for
// every meeting: refused once, said once in the log, then skipped without audit entries.
func TestEndWarningSkippedWhereTheServerHasNoChat(t *testing.T) {
	t.Parallel()
	e := newEnv(t, bbbsim.Options{Profile: bbbsim.ProfileScalelite}, Config{})
	var logs bytes.Buffer
	e.svc.log = slog.New(slog.NewTextHandler(&logs, nil))
	for _, r := range []*models.Room{e.room, e.newRoom("Physics", createopts.Settings{}, createopts.Values{"duration": "10"})} {
		if r.Name == "Maths 7b" {
			r.Overrides = createopts.Values{"duration": "10"}
			if err := models.SaveRoom(e.db, r); err != nil {
				t.Fatal(err)
			}
		}
		e.startAndEnter(r)
	}
	e.clock.Advance(6 * time.Minute) // both end within the next five minutes
	if err := e.svc.Tick(context.Background()); err != nil {
		t.Fatal(err)
	}
	var entries []audit.Entry
	e.db.Where("action = ?", "meeting.end.warning").Find(&entries)
	if len(entries) > 1 {
		t.Errorf("%d warning entries, want at most the first refusal", len(entries))
	}
	if n := strings.Count(logs.String(), "the end warning in the chat is not available on this server"); n != 1 {
		t.Errorf("said %d times in the log, want once:\n%s", n, logs.String())
	}
	if err := e.svc.Tick(context.Background()); err != nil {
		t.Fatal(err)
	}
	e.db.Where("action = ?", "meeting.end.warning").Find(&entries)
	if len(entries) > 1 || strings.Count(logs.String(), "not available on this server") != 1 {
		t.Errorf("the next tick tried again: %d entries", len(entries))
	}
}

// TestCreateCallForBBB40: a template saved for 3.0 is sent as 4.0 reads it: a removed layout
// becomes 4.0's default, removed parameters and disabled-feature names are left out, 4.0's
// new parameters go through, and the server ignores nothing.
func TestCreateCallForBBB40(t *testing.T) {
	t.Parallel()
	e := newEnv(t, bbbsim.Options{Profile: bbbsim.ProfileBBB40}, Config{})
	room := e.newRoom("Art", createopts.Settings{}, createopts.Values{
		"meetingLayout": "SMART_LAYOUT", "copyright": "© School", "disabledFeatures": "layouts,chat",
		"lockSettingsPresenterPolicy": "moderatorOnly",
	})
	p, err := e.svc.CreateParams(room)
	if err != nil {
		t.Fatal(err)
	}
	if p.MeetingLayout != bbb.LayoutUnified || p.Copyright != "" || p.LockSettingsPresenterPolicy != bbb.PresenterPolicy("moderatorOnly") {
		t.Errorf("create parameters: layout %q, copyright %q, presenter policy %q", p.MeetingLayout, p.Copyright, p.LockSettingsPresenterPolicy)
	}
	e.startAndEnter(room)
	m, _ := e.sim.Meeting(room.MeetingID)
	if m.Layout != "UNIFIED_LAYOUT" || len(m.IgnoredParams) != 0 || strings.Join(m.DisabledFeatures, ",") != "chat" {
		t.Errorf("on the server: layout %q, ignored %v, disabled %v", m.Layout, m.IgnoredParams, m.DisabledFeatures)
	}

	// The same template on BBB 3.0 is sent as saved.
	e30 := newEnv(t, bbbsim.Options{Profile: bbbsim.ProfileBBB30}, Config{})
	room30 := e30.newRoom("Art", createopts.Settings{}, createopts.Values{"meetingLayout": "SMART_LAYOUT", "copyright": "© School"})
	if p, err := e30.svc.CreateParams(room30); err != nil || p.MeetingLayout != "SMART_LAYOUT" || p.Copyright != "© School" {
		t.Errorf("3.0 create parameters: layout %q, copyright %q, %v", p.MeetingLayout, p.Copyright, err)
	}
}

// TestServerProbeWhileUnreachable: a server behind a failing proxy is asked once for its index
// (not for every optional call), pages do not ask again before serverRetry, and nothing is
// marked unavailable.
func TestServerProbeWhileUnreachable(t *testing.T) {
	t.Parallel()
	e := newEnv(t, bbbsim.Options{}, Config{})
	var requests atomic.Int64
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		w.WriteHeader(http.StatusBadGateway)
		io.WriteString(w, "<html><body>502 Bad Gateway</body></html>")
	}))
	t.Cleanup(ts.Close)
	client, err := bbb.New(ts.URL+"/bigbluebutton/api/", testSecret)
	if err != nil {
		t.Fatal(err)
	}
	svc := New(e.db, client, e.audit, Config{}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	t.Cleanup(svc.Close)
	for range 3 {
		info := svc.Server(context.Background())
		if !info.CheckedAt.IsZero() || !info.Release.IsZero() || len(info.Lacking()) != 0 {
			t.Errorf("from an unreachable server: %+v", info)
		}
	}
	if n := requests.Load(); n != 1 {
		t.Errorf("%d requests for three pages, want the one index request", n)
	}
}
