package handlers_test

import (
	"context"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"bbbportal/audit"
	"bbbportal/bbb/bbbsim"
	"bbbportal/createopts"
	"bbbportal/meetings"
	"bbbportal/models"
)

// meetingPortal is a portal on the simulator's manual clock with an admin and a teacher.
type meetingPortal struct {
	*testPortal
	clock   *bbbsim.ManualClock
	admin   *models.User
	teacher *models.User
}

var testStart = time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)

func startMeetingPortal(t *testing.T, simOpts bbbsim.Options, cfg meetings.Config) *meetingPortal {
	t.Helper()
	clock := bbbsim.NewManualClock(testStart)
	simOpts.Clock = clock
	if cfg.FirstCheck == 0 {
		cfg.FirstCheck = 5 * time.Millisecond
	}
	if cfg.MaxInterval == 0 {
		cfg.MaxInterval = 20 * time.Millisecond
	}
	p := startPortalWith(t, nil, simOpts, cfg)
	return &meetingPortal{testPortal: p, clock: clock,
		admin:   p.createUser("admin@example.org", models.RoleAdmin, testPassword),
		teacher: p.createUser("kim@example.org", models.RoleTeacher, testPassword)}
}

// as returns a browser signed in as u.
func (p *meetingPortal) as(u *models.User) *browser {
	b := newBrowser(p.t, p.URL)
	b.login(u.Email, testPassword)
	return b
}

// room creates a room of owner directly in the database.
func (p *meetingPortal) room(owner *models.User, name string, overrides createopts.Values) *models.Room {
	p.t.Helper()
	tpl := &models.Template{Name: "tpl " + name}
	if err := models.SaveTemplate(p.DB, tpl); err != nil {
		p.t.Fatal(err)
	}
	r := &models.Room{Name: name, OwnerID: owner.ID, TemplateID: tpl.ID, Overrides: overrides}
	if err := models.SaveRoom(p.DB, r); err != nil {
		p.t.Fatal(err)
	}
	r, err := models.RoomFor(p.DB, r.ID, owner)
	if err != nil {
		p.t.Fatal(err)
	}
	return r
}

// start starts the room's meeting through the portal's service and lets people in.
func (p *meetingPortal) start(r *models.Room, owner *models.User, people ...string) {
	p.t.Helper()
	if _, err := p.Meet.Start(context.Background(), r, owner, audit.Record{ActorID: owner.ID}); err != nil {
		p.t.Fatal(err)
	}
	for i, name := range people {
		role := "VIEWER"
		if i == 0 {
			role = "MODERATOR"
		}
		if _, err := p.Sim.AddUser(r.MeetingID, name, role); err != nil {
			p.t.Fatal(err)
		}
	}
}

var watchURL = regexp.MustCompile(`hx-get="(/meetings/[^"]+/watch/(\d+))"`)

// waitPage polls path until its body contains want (real time, generously).
func (b *browser) waitPage(path, want string) page {
	b.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		pg := b.get(path)
		if strings.Contains(pg.Body, want) {
			return pg
		}
		if time.Now().After(deadline) {
			b.t.Fatalf("GET %s never contained %q; last (%d):\n%s", path, want, pg.Status, pg.Body)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// waitChecks waits until the watcher has polled BBB at least n times.
func (p *meetingPortal) waitChecks(watchID uint, n int) {
	p.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		if w, err := models.EndWatchByID(p.DB, watchID); err == nil && w.Checks >= n {
			return
		}
		if time.Now().After(deadline) {
			p.t.Fatalf("watch %d made fewer than %d checks", watchID, n)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func (p *meetingPortal) watch(id uint) *models.EndWatch {
	p.t.Helper()
	w, err := models.EndWatchByID(p.DB, id)
	if err != nil {
		p.t.Fatal(err)
	}
	return w
}

func atoiT(t *testing.T, s string) uint {
	t.Helper()
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatal(err)
	}
	return uint(n)
}

// htmx sends a GET as htmx does (with its request header).
func (b *browser) htmx(path string) page {
	b.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, b.base+path, nil)
	req.Header.Set("HX-Request", "true")
	return b.do(req)
}

// waitAudit waits until an audit entry with one of the actions exists.
func (p *meetingPortal) waitAudit(actions ...string) {
	p.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		for _, a := range actions {
			if len(p.auditEntries(a)) > 0 {
				return
			}
		}
		if time.Now().After(deadline) {
			p.t.Fatalf("no audit entry %v", actions)
		}
		time.Sleep(5 * time.Millisecond)
	}
}
