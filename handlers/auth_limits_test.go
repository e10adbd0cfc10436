package handlers_test

import (
	"fmt"
	"net/http"
	"net/url"
	"testing"
	"time"

	"bbbportal/bbb/bbbsim"
	"bbbportal/handlers"
	"bbbportal/models"
)

// loginFrom posts a login as a browser behind the trusted proxy at address ip.
func loginFrom(b *browser, ip, email, password string) page {
	b.header.Set("X-Forwarded-For", ip)
	return b.submit("/login", "/login", url.Values{"email": {email}, "password": {password}})
}

// TestLoginLimitReadsTheEmailTheLoginReads: a decoy address in the query string does not
// move the guesses to another counter.
func TestLoginLimitReadsTheEmailTheLoginReads(t *testing.T) {
	t.Parallel()
	p := startPortal(t, nil)
	p.createUser("victim@example.org", models.RoleTeacher, testPassword)
	b := newBrowser(t, p.URL)
	var last page
	for i := range handlers.LoginAttemptsPerAccountAndIP + 1 {
		last = b.submit("/login", fmt.Sprintf("/login?email=decoy%d@example.org", i), url.Values{"email": {"victim@example.org"}, "password": {"guess"}})
	}
	if last.Status != http.StatusTooManyRequests {
		t.Fatalf("guess %d at the victim with decoys in the query: %d, want 429", handlers.LoginAttemptsPerAccountAndIP+1, last.Status)
	}
}

// TestOwnerLogsInWhileSomeoneHammersTheAccount: the guesser is stopped per (account,
// address); the owner from another address still gets in; the window ends.
func TestOwnerLogsInWhileSomeoneHammersTheAccount(t *testing.T) {
	t.Parallel()
	p := startPortal(t, map[string]string{"TRUSTED_PROXIES": "127.0.0.1"})
	clock := bbbsim.NewManualClock(time.Now())
	p.P.Handler.SetClock(clock.Now)
	p.createUser("ada@example.org", models.RoleTeacher, testPassword)
	attacker := newBrowser(t, p.URL)
	for i := range 30 {
		pg := loginFrom(attacker, "203.0.113.7", "ada@example.org", fmt.Sprintf("guess %d", i))
		want := http.StatusUnauthorized
		if i >= handlers.LoginAttemptsPerAccountAndIP {
			want = http.StatusTooManyRequests
		}
		if pg.Status != want {
			t.Fatalf("guess %d: %d, want %d", i+1, pg.Status, want)
		}
	}
	if pg := loginFrom(attacker, "203.0.113.7", "ada@example.org", testPassword); pg.Status != http.StatusTooManyRequests {
		t.Errorf("the guesser's address with the right password: %d, want 429", pg.Status)
	}
	owner := newBrowser(t, p.URL)
	if pg := loginFrom(owner, "198.51.100.9", "ada@example.org", testPassword); pg.Status != http.StatusSeeOther {
		t.Fatalf("the owner from another address: %d, want signed in", pg.Status)
	}
	clock.Advance(handlers.LoginWindow)
	if pg := loginFrom(attacker, "203.0.113.7", "ada@example.org", "guess again"); pg.Status != http.StatusUnauthorized {
		t.Errorf("after the window: %d, want 401 (counted again)", pg.Status)
	}
}

// TestAccountCeilingAcrossAddresses: guesses spread over many addresses hit the
// account-wide ceiling; other accounts are unaffected.
func TestAccountCeilingAcrossAddresses(t *testing.T) {
	t.Parallel()
	p := startPortal(t, map[string]string{"TRUSTED_PROXIES": "127.0.0.1"})
	p.createUser("ada@example.org", models.RoleTeacher, testPassword)
	p.createUser("bob@example.org", models.RoleTeacher, testPassword)
	b := newBrowser(t, p.URL)
	for i := range handlers.LoginAttemptsPerAccount {
		if pg := loginFrom(b, fmt.Sprintf("203.0.%d.%d", i/200, i%200+1), "ada@example.org", "guess"); pg.Status != http.StatusUnauthorized {
			t.Fatalf("spread guess %d: %d, want 401", i+1, pg.Status)
		}
	}
	if pg := loginFrom(b, "198.51.100.50", "ada@example.org", "guess"); pg.Status != http.StatusTooManyRequests {
		t.Errorf("after %d guesses from many addresses: %d, want 429", handlers.LoginAttemptsPerAccount, pg.Status)
	}
	if pg := loginFrom(b, "198.51.100.50", "bob@example.org", testPassword); pg.Status != http.StatusSeeOther {
		t.Errorf("another account: %d, want signed in", pg.Status)
	}
}

// TestSchoolBehindOneAddressIsNotLockedOut: a hundred pupils each mistyping once behind one
// NAT address do not lock the address; the next pupil signs in.
func TestSchoolBehindOneAddressIsNotLockedOut(t *testing.T) {
	t.Parallel()
	p := startPortal(t, nil)
	p.createUser("pupil@example.org", models.RoleTeacher, testPassword)
	b := newBrowser(t, p.URL)
	for i := range 100 {
		if pg := b.submit("/login", "/login", url.Values{"email": {fmt.Sprintf("pupil%d@example.org", i)}, "password": {"typo"}}); pg.Status != http.StatusUnauthorized {
			t.Fatalf("typo %d: %d, want 401", i+1, pg.Status)
		}
	}
	b.login("pupil@example.org", testPassword)
}
