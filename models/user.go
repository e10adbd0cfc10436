package models

import (
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"sync"
	"time"

	"golang.org/x/crypto/bcrypt"
	"gorm.io/gorm"
)

// Roles a user can have.
const (
	RoleAdmin   = "admin"
	RoleTeacher = "teacher"
)

// BcryptCost is the work factor of stored password hashes.
const BcryptCost = 12

// hashCost is the work factor in use: always BcryptCost, except in the test suites
// of other packages that call UseCheapHashesInTests.
var hashCost = BcryptCost

// UseCheapHashesInTests lowers the work factor of new hashes to bcrypt's minimum.
// Only a TestMain may call it, before any test runs: the portal's HTTP tests sign
// in hundreds of times, and at cost 12 under the race detector that alone takes
// longer than go test's default timeout. models' own tests keep cost 12.
func UseCheapHashesInTests() { hashCost = bcrypt.MinCost }

// MinPasswordLength is the shortest password accepted.
const MinPasswordLength = 10

// ErrEmailTaken is returned when creating a user whose email already has an account.
var ErrEmailTaken = errors.New("email already in use")

// User is an account of the portal.
type User struct {
	ID           uint
	Email        string
	DisplayName  string
	Role         string
	PasswordHash string `json:"-"`
	Disabled     bool
	Language     string // "" follows the browser
	// AuthEpoch is copied into every session at login; incrementing it ends
	// all sessions of the user (password or role change, disabling, "log out everywhere").
	AuthEpoch int64
	CreatedAt time.Time
	UpdatedAt time.Time
}

// IsAdmin reports whether u may use the admin pages.
func (u *User) IsAdmin() bool { return u != nil && u.Role == RoleAdmin }

// CheckPassword reports whether password is u's password.
func (u *User) CheckPassword(password string) bool {
	return bcrypt.CompareHashAndPassword([]byte(u.PasswordHash), []byte(password)) == nil
}

// dummyHash is compared against when no account matches, so that a login for
// an unknown email takes as long as one with a wrong password. It is made on
// first use: making it costs as much as a login.
var dummyHash = sync.OnceValue(func() []byte {
	h, _ := bcrypt.GenerateFromPassword([]byte("no such account"), hashCost)
	return h
})

// SpendPasswordCheck does the work of one password comparison and fails.
func SpendPasswordCheck(password string) {
	_ = bcrypt.CompareHashAndPassword(dummyHash(), []byte(password))
}

// NormalizeEmail lower-cases and trims an email address.
func NormalizeEmail(email string) string { return strings.ToLower(strings.TrimSpace(email)) }

// ValidEmail reports whether email is a plain address (no display name).
func ValidEmail(email string) bool {
	a, err := mail.ParseAddress(email)
	return err == nil && a.Address == email && len(email) <= 254
}

// ValidRole reports whether role is one of the known roles.
func ValidRole(role string) bool { return role == RoleAdmin || role == RoleTeacher }

// HashPassword returns the bcrypt hash of password.
func HashPassword(password string) (string, error) {
	h, err := bcrypt.GenerateFromPassword([]byte(password), hashCost)
	if err != nil {
		return "", fmt.Errorf("models: hash password: %w", err)
	}
	return string(h), nil
}

// NewUser is what is needed to create an account.
type NewUser struct {
	Email, DisplayName, Role, Password, Language string
}

// Validate normalizes n and returns the translation key of its first
// problem, or "" when it can be stored.
func (n *NewUser) Validate() string {
	raw := n.DisplayName
	n.Email, n.DisplayName = NormalizeEmail(n.Email), strings.TrimSpace(n.DisplayName)
	switch {
	case !ValidEmail(n.Email):
		return "form.email_invalid"
	case DisplayNameProblem(raw, n.DisplayName) != "":
		return DisplayNameProblem(raw, n.DisplayName)
	case !ValidRole(n.Role):
		return "form.role_invalid"
	}
	return PasswordProblem(n.Password)
}

// PasswordProblem returns the translation key of what is wrong with a new password, or "".
func PasswordProblem(p string) string {
	switch {
	case len([]rune(p)) < MinPasswordLength:
		return "form.password_short"
	case len(p) > 72: // bcrypt reads only the first 72 bytes
		return "form.password_long"
	}
	return ""
}

// CreateUser stores a new account. The caller has validated the fields.
func CreateUser(db *gorm.DB, n NewUser) (*User, error) {
	hash, err := HashPassword(n.Password)
	if err != nil {
		return nil, err
	}
	u := &User{
		Email: NormalizeEmail(n.Email), DisplayName: strings.TrimSpace(n.DisplayName),
		Role: n.Role, PasswordHash: hash, Language: n.Language, AuthEpoch: 1,
	}
	var taken int64
	err = db.Transaction(func(tx *gorm.DB) error {
		if err := tx.Model(&User{}).Where("email = ?", u.Email).Count(&taken).Error; err != nil || taken > 0 {
			return err
		}
		return tx.Create(u).Error
	})
	if err != nil {
		return nil, fmt.Errorf("models: create user: %w", err)
	}
	if taken > 0 {
		return nil, ErrEmailTaken
	}
	return u, nil
}

// CreateFirstAdmin creates an admin account only if no account exists yet.
// It reports false when some account already existed.
func CreateFirstAdmin(db *gorm.DB, n NewUser) (*User, bool, error) {
	hash, err := HashPassword(n.Password)
	if err != nil {
		return nil, false, err
	}
	u := &User{
		Email: NormalizeEmail(n.Email), DisplayName: strings.TrimSpace(n.DisplayName),
		Role: RoleAdmin, PasswordHash: hash, Language: n.Language, AuthEpoch: 1,
	}
	created := false
	err = db.Transaction(func(tx *gorm.DB) error {
		var count int64
		if err := tx.Model(&User{}).Count(&count).Error; err != nil || count > 0 {
			return err
		}
		created = true
		return tx.Create(u).Error
	})
	if err != nil {
		return nil, false, fmt.Errorf("models: create first admin: %w", err)
	}
	return u, created, nil
}

// CountUsers returns the number of accounts.
func CountUsers(db *gorm.DB) (int64, error) {
	var n int64
	if err := db.Model(&User{}).Count(&n).Error; err != nil {
		return 0, fmt.Errorf("models: count users: %w", err)
	}
	return n, nil
}

// UserByID returns the account with id, or ErrNotFound.
func UserByID(db *gorm.DB, id uint) (*User, error) {
	return firstUser(db.Where("id = ?", id))
}

// UserByEmail returns the account with email (any case), or ErrNotFound.
func UserByEmail(db *gorm.DB, email string) (*User, error) {
	return firstUser(db.Where("email = ?", NormalizeEmail(email)))
}

func firstUser(q *gorm.DB) (*User, error) {
	var u User
	err := q.Limit(1).Find(&u).Error
	if err != nil {
		return nil, fmt.Errorf("models: find user: %w", err)
	}
	if u.ID == 0 {
		return nil, ErrNotFound
	}
	return &u, nil
}

// ListUsers returns all accounts ordered by email.
func ListUsers(db *gorm.DB) ([]User, error) {
	var users []User
	if err := db.Order("email").Find(&users).Error; err != nil {
		return nil, fmt.Errorf("models: list users: %w", err)
	}
	return users, nil
}

// CountActiveAdmins returns the number of enabled admin accounts.
func CountActiveAdmins(db *gorm.DB) (int64, error) {
	var n int64
	err := db.Model(&User{}).Where("role = ? AND disabled = ?", RoleAdmin, false).Count(&n).Error
	if err != nil {
		return 0, fmt.Errorf("models: count admins: %w", err)
	}
	return n, nil
}

// updateUser applies changes to the user with id; endSessions also deletes the user's
// server-side sessions and increments the auth epoch, in one transaction, so that every
// existing session of the user is refused.
func updateUser(db *gorm.DB, id uint, changes map[string]any, endSessions bool) error {
	if endSessions {
		changes["auth_epoch"] = gorm.Expr("auth_epoch + 1")
	}
	changes["updated_at"] = time.Now().UTC()
	return db.Transaction(func(tx *gorm.DB) error {
		res := tx.Model(&User{}).Where("id = ?", id).Updates(changes)
		if res.Error != nil {
			return fmt.Errorf("models: update user %d: %w", id, res.Error)
		}
		if res.RowsAffected == 0 {
			return ErrNotFound
		}
		if endSessions {
			return DeleteSessionsOf(tx, id)
		}
		return nil
	})
}

// SetPassword changes the password of user id and ends its sessions.
func SetPassword(db *gorm.DB, id uint, password string) error {
	hash, err := HashPassword(password)
	if err != nil {
		return err
	}
	return updateUser(db, id, map[string]any{"password_hash": hash}, true)
}

// SetRole changes the role of user id and ends its sessions.
func SetRole(db *gorm.DB, id uint, role string) error {
	return updateUser(db, id, map[string]any{"role": role}, true)
}

// SetDisabled disables (ending its sessions) or re-enables user id.
func SetDisabled(db *gorm.DB, id uint, disabled bool) error {
	return updateUser(db, id, map[string]any{"disabled": disabled}, disabled)
}

// SetLanguage changes the preferred language of user id ("" follows the browser).
func SetLanguage(db *gorm.DB, id uint, lang string) error {
	return updateUser(db, id, map[string]any{"language": lang}, false)
}

// EndSessions ends every session of user id ("log out everywhere").
func EndSessions(db *gorm.DB, id uint) error {
	return updateUser(db, id, map[string]any{}, true)
}
