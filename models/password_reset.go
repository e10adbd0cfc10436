package models

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// PasswordReset is a one-time link an admin hands to a user who forgot their password.
// Only the token's SHA-256 is stored: a copy of the database opens no account.
type PasswordReset struct {
	ID          uint
	UserID      uint
	TokenHash   string
	CreatedByID *uint
	ExpiresAt   time.Time
	UsedAt      *time.Time
	CreatedAt   time.Time
}

// PasswordResetLifetime is how long a reset link works.
const PasswordResetLifetime = 24 * time.Hour

func migratePasswordResets(tx *gorm.DB) error {
	type PasswordReset struct {
		ID          uint      `gorm:"primaryKey"`
		UserID      uint      `gorm:"not null;index"`
		TokenHash   string    `gorm:"size:64;not null;uniqueIndex"`
		CreatedByID *uint     `gorm:"index"`
		ExpiresAt   time.Time `gorm:"not null"`
		UsedAt      *time.Time
		CreatedAt   time.Time
	}
	return tx.Migrator().CreateTable(&PasswordReset{})
}

func hashResetToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// CreatePasswordReset makes a new reset link for user, replacing the user's earlier unused
// ones, and returns its token (shown once, never stored).
func CreatePasswordReset(tx *gorm.DB, user, by uint, now time.Time) (string, error) {
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return "", err
	}
	token := base64.RawURLEncoding.EncodeToString(raw)
	if err := tx.Where("user_id = ? AND used_at IS NULL", user).Delete(&PasswordReset{}).Error; err != nil {
		return "", fmt.Errorf("models: password reset of %d: %w", user, err)
	}
	r := PasswordReset{UserID: user, TokenHash: hashResetToken(token), CreatedByID: &by,
		ExpiresAt: now.Add(PasswordResetLifetime).UTC(), CreatedAt: now.UTC()}
	if err := tx.Create(&r).Error; err != nil {
		return "", fmt.Errorf("models: password reset of %d: %w", user, err)
	}
	return token, nil
}

// PasswordResetByToken finds the unused, unexpired reset of token and its enabled user,
// else ErrNotFound.
func PasswordResetByToken(db *gorm.DB, token string, now time.Time) (*PasswordReset, *User, error) {
	if token == "" || len(token) > 64 {
		return nil, nil, ErrNotFound
	}
	var r PasswordReset
	err := db.Where("token_hash = ? AND used_at IS NULL AND expires_at > ?", hashResetToken(token), now.UTC()).Take(&r).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, nil, ErrNotFound
	}
	if err != nil {
		return nil, nil, fmt.Errorf("models: password reset: %w", err)
	}
	var u User
	if err := db.Where("id = ? AND disabled = ?", r.UserID, false).Take(&u).Error; err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return nil, nil, ErrNotFound
		}
		return nil, nil, fmt.Errorf("models: password reset user: %w", err)
	}
	return &r, &u, nil
}

// UsePasswordReset sets the user's new password with the reset r and ends the user's
// sessions; a reset that was used meanwhile gives ErrNotFound.
func UsePasswordReset(tx *gorm.DB, r *PasswordReset, password string, now time.Time) error {
	res := tx.Model(&PasswordReset{}).Where("id = ? AND used_at IS NULL", r.ID).Update("used_at", now.UTC())
	if res.Error != nil {
		return fmt.Errorf("models: use password reset: %w", res.Error)
	}
	if res.RowsAffected == 0 {
		return ErrNotFound
	}
	return SetPassword(tx, r.UserID, password)
}
