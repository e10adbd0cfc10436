package webhooks

import (
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"gorm.io/gorm"

	"bbbportal/audit"
	"bbbportal/bbb"
	"bbbportal/bbb/bbbsim"
	"bbbportal/models"
)

const testSecret = "639259d4-9dd8-4b25-bf01-95f9567eaf4b"

// env is a BBB simulator over HTTP (which a test can "restart": a new
// simulator behind the same address, with no hooks), a portal database with
// its audit writer, and the portal's event endpoint on loopback.
type env struct {
	t        *testing.T
	sim      atomic.Pointer[bbbsim.Server]
	bbbURL   string
	client   *bbb.Client
	db       *gorm.DB
	audit    *audit.Writer
	refusals *audit.Refusals
	receiver *Receiver
	portal   *httptest.Server
	reactor  *reactor
	keeper   *Keeper
}

func newEnv(t *testing.T) *env {
	e := &env{t: t, reactor: &reactor{}}
	e.sim.Store(e.newSim())
	bbbSrv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		e.sim.Load().ServeHTTP(w, r)
	}))
	t.Cleanup(func() { bbbSrv.Close(); e.sim.Load().Close() })
	e.bbbURL = bbbSrv.URL + "/bigbluebutton/api/"
	var err error
	if e.client, err = bbb.New(e.bbbURL, testSecret); err != nil {
		t.Fatal(err)
	}
	if e.db, err = models.Open(filepath.Join(t.TempDir(), "portal.db")); err != nil {
		t.Fatal(err)
	}
	e.audit = audit.NewWriter(e.db)
	e.refusals = audit.NewRefusals(e.audit)
	t.Cleanup(func() { e.refusals.Close(); e.audit.Close(); models.Close(e.db) })

	mux := http.NewServeMux()
	e.portal = httptest.NewServer(mux)
	t.Cleanup(e.portal.Close)
	e.receiver = &Receiver{Secret: testSecret, CallbackURL: e.portal.URL + CallbackPath, Reactor: e.reactor, Refusals: e.refusals}
	mux.Handle(CallbackPath, e.receiver)
	e.keeper = &Keeper{DB: e.db, BBB: e.client, Audit: e.audit, CallbackURL: e.receiver.CallbackURL}
	return e
}

func (e *env) newSim() *bbbsim.Server {
	return bbbsim.New(bbbsim.Options{Secret: testSecret, EndDelay: -1, Seed: 7})
}

// restartBBB replaces the simulator by a fresh one: BBB restarted and forgot its hooks.
func (e *env) restartBBB() {
	old := e.sim.Swap(e.newSim())
	old.Close()
}

func (e *env) entries(action string) []audit.Entry {
	e.t.Helper()
	page, err := audit.Find(e.t.Context(), e.db, audit.Filter{Action: action, Limit: 500})
	if err != nil {
		e.t.Fatal(err)
	}
	return page.Entries
}

// reactor records what the receiver asked the portal to do.
type reactor struct {
	mu         sync.Mutex
	ends       []string
	live       int
	recordings []string
}

func (r *reactor) EndHint(id string) { r.mu.Lock(); r.ends = append(r.ends, id); r.mu.Unlock() }
func (r *reactor) LiveChanged()      { r.mu.Lock(); r.live++; r.mu.Unlock() }
func (r *reactor) RecordingsChanged(id string) {
	r.mu.Lock()
	r.recordings = append(r.recordings, id)
	r.mu.Unlock()
}

func (r *reactor) snapshot() (ends []string, live int, recordings []string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.ends...), r.live, append([]string(nil), r.recordings...)
}

// waitFor polls cond for up to 5 s (events arrive asynchronously).
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
