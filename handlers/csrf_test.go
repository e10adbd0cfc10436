package handlers_test

import (
	"net/http"
	"net/url"
	"testing"

	"bbbportal/models"
)

// TestCSRFTokenBoundToSessionAndNotFromQuery: the token comes from the form body or the htmx
// header only, belongs to one server-side session, and is replaced at login.
func TestCSRFTokenBoundToSessionAndNotFromQuery(t *testing.T) {
	t.Parallel()
	p := startPortal(t, nil)
	p.createUser("ada@example.org", models.RoleTeacher, testPassword)
	b := newBrowser(t, p.URL)
	anonToken := csrfInput.FindStringSubmatch(b.get("/login").Body)[1]

	// The login form's token belongs to the browser that loaded it.
	other := newBrowser(t, p.URL)
	other.get("/login")
	if pg := other.post("/login", url.Values{"email": {"ada@example.org"}, "password": {testPassword}, "_csrf": {anonToken}}); pg.Status != http.StatusForbidden {
		t.Errorf("login with another browser's token: %d, want 403", pg.Status)
	}

	b.login("ada@example.org", testPassword)
	token := csrfInput.FindStringSubmatch(b.get("/account").Body)[1]
	if token == anonToken {
		t.Fatal("the CSRF token was not replaced at login")
	}
	if pg := b.post("/account/language", url.Values{"language": {"de"}, "_csrf": {anonToken}}); pg.Status != http.StatusForbidden {
		t.Errorf("the pre-login token after login: %d, want 403", pg.Status)
	}
	if pg := b.post("/account/language?_csrf="+url.QueryEscape(token), url.Values{"language": {"de"}}); pg.Status != http.StatusForbidden {
		t.Errorf("token in the query string: %d, want 403", pg.Status)
	}

	// Another session of the same user has its own token.
	phone := newBrowser(t, p.URL)
	phone.login("ada@example.org", testPassword)
	if pg := phone.post("/account/language", url.Values{"language": {"de"}, "_csrf": {token}}); pg.Status != http.StatusForbidden {
		t.Errorf("another session's token: %d, want 403", pg.Status)
	}
	if pg := b.post("/account/language", url.Values{"language": {"de"}, "_csrf": {token}}); pg.Status != http.StatusSeeOther {
		t.Errorf("own token in the body: %d, want 303", pg.Status)
	}
	// A new login in the same browser gives a new token; the old one is refused.
	b.submit("/account", "/logout", url.Values{})
	b.login("ada@example.org", testPassword)
	if pg := b.post("/account/language", url.Values{"language": {"en"}, "_csrf": {token}}); pg.Status != http.StatusForbidden {
		t.Errorf("the previous session's token: %d, want 403", pg.Status)
	}
}
