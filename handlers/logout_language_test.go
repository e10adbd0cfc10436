package handlers_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"bbbportal/models"
)

// TestLogoutNoticeInTheUsersLanguage: a teacher who reads the portal in German, in a browser
// that asks for English, sees the login page after logout in German, notice included.
func TestLogoutNoticeInTheUsersLanguage(t *testing.T) {
	t.Parallel()
	p := startPortal(t, nil)
	u := p.createUser("greta@example.org", models.RoleTeacher, testPassword)
	if err := p.DB.Model(u).Update("language", "de").Error; err != nil {
		t.Fatal(err)
	}
	b := newBrowser(t, p.URL)
	b.header.Set("Accept-Language", "en-GB,en;q=0.9")
	b.login("greta@example.org", testPassword)

	out := b.submit("/account", "/logout", url.Values{})
	if out.Status != http.StatusSeeOther {
		t.Fatalf("logout: status %d", out.Status)
	}
	login := b.get("/login")
	login.contains(t, `<html lang="de"`)
	login.contains(t, "Sie wurden abgemeldet.")
	if strings.Contains(login.Body, "You have been logged out") {
		t.Error("the German notice sits on an English page or is English")
	}

	// Someone else signing in on that browser gets their own language.
	p.createUser("ed@example.org", models.RoleTeacher, testPassword)
	b.login("ed@example.org", testPassword)
	b.get("/").contains(t, `<html lang="en"`)
}
