package meetings

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"bbbportal/audit"
	"bbbportal/bbb"
	"bbbportal/bbb/bbbsim"
	"bbbportal/createopts"
	"bbbportal/models"
	"gorm.io/gorm"
)

const testSecret = "0123456789abcdef0123456789abcdef"

// env is a service wired to a real SQLite file and the simulator over HTTP, on the simulator's clock.
type env struct {
	t         testing.TB
	db        *gorm.DB
	sim       *bbbsim.Server
	clock     *bbbsim.ManualClock
	client    *bbb.Client
	svc       *Service
	audit     *audit.Writer
	cfg       Config
	user      *models.User
	room      *models.Room
	infoCalls *atomic.Int64 // getMeetingInfo requests the simulator received
}

func newEnv(t testing.TB, simOpts bbbsim.Options, cfg Config) *env {
	t.Helper()
	clock := bbbsim.NewManualClock(time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC))
	simOpts.Secret, simOpts.Clock = testSecret, clock
	sim := bbbsim.New(simOpts)
	var infoCalls atomic.Int64
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/getMeetingInfo") {
			infoCalls.Add(1)
		}
		sim.ServeHTTP(w, r)
	}))
	t.Cleanup(func() { ts.Close(); sim.Close() })
	client, err := bbb.New(ts.URL+"/bigbluebutton/api/", testSecret)
	if err != nil {
		t.Fatal(err)
	}
	db, err := models.Open(filepath.Join(t.TempDir(), "portal.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { models.Close(db) })
	aw := audit.NewWriter(db)
	t.Cleanup(aw.Close)
	if cfg.BaseURL == "" {
		cfg.BaseURL = "http://portal.test"
	}
	if cfg.FirstCheck == 0 {
		cfg.FirstCheck = 5 * time.Millisecond
	}
	if cfg.MaxInterval == 0 {
		cfg.MaxInterval = 20 * time.Millisecond
	}
	e := &env{t: t, db: db, sim: sim, clock: clock, client: client, audit: aw, cfg: cfg, infoCalls: &infoCalls}
	e.svc = e.newService()
	e.user, err = models.CreateUser(db, models.NewUser{Email: "kim@school.test", DisplayName: "Kim Teacher", Role: models.RoleTeacher, Password: "correct horse battery"})
	if err != nil {
		t.Fatal(err)
	}
	e.room = e.newRoom("Maths 7b", createopts.Settings{}, nil)
	return e
}

func (e *env) newService() *Service {
	cfg := e.cfg
	cfg.Now = e.clock.Now
	svc := New(e.db, e.client, e.audit, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	e.t.Cleanup(svc.Close)
	return svc
}

func (e *env) newRoom(name string, settings createopts.Settings, overrides createopts.Values) *models.Room {
	e.t.Helper()
	tpl := &models.Template{Name: "tpl " + name, Settings: settings}
	if err := models.SaveTemplate(e.db, tpl); err != nil {
		e.t.Fatal(err)
	}
	room := &models.Room{Name: name, OwnerID: e.user.ID, TemplateID: tpl.ID, Overrides: overrides}
	if err := models.SaveRoom(e.db, room); err != nil {
		e.t.Fatal(err)
	}
	room, err := models.RoomFor(e.db, room.ID, e.user)
	if err != nil {
		e.t.Fatal(err)
	}
	return room
}

// startAndEnter starts the room's meeting and lets one attendee in, so it is running.
func (e *env) startAndEnter(room *models.Room) {
	e.t.Helper()
	if _, err := e.svc.Start(context.Background(), room, e.user, audit.Record{ActorID: e.user.ID}); err != nil {
		e.t.Fatalf("start: %v", err)
	}
	uid, err := e.sim.AddUser(room.MeetingID, "Student One", "VIEWER")
	if err != nil {
		e.t.Fatal(err)
	}
	if err := e.sim.EnterUser(room.MeetingID, uid); err != nil {
		e.t.Fatal(err)
	}
}

// endCallbackToken is the token the portal sent in the room's meta_endCallbackUrl.
func (e *env) endCallbackToken(room *models.Room) string {
	e.t.Helper()
	raw := e.sim.LastCreateQuery(room.MeetingID).Get("meta_endCallbackUrl")
	u, err := url.Parse(raw)
	if err != nil || u.Query().Get("token") == "" {
		e.t.Fatalf("no end callback token in %q", raw)
	}
	return u.Query().Get("token")
}

// waitWatch waits (in real time, generously) until the watch reaches state.
func (e *env) waitWatch(id uint, state string) *models.EndWatch {
	e.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		w, err := models.EndWatchByID(e.db, id)
		if err != nil {
			e.t.Fatal(err)
		}
		if w.State == state {
			return w
		}
		if time.Now().After(deadline) {
			e.t.Fatalf("watch %d is %q (checks %d, problem %q), want %q", id, w.State, w.Checks, w.LastError, state)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// waitChecks waits until the watcher has polled BBB at least n times.
func (e *env) waitChecks(id uint, n int) *models.EndWatch {
	e.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		w, _ := models.EndWatchByID(e.db, id)
		if w != nil && w.Checks >= n {
			return w
		}
		if time.Now().After(deadline) {
			e.t.Fatalf("watch %d made fewer than %d checks", id, n)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func (e *env) auditActions() map[string][]audit.Entry {
	e.t.Helper()
	entries, err := audit.List(e.db, 1000)
	if err != nil {
		e.t.Fatal(err)
	}
	out := map[string][]audit.Entry{}
	for _, en := range entries {
		out[en.Action] = append(out[en.Action], en)
	}
	return out
}

func (e *env) activeRun(room *models.Room) *models.MeetingRun {
	e.t.Helper()
	run, err := models.ActiveRun(e.db, room.MeetingID)
	if err != nil {
		e.t.Fatalf("active run: %v", err)
	}
	return run
}

// isWatching reports whether a watcher goroutine runs for the watch.
func (s *Service) isWatching(id uint) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, ok := s.watching[id]
	return ok
}
