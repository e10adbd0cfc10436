package links

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"bbbportal/audit"
	"bbbportal/bbb"
	"bbbportal/bbb/bbbsim"
	"bbbportal/createopts"
	"bbbportal/meetings"
	"bbbportal/models"
	"gorm.io/gorm"
)

const testSecret = "0123456789abcdef0123456789abcdef"

// env is the links service on a real SQLite file, the audit writer, the meetings service
// and the simulator over HTTP, with the calls BBB receives counted.
type env struct {
	t       *testing.T
	dir     string
	db      *gorm.DB
	sim     *bbbsim.Server
	simURL  string
	client  *bbb.Client
	audit   *audit.Writer
	meet    *meetings.Service
	svc     *Service
	key     []byte
	user    *models.User
	calls   sync.Map // API call name → *atomic.Int64
	httpCli *http.Client
}

func newEnv(t *testing.T, cfg Config) *env {
	t.Helper()
	e := &env{t: t, dir: t.TempDir()}
	e.sim = bbbsim.New(bbbsim.Options{Secret: testSecret})
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		call := r.URL.Path[strings.LastIndex(r.URL.Path, "/")+1:]
		n, _ := e.calls.LoadOrStore(call, new(atomic.Int64))
		n.(*atomic.Int64).Add(1)
		e.sim.ServeHTTP(w, r)
	}))
	t.Cleanup(func() { ts.Close(); e.sim.Close() })
	e.simURL = ts.URL
	var err error
	e.client, err = bbb.New(ts.URL+"/bigbluebutton/api/", testSecret)
	if err != nil {
		t.Fatal(err)
	}
	e.db, err = models.Open(filepath.Join(e.dir, "portal.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { models.Close(e.db) })
	e.audit = audit.NewWriter(e.db)
	t.Cleanup(e.audit.Close)
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	e.meet = meetings.New(e.db, e.client, e.audit, meetings.Config{BaseURL: "http://portal.test"}, quiet)
	t.Cleanup(e.meet.Close)
	e.key, err = LoadOrCreateKey(e.dir)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.BaseURL == "" {
		cfg.BaseURL = "http://portal.test"
	}
	if cfg.StatusInterval == 0 {
		cfg.StatusInterval = 50 * time.Millisecond
	}
	e.svc, err = New(e.db, e.key, e.client, e.meet, e.audit, cfg, quiet)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(e.svc.Close)
	e.user, err = models.CreateUser(e.db, models.NewUser{Email: "kim@school.test", DisplayName: "Kim Teacher", Role: models.RoleTeacher, Password: "correct horse battery"})
	if err != nil {
		t.Fatal(err)
	}
	// Do not follow BBB's redirect into the client: the test looks at what join answered.
	e.httpCli = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	return e
}

func (e *env) count(call string) int64 {
	n, ok := e.calls.Load(call)
	if !ok {
		return 0
	}
	return n.(*atomic.Int64).Load()
}

// newRoom creates a room with its default link, as the rooms service does.
func (e *env) newRoom(name string, values createopts.Values) *models.Room {
	e.t.Helper()
	settings := createopts.Settings{}
	for k, v := range values {
		settings[k] = createopts.Setting{Value: v, Policy: createopts.PolicyForced}
	}
	tpl := &models.Template{Name: "tpl " + name, Settings: settings}
	if err := models.SaveTemplate(e.db, tpl); err != nil {
		e.t.Fatal(err)
	}
	room := &models.Room{Name: name, OwnerID: e.user.ID, TemplateID: tpl.ID}
	err := e.db.Transaction(func(tx *gorm.DB) error {
		if err := models.SaveRoom(tx, room); err != nil {
			return err
		}
		_, err := e.svc.CreateDefaultTx(tx, room, e.user)
		return err
	})
	if err != nil {
		e.t.Fatal(err)
	}
	room, err = models.RoomFor(e.db, room.ID, e.user)
	if err != nil {
		e.t.Fatal(err)
	}
	return room
}

func (e *env) newLink(room *models.Room, f Form) *models.Link {
	e.t.Helper()
	spec, errs := f.Validate(time.Now(), time.UTC)
	if len(errs) > 0 {
		e.t.Fatalf("form %+v: %v", f, errs)
	}
	l, err := e.svc.Create(context.Background(), room, e.user, spec, audit.Record{ActorID: e.user.ID, ActorEmail: e.user.Email})
	if err != nil {
		e.t.Fatal(err)
	}
	return l
}

func (e *env) defaultLink(room *models.Room) *models.Link {
	e.t.Helper()
	l, err := models.DefaultLinkOfRoom(e.db, room.ID)
	if err != nil {
		e.t.Fatal(err)
	}
	return l
}

func (e *env) open(l *models.Link) *Invite {
	e.t.Helper()
	inv, err := e.svc.Open(e.svc.Token(l))
	if err != nil {
		e.t.Fatalf("open link %d: %v", l.ID, err)
	}
	return inv
}

func (e *env) join(l *models.Link, req JoinRequest) *Decision {
	e.t.Helper()
	if req.Who.ClientIP == "" {
		req.Who.ClientIP = "192.0.2.10"
	}
	d, err := e.svc.Join(context.Background(), e.open(l), req)
	if err != nil {
		e.t.Fatalf("join: %v", err)
	}
	return d
}

// start starts the room's meeting as its teacher would from the room page.
func (e *env) start(room *models.Room) {
	e.t.Helper()
	if _, err := e.meet.Start(context.Background(), room, e.user, audit.Record{ActorID: e.user.ID}); err != nil {
		e.t.Fatal(err)
	}
}

// follow opens a join URL the way the browser would and returns what BBB made of it.
func (e *env) follow(joinURL string, room *models.Room) bbbsim.UserInfo {
	e.t.Helper()
	if !strings.HasPrefix(joinURL, e.simURL) {
		e.t.Fatalf("join URL %q is not on the BBB server", joinURL)
	}
	resp, err := e.httpCli.Get(joinURL)
	if err != nil {
		e.t.Fatal(err)
	}
	resp.Body.Close()
	if loc := resp.Header.Get("Location"); resp.StatusCode != http.StatusFound || strings.Contains(loc, "errors=") {
		e.t.Fatalf("BBB refused the join: %d %s", resp.StatusCode, loc)
	}
	u, _ := url.Parse(joinURL)
	userID := u.Query().Get("userID")
	m, ok := e.sim.Meeting(room.MeetingID)
	if !ok {
		e.t.Fatal("the meeting does not exist")
	}
	for i := len(m.Users) - 1; i >= 0; i-- {
		if m.Users[i].UserID == userID {
			return m.Users[i]
		}
	}
	e.t.Fatalf("BBB has no user %q", userID)
	return bbbsim.UserInfo{}
}

func (e *env) auditEntries(action string) []audit.Entry {
	e.t.Helper()
	entries, err := audit.List(e.db, 1000)
	if err != nil {
		e.t.Fatal(err)
	}
	var out []audit.Entry
	for _, en := range entries {
		if en.Action == action {
			out = append(out, en)
		}
	}
	return out
}

func (e *env) reload(l *models.Link) *models.Link {
	e.t.Helper()
	var fresh models.Link
	if err := e.db.First(&fresh, l.ID).Error; err != nil {
		e.t.Fatal(err)
	}
	return &fresh
}
