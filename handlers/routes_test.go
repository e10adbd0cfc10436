package handlers_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// publicRoutes answer without a signed-in user: they check a token, a signature or nothing.
var publicRoutes = []string{"/login", "/logout", "/setup", "/healthz", "/metrics", "/callbacks/", "/presentations/", "/static", "/bigbluebutton", "/j", "/favicon.ico", "/reset/"}

func isPublic(path string) bool {
	for _, p := range publicRoutes {
		if path == p || strings.HasPrefix(path, p) {
			return true
		}
	}
	return false
}

// TestEveryRouteHasTheGuardItsPrefixPromises walks the router: every route that is not public
// sends an anonymous visitor to the login page (GET) or answers 401 (POST, with a valid CSRF
// token, so that the CSRF check cannot hide a missing guard), and every /admin route answers a
// teacher 403.
func TestEveryRouteHasTheGuardItsPrefixPromises(t *testing.T) {
	t.Parallel()
	p := startPortal(t, nil)
	p.createUser("admin@school.test", "admin", "admin password 1")
	p.createUser("kim@school.test", "teacher", "teacher password 1")
	teacher := newBrowser(t, p.URL)
	teacher.login("kim@school.test", "teacher password 1")
	anonymous := newBrowser(t, p.URL)
	token := csrfInput.FindStringSubmatch(anonymous.get("/login").Body)
	if token == nil {
		t.Fatal("no CSRF token on the login page")
	}
	teacherToken := csrfInput.FindStringSubmatch(teacher.get("/").Body)
	if teacherToken == nil {
		t.Fatal("no CSRF token on the dashboard")
	}
	path := strings.NewReplacer(":meetingID", "some-meeting", ":sid", "1", ":id", "1", ":token", "x")

	checked := 0
	for _, r := range p.P.App.GetRoutes(true) {
		if r.Method != http.MethodGet && r.Method != http.MethodPost || isPublic(r.Path) {
			continue
		}
		checked++
		target := path.Replace(r.Path)
		if r.Method == http.MethodGet {
			pg := anonymous.get(target)
			if pg.Status != http.StatusSeeOther || !strings.HasPrefix(pg.Header.Get("Location"), "/login") {
				t.Errorf("anonymous GET %s (%s): %d %q, want the login page", target, r.Path, pg.Status, pg.Header.Get("Location"))
			}
		} else if pg := anonymous.post(target, url.Values{"_csrf": {token[1]}}); pg.Status != http.StatusUnauthorized {
			t.Errorf("anonymous POST %s (%s): %d, want 401", target, r.Path, pg.Status)
		}
		if !strings.HasPrefix(r.Path, "/admin") {
			continue
		}
		var pg page
		if r.Method == http.MethodGet {
			pg = teacher.get(target)
		} else {
			pg = teacher.post(target, url.Values{"_csrf": {teacherToken[1]}})
		}
		if pg.Status != http.StatusForbidden {
			t.Errorf("teacher %s %s: %d, want 403", r.Method, target, pg.Status)
		}
	}
	if checked < 40 {
		t.Errorf("only %d guarded routes found: the walk misses the route table", checked)
	}
}
