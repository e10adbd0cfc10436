package handlers_test

import (
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"gorm.io/gorm"

	"bbbportal/audit"
	"bbbportal/bbb"
	"bbbportal/bbb/bbbsim"
	"bbbportal/config"
	"bbbportal/meetings"
	"bbbportal/models"
	"bbbportal/paths"
	"bbbportal/portal"
)

// testPortal is a real portal on a loopback port with its own SQLite file, built by
// portal.Open as serve builds it.
type testPortal struct {
	t       *testing.T
	URL     string
	DataDir string
	Config  config.Config
	DB      *gorm.DB
	P       *portal.Portal
	Sim     *bbbsim.Server // the demo BBB server on the portal's own listener
	BBB     *bbb.Client
	Meet    *meetings.Service
	stopped bool
}

// startPortal starts a portal; env adds to or overrides the test defaults.
// A DATA_DIR in env reuses that folder (to test restarts).
func startPortal(t *testing.T, env map[string]string) *testPortal {
	return startPortalWith(t, env, bbbsim.Options{}, meetings.Config{})
}

// startPortalWith starts a portal whose demo BBB server and meetings service use the given
// options (a manual clock, delays, …).
func startPortalWith(t *testing.T, env map[string]string, simOpts bbbsim.Options, meetCfg meetings.Config) *testPortal {
	t.Helper()
	return startPortalLogging(t, env, simOpts, meetCfg, io.Discard)
}

// startPortalLogging is startPortalWith with the portal's log written to logOut.
func startPortalLogging(t *testing.T, env map[string]string, simOpts bbbsim.Options, meetCfg meetings.Config, logOut io.Writer) *testPortal {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + ln.Addr().String()
	vars := map[string]string{"DATA_DIR": t.TempDir(), "BASE_URL": base, "LISTEN_ADDR": ln.Addr().String()}
	for k, v := range env {
		vars[k] = v
	}
	cfg, err := config.LoadFrom(func(k string) string { return vars[k] })
	if err != nil {
		t.Fatal(err)
	}
	p, err := portal.Open(cfg, slog.New(slog.NewTextHandler(logOut, nil)),
		portal.WithSimulator(simOpts), portal.WithMeetings(meetCfg), portal.WithBBBOptions(), portal.WithoutJobs())
	if err != nil {
		t.Fatal(err)
	}
	tp := &testPortal{t: t, URL: base, DataDir: vars["DATA_DIR"], Config: cfg, DB: p.DB, P: p, Sim: p.Sim, BBB: p.BBB, Meet: p.Meetings}
	go p.Serve(ln)
	t.Cleanup(tp.Stop)
	return tp
}

// Stop shuts the portal down as SIGTERM does: requests finish, the database closes.
func (p *testPortal) Stop() {
	if p.stopped {
		return
	}
	p.stopped = true
	if err := p.P.App.Shutdown(); err != nil {
		p.t.Error(err)
	}
	if err := p.P.Close(); err != nil {
		p.t.Error(err)
	}
}

// createUser stores an account directly.
func (p *testPortal) createUser(email, role, password string) *models.User {
	p.t.Helper()
	u, err := models.CreateUser(p.DB, models.NewUser{Email: email, DisplayName: strings.Split(email, "@")[0], Role: role, Password: password})
	if err != nil {
		p.t.Fatal(err)
	}
	return u
}

// browser is an HTTP client with a cookie jar that does not follow redirects.
type browser struct {
	t      *testing.T
	base   string
	client *http.Client
	header http.Header // sent with every request
}

func newBrowser(t *testing.T, base string) *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{t: t, base: base, header: http.Header{}, client: &http.Client{
		Jar:           jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
}

type page struct {
	Status int
	Body   string
	Header http.Header
}

func (b *browser) do(req *http.Request) page {
	b.t.Helper()
	for k, v := range b.header {
		req.Header[k] = v
	}
	resp, err := b.client.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return page{Status: resp.StatusCode, Body: string(body), Header: resp.Header}
}

func (b *browser) get(path string) page {
	b.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, b.base+path, nil)
	return b.do(req)
}

// post sends a form as-is (no CSRF token added).
func (b *browser) post(path string, form url.Values) page {
	b.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, b.base+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return b.do(req)
}

var csrfInput = regexp.MustCompile(`name="_csrf" value="([^"]+)"`)

// submit loads formPage, takes its CSRF token and posts form to path, as a user's browser does.
func (b *browser) submit(formPage, path string, form url.Values) page {
	b.t.Helper()
	pg := b.get(formPage)
	m := csrfInput.FindStringSubmatch(pg.Body)
	if m == nil {
		b.t.Fatalf("GET %s (%d): no CSRF field in the page", formPage, pg.Status)
	}
	form.Set("_csrf", m[1])
	return b.post(path, form)
}

// login signs in and fails the test unless it worked.
func (b *browser) login(email, password string) {
	b.t.Helper()
	pg := b.submit("/login", "/login", url.Values{"email": {email}, "password": {password}})
	if pg.Status != http.StatusSeeOther || pg.Header.Get("Location") != "/" {
		b.t.Fatalf("login as %s: status %d, location %q", email, pg.Status, pg.Header.Get("Location"))
	}
}

func (b *browser) cookie(name string) *http.Cookie {
	u, _ := url.Parse(b.base)
	for _, c := range b.client.Jar.Cookies(u) {
		if c.Name == name {
			return c
		}
	}
	return nil
}

func (p page) contains(t *testing.T, want string) {
	t.Helper()
	if !strings.Contains(p.Body, want) {
		t.Errorf("page (status %d) does not contain %q:\n%s", p.Status, want, p.Body)
	}
}

// auditEntries returns the stored audit entries with action, oldest first.
func (p *testPortal) auditEntries(action string) []audit.Entry {
	p.t.Helper()
	var entries []audit.Entry
	if err := p.DB.Where("action = ?", action).Order("id").Find(&entries).Error; err != nil {
		p.t.Fatal(err)
	}
	return entries
}

func itoa(id uint) string { return strconv.FormatUint(uint64(id), 10) }

// roomURL is a room's page, or one of its actions.
func roomURL(id uint, action string) string {
	if action == "" {
		return paths.Room(id)
	}
	return paths.Room(id, action)
}
