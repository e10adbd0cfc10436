package recordings

import (
	"context"
	"net/http"
	"net/http/httptest"
	"path/filepath"
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

// env is the service on a real SQLite file and the simulator over HTTP, on the simulator's clock.
type env struct {
	t      *testing.T
	db     *gorm.DB
	sim    *bbbsim.Server
	simURL string
	clock  *bbbsim.ManualClock
	client *bbb.Client
	svc    *Service
	audit  *audit.Writer
	portal *httptest.Server // the portal's recording-ready callback

	kim, lee, admin  *models.User
	kimRoom, leeRoom *models.Room
}

func newEnv(t *testing.T, opts bbbsim.Options) *env {
	t.Helper()
	clock := bbbsim.NewManualClock(time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC))
	opts.Secret, opts.Clock = testSecret, clock
	if opts.Seed == 0 {
		opts.Seed = 42
	}
	sim := bbbsim.New(opts)
	ts := httptest.NewServer(sim)
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
	e := &env{t: t, db: db, sim: sim, simURL: ts.URL, clock: clock, client: client, audit: aw}
	e.svc = New(db, client, aw, Config{Secret: testSecret, Now: clock.Now}, nil)
	t.Cleanup(e.svc.Close)
	e.portal = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, err := e.svc.HandleReady(r.Context(), r.FormValue("signed_parameters"), audit.Record{ActorEmail: "bbb-server"})
		if err == ErrBadSignature {
			w.WriteHeader(http.StatusForbidden)
		}
	}))
	t.Cleanup(e.portal.Close)
	e.kim = e.user("kim@school.test", "Kim Teacher", models.RoleTeacher)
	e.lee = e.user("lee@school.test", "Lee Teacher", models.RoleTeacher)
	e.admin = e.user("it@school.test", "School IT", models.RoleAdmin)
	e.kimRoom = e.room("Maths 7b", e.kim)
	e.leeRoom = e.room("History 9a", e.lee)
	return e
}

func (e *env) user(email, name, role string) *models.User {
	e.t.Helper()
	u, err := models.CreateUser(e.db, models.NewUser{Email: email, DisplayName: name, Role: role, Password: "correct horse battery"})
	if err != nil {
		e.t.Fatal(err)
	}
	return u
}

func (e *env) room(name string, owner *models.User, coOwners ...models.User) *models.Room {
	e.t.Helper()
	tpl := &models.Template{Name: "tpl " + name, Settings: createopts.Settings{}}
	if err := models.SaveTemplate(e.db, tpl); err != nil {
		e.t.Fatal(err)
	}
	room := &models.Room{Name: name, OwnerID: owner.ID, TemplateID: tpl.ID,
		Overrides: createopts.Values{"record": "true"}, CoOwners: coOwners}
	if err := models.SaveRoom(e.db, room); err != nil {
		e.t.Fatal(err)
	}
	room, err := models.RoomFor(e.db, room.ID, owner)
	if err != nil {
		e.t.Fatal(err)
	}
	return room
}

// meeting runs a recorded meeting of the room for the given time with marks (or without)
// and ends it; the recording is then processing. It returns the recordID.
func (e *env) meeting(room *models.Room, span time.Duration, marks bool) string {
	e.t.Helper()
	ctx := context.Background()
	yes := true
	p := bbb.CreateParams{Name: room.Name, MeetingID: room.MeetingID, Record: &yes,
		Meta: map[string]string{"bbb-recording-ready-url": e.portal.URL + "/callbacks/recording-ready", "course": "Year 7"}}
	if marks {
		p.AutoStartRecording = &yes
	}
	res, err := e.client.Create(ctx, p)
	if err != nil {
		e.t.Fatalf("create: %v", err)
	}
	uid, err := e.sim.AddUser(room.MeetingID, "Student One", "VIEWER")
	if err != nil {
		e.t.Fatal(err)
	}
	if err := e.sim.EnterUser(room.MeetingID, uid); err != nil {
		e.t.Fatal(err)
	}
	e.clock.Advance(span)
	if err := e.client.End(ctx, room.MeetingID); err != nil {
		e.t.Fatalf("end: %v", err)
	}
	e.clock.Advance(2 * time.Second) // the simulator's end delay
	return res.InternalMeetingID
}

// publish lets the simulator process and publish every pending recording, then waits for
// the recording-ready callbacks it sends.
func (e *env) publish() {
	e.clock.Advance(6 * time.Second)
	e.clock.Advance(6 * time.Second)
	e.sim.FlushCallbacks()
}

func (e *env) who(u *models.User) audit.Record {
	return audit.Record{ActorID: u.ID, ActorEmail: u.Email, ClientIP: "192.0.2.7"}
}

func (e *env) entries(action string) []audit.Entry {
	e.t.Helper()
	var out []audit.Entry
	if err := e.db.Where("action = ?", action).Order("id").Find(&out).Error; err != nil {
		e.t.Fatal(err)
	}
	return out
}

func (e *env) state(recordID string) string {
	e.t.Helper()
	info, ok := e.sim.Recording(recordID)
	if !ok {
		e.t.Fatalf("the simulator does not know %s", recordID)
	}
	return info.State
}

func byID(items []models.RecordingItem) map[string]models.RecordingItem {
	out := map[string]models.RecordingItem{}
	for _, it := range items {
		out[it.RecordID] = it
	}
	return out
}
