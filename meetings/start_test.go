package meetings

import (
	"errors"
	"net/url"
	"strings"
	"testing"
	"time"

	"bbbportal/audit"
	"bbbportal/bbb/bbbsim"
	"bbbportal/createopts"
	"bbbportal/models"
)

// crashAfterCreate makes every write that records a created meeting fail, as if the portal
// died the moment BBB answered create: an insert of a run that already has BBB's createTime,
// and any later change of a run.
func crashAfterCreate(e *env) (restart func()) {
	e.t.Helper()
	for _, sql := range []string{
		`CREATE TRIGGER crash_insert BEFORE INSERT ON meeting_runs WHEN NEW.create_time <> 0 BEGIN SELECT RAISE(ABORT, 'crash'); END`,
		`CREATE TRIGGER crash_update BEFORE UPDATE ON meeting_runs BEGIN SELECT RAISE(ABORT, 'crash'); END`,
	} {
		if err := e.db.Exec(sql).Error; err != nil {
			e.t.Fatal(err)
		}
	}
	return func() {
		e.db.Exec(`DROP TRIGGER crash_insert`)
		e.db.Exec(`DROP TRIGGER crash_update`)
	}
}

// TestStartInterruptedAfterCreateLeavesAUsableRun: the run is written ("creating") before the
// create call, so a portal that stops between BBB's create and settling the run still knows
// the meeting: the on-time end ends it, and the end callback's token is recognised.
func TestStartInterruptedAfterCreateLeavesAUsableRun(t *testing.T) {
	t.Parallel()
	e := newEnv(t, bbbsim.Options{EndDelay: time.Second}, Config{})
	room := e.newRoom("Biology 6a", nil, map[string]string{"duration": "45"})
	restart := crashAfterCreate(e)
	if _, err := e.svc.Start(bg, room, e.user, audit.Record{ActorID: e.user.ID}); err == nil {
		t.Fatal("start reported success although settling failed")
	}
	restart()
	if _, ok := e.sim.Meeting(room.MeetingID); !ok {
		t.Fatal("BBB did not create the meeting")
	}
	run := e.activeRun(room)
	if !creating(run) || run.EndDue == nil || run.EndTokenHash == "" {
		t.Fatalf("run after the interrupted start: %+v", run)
	}

	// The on-time end still happens.
	e.clock.Advance(46 * time.Minute)
	if err := e.svc.Tick(bg); err != nil {
		t.Fatal(err)
	}
	w, err := models.LatestEndWatch(e.db, room.MeetingID)
	if err != nil {
		t.Fatalf("no end was requested for the due meeting: %v", err)
	}
	e.clock.Advance(time.Second)
	e.waitWatch(w.ID, models.WatchConfirmed)
	if _, err := models.ActiveRun(e.db, room.MeetingID); !errors.Is(err, models.ErrNotFound) {
		t.Errorf("the run is still open after the end: %v", err)
	}
}

func TestEndCallbackOfAnInterruptedStart(t *testing.T) {
	t.Parallel()
	e := newEnv(t, bbbsim.Options{EndDelay: time.Second}, Config{FirstCheck: time.Hour, MaxInterval: time.Hour})
	restart := crashAfterCreate(e)
	if _, err := e.svc.Start(bg, e.room, e.user, audit.Record{}); err == nil {
		t.Fatal("start reported success although settling failed")
	}
	restart()
	token := e.endCallbackToken(e.room)
	if err := e.client.End(bg, e.room.MeetingID); err != nil {
		t.Fatal(err)
	}
	e.clock.Advance(time.Second)
	if err := e.svc.ConfirmByCallback(bg, e.room.MeetingID, token, nil, audit.Record{}); err != nil {
		t.Fatalf("the end callback of an interrupted start: %v", err)
	}
	if _, err := models.ActiveRun(e.db, e.room.MeetingID); !errors.Is(err, models.ErrNotFound) {
		t.Errorf("the run is still open after the confirmed end: %v", err)
	}
}

// TestInterruptedStartIsSettled: the next start (a join) or the restart gives the run BBB's
// createTime and writes the start's audit entry.
func TestInterruptedStartIsSettled(t *testing.T) {
	t.Parallel()
	e := newEnv(t, bbbsim.Options{}, Config{})
	other := e.newRoom("History 10b", createopts.Settings{}, nil)
	restart := crashAfterCreate(e)
	for _, room := range []*models.Room{e.room, other} {
		if _, err := e.svc.Start(bg, room, e.user, audit.Record{}); err == nil {
			t.Fatal("start reported success although settling failed")
		}
	}
	restart()

	if _, err := e.svc.Start(bg, e.room, e.user, audit.Record{}); err != nil {
		t.Fatal(err)
	}
	info, _ := e.sim.Meeting(e.room.MeetingID)
	if run := e.activeRun(e.room); run.CreateTime != info.CreateTime {
		t.Errorf("joining settled the run with createTime %d, BBB has %d", run.CreateTime, info.CreateTime)
	}

	restarted := e.newService()
	if err := restarted.Resume(); err != nil {
		t.Fatal(err)
	}
	waitUntil(t, "the restart to settle the other run", func() bool {
		run, err := models.ActiveRun(e.db, other.MeetingID)
		return err == nil && !creating(run)
	})
	starts := e.auditActions()["meeting.start"]
	if len(starts) != 2 || !strings.Contains(starts[0].Details+starts[1].Details, "interrupted") {
		t.Errorf("audit of the settled starts: %+v", starts)
	}
}

// TestEndedURLStaysOnTheServer: create sends meetingEndedURL (not metadata) with the meeting's
// ID and token; meta_endCallbackUrl (the one BBB adds recordingmarks to) has the same token.
func TestEndedURLStaysOnTheServer(t *testing.T) {
	t.Parallel()
	e := newEnv(t, bbbsim.Options{}, Config{})
	e.startAndEnter(e.room)
	q := e.sim.LastCreateQuery(e.room.MeetingID)
	u, err := url.Parse(q.Get("meetingEndedURL"))
	if err != nil || u.Query().Get("meetingID") != e.room.MeetingID || u.Query().Get("token") != e.endCallbackToken(e.room) {
		t.Fatalf("meetingEndedURL = %q", q.Get("meetingEndedURL"))
	}
	if info, _ := e.client.GetMeetingInfo(bg, e.room.MeetingID); strings.Contains(strings.Join(mapValues(info.Metadata), " "), "meetingID=") {
		t.Errorf("metadata carries the meetingEndedURL: %v", info.Metadata)
	}
}

func mapValues(m map[string]string) []string {
	var out []string
	for _, v := range m {
		out = append(out, v)
	}
	return out
}

// TestAdminOnlyOptionsSavedBeforeTheRuleAreNotSent: a personal template saved before the rule
// may hold pluginManifests; starting its room does not send them. A global template's do go.
func TestAdminOnlyOptionsSavedBeforeTheRuleAreNotSent(t *testing.T) {
	t.Parallel()
	e := newEnv(t, bbbsim.Options{}, Config{})
	logo := createopts.Settings{"logo": {Value: "https://cdn.example.org/logo.png"}}
	roomOn := func(tpl *models.Template, overrides createopts.Values) *models.Room {
		if err := models.SaveTemplate(e.db, tpl); err != nil {
			t.Fatal(err)
		}
		room := &models.Room{Name: "Room on " + tpl.Name, OwnerID: e.user.ID, TemplateID: tpl.ID, Overrides: overrides}
		if err := models.SaveRoom(e.db, room); err != nil {
			t.Fatal(err)
		}
		room, err := models.RoomFor(e.db, room.ID, e.user)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.Start(bg, room, e.user, audit.Record{}); err != nil {
			t.Fatal(err)
		}
		return room
	}
	dark := createopts.Values{"darklogo": "https://cdn.example.org/dark.png"}
	personal := roomOn(&models.Template{Name: "Mine", OwnerID: &e.user.ID, Settings: logo}, dark)
	if q := e.sim.LastCreateQuery(personal.MeetingID); q.Get("logo") != "" || q.Get("darklogo") != "" {
		t.Errorf("a personal template's admin-only options were sent: logo %q darklogo %q", q.Get("logo"), q.Get("darklogo"))
	}
	global := roomOn(&models.Template{Name: "School", Settings: logo}, dark)
	if q := e.sim.LastCreateQuery(global.MeetingID); q.Get("logo") != "https://cdn.example.org/logo.png" || q.Get("darklogo") != "" {
		t.Errorf("global template: logo %q (want the template's), darklogo %q (want none: a room set it)", q.Get("logo"), q.Get("darklogo"))
	}
}
