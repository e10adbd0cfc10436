package models

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"gorm.io/gorm"
)

// MaxDisplayName is the longest display name, in characters.
const MaxDisplayName = 200

// DisplayNameProblem returns the translation key of what is wrong with a display name that
// has already been trimmed (raw is what was typed), or "".
func DisplayNameProblem(raw, trimmed string) string {
	switch {
	case trimmed == "" && raw != "":
		return "form.display_name_spaces"
	case trimmed == "":
		return "form.display_name_missing"
	case utf8.RuneCountInString(trimmed) > MaxDisplayName:
		return "form.display_name_invalid"
	}
	return ""
}

// Profile is what a user changes about themselves.
type Profile struct {
	DisplayName, Email string
}

// Validate normalizes p and returns the field and translation key of its first problem.
func (p *Profile) Validate() (field, problem string) {
	raw := p.DisplayName
	p.DisplayName, p.Email = strings.TrimSpace(p.DisplayName), NormalizeEmail(p.Email)
	if problem := DisplayNameProblem(raw, p.DisplayName); problem != "" {
		return "display_name", problem
	}
	if !ValidEmail(p.Email) {
		return "email", "form.email_invalid"
	}
	return "", ""
}

// SaveProfile stores p on u; ErrEmailTaken when another account has the e-mail.
func SaveProfile(tx *gorm.DB, u *User, p Profile) error {
	var n int64
	if err := tx.Model(&User{}).Where("email = ? AND id <> ?", p.Email, u.ID).Count(&n).Error; err != nil {
		return fmt.Errorf("models: profile of %d: %w", u.ID, err)
	}
	if n > 0 {
		return ErrEmailTaken
	}
	if err := tx.Model(u).Updates(map[string]any{"display_name": p.DisplayName, "email": p.Email}).Error; err != nil {
		return fmt.Errorf("models: profile of %d: %w", u.ID, err)
	}
	u.DisplayName, u.Email = p.DisplayName, p.Email
	return nil
}
