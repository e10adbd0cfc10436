package handlers_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"bbbportal/models"
)

var resetLink = regexp.MustCompile(`value="(http://[^"]+/reset/([A-Za-z0-9_-]+))"`)

// TestAdminHandsOverAPasswordResetLink: an admin makes a one-time link for a teacher; the
// link (stored only as a hash, never in the audit log) lets whoever holds it choose a new
// password once, which signs the teacher's browsers out; used, replaced or expired links
// do not work, teachers cannot make links, and guessing is rate limited.
func TestAdminHandsOverAPasswordResetLink(t *testing.T) {
	t.Parallel()
	p := startPortal(t, nil)
	admin := p.createUser("admin@example.org", models.RoleAdmin, testPassword)
	kim := p.createUser("kim@example.org", models.RoleTeacher, testPassword)
	adminB := newBrowser(t, p.URL)
	adminB.login(admin.Email, testPassword)
	kimOld := newBrowser(t, p.URL)
	kimOld.login(kim.Email, testPassword)

	if pg := kimOld.submit("/", "/admin/users/"+itoa(admin.ID)+"/reset-password", url.Values{}); pg.Status != http.StatusForbidden {
		t.Errorf("a teacher making a reset link: %d, want 403", pg.Status)
	}
	users := adminB.get("/admin/users")
	users.contains(t, `aria-label="Reset password of kim@example.org (makes a one-time link)"`)
	pg := adminB.submit("/admin/users", "/admin/users/"+itoa(kim.ID)+"/reset-password", url.Values{})
	if pg.Status != http.StatusOK {
		t.Fatalf("make reset link: %d", pg.Status)
	}
	m := resetLink.FindStringSubmatch(pg.Body)
	if m == nil {
		t.Fatalf("no link on the page:\n%s", pg.Body)
	}
	link, token := m[1], m[2]
	if !strings.HasPrefix(link, p.URL+"/reset/") || len(token) < 40 {
		t.Fatalf("link %q", link)
	}
	var stored []models.PasswordReset
	p.DB.Find(&stored)
	if len(stored) != 1 || stored[0].TokenHash == token || strings.Contains(stored[0].TokenHash, token) {
		t.Fatalf("the token is stored as it is: %+v", stored)
	}
	entries := p.auditEntries("user.password_reset_link")
	if len(entries) != 1 || strings.Contains(entries[0].Details, token) {
		t.Fatalf("audit of the link: %+v", entries)
	}

	anon := newBrowser(t, p.URL)
	form := anon.get("/reset/" + token)
	if form.Status != http.StatusOK || form.Header.Get("Referrer-Policy") != "no-referrer" {
		t.Fatalf("reset page: %d, Referrer-Policy %q", form.Status, form.Header.Get("Referrer-Policy"))
	}
	form.contains(t, "For the account kim@example.org.")
	if pg := anon.post("/reset/"+token, url.Values{"new_password": {"a new password 1"}, "confirm_password": {"a new password 1"}}); pg.Status != http.StatusForbidden {
		t.Errorf("reset without CSRF token: %d, want 403", pg.Status)
	}
	bad := anon.submit("/reset/"+token, "/reset/"+token, url.Values{"new_password": {"a new password 1"}, "confirm_password": {"a new password 2"}})
	if bad.Status != http.StatusUnprocessableEntity {
		t.Fatalf("mismatch: %d", bad.Status)
	}
	bad.contains(t, "The two passwords are not the same.")
	short := anon.submit("/reset/"+token, "/reset/"+token, url.Values{"new_password": {"short"}, "confirm_password": {"short"}})
	if short.Status != http.StatusUnprocessableEntity {
		t.Fatalf("short password: %d", short.Status)
	}
	done := anon.submit("/reset/"+token, "/reset/"+token, url.Values{"new_password": {"a new password 1"}, "confirm_password": {"a new password 1"}})
	if done.Status != http.StatusSeeOther || done.Header.Get("Location") != "/login" {
		t.Fatalf("reset: %d %s\n%s", done.Status, done.Header.Get("Location"), done.Body)
	}
	anon.get("/login").contains(t, "Your new password is saved.")
	if pg := kimOld.get("/"); pg.Status != http.StatusSeeOther {
		t.Errorf("kim's old browser is still signed in after the reset: %d", pg.Status)
	}
	newBrowser(t, p.URL).login(kim.Email, "a new password 1")
	if pg := newBrowser(t, p.URL).submit("/login", "/login", url.Values{"email": {kim.Email}, "password": {testPassword}}); pg.Header.Get("Location") == "/" {
		t.Error("the old password still works")
	}
	if len(p.auditEntries("user.password_reset")) != 1 {
		t.Error("using the link is not audited")
	}
	again := anon.get("/reset/" + token)
	if again.Status != http.StatusNotFound {
		t.Errorf("a used link: %d, want 404", again.Status)
	}
	again.contains(t, "This link does not work (any more)")

	// A newer link replaces the older one; an expired one does not work either.
	first := resetLink.FindStringSubmatch(adminB.submit("/admin/users", "/admin/users/"+itoa(kim.ID)+"/reset-password", url.Values{}).Body)[2]
	second := resetLink.FindStringSubmatch(adminB.submit("/admin/users", "/admin/users/"+itoa(kim.ID)+"/reset-password", url.Values{}).Body)[2]
	if pg := anon.get("/reset/" + first); pg.Status != http.StatusNotFound {
		t.Errorf("a replaced link: %d, want 404", pg.Status)
	}
	p.DB.Model(&models.PasswordReset{}).Where("used_at IS NULL").Update("expires_at", time.Now().Add(-time.Minute))
	if pg := anon.get("/reset/" + second); pg.Status != http.StatusNotFound {
		t.Errorf("an expired link: %d, want 404", pg.Status)
	}

	// Guessing tokens is limited per address.
	limited := false
	for range 40 {
		if anon.get("/reset/guess"+itoa(uint(len(token)))).Status == http.StatusTooManyRequests {
			limited = true
			break
		}
	}
	if !limited {
		t.Error("40 guesses in a row were all answered")
	}
}
