package bbbsim_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"bbbportal/bbb"
	"bbbportal/bbb/bbbsim"
)

func ptr[T any](v T) *T { return &v }

func newClient(t *testing.T, e *env, opts ...bbb.Option) *bbb.Client {
	t.Helper()
	c, err := bbb.New(e.srv.URL+"/bigbluebutton/api/", secret, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestClientAgainstSimulatorForEveryCall drives the project's client library through every call
// against the simulator over real HTTP: each side was written from the API description alone,
// so a misreading in one shows up here.
func TestClientAgainstSimulatorForEveryCall(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	hooked := newReceiver(t)
	ready := newReceiver(t)
	e := newEnv(t)
	c := newClient(t, e)

	v, err := c.Version(ctx)
	if err != nil || v.APIVersion != "2.0" {
		t.Fatalf("Version: %+v, %v", v, err)
	}
	if alg, err := c.DetectChecksum(ctx); err != nil || alg != bbb.SHA512 {
		t.Fatalf("DetectChecksum = %s, %v", alg, err)
	}
	if ms, err := c.GetMeetings(ctx); err != nil || len(ms) != 0 {
		t.Fatalf("GetMeetings on an empty server: %v, %v", ms, err)
	}

	hook, err := c.CreateHook(ctx, bbb.HookParams{CallbackURL: hooked.srv.URL + "/events", EventIDs: []string{"meeting-created"}})
	if err != nil || hook.ID == "" || hook.Duplicate {
		t.Fatalf("CreateHook: %+v, %v", hook, err)
	}
	if again, err := c.CreateHook(ctx, bbb.HookParams{CallbackURL: hooked.srv.URL + "/events"}); err != nil || !again.Duplicate || again.ID != hook.ID {
		t.Fatalf("CreateHook twice: %+v, %v", again, err)
	}

	created, err := c.Create(ctx, bbb.CreateParams{
		Name: "Physics 101", MeetingID: "phys-101", Record: ptr(true), AutoStartRecording: ptr(true),
		MaxParticipants: ptr(10), Duration: ptr(90), GuestPolicy: "ALWAYS_ACCEPT",
		Meta:      map[string]string{"bbb-recording-ready-url": ready.srv.URL + "/ready", "Course": "PHY"},
		Documents: []bbb.Document{{URL: "https://example.com/slides.pdf", Filename: "slides.pdf"}},
	})
	if err != nil || created.Duplicate || created.InternalMeetingID == "" || created.Duration != 90*time.Minute {
		t.Fatalf("Create: %+v, %v", created, err)
	}
	q := e.sim.LastCreateQuery("phys-101")
	if q.Get("name") != "Physics 101" || q.Get("record") != "true" || q.Get("maxParticipants") != "10" || q.Get("meta_Course") != "PHY" {
		t.Fatalf("create parameters as received: %v", q)
	}
	if !strings.Contains(string(e.sim.LastCreateBody("phys-101")), "slides.pdf") {
		t.Fatalf("create body: %s", e.sim.LastCreateBody("phys-101"))
	}
	if dup, err := c.Create(ctx, bbb.CreateParams{Name: "Physics 101", MeetingID: "phys-101"}); err != nil || !dup.Duplicate {
		t.Fatalf("Create twice: %+v, %v", dup, err)
	}

	join, err := c.Join(ctx, bbb.JoinParams{FullName: "Ada", MeetingID: "phys-101", Role: bbb.RoleModerator, UserID: "ada", CreateTime: created.CreateTime})
	if err != nil || join.GuestStatus != "ALLOW" || join.SessionToken == "" {
		t.Fatalf("Join: %+v, %v", join, err)
	}
	if running, err := c.IsMeetingRunning(ctx, "phys-101"); err != nil || running {
		t.Fatalf("IsMeetingRunning before anyone entered: %v, %v", running, err)
	}
	joinURL, err := c.JoinURL(bbb.JoinParams{FullName: "Bea", MeetingID: "phys-101", Role: bbb.RoleViewer, UserID: "bea"})
	if err != nil {
		t.Fatal(err)
	}
	browser := &http.Client{} // follows the redirect to the simulated client, as a browser would
	if resp, err := browser.Get(joinURL); err != nil || resp.StatusCode != 200 {
		t.Fatalf("opening the join URL: %v", err)
	} else {
		resp.Body.Close()
	}
	if err := e.sim.EnterSession(join.SessionToken); err != nil {
		t.Fatal(err)
	}
	m, err := c.GetMeetingInfo(ctx, "phys-101")
	if err != nil || !m.Running || m.ParticipantCount != 2 || m.ModeratorCount != 1 || m.Metadata["course"] != "PHY" || !m.CreateTime.Equal(created.CreateTime) {
		t.Fatalf("GetMeetingInfo: %+v, %v", m, err)
	}
	if ms, err := c.GetMeetings(ctx); err != nil || len(ms) != 1 || ms[0].MeetingID != "phys-101" {
		t.Fatalf("GetMeetings: %v, %v", ms, err)
	}
	if err := c.SendChatMessage(ctx, "phys-101", "Hello class", "Teacher"); err != nil {
		t.Fatal(err)
	}
	if err := c.InsertDocument(ctx, "phys-101", []bbb.Document{{Name: "notes.pdf", Content: []byte("%PDF-1.4")}}); err != nil {
		t.Fatal(err)
	}
	if info, _ := e.sim.Meeting("phys-101"); strings.Join(info.Chat, "|") != "Teacher: Hello class" || strings.Join(info.Documents, "|") != "notes.pdf" {
		t.Fatalf("chat %v, documents %v", info.Chat, info.Documents)
	}

	hooks, err := c.ListHooks(ctx, "")
	if err != nil || len(hooks) != 1 || hooks[0].CallbackURL != hooked.srv.URL+"/events" || strings.Join(hooks[0].EventIDs, ",") != "meeting-created" {
		t.Fatalf("ListHooks: %+v, %v", hooks, err)
	}
	if _, err := c.ListHooks(ctx, "no-such-meeting"); !bbb.IsKey(err, "listHookError") {
		t.Fatalf("ListHooks for a meeting without hooks: %v", err)
	}

	e.advance(45 * time.Minute)
	if err := c.End(ctx, "phys-101"); err != nil {
		t.Fatal(err)
	}
	e.advance(2 * time.Second)
	if _, err := c.GetMeetingInfo(ctx, "phys-101"); !bbb.IsKey(err, "notFound") {
		t.Fatalf("GetMeetingInfo after end: %v", err)
	}
	if err := c.End(ctx, "phys-101"); !bbb.IsKey(err, "notFound") {
		t.Fatalf("End of an ended meeting: %v", err)
	}

	list, err := c.GetRecordings(ctx, bbb.RecordingsQuery{MeetingIDs: []string{"phys-101"}, States: []bbb.RecordingState{bbb.StateAny}})
	if err != nil || len(list.Recordings) != 1 || list.Recordings[0].State != bbb.StateProcessing {
		t.Fatalf("GetRecordings while processing: %+v, %v", list, err)
	}
	e.advance(time.Minute + 30*time.Second)
	list, err = c.GetRecordings(ctx, bbb.RecordingsQuery{MeetingIDs: []string{"phys-101"}, Limit: 10})
	if err != nil || len(list.Recordings) != 1 || list.TotalElements != 1 {
		t.Fatalf("GetRecordings: %+v, %v", list, err)
	}
	rec := list.Recordings[0]
	if rec.State != bbb.StatePublished || !rec.Published || rec.RecordID != created.InternalMeetingID || rec.Participants != 2 ||
		len(rec.Playback) != 2 || rec.Playback[0].Length != 45*time.Minute || len(rec.Playback[0].Preview) != 3 || rec.Metadata["course"] != "PHY" {
		t.Fatalf("published recording: %+v", rec)
	}
	e.sim.FlushCallbacks()
	if calls := ready.got(); len(calls) != 2 {
		t.Fatalf("recording-ready callbacks: %d", len(calls))
	}
	if events := hooked.got(); len(events) != 1 || !strings.Contains(events[0].body, "meeting-created") {
		t.Fatalf("hook events: %v", events)
	}

	if err := c.UpdateRecordings(ctx, []string{rec.RecordID}, map[string]string{"name": "Lecture 1"}); err != nil {
		t.Fatal(err)
	}
	if err := c.PublishRecordings(ctx, []string{rec.RecordID}, false); err != nil {
		t.Fatal(err)
	}
	if err := c.PutRecordingTextTrack(ctx, rec.RecordID, "subtitles", "de-DE", "Deutsch", strings.NewReader("WEBVTT\n")); err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetRecordingTextTracks(ctx, rec.RecordID); err == nil {
		t.Fatal("text track listed before the recording was processed again")
	}
	e.advance(time.Minute)
	tracks, err := c.GetRecordingTextTracks(ctx, rec.RecordID)
	if err != nil || len(tracks) != 1 || tracks[0].Lang != "de-DE" || tracks[0].Label != "Deutsch" {
		t.Fatalf("GetRecordingTextTracks: %+v, %v", tracks, err)
	}
	list, err = c.GetRecordings(ctx, bbb.RecordingsQuery{RecordIDs: []string{rec.RecordID}})
	if err != nil || len(list.Recordings) != 1 || list.Recordings[0].State != bbb.StateUnpublished || list.Recordings[0].Metadata["name"] != "Lecture 1" {
		t.Fatalf("after update and unpublish: %+v, %v", list, err)
	}
	if err := c.DeleteRecordings(ctx, []string{rec.RecordID}); err != nil {
		t.Fatal(err)
	}
	if err := c.PublishRecordings(ctx, []string{rec.RecordID}, true); !bbb.IsKey(err, "notFound") {
		t.Fatalf("publishing a deleted recording: %v", err)
	}
	if list, err := c.GetRecordings(ctx, bbb.RecordingsQuery{MeetingIDs: []string{"phys-101"}}); err != nil || len(list.Recordings) != 0 {
		t.Fatalf("GetRecordings after delete: %+v, %v", list, err)
	}

	if err := c.DestroyHook(ctx, hook.ID); err != nil {
		t.Fatal(err)
	}
	if err := c.DestroyHook(ctx, hook.ID); !bbb.IsKey(err, "destroyMissingHook") {
		t.Fatalf("DestroyHook twice: %v", err)
	}
}

func TestClientSignsWithEveryAlgorithmTheSimulatorAccepts(t *testing.T) {
	t.Parallel()
	for _, alg := range []bbb.Algorithm{bbb.SHA1, bbb.SHA256, bbb.SHA384, bbb.SHA512} {
		t.Run(string(alg), func(t *testing.T) {
			e := newEnv(t, func(o *bbbsim.Options) { o.AcceptedChecksums = []string{string(alg)} })
			c := newClient(t, e, bbb.WithChecksum(alg))
			name := "Café 日本 ~*+&=%"
			if _, err := c.Create(context.Background(), bbb.CreateParams{Name: name, MeetingID: "id with spaces/ü"}); err != nil {
				t.Fatal(err)
			}
			m, err := c.GetMeetingInfo(context.Background(), "id with spaces/ü")
			if err != nil || m.Name != name {
				t.Fatalf("GetMeetingInfo: %+v, %v", m, err)
			}
			if _, err := c.CreateHook(context.Background(), bbb.HookParams{CallbackURL: "http://127.0.0.1:9/cb two?x=1"}); err != nil {
				t.Fatal(err)
			}
			if detected, err := newClient(t, e).DetectChecksum(context.Background()); err != nil || detected != alg {
				t.Fatalf("DetectChecksum = %s, %v", detected, err)
			}
		})
	}
	wrong, _ := bbb.New(newEnv(t).srv.URL+"/bigbluebutton/api/", "not the secret")
	if _, err := wrong.GetMeetings(context.Background()); !bbb.IsKey(err, "checksumError") {
		t.Fatalf("wrong secret: %v", err)
	}
}

func TestClientSeesErrorsTheSimulatorInjects(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	e := newEnv(t)
	c := newClient(t, e, bbb.WithTimeout(200*time.Millisecond))
	for _, tc := range []struct {
		fault bbbsim.Fault
		check func(error) bool
	}{
		{bbbsim.Fault{Status: 502}, func(err error) bool { var h *bbb.HTTPError; return errors.As(err, &h) }},
		{bbbsim.Fault{Malformed: true}, func(err error) bool { var p *bbb.ParseError; return errors.As(err, &p) }},
		{bbbsim.Fault{Drop: true}, func(err error) bool { var n *bbb.NetworkError; return errors.As(err, &n) }},
		{bbbsim.Fault{Latency: time.Second}, func(err error) bool { var n *bbb.NetworkError; return errors.As(err, &n) }},
		{bbbsim.Fault{FailKey: "serverBusy"}, func(err error) bool { return bbb.IsKey(err, "serverBusy") }},
	} {
		e.sim.SetFault("getMeetings", tc.fault)
		if _, err := c.GetMeetings(ctx); !tc.check(err) {
			t.Errorf("fault %+v: client error %T %v", tc.fault, err, err)
		}
		e.sim.ClearFaults()
		if _, err := c.GetMeetings(ctx); err != nil {
			t.Fatalf("after clearing fault %+v: %v", tc.fault, err)
		}
	}
	// A failed join with the default redirect comes back as a typed error from the errors= redirect.
	join, _ := c.JoinURL(bbb.JoinParams{FullName: "A", MeetingID: "nope", Role: bbb.RoleViewer})
	resp, _ := e.fetch("GET", join, nil, "")
	if resp.StatusCode != http.StatusFound || !strings.Contains(resp.Header.Get("Location"), "invalidMeetingIdentifier") {
		t.Fatalf("failed join: HTTP %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	if _, err := c.Join(ctx, bbb.JoinParams{FullName: "A", MeetingID: "nope", Role: bbb.RoleViewer}); !bbb.IsKey(err, "invalidMeetingIdentifier") {
		t.Fatalf("Join of an unknown meeting: %v", err)
	}
}

// TestClientNeverSendsAChangingCallTwice drops the connection of an end call after the server
// read it: the client must report the failure, not let Go's transport send end again on a new
// connection (which it does for a GET on a reused connection). Read-only calls may be repeated.
func TestClientNeverSendsAChangingCallTwice(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	e := newEnv(t)
	c := newClient(t, e, bbb.WithChecksum(bbb.SHA1))
	if _, err := c.Create(ctx, bbb.CreateParams{Name: "Once", MeetingID: "once"}); err != nil {
		t.Fatal(err)
	}
	e.sim.SetFault("end", bbbsim.Fault{Drop: true, Times: 1})
	var ne *bbb.NetworkError
	if err := c.End(ctx, "once"); !errors.As(err, &ne) {
		t.Fatalf("End on a dropped connection = %v, want *bbb.NetworkError", err)
	}
	if m, ok := e.sim.Meeting("once"); !ok || m.EndRequested {
		t.Fatalf("the dropped end was sent again: %+v", m)
	}
	if err := c.End(ctx, "once"); err != nil {
		t.Fatalf("End after the fault: %v", err)
	}

	e.sim.SetFault("getMeetingInfo", bbbsim.Fault{Drop: true, Times: 1})
	if _, err := newClient(t, e, bbb.WithChecksum(bbb.SHA1), bbb.WithRetry(2, time.Millisecond)).GetMeetingInfo(ctx, "once"); err != nil {
		t.Fatalf("read-only call with a retry after a dropped connection: %v", err)
	}
}

func TestClientListsSessions(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	e := newEnv(t)
	c := newClient(t, e)
	if list, err := c.GetSessions(ctx); err != nil || len(list) != 0 {
		t.Fatalf("GetSessions on an empty server: %+v, %v", list, err)
	}
	created, err := c.Create(ctx, bbb.CreateParams{Name: "Sessions", MeetingID: "sessions"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.sim.AddUser("sessions", "Ada Lovelace", "MODERATOR"); err != nil {
		t.Fatal(err)
	}
	list, err := c.GetSessions(ctx)
	if err != nil || len(list) != 1 || list[0].UserName != "Ada Lovelace" || list[0].MeetingID != created.InternalMeetingID || list[0].MeetingName != "Sessions" {
		t.Fatalf("GetSessions = %+v, %v", list, err)
	}
}

func TestClientPingsWebhooks(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	e := newEnv(t)
	c := newClient(t, e, bbb.WithChecksum(bbb.Auto))
	if err := c.PingHooks(ctx); err != nil {
		t.Fatalf("PingHooks: %v", err)
	}
	if c.Algorithm() != bbb.Auto {
		t.Errorf("the unsigned ping ran checksum detection")
	}
	e.sim.SetFault("hooks/ping", bbbsim.Fault{Status: http.StatusNotFound, Times: 1}) // bbb-webhooks not installed
	var he *bbb.HTTPError
	if err := c.PingHooks(ctx); !errors.As(err, &he) || he.StatusCode != 404 {
		t.Fatalf("PingHooks without bbb-webhooks: %v, want HTTP 404", err)
	}
}
