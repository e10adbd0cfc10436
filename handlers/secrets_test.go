package handlers_test

import (
	"bytes"
	"context"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"bbbportal/audit"
	"bbbportal/bbb"
	"bbbportal/bbb/bbbsim"
	"bbbportal/config"
	"bbbportal/meetings"
	"bbbportal/models"
	"bbbportal/portal"
)

// teeHandler writes every record to several slog handlers (the text and the JSON log).
type teeHandler []slog.Handler

func (t teeHandler) Enabled(context.Context, slog.Level) bool { return true }
func (t teeHandler) Handle(ctx context.Context, r slog.Record) error {
	for _, h := range t {
		if err := h.Handle(ctx, r.Clone()); err != nil {
			return err
		}
	}
	return nil
}
func (t teeHandler) WithAttrs(a []slog.Attr) slog.Handler {
	out := make(teeHandler, len(t))
	for i, h := range t {
		out[i] = h.WithAttrs(a)
	}
	return out
}
func (t teeHandler) WithGroup(g string) slog.Handler {
	out := make(teeHandler, len(t))
	for i, h := range t {
		out[i] = h.WithGroup(g)
	}
	return out
}

// lockedBuffer is a log destination written from many goroutines.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string { l.mu.Lock(); defer l.mu.Unlock(); return l.b.String() }

// secrets collects every credential the run sees, to look for afterwards.
type secrets map[string]string // value → what it is

func (s secrets) add(what, value string) {
	if len(value) >= 8 { // shorter values would match by chance
		s[value] = what
	}
}

var (
	checksumParam = regexp.MustCompile(`checksum=([0-9a-f]{40,128})`)
	tokenParam    = regexp.MustCompile(`token=([A-Za-z0-9_\-]{16,})`)
	joinToken     = regexp.MustCompile(`/j/([A-Za-z0-9_\-]{12,})`)
)

// TestNoSecretInAuditLogsOrExport runs through every feature (sign-in, templates, rooms,
// start, join links, joins, end, recordings, BBB's callbacks, webhooks and their events,
// password change) and then scans every audit row, the text and the JSON log and the CSV
// export for the BBB secret, checksums, passwords, session cookies and link tokens.
func TestNoSecretInAuditLogsOrExport(t *testing.T) {
	t.Parallel()
	textLog, jsonLog := &lockedBuffer{}, &lockedBuffer{}
	opts := &slog.HandlerOptions{Level: slog.LevelDebug}
	logger := slog.New(teeHandler{slog.NewTextHandler(textLog, opts), slog.NewJSONHandler(jsonLog, opts)})

	clock := bbbsim.NewManualClock(testStart)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + ln.Addr().String()
	vars := map[string]string{"DATA_DIR": t.TempDir(), "BASE_URL": base, "LISTEN_ADDR": ln.Addr().String()}
	cfg, err := config.LoadFrom(func(k string) string { return vars[k] })
	if err != nil {
		t.Fatal(err)
	}
	pp, err := portal.Open(cfg, logger, portal.WithSimulator(bbbsim.Options{Clock: clock, Seed: 5}),
		portal.WithMeetings(meetings.Config{FirstCheck: 5 * time.Millisecond, MaxInterval: 20 * time.Millisecond}),
		portal.WithBBBOptions(), portal.WithoutJobs())
	if err != nil {
		t.Fatal(err)
	}
	tp := &testPortal{t: t, URL: base, DataDir: vars["DATA_DIR"], Config: cfg, DB: pp.DB, P: pp, Sim: pp.Sim, BBB: pp.BBB, Meet: pp.Meetings}
	go pp.Serve(ln)
	t.Cleanup(tp.Stop)
	found := secrets{}
	found.add("the BBB secret", cfg.BBBSecret)
	found.add("the setup token", strings.TrimPrefix(pp.SetupURL(), base+"/setup?token="))
	p := &recPortal{meetingPortal: &meetingPortal{testPortal: tp, clock: clock,
		admin:   tp.createUser("admin@example.org", models.RoleAdmin, testPassword),
		teacher: tp.createUser("kim@example.org", models.RoleTeacher, testPassword)}}
	found.add("a password", testPassword)
	ctx := context.Background()

	// Sign-in, with a wrong password first.
	const wrong = "not my password 42"
	found.add("a wrong password", wrong)
	anon := newBrowser(t, p.URL)
	anon.submit("/login", "/login", url.Values{"email": {p.teacher.Email}, "password": {wrong}})
	admin, teacher := p.as(p.admin), p.as(p.teacher)

	// Templates and rooms through the pages.
	if pg := teacher.submit("/templates/new", "/templates", url.Values{"name": {"Seminar"}}); pg.Status != http.StatusSeeOther {
		t.Fatalf("create template: %d", pg.Status)
	}
	if pg := teacher.submit("/rooms/new", "/rooms", url.Values{"name": {"Biology 8a"}, "template_id": {firstTemplateID(t, p.DB)}}); pg.Status != http.StatusSeeOther {
		t.Fatalf("create room: %d", pg.Status)
	}
	room := p.room(p.teacher, "Maths 7b", recordedRoom)

	// The portal's own hook: events arrive (checksummed) during the rest of the run.
	if pg := admin.submit("/admin/hooks", "/admin/hooks/receive", url.Values{"receive": {"on"}}); pg.Status != http.StatusSeeOther {
		t.Fatalf("receive events: %d", pg.Status)
	}
	const lmsToken = "lms-callback-credential-7731"
	found.add("a hook's own token", lmsToken)
	admin.submit("/admin/hooks", "/admin/hooks", url.Values{"callback_url": {"https://lms.example.org/bbb?token=" + lmsToken}})

	// Start through the page: the redirect to BBB carries a checksum.
	start := teacher.submit(roomURL(room.ID, ""), roomURL(room.ID, "start"), url.Values{})
	if start.Status != http.StatusSeeOther {
		t.Fatalf("start: %d\n%s", start.Status, start.Body)
	}
	for _, m := range checksumParam.FindAllStringSubmatch(start.Header.Get("Location"), -1) {
		found.add("a join URL's checksum", m[1])
	}
	info, err := p.BBB.GetMeetingInfo(ctx, room.MeetingID)
	if err != nil {
		t.Fatal(err)
	}
	found.add("the moderator password", info.ModeratorPW)
	found.add("the attendee password", info.AttendeePW)
	for _, v := range info.Metadata {
		for _, m := range tokenParam.FindAllStringSubmatch(v, -1) {
			found.add("a callback token", m[1])
		}
	}

	// Join links, where the portal has them: the room page shows them, a guest joins.
	roomPage := teacher.get(roomURL(room.ID, ""))
	for _, m := range joinToken.FindAllStringSubmatch(roomPage.Body, -1) {
		found.add("a link token", m[1])
		guest := newBrowser(t, p.URL)
		if pg := guest.get("/j/" + m[1]); pg.Status == http.StatusOK && csrfInput.MatchString(pg.Body) {
			joined := guest.submit("/j/"+m[1], "/j/"+m[1], url.Values{"name": {"Guest Pupil"}, "consent": {"yes"}})
			for _, c := range checksumParam.FindAllStringSubmatch(joined.Header.Get("Location"), -1) {
				found.add("a guest join URL's checksum", c[1])
			}
		}
		addCookies(found, guest)
	}
	if _, err := p.Sim.AddUser(room.MeetingID, "Ada", "VIEWER"); err != nil {
		t.Fatal(err)
	}

	// A genuine event, a replay and a forgery on the event endpoint.
	callback := p.URL + "/callbacks/hooks"
	body := hookEvent("user-joined", room.MeetingID, clock.Now())
	good, forged := bbbsim.HookChecksum(callback, body, cfg.BBBSecret), bbbsim.HookChecksum(callback, body, "guessed-secret-123")
	found.add("an event checksum", good)
	found.add("a forged event checksum", forged)
	postEvent(t, p.URL, good, body)
	postEvent(t, p.URL, good, body)
	postEvent(t, p.URL, forged, body)

	// End through the pages; BBB's end callback and meeting-ended event follow.
	partial, _ := endThroughPages(t, teacher, room.MeetingID, "")
	clock.Advance(2 * time.Second)
	p.Sim.FlushCallbacks()
	teacher.waitPage(partial, "Ended — confirmed")
	anon.get("/callbacks/end?meetingID=" + url.QueryEscape(room.MeetingID) + "&token=forged-token-0123456789")
	found.add("a forged callback token", "forged-token-0123456789")

	// Recordings: a recorded meeting is processed and published; BBB's recording-ready
	// callback carries a JWT signed with the secret.
	p.recordedMeeting(room, p.teacher, 10*time.Minute)
	p.publishPending()
	list, err := p.BBB.GetRecordings(ctx, bbb.RecordingsQuery{MeetingIDs: []string{room.MeetingID}})
	if err != nil || len(list.Recordings) == 0 {
		t.Fatalf("no recording: %v", err)
	}
	for _, r := range list.Recordings {
		jwt := bbbsim.RecordingReadyJWT(cfg.BBBSecret, room.MeetingID, r.RecordID)
		found.add("a recording-ready JWT", jwt)
		found.add("a recording-ready signature", jwt[strings.LastIndexByte(jwt, '.')+1:])
	}
	teacher.get("/recordings")
	admin.get("/admin/recordings")

	// Account: a new password; then everyone signs out.
	const newPassword = "a brand new password 2"
	found.add("a new password", newPassword)
	if pg := teacher.submit("/account", "/account/password", url.Values{"current_password": {testPassword},
		"new_password": {newPassword}, "confirm_password": {newPassword}}); pg.Status != http.StatusSeeOther {
		t.Fatalf("password change: %d", pg.Status)
	}
	for _, b := range []*browser{anon, admin, teacher} {
		addCookies(found, b)
	}
	export := admin.get("/admin/audit.csv")
	if export.Status != http.StatusOK {
		t.Fatalf("export: %d", export.Status)
	}
	auditPage := admin.get("/admin/audit")
	for _, b := range []*browser{admin, teacher} {
		b.submit("/account", "/logout", url.Values{})
	}

	if err := p.P.Refusals.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	var rows []audit.Entry
	if err := p.DB.Order("id").Find(&rows).Error; err != nil {
		t.Fatal(err)
	}
	var stored strings.Builder
	actions := map[string]bool{}
	for _, e := range rows {
		actions[e.Action] = true
		stored.WriteString(strings.Join([]string{e.ActorEmail, e.Action, e.TargetType, e.TargetID, e.Details, e.ClientIP, e.RequestID}, "\t") + "\n")
	}
	tp.Stop() // the shutdown's log lines count too
	for _, want := range []string{"auth.login", "template.create", "room.create", "meeting.start", "meeting.end.requested",
		"hooks.receive", "hook.create", "hooks.event", "meeting.end.callback", "recording.ready", "user.password"} {
		if !actions[want] {
			t.Errorf("the run did not exercise %s (audit actions: %v)", want, actions)
		}
	}
	if len(found) < 12 {
		t.Fatalf("only %d secrets collected: the run missed features", len(found))
	}
	for name, text := range map[string]string{"the audit rows": stored.String(), "the text log": textLog.String(),
		"the JSON log": jsonLog.String(), "the CSV export": export.Body, "the audit page": auditPage.Body} {
		if len(text) == 0 {
			t.Errorf("nothing to scan in %s", name)
		}
		for value, what := range found {
			if strings.Contains(text, value) || strings.Contains(text, url.QueryEscape(value)) {
				t.Errorf("found %s in %s", what, name)
			}
		}
	}
	t.Logf("scanned %d audit rows, %d + %d bytes of log and %d bytes of CSV for %d secrets",
		len(rows), len(textLog.String()), len(jsonLog.String()), len(export.Body), len(found))
}

func addCookies(s secrets, b *browser) {
	u, _ := url.Parse(b.base)
	for _, c := range b.client.Jar.Cookies(u) {
		s.add("the cookie "+c.Name, c.Value)
	}
}
