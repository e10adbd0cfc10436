package handlers

import (
	"crypto/subtle"
	"strings"

	"bbbportal/i18n"
	"bbbportal/models"
)

// Each form's Validate returns its problems: form field name → message key. Pages that show
// one message take the first with problem.

type loginForm struct {
	Email    string `form:"email"`
	Password string `form:"password"`
	Next     string `form:"next"`
}

// Validate normalizes the e-mail. Every problem reads "login.failed": the page does not say
// which field was wrong.
func (f *loginForm) Validate() map[string]string {
	f.Email = models.NormalizeEmail(f.Email)
	errs := map[string]string{}
	if f.Email == "" {
		errs["email"] = "login.failed"
	}
	if f.Password == "" {
		errs["password"] = "login.failed"
	}
	return errs
}

type newUserForm struct {
	Email       string `form:"email"`
	DisplayName string `form:"display_name"`
	Role        string `form:"role"`
	Password    string `form:"password"`
}

func (f *newUserForm) newUser() models.NewUser {
	return models.NewUser{Email: f.Email, DisplayName: f.DisplayName, Role: f.Role, Password: f.Password}
}

// Validate checks the fields as typed; problem also normalizes them for storing.
func (f newUserForm) Validate() map[string]string {
	name := strings.TrimSpace(f.DisplayName)
	errs := map[string]string{}
	if !models.ValidEmail(models.NormalizeEmail(f.Email)) {
		errs["email"] = "form.email_invalid"
	}
	if p := models.DisplayNameProblem(f.DisplayName, name); p != "" {
		errs["display_name"] = p
	}
	if !models.ValidRole(f.Role) {
		errs["role"] = "form.role_invalid"
	}
	if p := models.PasswordProblem(f.Password); p != "" {
		errs["password"] = p
	}
	return errs
}

// problem returns the first problem's key (or "") and normalizes the e-mail and the display name.
func (f *newUserForm) problem() string {
	p := firstProblem(f.Validate(), "email", "display_name", "role", "password")
	f.Email, f.DisplayName = models.NormalizeEmail(f.Email), strings.TrimSpace(f.DisplayName)
	return p
}

type setupForm struct {
	Token string
	newUserForm
}

// Validate checks the first admin's account; its role is always admin.
func (f setupForm) Validate() map[string]string {
	f.Role = models.RoleAdmin
	return f.newUserForm.Validate()
}

func (f *setupForm) problem() string {
	f.Role = models.RoleAdmin
	return f.newUserForm.problem()
}

type passwordForm struct {
	Current string `form:"current_password"`
	New     string `form:"new_password"`
	Confirm string `form:"confirm_password"`
}

func (f passwordForm) Validate() map[string]string {
	errs := map[string]string{}
	if p := models.PasswordProblem(f.New); p != "" {
		errs["new_password"] = p
	}
	if f.New != f.Confirm {
		errs["confirm_password"] = "form.password_mismatch"
	}
	return errs
}

// problem names a mismatch first: a typo in the repetition is the likelier mistake.
func (f passwordForm) problem() string {
	return firstProblem(f.Validate(), "confirm_password", "new_password")
}

type languageForm struct {
	Language string `form:"language"`
}

func (f languageForm) Validate() map[string]string {
	if f.Language != "" && !i18n.Supported(f.Language) {
		return map[string]string{"language": "form.language_invalid"}
	}
	return map[string]string{}
}

type roleForm struct {
	Role string `form:"role"`
}

func (f roleForm) Validate() map[string]string {
	if !models.ValidRole(f.Role) {
		return map[string]string{"role": "form.role_invalid"}
	}
	return map[string]string{}
}

// firstProblem returns the message key of the first field in order that has a problem, or "".
func firstProblem(errs map[string]string, order ...string) string {
	for _, field := range order {
		if key, ok := errs[field]; ok {
			return key
		}
	}
	return ""
}

// safeNext returns next if it is a same-origin relative path, else "/".
func safeNext(next string) string {
	if next == "" || next[0] != '/' || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") ||
		strings.ContainsAny(next, "\r\n\t\\") {
		return "/"
	}
	return next
}

func constantTimeEqual(a, b string) bool {
	return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}
