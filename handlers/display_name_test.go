package handlers_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"bbbportal/models"
)

// TestDisplayNameOfOnlySpaces: an admin who types only spaces as a new account's name is
// told exactly that, not that the name is too long.
func TestDisplayNameOfOnlySpaces(t *testing.T) {
	t.Parallel()
	p := startPortal(t, nil)
	p.createUser("admin@example.org", models.RoleAdmin, testPassword)
	b := newBrowser(t, p.URL)
	b.login("admin@example.org", testPassword)
	for _, tc := range []struct{ name, want string }{
		{"   ", "The display name has only spaces: enter the name people should see."},
		{"", "Enter a display name."},
		{strings.Repeat("x", 201), "Enter a display name of at most 200 characters."},
	} {
		pg := b.submit("/admin/users", "/admin/users", url.Values{"email": {"new@example.org"},
			"display_name": {tc.name}, "role": {models.RoleTeacher}, "password": {testPassword}})
		if pg.Status != http.StatusUnprocessableEntity {
			t.Fatalf("name %q: status %d", tc.name, pg.Status)
		}
		pg.contains(t, tc.want)
	}
	b.header.Set("Accept-Language", "de")
	pg := b.submit("/admin/users", "/admin/users", url.Values{"email": {"new@example.org"},
		"display_name": {"  "}, "role": {models.RoleTeacher}, "password": {testPassword}})
	pg.contains(t, "Der Anzeigename besteht nur aus Leerzeichen")
}
