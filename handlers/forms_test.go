package handlers

import (
	"maps"
	"strings"
	"testing"

	"bbbportal/models"
)

func TestSafeNext(t *testing.T) {
	t.Parallel()
	cases := map[string]string{
		"":                     "/",
		"/":                    "/",
		"/rooms?page=2":        "/rooms?page=2",
		"//evil.example":       "/",
		"/\\evil.example":      "/",
		"https://evil.example": "/",
		"javascript:alert(1)":  "/",
		"/ok\r\nSet-Cookie: x": "/",
		"rooms":                "/",
	}
	for in, want := range cases {
		if got := safeNext(in); got != want {
			t.Errorf("safeNext(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestLoginFormValidate(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name      string
		form      loginForm
		want      map[string]string
		wantEmail string
	}{
		{"complete, e-mail normalized", loginForm{Email: " Ada@Example.org ", Password: "x"}, map[string]string{}, "ada@example.org"},
		{"no e-mail", loginForm{Email: "  ", Password: "x"}, map[string]string{"email": "login.failed"}, ""},
		{"no password", loginForm{Email: "ada@example.org"}, map[string]string{"password": "login.failed"}, "ada@example.org"},
		{"nothing", loginForm{}, map[string]string{"email": "login.failed", "password": "login.failed"}, ""},
	} {
		f := tc.form
		if got := f.Validate(); !maps.Equal(got, tc.want) || f.Email != tc.wantEmail {
			t.Errorf("%s: %v (e-mail %q), want %v (%q)", tc.name, got, f.Email, tc.want, tc.wantEmail)
		}
	}
}

func TestNewUserFormValidate(t *testing.T) {
	t.Parallel()
	ok := newUserForm{Email: "eve@example.org", DisplayName: "Eve", Role: "teacher", Password: "0123456789"}
	with := func(change func(*newUserForm)) newUserForm { f := ok; change(&f); return f }
	for _, tc := range []struct {
		name        string
		form        newUserForm
		want        map[string]string
		wantProblem string
	}{
		{"valid", ok, map[string]string{}, ""},
		{"bad e-mail", with(func(f *newUserForm) { f.Email = "eve" }), map[string]string{"email": "form.email_invalid"}, "form.email_invalid"},
		{"only spaces as name", with(func(f *newUserForm) { f.DisplayName = "   " }), map[string]string{"display_name": "form.display_name_spaces"}, "form.display_name_spaces"},
		{"bad role", with(func(f *newUserForm) { f.Role = "owner" }), map[string]string{"role": "form.role_invalid"}, "form.role_invalid"},
		{"short password", with(func(f *newUserForm) { f.Password = "short" }), map[string]string{"password": "form.password_short"}, "form.password_short"},
		{"long password", with(func(f *newUserForm) { f.Password = strings.Repeat("x", 73) }), map[string]string{"password": "form.password_long"}, "form.password_long"},
		{"every field, the e-mail named first", newUserForm{Email: "x", Role: "owner", Password: "1"},
			map[string]string{"email": "form.email_invalid", "display_name": "form.display_name_missing", "role": "form.role_invalid", "password": "form.password_short"},
			"form.email_invalid"},
	} {
		f := tc.form
		if got := f.Validate(); !maps.Equal(got, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
		if p := f.problem(); p != tc.wantProblem {
			t.Errorf("%s: problem %q, want %q", tc.name, p, tc.wantProblem)
		}
	}
	f := newUserForm{Email: " Eve@Example.org ", DisplayName: " Eve ", Role: "teacher", Password: "0123456789"}
	if got := f.problem(); got != "" || f.Email != "eve@example.org" || f.DisplayName != "Eve" {
		t.Errorf("newUserForm: %q %+v", got, f)
	}
}

func TestSetupFormValidate(t *testing.T) {
	t.Parallel()
	f := setupForm{newUserForm: newUserForm{Email: "root@example.org", DisplayName: "Root", Role: "teacher", Password: "0123456789"}}
	if got := f.Validate(); len(got) != 0 {
		t.Errorf("setup form for a teacher: %v; the first account is an admin whatever the form says", got)
	}
	if got := f.problem(); got != "" || f.Role != models.RoleAdmin {
		t.Errorf("setup form: %q, role %q; want no problem and the admin role", got, f.Role)
	}
	f.Password = "short"
	if p := f.problem(); p != "form.password_short" {
		t.Errorf("setup form with a short password: %q", p)
	}
}

func TestPasswordFormValidate(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		form        passwordForm
		want        map[string]string
		wantProblem string
	}{
		{passwordForm{New: "0123456789", Confirm: "0123456789"}, map[string]string{}, ""},
		{passwordForm{New: "0123456789", Confirm: "0123456780"}, map[string]string{"confirm_password": "form.password_mismatch"}, "form.password_mismatch"},
		{passwordForm{New: "short", Confirm: "short"}, map[string]string{"new_password": "form.password_short"}, "form.password_short"},
		{passwordForm{New: "short", Confirm: "shirt"},
			map[string]string{"new_password": "form.password_short", "confirm_password": "form.password_mismatch"}, "form.password_mismatch"},
	} {
		if got := tc.form.Validate(); !maps.Equal(got, tc.want) {
			t.Errorf("%+v: %v, want %v", tc.form, got, tc.want)
		}
		if p := tc.form.problem(); p != tc.wantProblem {
			t.Errorf("%+v: problem %q, want %q", tc.form, p, tc.wantProblem)
		}
	}
}

func TestSmallFormsValidate(t *testing.T) {
	t.Parallel()
	for lang, want := range map[string]map[string]string{"": {}, "de": {}, "en": {}, "fr": {"language": "form.language_invalid"}} {
		if got := (languageForm{Language: lang}).Validate(); !maps.Equal(got, want) {
			t.Errorf("language %q: %v, want %v", lang, got, want)
		}
	}
	for role, want := range map[string]map[string]string{"admin": {}, "teacher": {}, "owner": {"role": "form.role_invalid"}} {
		if got := (roleForm{Role: role}).Validate(); !maps.Equal(got, want) {
			t.Errorf("role %q: %v, want %v", role, got, want)
		}
	}
}
