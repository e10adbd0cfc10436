package handlers_test

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"bbbportal/bbb"
	"bbbportal/bbb/bbbsim"
	"bbbportal/config"
	"bbbportal/createopts"
	"bbbportal/meetings"
	"bbbportal/models"
	"bbbportal/portal"
)

// profilePortal is a portal configured as a school configures it for a real server:
// BIGBLUEBUTTON_ENDPOINT and _SECRET set, BIGBLUEBUTTON_CHECKSUM left at its default (auto).
// The BBB server is the simulator in one profile, on the portal's own listener.
type profilePortal struct {
	*meetingPortal
	log *syncBuffer
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// startProfilePortal starts that portal; jobs runs its background jobs (checksum settling,
// the server check) as serve does.
func startProfilePortal(t *testing.T, profile bbbsim.Profile, jobs bool, env map[string]string) *profilePortal {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + ln.Addr().String()
	vars := map[string]string{"DATA_DIR": t.TempDir(), "BASE_URL": base, "LISTEN_ADDR": ln.Addr().String(),
		"BIGBLUEBUTTON_ENDPOINT": base + "/bigbluebutton/api/", "BIGBLUEBUTTON_SECRET": "a-school-secret-0123456789"}
	for k, v := range env {
		vars[k] = v
	}
	cfg, err := config.LoadFrom(func(k string) string { return vars[k] })
	if err != nil {
		t.Fatal(err)
	}
	clock := bbbsim.NewManualClock(testStart)
	logs := &syncBuffer{}
	opts := []portal.Option{portal.WithSimulator(bbbsim.Options{Profile: profile, Clock: clock, EndDelay: 2 * time.Second,
		ProcessingDelay: -1, PublishDelay: -1}),
		portal.WithMeetings(meetings.Config{FirstCheck: 5 * time.Millisecond, MaxInterval: 20 * time.Millisecond})}
	if !jobs {
		opts = append(opts, portal.WithoutJobs())
	}
	p, err := portal.Open(cfg, slog.New(slog.NewTextHandler(logs, nil)), opts...)
	if err != nil {
		t.Fatal(err)
	}
	tp := &testPortal{t: t, URL: base, DataDir: vars["DATA_DIR"], Config: cfg, DB: p.DB, P: p, Sim: p.Sim, BBB: p.BBB, Meet: p.Meetings}
	go p.Serve(ln)
	t.Cleanup(tp.Stop)
	return &profilePortal{log: logs, meetingPortal: &meetingPortal{testPortal: tp, clock: clock,
		admin:   tp.createUser("admin@example.org", models.RoleAdmin, testPassword),
		teacher: tp.createUser("kim@example.org", models.RoleTeacher, testPassword)}}
}

// startThroughPages presses the room's Start button and returns where the portal sent the browser.
func startThroughPages(t *testing.T, b *browser, roomID uint) string {
	t.Helper()
	pg := b.submit(roomURL(roomID, ""), roomURL(roomID, "start"), url.Values{})
	if pg.Status != http.StatusSeeOther {
		t.Fatalf("start: status %d, location %q", pg.Status, pg.Header.Get("Location"))
	}
	return pg.Header.Get("Location")
}

// waitConfirmed waits until the end of the meeting is confirmed.
func (p *profilePortal) waitConfirmed(meetingID string) *models.EndWatch {
	p.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		if w, err := models.LatestEndWatch(p.DB, meetingID); err == nil && w.State == models.WatchConfirmed {
			return w
		}
		if time.Now().After(deadline) {
			p.t.Fatalf("the end of %s was never confirmed", meetingID)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

const (
	chatNotice     = "The end warning in the chat is not available on this server"
	unlistedNotice = "Meetings started elsewhere cannot be listed."
)

// TestMainFlowsInEveryProfile: start, the live view, an end confirmed, the recordings list
// and the schedules page's notice, through the real HTTP server, against the simulator in each profile, with
// the checksum setting at its default.
func TestMainFlowsInEveryProfile(t *testing.T) {
	for _, tc := range []struct {
		profile   bbbsim.Profile
		checksum  bbb.Algorithm
		noChat    bool // sendChatMessage refused: the schedules page says so
		unlisted  bool // getMeetings lists nothing: the live view says so
		otherSeen bool // a meeting another front end created is in the live view
	}{
		{bbbsim.ProfileBBB27, bbb.SHA512, true, false, true},
		{bbbsim.ProfileBBB30, bbb.SHA512, false, false, true},
		{bbbsim.ProfileBBB40, bbb.SHA512, false, false, true},
		{bbbsim.ProfileScalelite, bbb.SHA512, true, true, false},
		{bbbsim.ProfileB3scale, bbb.SHA256, true, false, true},
	} {
		t.Run(string(tc.profile), func(t *testing.T) {
			t.Parallel()
			p := startProfilePortal(t, tc.profile, false, nil)
			room := p.room(p.teacher, "Maths 7b", createopts.Values{"record": "true", "autoStartRecording": "true"})
			teacher, admin := p.as(p.teacher), p.as(p.admin)

			// Start: the teacher lands in the meeting.
			join := startThroughPages(t, teacher, room.ID)
			if !strings.Contains(join, "/bigbluebutton/api/join?") {
				t.Fatalf("start sent the teacher to %q", join)
			}
			if alg, detected := p.BBB.ChosenChecksum(); alg != tc.checksum || !detected {
				t.Errorf("checksum %q (detected %v), want %q detected", alg, detected, tc.checksum)
			}
			for _, name := range []string{"Kim", "Ada", "Bo"} {
				if _, err := p.Sim.AddUser(room.MeetingID, name, "VIEWER"); err != nil {
					t.Fatal(err)
				}
			}
			other := bbbCreate("Staff meeting", "other-front-end")
			if _, err := p.BBB.Create(context.Background(), other); err != nil {
				t.Fatal(err)
			}

			// Live view: the portal's meeting with its people, and what cannot be listed.
			live := admin.get("/admin/meetings")
			live.contains(t, "Maths 7b")
			if got := strings.Contains(live.Body, unlistedNotice); got != tc.unlisted {
				t.Errorf("live view says meetings elsewhere cannot be listed: %v, want %v", got, tc.unlisted)
			}
			if got := strings.Contains(live.Body, "Staff meeting"); got != tc.otherSeen {
				t.Errorf("live view lists the other front end's meeting: %v, want %v", got, tc.otherSeen)
			}
			teacher.get("/rooms").contains(t, "Running · participants: 3")

			// The schedules page says whether the end warning in the chat can be sent.
			if got := strings.Contains(teacher.get(roomURL(room.ID, "schedules")).Body, chatNotice); got != tc.noChat {
				t.Errorf("schedules page says the chat warning is unavailable: %v, want %v", got, tc.noChat)
			}

			// End, confirmed once BBB has ended the meeting.
			if pg := teacher.get("/meetings/" + room.MeetingID + "/end"); !strings.Contains(pg.Body, "3 people are in it.") {
				t.Errorf("the end confirmation does not say how many are in the meeting:\n%s", pg.Body)
			}
			_, id := endThroughPages(t, teacher, room.MeetingID, "End «Maths 7b» now?")
			p.waitChecks(id, 1)
			p.clock.Advance(2 * time.Second)
			w := p.waitConfirmed(room.MeetingID)
			if w.ID != id {
				t.Errorf("confirmed watch %d, want %d", w.ID, id)
			}
			teacher.waitPage("/meetings/"+room.MeetingID, "Ended — confirmed at")
			for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(10 * time.Millisecond) {
				rows := admin.get("/admin/meetings/rows").Body
				if !strings.Contains(rows, "Maths 7b") {
					break
				}
				if time.Now().After(deadline) {
					t.Fatalf("the ended meeting stays in the live view:\n%s", rows)
				}
			}
			// The recording of the lesson is listed (per room, also where the server lists only so).
			teacher.waitPage("/recordings", `<tr id="rec-`)
			if strings.Contains(p.log.String(), "not reachable") {
				t.Errorf("a server that answers was logged as not reachable:\n%s", p.log.String())
			}
		})
	}
}

// TestB3scaleWithTheDefaultConfiguration: serve's background jobs settle the checksum on
// SHA-256 after b3scale's HTTP 500 checksumError answers, say so in one log line and on
// /healthz, and starting a room works.
func TestB3scaleWithTheDefaultConfiguration(t *testing.T) {
	t.Parallel()
	p := startProfilePortal(t, bbbsim.ProfileB3scale, true, nil)
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(p.log.String(), `msg="BBB server"`) {
		if time.Now().After(deadline) {
			t.Fatalf("no server line in the log:\n%s", p.log.String())
		}
		time.Sleep(5 * time.Millisecond)
	}
	logs := p.log.String()
	if n := strings.Count(logs, "BBB checksum algorithm chosen by auto-detection"); n != 1 || !strings.Contains(logs, "checksum=sha256") {
		t.Errorf("want one line saying auto-detection chose sha256:\n%s", logs)
	}
	for _, bad := range []string{"not reachable", "refuses"} {
		if strings.Contains(logs, bad) {
			t.Errorf("log says %q:\n%s", bad, logs)
		}
	}

	var health struct {
		Status string `json:"status"`
		BBB    struct {
			Checksum    string   `json:"checksum"`
			Detected    bool     `json:"checksum_detected"`
			Version     string   `json:"version"`
			Unavailable []string `json:"unavailable"`
		} `json:"bbb"`
	}
	pg := newBrowser(t, p.URL).get("/healthz")
	if err := json.Unmarshal([]byte(pg.Body), &health); err != nil || pg.Status != http.StatusOK {
		t.Fatalf("healthz: %d %s (%v)", pg.Status, pg.Body, err)
	}
	// b3scale refuses the version index, so the release is unknown; chat and hooks are refused.
	if health.Status != "ok" || health.BBB.Checksum != "sha256" || !health.BBB.Detected || health.BBB.Version != "unknown" ||
		strings.Join(health.BBB.Unavailable, ",") != "chat,hooks" {
		t.Errorf("healthz: %s", pg.Body)
	}

	room := p.room(p.teacher, "Physics", nil)
	join := startThroughPages(t, p.as(p.teacher), room.ID)
	if !strings.Contains(join, "/bigbluebutton/api/join?") || !strings.Contains(join, "checksum=") {
		t.Fatalf("start sent the teacher to %q", join)
	}
	if m, ok := p.Sim.Meeting(room.MeetingID); !ok || m.Name != "Physics" {
		t.Errorf("the meeting was not created on the server: %+v", m)
	}
}

// TestHealthzSaysTheServerVersion: a BBB 3.0 server's release, inferred from its index.
func TestHealthzSaysTheServerVersion(t *testing.T) {
	t.Parallel()
	p := startProfilePortal(t, bbbsim.ProfileBBB30, false, map[string]string{"BIGBLUEBUTTON_CHECKSUM": "sha1"})
	p.Meet.RefreshServer(context.Background())
	pg := newBrowser(t, p.URL).get("/healthz")
	for _, want := range []string{`"checksum":"sha1"`, `"checksum_detected":false`, `"version":"3.0"`, `"version_exact":false`, `"unavailable":[]`} {
		pg.contains(t, want)
	}
}

// TestOptionsFormFollowsTheServerRelease: the template and room forms offer what the
// connected release reads (BBB 4.0 against 3.0), a saved value the server ignores is shown with
// a warning next to it, and the create call sends what 4.0 reads.
func TestOptionsFormFollowsTheServerRelease(t *testing.T) {
	t.Parallel()
	has := func(body, s string) bool { return strings.Contains(body, s) }
	for _, tc := range []struct {
		profile bbbsim.Profile
		offered []string
		absent  []string
	}{
		{bbbsim.ProfileBBB40,
			[]string{`name="opt.lockSettingsPresenterPolicy"`, `name="opt.requireUserConsentBeforeUnmuting"`, `name="opt.notifyRecordingAppend"`,
				`value="UNIFIED_LAYOUT"`, `value="CAMERAS_ONLY"`, `value="pinChatMessage"`, `value="multiFunctionalMode"`},
			[]string{`name="opt.copyright"`, `value="SMART_LAYOUT"`, `value="CUSTOM_LAYOUT"`, `value="layouts"`}},
		{bbbsim.ProfileBBB30,
			[]string{`name="opt.copyright"`, `value="SMART_LAYOUT"`, `value="CAMERAS_ONLY"`, `value="layouts"`},
			[]string{`name="opt.lockSettingsPresenterPolicy"`, `value="UNIFIED_LAYOUT"`, `value="pinChatMessage"`}},
	} {
		t.Run(string(tc.profile), func(t *testing.T) {
			t.Parallel()
			p := startProfilePortal(t, tc.profile, false, nil)
			admin := p.as(p.admin)
			form := admin.get("/templates/new").Body
			for _, want := range tc.offered {
				if !has(form, want) {
					t.Errorf("the template form on %s does not offer %s", tc.profile, want)
				}
			}
			for _, bad := range tc.absent {
				if has(form, bad) {
					t.Errorf("the template form on %s offers %s", tc.profile, bad)
				}
			}
		})
	}

	p := startProfilePortal(t, bbbsim.ProfileBBB40, false, nil)
	owner := p.teacher.ID
	tpl := &models.Template{Name: "Saved for 3.0", OwnerID: &owner, Settings: createopts.Settings{
		"meetingLayout":    {Value: "SMART_LAYOUT"},
		"copyright":        {Value: "© Goethe-Schule"},
		"disabledFeatures": {Value: "layouts,chat"},
	}}
	if err := models.SaveTemplate(p.DB, tpl); err != nil {
		t.Fatal(err)
	}
	teacher := p.as(p.teacher)
	pg := teacher.get("/templates/" + itoa(tpl.ID))
	for _, want := range []string{
		`id="warn-meetingLayout"`, "BBB 4.0 no longer has this layout; meetings start with its default layout instead.",
		`id="warn-copyright"`, "This server runs BBB 4.0, which no longer reads this option; it is not sent.",
		`id="warn-disabledFeatures"`, "BBB 4.0 does not know 1 of the chosen features; they are not sent.",
		`value="SMART_LAYOUT" selected`, `name="opt.copyright"`,
	} {
		pg.contains(t, want)
	}
	if strings.Contains(pg.Body, `id="warn-welcome"`) {
		t.Error("a warning next to an option the server reads")
	}

	room := &models.Room{Name: "Art 9", OwnerID: p.teacher.ID, TemplateID: tpl.ID}
	if err := models.SaveRoom(p.DB, room); err != nil {
		t.Fatal(err)
	}
	teacher.get(roomURL(room.ID, "edit")).contains(t, "BBB 4.0 no longer has this layout")

	startThroughPages(t, teacher, room.ID)
	m, ok := p.Sim.Meeting(room.MeetingID)
	if !ok || m.Layout != "UNIFIED_LAYOUT" || len(m.IgnoredParams) != 0 || strings.Join(m.DisabledFeatures, ",") != "chat" {
		t.Errorf("created on 4.0 with layout %q, ignored parameters %v, disabled features %v", m.Layout, m.IgnoredParams, m.DisabledFeatures)
	}
}

// TestScaleliteForgetsMeetingsAfter24Hours: Scalelite answers notFound for a meeting 24 h after
// create (DEFAULT_MEETING_TTL). The portal shows it as not running, and an end asked for then
// (by a teacher or the scheduler) is confirmed at once instead of waiting for a timeout.
func TestScaleliteForgetsMeetingsAfter24Hours(t *testing.T) {
	t.Parallel()
	p := startProfilePortal(t, bbbsim.ProfileScalelite, false, nil)
	room := p.room(p.teacher, "Long lesson", nil)
	teacher := p.as(p.teacher)
	startThroughPages(t, teacher, room.ID)
	if _, err := p.Sim.AddUser(room.MeetingID, "Ada", "VIEWER"); err != nil {
		t.Fatal(err)
	}
	teacher.get("/rooms").contains(t, "Running · participants: 1")

	p.clock.Advance(25 * time.Hour)
	p.Meet.Live.Refresh()
	if strings.Contains(teacher.get("/rooms").Body, "Running · participants") {
		t.Error("a meeting the balancer forgot is shown as running")
	}
	meeting := "/meetings/" + url.PathEscape(room.MeetingID)
	if pg := teacher.submit("/rooms", meeting+"/end", url.Values{}); pg.Status != http.StatusSeeOther {
		t.Fatalf("end: %d", pg.Status)
	}
	w := p.waitConfirmed(room.MeetingID)
	if w.Checks > 1 || w.ConfirmedVia != models.ConfirmedByPoll {
		t.Errorf("confirmed after %d checks via %q, want at once", w.Checks, w.ConfirmedVia)
	}
	if _, err := models.ActiveRun(p.DB, room.MeetingID); err != models.ErrNotFound {
		t.Errorf("the room's run is still active: %v", err)
	}
	teacher.get(meeting).contains(t, "Ended — confirmed at")
}
