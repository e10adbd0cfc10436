package meetings

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"bbbportal/audit"
	"bbbportal/bbb/bbbsim"
	"bbbportal/models"
)

var bg = context.Background()

func endRequest(e *env, room *models.Room) EndRequest {
	return EndRequest{MeetingID: room.MeetingID, MeetingName: room.Name, RoomID: &room.ID, Reason: ReasonManual,
		Who: audit.Record{ActorID: e.user.ID, ActorEmail: e.user.Email}}
}

func TestEndIsConfirmedByPolling(t *testing.T) {
	t.Parallel()
	e := newEnv(t, bbbsim.Options{EndDelay: 3 * time.Second}, Config{})
	e.startAndEnter(e.room)

	w, err := e.svc.RequestEnd(bg, endRequest(e, e.room))
	if err != nil {
		t.Fatal(err)
	}
	e.waitChecks(w.ID, 2)
	if got, _ := models.EndWatchByID(e.db, w.ID); got.State != models.WatchRequested {
		t.Fatalf("confirmed before BBB ended the meeting: %+v", got)
	}
	e.clock.Advance(3 * time.Second)
	w = e.waitWatch(w.ID, models.WatchConfirmed)
	if w.ConfirmedVia != models.ConfirmedByPoll {
		t.Errorf("confirmed via %q, want poll", w.ConfirmedVia)
	}
	if w.Elapsed() != 3*time.Second {
		t.Errorf("elapsed %v on the simulator's clock, want 3s", w.Elapsed())
	}
	if _, err := models.ActiveRun(e.db, e.room.MeetingID); !errors.Is(err, models.ErrNotFound) {
		t.Errorf("run still active after confirmed end: %v", err)
	}
	acts := e.auditActions()
	if len(acts["meeting.end.requested"]) != 1 || len(acts["meeting.end.confirmed"]) != 1 || len(acts["meeting.start"]) != 1 {
		t.Errorf("audit trail: %v", acts)
	}
}

func TestEndThatNeverCompletesTimesOutThenRetrySucceeds(t *testing.T) {
	t.Parallel()
	e := newEnv(t, bbbsim.Options{EndDelay: time.Hour}, Config{})
	e.startAndEnter(e.room)

	w, err := e.svc.RequestEnd(bg, endRequest(e, e.room))
	if err != nil {
		t.Fatal(err)
	}
	e.waitChecks(w.ID, 1)
	e.clock.Advance(61 * time.Second) // past the default 60 s; BBB still has not ended it
	w = e.waitWatch(w.ID, models.WatchTimedOut)
	if w.Checks < 1 {
		t.Errorf("timed out without checking")
	}
	if len(e.auditActions()["meeting.end.timeout"]) != 1 {
		t.Errorf("timeout not audited")
	}
	e.clock.Advance(time.Hour - 61*time.Second) // the first end request completes meanwhile, as on a real slow server
	if _, err := e.svc.Retry(bg, w.ID, audit.Record{ActorID: e.user.ID}); err != nil {
		t.Fatal(err)
	}
	e.waitWatch(w.ID, models.WatchConfirmed)
	if len(e.auditActions()["meeting.end.requested"]) != 2 {
		t.Errorf("retry did not send end again")
	}
}

func TestEndCallbackConfirmsBeforePolling(t *testing.T) {
	t.Parallel()
	e := newEnv(t, bbbsim.Options{EndDelay: time.Second}, Config{FirstCheck: time.Hour, MaxInterval: time.Hour})
	e.startAndEnter(e.room)
	w, err := e.svc.RequestEnd(bg, endRequest(e, e.room))
	if err != nil {
		t.Fatal(err)
	}
	if err := e.svc.ConfirmByCallback(bg, e.room.MeetingID, "forged", nil, audit.Record{ClientIP: "203.0.113.9"}); !errors.Is(err, ErrBadToken) {
		t.Fatalf("wrong token accepted: %v", err)
	}
	if got, _ := models.EndWatchByID(e.db, w.ID); got.State != models.WatchRequested {
		t.Fatalf("wrong token changed the watch: %q", got.State)
	}
	e.clock.Advance(time.Second) // BBB ends the meeting now
	if err := e.svc.ConfirmByCallback(bg, e.room.MeetingID, e.endCallbackToken(e.room), nil, audit.Record{}); err != nil {
		t.Fatal(err)
	}
	w = e.waitWatch(w.ID, models.WatchConfirmed)
	if w.ConfirmedVia != models.ConfirmedByCallback || w.Checks != 0 {
		t.Errorf("confirmed via %q after %d checks, want callback before any poll", w.ConfirmedVia, w.Checks)
	}
	acts := e.auditActions()["meeting.end.callback"]
	if len(acts) != 1 || acts[0].Result != audit.ResultOK {
		t.Errorf("callback audit = %+v", acts)
	}
}

// TestEndCallbackIsAHint: the token travels in meta_endCallbackUrl, which is meeting metadata
// (copied into recordings). With it alone a running meeting is not marked ended, its watch
// not confirmed and its on-time end not switched off: the portal asks BBB.
func TestEndCallbackIsAHint(t *testing.T) {
	t.Parallel()
	e := newEnv(t, bbbsim.Options{EndDelay: time.Hour}, Config{FirstCheck: time.Hour, MaxInterval: time.Hour})
	room := e.newRoom("Chemistry 9c", nil, map[string]string{"duration": "45"})
	e.startAndEnter(room)
	w, err := e.svc.RequestEnd(bg, endRequest(e, room))
	if err != nil {
		t.Fatal(err)
	}
	token := e.endCallbackToken(room)
	if err := e.svc.ConfirmByCallback(bg, room.MeetingID, token, nil, audit.Record{}); !errors.Is(err, ErrStillRunning) {
		t.Fatalf("callback for a running meeting: %v, want ErrStillRunning", err)
	}
	if got, _ := models.EndWatchByID(e.db, w.ID); got.State != models.WatchRequested {
		t.Errorf("the watch of a running meeting is %q", got.State)
	}
	run := e.activeRun(room)
	if run.EndDue == nil {
		t.Fatal("no on-time end")
	}
	e.sim.SetFault("getMeetingInfo", bbbsim.Fault{FailKey: "internalError", Times: 1})
	if err := e.svc.ConfirmByCallback(bg, room.MeetingID, token, nil, audit.Record{}); err == nil || errors.Is(err, ErrBadToken) {
		t.Errorf("callback while BBB cannot say: %v, want a BBB error (BBB retries)", err)
	}
	e.activeRun(room)
	if n := len(e.auditActions()["meeting.end.callback"]); n != 0 {
		t.Errorf("%d callback entries for unconfirmed hints", n)
	}
}

func TestRestartDuringWatchResumes(t *testing.T) {
	t.Parallel()
	e := newEnv(t, bbbsim.Options{EndDelay: 10 * time.Second}, Config{})
	e.startAndEnter(e.room)
	w, err := e.svc.RequestEnd(bg, endRequest(e, e.room))
	if err != nil {
		t.Fatal(err)
	}
	e.waitChecks(w.ID, 1)
	e.svc.Close() // the portal stops while the end is being watched

	e.clock.Advance(10 * time.Second)
	restarted := e.newService()
	if err := restarted.Resume(); err != nil {
		t.Fatal(err)
	}
	if got := e.waitWatch(w.ID, models.WatchConfirmed); got.ConfirmedVia != models.ConfirmedByPoll {
		t.Errorf("confirmed via %q", got.ConfirmedVia)
	}
}

func TestMeetingEndedBySomeoneElse(t *testing.T) {
	t.Parallel()
	e := newEnv(t, bbbsim.Options{EndDelay: time.Second}, Config{})
	e.startAndEnter(e.room)
	if err := e.client.End(bg, e.room.MeetingID); err != nil { // another front end ends it
		t.Fatal(err)
	}
	e.clock.Advance(time.Second)

	w, err := e.svc.RequestEnd(bg, endRequest(e, e.room))
	if err != nil {
		t.Fatal(err)
	}
	if w = e.waitWatch(w.ID, models.WatchConfirmed); w.Elapsed() != 0 {
		t.Errorf("an already ended meeting took %v to confirm", w.Elapsed())
	}
}

func TestAutoEndWhenServerIgnoresDuration(t *testing.T) {
	t.Parallel()
	e := newEnv(t, bbbsim.Options{EndDelay: time.Second, IgnoreDuration: true}, Config{})
	room := e.newRoom("Short seminar", nil, map[string]string{"duration": "30"})
	e.startAndEnter(room)
	if due := e.activeRun(room).EndDue; due == nil || !due.Equal(e.clock.Now().Add(30*time.Minute)) {
		t.Fatalf("end due %v, want start + 30 min", due)
	}

	e.clock.Advance(30*time.Minute + time.Second)
	if m, ok := e.sim.Meeting(room.MeetingID); !ok || !m.Running {
		t.Fatal("the simulator should ignore duration and keep the meeting running")
	}
	if err := e.svc.Tick(bg); err != nil {
		t.Fatal(err)
	}
	w, err := models.LatestEndWatch(e.db, room.MeetingID)
	if err != nil || w.Reason != ReasonOnTime {
		t.Fatalf("no on-time end requested: %v %+v", err, w)
	}
	e.clock.Advance(time.Second)
	e.waitWatch(w.ID, models.WatchConfirmed)
	if _, ok := e.sim.Meeting(room.MeetingID); ok {
		t.Error("meeting still on the server")
	}
}

func TestScheduledMeetingWarnedAndEndedOnTime(t *testing.T) {
	t.Parallel()
	e := newEnv(t, bbbsim.Options{EndDelay: time.Second}, Config{})
	now := e.clock.Now()
	sched := &models.Schedule{RoomID: e.room.ID, Title: "Weekly lesson", StartsAt: now.Add(-10 * time.Minute), EndsAt: now.Add(20 * time.Minute), Weekly: true}
	if err := models.SaveSchedule(e.db, sched); err != nil {
		t.Fatal(err)
	}
	e.startAndEnter(e.room)
	if due := e.activeRun(e.room).EndDue; due == nil || !due.Equal(sched.EndsAt) {
		t.Fatalf("end due %v, want the schedule's end %v", due, sched.EndsAt)
	}

	e.clock.Advance(16 * time.Minute) // four minutes before the end
	if err := e.svc.Tick(bg); err != nil {
		t.Fatal(err)
	}
	m, _ := e.sim.Meeting(e.room.MeetingID)
	if len(m.Chat) != 1 || !strings.Contains(m.Chat[0], "This meeting ends at") {
		t.Fatalf("chat = %q, want one end warning", m.Chat)
	}
	if err := e.svc.Tick(bg); err != nil {
		t.Fatal(err)
	}
	if m, _ := e.sim.Meeting(e.room.MeetingID); len(m.Chat) != 1 {
		t.Errorf("warned twice: %q", m.Chat)
	}

	e.clock.Advance(4 * time.Minute)
	if err := e.svc.Tick(bg); err != nil {
		t.Fatal(err)
	}
	w, err := models.LatestEndWatch(e.db, e.room.MeetingID)
	if err != nil {
		t.Fatal("no end requested at the scheduled end")
	}
	e.clock.Advance(time.Second)
	e.waitWatch(w.ID, models.WatchConfirmed)
}

func TestMissedScheduledEndIsCarriedOutAtStartup(t *testing.T) {
	t.Parallel()
	e := newEnv(t, bbbsim.Options{EndDelay: time.Second}, Config{})
	e.startAndEnter(e.room) // started outside any schedule: no end due yet
	now := e.clock.Now()
	sched := &models.Schedule{RoomID: e.room.ID, StartsAt: now.Add(-time.Minute), EndsAt: now.Add(10 * time.Minute)}
	if err := models.SaveSchedule(e.db, sched); err != nil {
		t.Fatal(err)
	}
	e.svc.Close()                     // the portal is down…
	e.clock.Advance(30 * time.Minute) // …when the scheduled end passes

	restarted := e.newService()
	if err := restarted.Tick(bg); err != nil { // what RunScheduler does first
		t.Fatal(err)
	}
	w, err := models.LatestEndWatch(e.db, e.room.MeetingID)
	if err != nil {
		t.Fatal("missed end not carried out")
	}
	e.clock.Advance(time.Second)
	e.waitWatch(w.ID, models.WatchConfirmed)
}

func TestLiveViewKeepsLastDataWhileBBBMisbehaves(t *testing.T) {
	t.Parallel()
	e := newEnv(t, bbbsim.Options{}, Config{CallTimeout: 200 * time.Millisecond})
	e.startAndEnter(e.room)
	snap := e.svc.Live.Get(bg)
	if snap.Problem != "" || len(snap.Meetings) != 1 || snap.Meetings[0].ParticipantCount != 1 {
		t.Fatalf("healthy snapshot = %+v", snap)
	}
	firstFetch := snap.FetchedAt
	cases := []struct {
		fault bbbsim.Fault
		want  string
	}{
		{bbbsim.Fault{Status: 500}, ProblemHTTP},
		{bbbsim.Fault{Malformed: true}, ProblemBadAnswer},
		{bbbsim.Fault{Latency: time.Second}, ProblemTimeout},
		{bbbsim.Fault{Drop: true}, ProblemUnreachable},
	}
	for i, c := range cases {
		e.sim.SetFault("getMeetings", c.fault)
		e.clock.Advance(time.Minute)
		snap := e.svc.Live.Get(bg)
		if snap.Problem != c.want {
			t.Errorf("fault %+v: problem %q, want %q", c.fault, snap.Problem, c.want)
		}
		if len(snap.Meetings) != 1 || !snap.FetchedAt.Equal(firstFetch) {
			t.Errorf("fault %+v: last known data lost: %+v", c.fault, snap)
		}
		if want := time.Duration(i+1) * time.Minute; snap.Age(e.clock.Now()) != want {
			t.Errorf("fault %+v: age %v, want %v", c.fault, snap.Age(e.clock.Now()), want)
		}
		if !snap.DownSince.Equal(firstFetch.Add(time.Minute)) {
			t.Errorf("down since %v, want the first failure", snap.DownSince)
		}
	}
	e.sim.ClearFaults()
	e.clock.Advance(time.Minute)
	if snap := e.svc.Live.Get(bg); snap.Problem != "" || !snap.DownSince.IsZero() {
		t.Errorf("recovered snapshot = %+v", snap)
	}
}

func TestEndCallbackRepeatedOrForAnEarlierRun(t *testing.T) {
	t.Parallel()
	e := newEnv(t, bbbsim.Options{EndDelay: time.Hour}, Config{FirstCheck: time.Hour, MaxInterval: time.Hour})
	e.startAndEnter(e.room)
	first := e.endCallbackToken(e.room)
	if err := e.client.End(bg, e.room.MeetingID); err != nil {
		t.Fatal(err)
	}
	e.clock.Advance(time.Hour)
	for i := 0; i < 2; i++ { // BBB probes, then calls
		if err := e.svc.ConfirmByCallback(bg, e.room.MeetingID, first, nil, audit.Record{}); err != nil {
			t.Fatalf("call %d: %v", i+1, err)
		}
	}
	acts := e.auditActions()["meeting.end.callback"]
	if len(acts) != 1 || acts[0].Result != audit.ResultOK {
		t.Fatalf("a repeated callback was audited again: %+v", acts)
	}

	e.startAndEnter(e.room) // a new run with a new token
	if e.endCallbackToken(e.room) == first {
		t.Fatal("the new run kept the old token")
	}
	if err := e.svc.ConfirmByCallback(bg, e.room.MeetingID, first, nil, audit.Record{}); err != nil {
		t.Fatalf("late callback of the earlier run refused: %v", err)
	}
	if _, err := models.ActiveRun(e.db, e.room.MeetingID); err != nil {
		t.Errorf("a late callback of the earlier run ended the new one: %v", err)
	}
}

func TestLiveViewShowsAMeetingRightAfterStart(t *testing.T) {
	t.Parallel()
	e := newEnv(t, bbbsim.Options{}, Config{})
	if snap := e.svc.Live.Get(bg); len(snap.Meetings) != 0 {
		t.Fatalf("meetings before start: %d", len(snap.Meetings))
	}
	e.startAndEnter(e.room) // within the cache's reuse window: the clock does not move
	if _, ok := e.svc.Live.Get(bg).Find(e.room.MeetingID); !ok {
		t.Fatal("a meeting just started is missing from the live view")
	}
}

// TestCallbackDuringSlowPollStaysConfirmed: the end callback confirms a watch while the watcher
// waits for a slow getMeetingInfo; the watcher's answer ("still running", deadline passed) must
// not turn the confirmed end back into a timeout.
func TestCallbackDuringSlowPollStaysConfirmed(t *testing.T) {
	t.Parallel()
	e := newEnv(t, bbbsim.Options{EndDelay: 30 * time.Second}, Config{})
	e.startAndEnter(e.room)
	w, err := e.svc.RequestEnd(bg, endRequest(e, e.room))
	if err != nil {
		t.Fatal(err)
	}
	e.waitChecks(w.ID, 1)
	// The watcher's next getMeetingInfo is slow and says nothing useful; the callback's is answered.
	e.sim.SetFault("getMeetingInfo", bbbsim.Fault{Latency: 400 * time.Millisecond, FailKey: "internalError", Times: 1})
	polls := e.infoCalls.Load()
	waitUntil(t, "the watcher to be inside a slow getMeetingInfo", func() bool { return e.infoCalls.Load() > polls })
	e.clock.Advance(61 * time.Second) // BBB ends the meeting; the watcher's answer arrives after the deadline
	if err := e.svc.ConfirmByCallback(bg, e.room.MeetingID, e.endCallbackToken(e.room), nil, audit.Record{}); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for e.svc.isWatching(w.ID) {
		if time.Now().After(deadline) {
			t.Fatal("the watcher did not stop")
		}
		time.Sleep(10 * time.Millisecond)
	}
	got, _ := models.EndWatchByID(e.db, w.ID)
	if got.State != models.WatchConfirmed || got.ConfirmedVia != models.ConfirmedByCallback {
		t.Errorf("watch is %q (via %q) after the callback confirmed it", got.State, got.ConfirmedVia)
	}
	if n := len(e.auditActions()["meeting.end.timeout"]); n != 0 {
		t.Errorf("%d timeout entries for a confirmed end", n)
	}
}

func TestEndWarningSpeaksTheOwnersLanguage(t *testing.T) {
	t.Parallel()
	e := newEnv(t, bbbsim.Options{EndDelay: time.Second}, Config{})
	if err := models.SetLanguage(e.db, e.user.ID, "de"); err != nil {
		t.Fatal(err)
	}
	room := e.newRoom("Deutsch 8a", nil, map[string]string{"duration": "45"})
	e.startAndEnter(room)
	e.clock.Advance(41 * time.Minute)
	if err := e.svc.Tick(bg); err != nil {
		t.Fatal(err)
	}
	m, _ := e.sim.Meeting(room.MeetingID)
	if len(m.Chat) != 1 || !strings.Contains(m.Chat[0], "Diese Konferenz endet um") {
		t.Fatalf("chat = %q, want the warning in German", m.Chat)
	}
}
