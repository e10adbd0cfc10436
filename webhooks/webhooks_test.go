package webhooks

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"bbbportal/audit"
	"bbbportal/bbb"
	"bbbportal/bbb/bbbsim"
)

var admin = audit.Record{ActorID: 1, ActorEmail: "admin@school.test", ClientIP: "192.0.2.10"}

func TestListCreateDestroyAgainstTheSimulator(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	s := &Service{BBB: e.client, Audit: e.audit}

	global, err := s.Create(ctx, admin, "https://lms.example.org/bbb-events", "", false)
	if err != nil || global.ID == "" || global.Duplicate {
		t.Fatalf("create global: %+v %v", global, err)
	}
	perMeeting, err := s.Create(ctx, admin, "https://lms.example.org/raw?tenant=7", "maths-7b", true)
	if err != nil {
		t.Fatal(err)
	}
	again, err := s.Create(ctx, admin, "https://lms.example.org/bbb-events", "other", false)
	if err != nil || !again.Duplicate || again.ID != global.ID {
		t.Fatalf("same callback URL again: %+v %v", again, err)
	}
	if _, err := s.Create(ctx, admin, "javascript:alert(1)", "", false); !errors.Is(err, ErrInvalidCallbackURL) || MessageKey(err) != "hooks.error.invalid_url" {
		t.Errorf("invalid URL: %v", err)
	}

	all, err := s.List(ctx, "")
	if err != nil || len(all) != 2 {
		t.Fatalf("list: %+v %v", all, err)
	}
	byID := map[string]bbb.Hook{}
	for _, h := range all {
		byID[h.ID] = h
	}
	if h := byID[perMeeting.ID]; h.MeetingID != "maths-7b" || !h.RawData || byID[global.ID].MeetingID != "" {
		t.Errorf("hooks as listed: %+v", all)
	}
	for meeting, want := range map[string]int{"maths-7b": 2, "no-hooks-of-its-own": 1} {
		if hooks, err := s.List(ctx, meeting); err != nil || len(hooks) != want {
			t.Errorf("list for %s: %d hooks (%v), want %d", meeting, len(hooks), err, want)
		}
	}

	if err := s.Destroy(ctx, admin, perMeeting.ID); err != nil {
		t.Fatal(err)
	}
	err = s.Destroy(ctx, admin, perMeeting.ID)
	if MessageKey(err) != "hooks.error.not_found" {
		t.Errorf("destroying a removed hook: %v → %q", err, MessageKey(err))
	}
	if all, _ := s.List(ctx, ""); len(all) != 1 || all[0].ID != global.ID {
		t.Errorf("after destroy: %+v", all)
	}

	creates, deletes := e.entries("hook.create"), e.entries("hook.delete")
	if len(creates) != 3 || len(deletes) != 2 || deletes[0].Result != audit.ResultFailed || deletes[1].Result != audit.ResultOK {
		t.Fatalf("audit: %d creates, %+v", len(creates), deletes)
	}
	for _, c := range creates {
		if strings.Contains(c.Details, "tenant=7") {
			t.Errorf("a callback URL's query reached the audit log: %s", c.Details)
		}
		if c.ActorEmail != "admin@school.test" || c.TargetID == "" {
			t.Errorf("create entry %+v", c)
		}
	}
}

func TestServersWithoutWebhooksGetASentence(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	s := &Service{BBB: e.client, Audit: e.audit}
	cases := []struct {
		name  string
		fault bbbsim.Fault
		want  string
	}{
		{"no bbb-webhooks (nginx 404)", bbbsim.Fault{Status: http.StatusNotFound}, "hooks.error.unsupported"},
		{"Scalelite", bbbsim.Fault{FailKey: "unsupportedRequest", FailMessage: "This request is not supported."}, "hooks.error.unsupported"},
		{"bad gateway", bbbsim.Fault{Status: http.StatusBadGateway}, "hooks.error.server"},
		{"listing fails", bbbsim.Fault{FailKey: "listHookError"}, "hooks.error.failed"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e.sim.Load().SetFault("hooks/list", tc.fault)
			defer e.sim.Load().ClearFaults()
			_, err := s.List(ctx, "")
			if err == nil || MessageKey(err) != tc.want {
				t.Fatalf("%v → %q, want %q", err, MessageKey(err), tc.want)
			}
			if IsUnsupported(err) != (tc.want == "hooks.error.unsupported") {
				t.Errorf("IsUnsupported(%v) = %v", err, IsUnsupported(err))
			}
		})
	}
	wrong, _ := bbb.New(e.bbbURL, "not-the-secret")
	_, err := (&Service{BBB: wrong, Audit: e.audit}).List(ctx, "")
	if MessageKey(err) != "hooks.error.secret" {
		t.Errorf("wrong secret: %v → %q", err, MessageKey(err))
	}
	gone, _ := bbb.New("http://127.0.0.1:1/bigbluebutton/api/", testSecret, bbb.WithRetry(0, 0))
	_, err = (&Service{BBB: gone, Audit: e.audit}).Create(ctx, admin, "https://lms.example.org/cb", "", false)
	if MessageKey(err) != "hooks.error.unreachable" {
		t.Errorf("no server: %v → %q", err, MessageKey(err))
	}
	if c := e.entries("hook.create"); len(c) != 1 || c[0].Result != audit.ResultFailed || !strings.Contains(c[0].Details, "unreachable") {
		t.Errorf("failed create not audited: %+v", c)
	}
}

func TestOwnHookDeliversEventsAndIsKeptRegistered(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	if err := e.keeper.SetEnabled(ctx, admin, true); err != nil {
		t.Fatal(err)
	}
	st := e.keeper.Status()
	if !st.Enabled || !st.Registered || st.HookID == "" {
		t.Fatalf("after switching on: %+v", st)
	}
	if on, _ := e.keeper.Enabled(); !on {
		t.Fatal("the switch is not stored")
	}

	if _, err := e.client.Create(ctx, bbb.CreateParams{Name: "Maths 7b", MeetingID: "maths-7b-0a1b2c"}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.sim.Load().AddUser("maths-7b-0a1b2c", "Kim", "MODERATOR"); err != nil {
		t.Fatal(err)
	}
	if err := e.client.End(ctx, "maths-7b-0a1b2c"); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "meeting-ended to arrive", func() bool { ends, _, _ := e.reactor.snapshot(); return len(ends) > 0 })
	e.sim.Load().FlushCallbacks()
	ends, live, _ := e.reactor.snapshot()
	if !slices.Equal(ends, []string{"maths-7b-0a1b2c"}) || live < 3 {
		t.Errorf("end hints %v, live refreshes %d (created, joined, ended)", ends, live)
	}
	if n := len(e.entries(refusedAction)); n != 0 {
		t.Errorf("%d genuine events were refused", n)
	}

	// BBB restarts and forgets the hook; the next check registers it again.
	e.restartBBB()
	if hooks, _ := e.client.ListHooks(ctx, ""); len(hooks) != 0 {
		t.Fatal("the restarted simulator still has hooks")
	}
	st, err := e.keeper.Check(ctx)
	if err != nil || !st.Registered {
		t.Fatalf("check after restart: %+v %v", st, err)
	}
	hooks, _ := e.client.ListHooks(ctx, "")
	if len(hooks) != 1 || hooks[0].CallbackURL != e.receiver.CallbackURL || hooks[0].RawData {
		t.Fatalf("hooks after re-registering: %+v", hooks)
	}
	reg := e.entries("hooks.own.register")
	if len(reg) != 2 || !strings.Contains(reg[0].Details, "previous_hook_id") {
		t.Errorf("re-registration not audited as such: %+v", reg)
	}
	if st, _ := e.keeper.Check(ctx); !st.Registered || len(e.entries("hooks.own.register")) != 2 {
		t.Error("a check with the hook in place registered it again")
	}

	// A background keeper notices as well.
	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	e.keeper.Interval = 20 * time.Millisecond
	go e.keeper.Run(runCtx)
	e.restartBBB()
	waitFor(t, "the keeper to re-register", func() bool { h, _ := e.client.ListHooks(ctx, ""); return len(h) == 1 })
	cancel()

	if err := e.keeper.SetEnabled(ctx, admin, false); err != nil {
		t.Fatal(err)
	}
	if hooks, _ := e.client.ListHooks(ctx, ""); len(hooks) != 0 {
		t.Errorf("switched off, hooks left: %+v", hooks)
	}
	sw := e.entries("hooks.receive")
	if len(sw) != 2 || !strings.Contains(sw[0].Details, `"receive":false`) || sw[0].ActorEmail != "admin@school.test" {
		t.Errorf("switch not audited: %+v", sw)
	}
}

// post sends an event body to the portal's endpoint with a checksum as bbb-webhooks 3.4+ computes it.
func (e *env) post(t *testing.T, body, checksum string) int {
	t.Helper()
	resp, err := http.Post(e.receiver.CallbackURL+"?checksum="+checksum, "application/x-www-form-urlencoded", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

func eventBody(id, meetingID string, ts time.Time) string {
	ev := fmt.Sprintf(`[{"data":{"type":"event","id":%q,"attributes":{"meeting":{"internal-meeting-id":"x-1","external-meeting-id":%q}},"event":{"ts":%d}}}]`,
		id, meetingID, ts.UnixMilli())
	return url.Values{"domain": {"bbb.school.test"}, "event": {ev}, "timestamp": {fmt.Sprint(ts.UnixMilli())}}.Encode()
}

func TestForgedAndReplayedEventsAreRefusedAndFolded(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	now := time.Now()
	good := eventBody("meeting-ended", "maths-7b", now)
	sum := bbbsim.HookChecksum(e.receiver.CallbackURL, good, testSecret)
	if got := e.post(t, good, sum); got != http.StatusOK {
		t.Fatalf("genuine event: %d", got)
	}
	if got := e.post(t, good, sum); got != http.StatusConflict {
		t.Errorf("replayed event: %d, want 409", got)
	}
	forged := eventBody("meeting-ended", "physics-9a", now)
	for range 40 {
		if got := e.post(t, forged, sum); got != http.StatusUnauthorized {
			t.Fatalf("forged event: %d", got)
		}
	}
	wrongKey := bbbsim.HookChecksum(e.receiver.CallbackURL, forged, "guessed-secret")
	stale := eventBody("meeting-ended", "physics-9a", now.Add(-time.Hour))
	for body, checksum := range map[string]string{
		forged: wrongKey, forged + "&x=1": "abc", stale: bbbsim.HookChecksum(e.receiver.CallbackURL, stale, testSecret),
	} {
		if got := e.post(t, body, checksum); got == http.StatusOK {
			t.Errorf("accepted %q with %q", body, checksum)
		}
	}
	ends, _, _ := e.reactor.snapshot()
	if !slices.Equal(ends, []string{"maths-7b"}) {
		t.Fatalf("end hints %v: only the genuine event may prompt a check", ends)
	}
	if err := e.refusals.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	refused := e.entries(refusedAction)
	total := 0
	for _, r := range refused {
		var n int
		fmt.Sscanf(r.Details[strings.Index(r.Details, `"count":`)+8:], "%d", &n)
		total += n
		if r.ClientIP != "127.0.0.1" || r.Result != audit.ResultDenied {
			t.Errorf("refusal entry %+v", r)
		}
	}
	// 44 refusals from one address within (at most) two minutes.
	if len(refused) == 0 || len(refused) > 2 || total != 44 {
		t.Errorf("%d refusal entries counting %d, want one per minute counting 44", len(refused), total)
	}
}

func TestRefusedFloodIsRateLimited(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.receiver.Limiter = audit.NewRateLimiter(60, 10, 100)
	limited := 0
	for range 30 {
		if e.post(t, "event=x", "00") == http.StatusTooManyRequests {
			limited++
		}
	}
	if limited != 20 {
		t.Errorf("%d of 30 requests limited, want 20 after a burst of 10", limited)
	}
}

// TestChecksumOfEveryWebhooksVersion uses the vectors of bbb-api.md §7.5.
func TestChecksumOfEveryWebhooksVersion(t *testing.T) {
	t.Parallel()
	ev := `[{"data":{"type":"event","id":"meeting-created","attributes":{"meeting":{"external-meeting-id":"abc 123"}},"event":{"ts":1700000000000}}}]`
	body := "domain=bbb.example.com&event=" + url.QueryEscape(ev) + "&timestamp=1700000000123"
	r := &Receiver{Secret: testSecret, CallbackURL: "https://example.com/hook"}
	form, _ := url.ParseQuery(body)
	sha256sum := sha256.Sum256([]byte(r.CallbackURL + body + testSecret))
	for version, sum := range map[string]string{
		"3.4+":                 "d55eb16e5483accfc61a1459507dc0c296785171",
		"3.0–3.3 (\"{}\" bug)": "120f34c3c8bfcbabe6b0eb58709494e2ff798d8c",
		"2.6":                  "c66afb48afcd8ae0ced45d94756464b18db6278c",
		"3.4+ with SHA-256":    hex.EncodeToString(sha256sum[:]),
	} {
		if !r.authentic(Request{Checksum: sum, Body: []byte(body)}, form) {
			t.Errorf("%s checksum refused", version)
		}
	}
	if r.authentic(Request{Checksum: strings.Repeat("0", 40), Body: []byte(body)}, form) {
		t.Error("a wrong checksum verified")
	}
	if !r.authentic(Request{Authorization: "Bearer " + testSecret, Body: []byte(body)}, form) ||
		r.authentic(Request{Authorization: "Bearer guess", Body: []byte(body)}, form) {
		t.Error("bearer mode")
	}
	events, err := ParseEvents(ev + "")
	if err != nil || len(events) != 1 || events[0] != (Event{ID: "meeting-created", MeetingID: "abc 123"}) {
		t.Errorf("events %+v %v", events, err)
	}
}
