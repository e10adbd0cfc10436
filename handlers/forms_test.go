package handlers

import "testing"

func TestSafeNext(t *testing.T) {
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

func TestPasswordFormValidate(t *testing.T) {
	cases := []struct {
		form passwordForm
		want string
	}{
		{passwordForm{New: "0123456789", Confirm: "0123456789"}, ""},
		{passwordForm{New: "0123456789", Confirm: "0123456780"}, "form.password_mismatch"},
		{passwordForm{New: "short", Confirm: "short"}, "form.password_short"},
	}
	for _, tc := range cases {
		if got := tc.form.Validate(); got != tc.want {
			t.Errorf("%+v: %q, want %q", tc.form, got, tc.want)
		}
	}
}

func TestSmallFormsValidate(t *testing.T) {
	for lang, want := range map[string]string{"": "", "de": "", "en": "", "fr": "form.language_invalid"} {
		f := languageForm{Language: lang}
		if got := f.Validate(); got != want {
			t.Errorf("language %q: %q, want %q", lang, got, want)
		}
	}
	for role, want := range map[string]string{"admin": "", "teacher": "", "owner": "form.role_invalid"} {
		f := roleForm{Role: role}
		if got := f.Validate(); got != want {
			t.Errorf("role %q: %q, want %q", role, got, want)
		}
	}
	f := newUserForm{Email: " Eve@Example.org ", DisplayName: " Eve ", Role: "teacher", Password: "0123456789"}
	if got := f.Validate(); got != "" || f.Email != "eve@example.org" || f.DisplayName != "Eve" {
		t.Errorf("newUserForm: %q %+v", got, f)
	}
}
