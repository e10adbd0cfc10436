package handlers_test

import (
	"net/http"
	"net/url"
	"testing"

	"bbbportal/models"
)

// TestTeacherEditsOwnNameAndEmail: a teacher changes their display name and e-mail on the
// account page and logs in with the new e-mail; a name of only spaces and an e-mail another
// account has are refused with field errors; the change is audited.
func TestTeacherEditsOwnNameAndEmail(t *testing.T) {
	t.Parallel()
	p := startPortal(t, nil)
	kim := p.createUser("kim@example.org", models.RoleTeacher, testPassword)
	p.createUser("lee@example.org", models.RoleTeacher, testPassword)
	b := newBrowser(t, p.URL)
	b.login(kim.Email, testPassword)

	account := b.get("/account")
	account.contains(t, `id="profile-name" name="display_name" type="text" autocomplete="name" value="kim"`)

	pg := b.submit("/account", "/account/profile", url.Values{"display_name": {"   "}, "email": {"kim@example.org"}})
	if pg.Status != http.StatusUnprocessableEntity {
		t.Fatalf("name of spaces: %d", pg.Status)
	}
	pg.contains(t, "The display name has only spaces")
	pg.contains(t, `aria-describedby="profile-error" aria-invalid="true"`)

	pg = b.submit("/account", "/account/profile", url.Values{"display_name": {"Kim Schulze"}, "email": {"LEE@example.org"}})
	if pg.Status != http.StatusUnprocessableEntity {
		t.Fatalf("taken e-mail: %d", pg.Status)
	}
	pg.contains(t, "An account with this email already exists.")
	pg.contains(t, `value="Kim Schulze"`)

	pg = b.submit("/account", "/account/profile", url.Values{"display_name": {"  Kim Schulze "}, "email": {"K.Schulze@Example.org"}})
	if pg.Status != http.StatusSeeOther {
		t.Fatalf("save profile: %d\n%s", pg.Status, pg.Body)
	}
	account = b.get("/account")
	account.contains(t, "Your name and e-mail are saved.")
	account.contains(t, `value="Kim Schulze"`)
	var stored models.User
	p.DB.First(&stored, kim.ID)
	if stored.DisplayName != "Kim Schulze" || stored.Email != models.NormalizeEmail("K.Schulze@Example.org") {
		t.Fatalf("stored %q %q", stored.DisplayName, stored.Email)
	}
	newBrowser(t, p.URL).login("k.schulze@example.org", testPassword)
	entries := p.auditEntries("user.profile")
	if len(entries) != 1 {
		t.Fatalf("%d profile audit entries", len(entries))
	}
}
