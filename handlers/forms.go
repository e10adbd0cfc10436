package handlers

import (
	"crypto/subtle"
	"strings"

	"bbbportal/i18n"
	"bbbportal/models"
)

// Each form's Validate returns the translation key of the first problem, or "".

type loginForm struct {
	Email    string `form:"email"`
	Password string `form:"password"`
	Next     string `form:"next"`
}

func (f *loginForm) Validate() string {
	f.Email = models.NormalizeEmail(f.Email)
	if f.Email == "" || f.Password == "" {
		return "login.failed"
	}
	return ""
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

func (f *newUserForm) Validate() string {
	n := f.newUser()
	problem := n.Validate()
	f.Email, f.DisplayName = n.Email, n.DisplayName
	return problem
}

type setupForm struct {
	Token string
	newUserForm
}

func (f *setupForm) Validate() string {
	f.Role = models.RoleAdmin
	return f.newUserForm.Validate()
}

type passwordForm struct {
	Current string `form:"current_password"`
	New     string `form:"new_password"`
	Confirm string `form:"confirm_password"`
}

func (f *passwordForm) Validate() string {
	if f.New != f.Confirm {
		return "form.password_mismatch"
	}
	return models.PasswordProblem(f.New)
}

type languageForm struct {
	Language string `form:"language"`
}

func (f *languageForm) Validate() string {
	if f.Language != "" && !i18n.Supported(f.Language) {
		return "form.language_invalid"
	}
	return ""
}

type roleForm struct {
	Role string `form:"role"`
}

func (f *roleForm) Validate() string {
	if !models.ValidRole(f.Role) {
		return "form.role_invalid"
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
