package handlers_test

import (
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm"

	"bbbportal/bbb/bbbsim"
	"bbbportal/handlers"
	"bbbportal/models"
	"bbbportal/paths"
)

// copyBrowser is another browser holding a copy of b's session cookie (a stolen cookie).
func copyBrowser(t *testing.T, b *browser) *browser {
	t.Helper()
	c := b.cookie(handlers.SessionName)
	if c == nil {
		t.Fatal("no session cookie to copy")
	}
	thief := newBrowser(t, b.base)
	u, _ := url.Parse(b.base)
	thief.client.Jar.SetCookies(u, []*http.Cookie{{Name: c.Name, Value: c.Value, Path: "/"}})
	return thief
}

func countRooms(t *testing.T, db *gorm.DB, name string) int64 {
	t.Helper()
	var n int64
	if err := db.Table("rooms").Where("name = ?", name).Count(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}

func firstTemplateID(t *testing.T, db *gorm.DB) string {
	t.Helper()
	var id uint
	if err := db.Raw("SELECT id FROM templates ORDER BY id LIMIT 1").Scan(&id).Error; err != nil || id == 0 {
		t.Fatalf("no template: %v", err)
	}
	return itoa(id)
}

// TestCopiedCookieStopsWorkingAfterLogout: the session lives on the server, so logging out
// ends it for every holder of the cookie.
func TestCopiedCookieStopsWorkingAfterLogout(t *testing.T) {
	t.Parallel()
	p := startPortal(t, nil)
	p.createUser("ada@example.org", models.RoleTeacher, testPassword)
	b := newBrowser(t, p.URL)
	b.login("ada@example.org", testPassword)
	tpl := firstTemplateID(t, p.DB)

	thief := copyBrowser(t, b)
	if pg := thief.submit("/rooms/new", "/rooms", url.Values{"name": {"Before logout"}, "template_id": {tpl}}); pg.Status != http.StatusSeeOther {
		t.Fatalf("the copy before logout: %d, want the room created", pg.Status)
	}
	token := csrfInput.FindStringSubmatch(thief.get("/rooms/new").Body)[1]

	b.submit("/", "/logout", url.Values{})
	if pg := thief.get("/rooms/new"); pg.Status != http.StatusSeeOther || !strings.HasPrefix(pg.Header.Get("Location"), "/login") {
		t.Errorf("the copy after logout: GET /rooms/new %d %q, want the login page", pg.Status, pg.Header.Get("Location"))
	}
	if pg := thief.post("/rooms", url.Values{"name": {"After logout"}, "template_id": {tpl}, "_csrf": {token}}); pg.Status == http.StatusSeeOther {
		t.Errorf("the copy after logout created a room")
	}
	if n := countRooms(t, p.DB, "After logout"); n != 0 {
		t.Errorf("%d rooms created with the copied cookie after logout", n)
	}
	var rows int64
	p.DB.Model(&models.Session{}).Count(&rows)
	if rows != 0 {
		t.Errorf("%d session rows after the only session logged out", rows)
	}
}

func sessionsOf(t *testing.T, p *testPortal, email string) []models.Session {
	t.Helper()
	u, err := models.UserByEmail(p.DB, email)
	if err != nil {
		t.Fatal(err)
	}
	list, err := models.SessionsOf(p.DB, u.ID, time.Now().Add(-time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	return list
}

// TestAccountChangesEndServerSessions: password change (others end), role change and
// disabling (all end), log out everywhere (all end) delete the rows at once.
func TestAccountChangesEndServerSessions(t *testing.T) {
	t.Parallel()
	p := startPortal(t, nil)
	p.createUser("admin@example.org", models.RoleAdmin, testPassword)
	ada := p.createUser("ada@example.org", models.RoleTeacher, testPassword)
	admin := newBrowser(t, p.URL)
	admin.login("admin@example.org", testPassword)
	laptop, phone := newBrowser(t, p.URL), newBrowser(t, p.URL)
	laptop.login("ada@example.org", testPassword)
	phone.login("ada@example.org", testPassword)
	phoneCopy := copyBrowser(t, phone)
	if n := len(sessionsOf(t, p, "ada@example.org")); n != 2 {
		t.Fatalf("%d sessions after two logins, want 2", n)
	}

	laptop.submit("/account", "/account/password", url.Values{
		"current_password": {testPassword}, "new_password": {"another long password"}, "confirm_password": {"another long password"}})
	if list := sessionsOf(t, p, "ada@example.org"); len(list) != 1 {
		t.Errorf("%d sessions after the password change, want only the changing browser's", len(list))
	}
	if pg := phoneCopy.get("/"); pg.Status != http.StatusSeeOther {
		t.Errorf("a copy of the other session works after the password change: %d", pg.Status)
	}
	laptop.get("/").contains(t, "Welcome, ada.")

	phone.login("ada@example.org", "another long password")
	admin.submit("/admin/users", "/admin/users/"+itoa(ada.ID)+"/role", url.Values{"role": {"admin"}})
	if n := len(sessionsOf(t, p, "ada@example.org")); n != 0 {
		t.Errorf("%d sessions after the role change, want 0", n)
	}
	for name, b := range map[string]*browser{"laptop": laptop, "phone": phone} {
		if pg := b.get("/"); pg.Status != http.StatusSeeOther {
			t.Errorf("%s signed in after the role change: %d", name, pg.Status)
		}
	}

	laptop.login("ada@example.org", "another long password")
	admin.submit("/admin/users", "/admin/users/"+itoa(ada.ID)+"/disable", url.Values{})
	if n := len(sessionsOf(t, p, "ada@example.org")); n != 0 {
		t.Errorf("%d sessions after disabling, want 0", n)
	}
	if pg := laptop.get("/"); pg.Status != http.StatusSeeOther {
		t.Errorf("signed in after being disabled: %d", pg.Status)
	}

	// The admin's own two sessions end with "log out everywhere".
	other := newBrowser(t, p.URL)
	other.login("admin@example.org", testPassword)
	admin.submit("/account", "/account/logout-everywhere", url.Values{})
	if n := len(sessionsOf(t, p, "admin@example.org")); n != 0 {
		t.Errorf("%d sessions after logging out everywhere, want 0", n)
	}
	if pg := other.get("/"); pg.Status != http.StatusSeeOther {
		t.Errorf("other browser signed in after logging out everywhere: %d", pg.Status)
	}
}

// TestSessionLifetimeIsAbsoluteAndIdleTimeoutEnds runs on a settable clock: an active
// session still ends SESSION_LIFETIME after the login; an unused one after the idle timeout.
func TestSessionLifetimeIsAbsoluteAndIdleTimeoutEnds(t *testing.T) {
	t.Parallel()
	p := startPortal(t, map[string]string{"SESSION_LIFETIME": "3h", "SESSION_IDLE_TIMEOUT": "1h"})
	clock := bbbsim.NewManualClock(time.Now())
	p.P.Handler.SetClock(clock.Now)
	p.createUser("ada@example.org", models.RoleTeacher, testPassword)
	b := newBrowser(t, p.URL)
	b.login("ada@example.org", testPassword)

	for i := 1; i <= 3; i++ { // active every 50 minutes: idle never reached
		clock.Advance(50 * time.Minute)
		if pg := b.get("/"); pg.Status != http.StatusOK {
			t.Fatalf("after %d min of activity: %d, want still signed in", 50*i, pg.Status)
		}
	}
	clock.Advance(25 * time.Minute) // 2 h 55 min after login
	if pg := b.get("/"); pg.Status != http.StatusOK {
		t.Fatalf("2 h 55 min after login: %d, want still signed in", pg.Status)
	}
	clock.Advance(6 * time.Minute) // 3 h 1 min after login, 6 min after the last request
	if pg := b.get("/"); pg.Status != http.StatusSeeOther {
		t.Fatalf("3 h 1 min after login: %d, want the lifetime to be absolute", pg.Status)
	}

	b.login("ada@example.org", testPassword)
	clock.Advance(59 * time.Minute)
	if pg := b.get("/"); pg.Status != http.StatusOK {
		t.Fatalf("after 59 idle minutes: %d, want still signed in", pg.Status)
	}
	clock.Advance(61 * time.Minute)
	if pg := b.get("/"); pg.Status != http.StatusSeeOther {
		t.Fatalf("after 61 idle minutes: %d, want the session ended", pg.Status)
	}
	if n := len(sessionsOf(t, p, "ada@example.org")); n != 0 {
		t.Errorf("%d session rows left after both ended", n)
	}
}

// TestExpiredSessionsArePurged: rows of ended sessions nobody comes back with are
// deleted (at a later login), so the table does not grow with every forgotten browser.
func TestExpiredSessionsArePurged(t *testing.T) {
	t.Parallel()
	p := startPortal(t, map[string]string{"SESSION_LIFETIME": "3h", "SESSION_IDLE_TIMEOUT": "1h"})
	clock := bbbsim.NewManualClock(time.Now())
	p.P.Handler.SetClock(clock.Now)
	p.createUser("ada@example.org", models.RoleTeacher, testPassword)
	for range 3 {
		newBrowser(t, p.URL).login("ada@example.org", testPassword) // never used again
	}
	clock.Advance(4 * time.Hour)
	newBrowser(t, p.URL).login("ada@example.org", testPassword)
	var rows int64
	p.DB.Model(&models.Session{}).Count(&rows)
	if rows != 1 {
		t.Errorf("%d session rows, want only the new one", rows)
	}
}

// TestAccountListsSessionsAndEndsOne: the account page shows every active session with
// device, address and last use, and ends one of them; another user's session is not found.
func TestAccountListsSessionsAndEndsOne(t *testing.T) {
	t.Parallel()
	p := startPortal(t, nil)
	p.createUser("ada@example.org", models.RoleTeacher, testPassword)
	p.createUser("bob@example.org", models.RoleTeacher, testPassword)
	laptop, phone, bob := newBrowser(t, p.URL), newBrowser(t, p.URL), newBrowser(t, p.URL)
	laptop.header.Set("User-Agent", "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0")
	phone.header.Set("User-Agent", "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1")
	laptop.login("ada@example.org", testPassword)
	phone.login("ada@example.org", testPassword)
	bob.login("bob@example.org", testPassword)

	pg := laptop.get("/account")
	pg.contains(t, "Firefox on Windows")
	pg.contains(t, "Safari on iPhone")
	pg.contains(t, "127.0.0.1")
	pg.contains(t, "this browser")
	if strings.Contains(pg.Body, "bob") {
		t.Error("the account page lists another user's session")
	}

	list := sessionsOf(t, p, "ada@example.org")
	var phoneID uint
	for _, s := range list {
		if strings.Contains(s.UserAgent, "iPhone") {
			phoneID = s.ID
		}
	}
	bobID := sessionsOf(t, p, "bob@example.org")[0].ID

	if pg := laptop.submit("/account", paths.AccountSessionEnd(bobID), url.Values{}); pg.Status != http.StatusNotFound {
		t.Errorf("ending bob's session: %d, want 404", pg.Status)
	}
	bob.get("/").contains(t, "Welcome, bob.")
	if pg := laptop.post(paths.AccountSessionEnd(phoneID), url.Values{}); pg.Status != http.StatusForbidden {
		t.Errorf("ending a session without CSRF token: %d, want 403", pg.Status)
	}

	if pg := laptop.submit("/account", paths.AccountSessionEnd(phoneID), url.Values{}); pg.Status != http.StatusSeeOther {
		t.Fatalf("end the phone's session: %d", pg.Status)
	}
	laptop.get("/account").contains(t, "The session has been ended.")
	if pg := phone.get("/"); pg.Status != http.StatusSeeOther {
		t.Errorf("the phone is still signed in: %d", pg.Status)
	}
	if e := p.auditEntries("auth.session_end"); len(e) != 1 || e[0].ActorEmail != "ada@example.org" {
		t.Errorf("auth.session_end entries: %+v", e)
	}

	// Ending this browser's own session logs it out.
	own := sessionsOf(t, p, "ada@example.org")[0].ID
	if pg := laptop.submit("/account", paths.AccountSessionEnd(own), url.Values{}); pg.Status != http.StatusSeeOther || pg.Header.Get("Location") != "/login" {
		t.Errorf("end own session: %d %q", pg.Status, pg.Header.Get("Location"))
	}
	if pg := laptop.get("/"); pg.Status != http.StatusSeeOther {
		t.Errorf("still signed in after ending the own session: %d", pg.Status)
	}
}

// TestSessionCacheSparesTheDatabase counts the reads of the sessions and users tables that
// signed-in requests cause, and checks that a logout takes effect at once despite the cache.
func TestSessionCacheSparesTheDatabase(t *testing.T) {
	t.Parallel()
	p := startPortal(t, nil)
	p.createUser("ada@example.org", models.RoleTeacher, testPassword)
	b := newBrowser(t, p.URL)
	b.login("ada@example.org", testPassword)
	var reads countedReads
	if err := p.DB.Callback().Query().After("gorm:query").Register("test:count_session_reads", reads.count); err != nil {
		t.Fatal(err)
	}
	const requests = 50
	start := time.Now()
	for range requests {
		b.get("/account")
	}
	elapsed := time.Since(start)
	got := reads.get()
	// One miss per cache lifetime; the account page itself reads the session list once per request.
	maxReads := requests + 2*int(elapsed/handlers.SessionCacheTTL+1)
	t.Logf("%d requests in %v: %d reads of sessions/users (without the cache: %d)", requests, elapsed, got, 3*requests)
	if got > maxReads {
		t.Errorf("%d reads of sessions/users for %d requests, want at most %d", got, requests, maxReads)
	}
	thief := copyBrowser(t, b)
	thief.get("/account") // cached now
	b.submit("/account", "/logout", url.Values{})
	if pg := thief.get("/account"); pg.Status != http.StatusSeeOther {
		t.Errorf("a cached session still works right after logout: %d", pg.Status)
	}
}

type countedReads struct {
	mu sync.Mutex
	n  int
}

func (r *countedReads) count(tx *gorm.DB) {
	if tx.Statement.Table == "sessions" || tx.Statement.Table == "users" {
		r.mu.Lock()
		r.n++
		r.mu.Unlock()
	}
}

func (r *countedReads) get() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.n
}
