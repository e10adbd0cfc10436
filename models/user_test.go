package models

import (
	"errors"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"golang.org/x/crypto/bcrypt"
	"gorm.io/gorm"
)

func openTestDB(t testing.TB) (*gorm.DB, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "portal.db")
	db, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { Close(db) })
	return db, path
}

func TestMigrationsAreVersionedAndRunOnce(t *testing.T) {
	t.Parallel()
	db, path := openTestDB(t)
	v, err := SchemaVersion(db)
	if want := migrations[len(migrations)-1].version; err != nil || v != want {
		t.Fatalf("schema version %d (%v), want %d", v, err, want)
	}
	if _, err := CreateUser(db, NewUser{Email: "ada@example.org", DisplayName: "Ada", Role: RoleTeacher, Password: "long enough pw"}); err != nil {
		t.Fatal(err)
	}
	Close(db)
	again, err := Open(path)
	if err != nil {
		t.Fatalf("reopening an up-to-date database: %v", err)
	}
	defer Close(again)
	if n, _ := CountUsers(again); n != 1 {
		t.Errorf("%d users after reopening, want 1", n)
	}
	var mode string
	again.Raw("PRAGMA journal_mode").Scan(&mode)
	var fk int
	again.Raw("PRAGMA foreign_keys").Scan(&fk)
	if mode != "wal" || fk != 1 {
		t.Errorf("journal_mode=%s foreign_keys=%d, want wal and 1", mode, fk)
	}
}

func TestUserLifecycle(t *testing.T) {
	t.Parallel()
	db, _ := openTestDB(t)
	u, err := CreateUser(db, NewUser{Email: " Ada@Example.ORG ", DisplayName: " Ada ", Role: RoleTeacher, Password: "long enough pw"})
	if err != nil {
		t.Fatal(err)
	}
	if u.Email != "ada@example.org" || u.DisplayName != "Ada" || u.AuthEpoch != 1 {
		t.Errorf("stored %+v", u)
	}
	if cost, _ := bcrypt.Cost([]byte(u.PasswordHash)); cost < 12 || strings.Contains(u.PasswordHash, "long enough") {
		t.Errorf("password hash cost %d", cost)
	}
	if _, err := CreateUser(db, NewUser{Email: "ADA@example.org", DisplayName: "x", Role: RoleTeacher, Password: "long enough pw"}); !errors.Is(err, ErrEmailTaken) {
		t.Errorf("duplicate email: %v", err)
	}
	epoch := func() int64 { got, _ := UserByID(db, u.ID); return got.AuthEpoch }
	for name, change := range map[string]func() error{
		"password":  func() error { return SetPassword(db, u.ID, "another long pw") },
		"role":      func() error { return SetRole(db, u.ID, RoleAdmin) },
		"disable":   func() error { return SetDisabled(db, u.ID, true) },
		"everwhere": func() error { return EndSessions(db, u.ID) },
	} {
		before := epoch()
		if err := change(); err != nil {
			t.Fatal(err)
		}
		if epoch() != before+1 {
			t.Errorf("%s did not end the sessions", name)
		}
	}
	before := epoch()
	SetLanguage(db, u.ID, "de")
	if got, _ := UserByEmail(db, "ada@example.org"); got.Language != "de" || got.AuthEpoch != before || !got.CheckPassword("another long pw") {
		t.Errorf("after language change: %+v", got)
	}
	if err := SetRole(db, 999, RoleAdmin); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown user: %v", err)
	}
}

func TestCreateFirstAdminOnlyOnce(t *testing.T) {
	t.Parallel()
	db, _ := openTestDB(t)
	if _, created, err := CreateFirstAdmin(db, NewUser{Email: "a@example.org", DisplayName: "A", Password: "long enough pw"}); err != nil || !created {
		t.Fatalf("first: %v %v", created, err)
	}
	if _, created, err := CreateFirstAdmin(db, NewUser{Email: "b@example.org", DisplayName: "B", Password: "long enough pw"}); err != nil || created {
		t.Fatalf("second: %v %v", created, err)
	}
}

func TestNewUserValidate(t *testing.T) {
	t.Parallel()
	ok := NewUser{Email: "ada@example.org", DisplayName: "Ada", Role: RoleTeacher, Password: "0123456789"}
	cases := []struct {
		name   string
		change func(*NewUser)
		want   string
	}{
		{"valid", func(*NewUser) {}, ""},
		{"email with name", func(n *NewUser) { n.Email = "Ada <ada@example.org>" }, "form.email_invalid"},
		{"no email", func(n *NewUser) { n.Email = "" }, "form.email_invalid"},
		{"blank name", func(n *NewUser) { n.DisplayName = "  " }, "form.display_name_spaces"},
		{"empty name", func(n *NewUser) { n.DisplayName = "" }, "form.display_name_missing"},
		{"201 characters", func(n *NewUser) { n.DisplayName = strings.Repeat("ä", 201) }, "form.display_name_invalid"},
		{"200 characters", func(n *NewUser) { n.DisplayName = strings.Repeat("ä", 200) }, ""},
		{"unknown role", func(n *NewUser) { n.Role = "root" }, "form.role_invalid"},
		{"short password", func(n *NewUser) { n.Password = "123456789" }, "form.password_short"},
		{"password over 72 bytes", func(n *NewUser) { n.Password = strings.Repeat("ä", 37) }, "form.password_long"},
	}
	for _, tc := range cases {
		n := ok
		tc.change(&n)
		if got := n.Validate(); got != tc.want {
			t.Errorf("%s: Validate() = %q, want %q", tc.name, got, tc.want)
		}
	}
}

// Account lists read what they show (ID, e-mail address, name, role, whether disabled) and
// leave the rest, the password hash among it, out.
func TestUserListsReadWhatTheyShow(t *testing.T) {
	t.Parallel()
	db, _ := openTestDB(t)
	kim, err := CreateUser(db, NewUser{Email: "kim@school.test", DisplayName: "Kim Park", Role: RoleTeacher, Password: "teacher password 1"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := CreateUser(db, NewUser{Email: "lee@school.test", DisplayName: "Lee", Role: RoleAdmin, Password: "admin password 12"}); err != nil {
		t.Fatal(err)
	}
	stored, err := UserByID(db, kim.ID)
	if err != nil || stored.PasswordHash == "" {
		t.Fatal(stored, err)
	}
	page, _, err := UsersPage(db, UserQuery{Search: "kim"})
	if err != nil || len(page) != 1 {
		t.Fatal(page, err)
	}
	found, err := CoOwnerSearch(db, 0, "Kim", 10)
	if err != nil || len(found) != 1 {
		t.Fatal(found, err)
	}
	want := User{ID: stored.ID, Email: stored.Email, DisplayName: stored.DisplayName, Role: stored.Role, Disabled: stored.Disabled}
	for _, got := range []User{page[0], found[0]} {
		if !reflect.DeepEqual(got, want) {
			t.Errorf("listed %+v\nwant %+v", got, want)
		}
	}
}
