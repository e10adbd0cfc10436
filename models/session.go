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

// Session is a signed-in browser, kept on the server: the cookie carries only a random
// token whose hash is stored here, so logging out, "log out everywhere", a password or role
// change and disabling an account end the session at once, whoever holds a copy of the cookie.
type Session struct {
	ID        uint
	TokenHash string `json:"-"`
	UserID    uint
	// AuthEpoch is the user's epoch at login; a session of an older epoch is over.
	AuthEpoch int64
	// CSRFToken is bound to this session and replaced at every login.
	CSRFToken string `json:"-"`
	UserAgent string
	ClientIP  string
	CreatedAt time.Time
	LastSeen  time.Time
	ExpiresAt time.Time // absolute end, however active the session is
}

// SessionLimits are the absolute lifetime and the idle timeout of sessions.
type SessionLimits struct {
	Lifetime time.Duration
	Idle     time.Duration
}

// Active reports whether s is still valid at now.
func (s *Session) Active(now time.Time, lim SessionLimits) bool {
	return now.Before(s.ExpiresAt) && (lim.Idle <= 0 || now.Sub(s.LastSeen) < lim.Idle)
}

// lastSeenGranularity bounds the writes a busy session causes: its last-seen time is
// stored at most once a minute.
const lastSeenGranularity = time.Minute

// NewSessionToken returns a random cookie token (256 bits) and the hash stored for it.
func NewSessionToken() (token, hash string) {
	b := make([]byte, 32)
	rand.Read(b)
	token = base64.RawURLEncoding.EncodeToString(b)
	return token, HashSessionToken(token)
}

// HashSessionToken is what the sessions table stores of a cookie token.
func HashSessionToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

func newCSRFToken() string {
	b := make([]byte, 32)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// CreateSession stores a new session of u and returns it with its cookie token.
func CreateSession(db *gorm.DB, u *User, userAgent, clientIP string, now time.Time, lim SessionLimits) (*Session, string, error) {
	token, hash := NewSessionToken()
	s := &Session{
		TokenHash: hash, UserID: u.ID, AuthEpoch: u.AuthEpoch, CSRFToken: newCSRFToken(),
		UserAgent: truncate(userAgent, 256), ClientIP: truncate(clientIP, 64),
		CreatedAt: now, LastSeen: now, ExpiresAt: now.Add(lim.Lifetime),
	}
	if err := db.Create(s).Error; err != nil {
		return nil, "", fmt.Errorf("models: create session: %w", err)
	}
	return s, token, nil
}

// SessionByToken returns the session of a cookie token, or ErrNotFound.
func SessionByToken(db *gorm.DB, token string) (*Session, error) {
	var s Session
	err := db.Where("token_hash = ?", HashSessionToken(token)).Take(&s).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("models: session: %w", err)
	}
	return &s, nil
}

// TouchSession records activity at now, at most once per lastSeenGranularity.
func TouchSession(db *gorm.DB, s *Session, now time.Time) error {
	if now.Sub(s.LastSeen) < lastSeenGranularity {
		return nil
	}
	s.LastSeen = now
	if err := db.Model(&Session{}).Where("id = ?", s.ID).Update("last_seen", now).Error; err != nil {
		return fmt.Errorf("models: touch session: %w", err)
	}
	return nil
}

// DeleteSession ends one session of a user.
func DeleteSession(db *gorm.DB, userID, id uint) (bool, error) {
	res := db.Where("id = ? AND user_id = ?", id, userID).Delete(&Session{})
	if res.Error != nil {
		return false, fmt.Errorf("models: delete session: %w", res.Error)
	}
	return res.RowsAffected > 0, nil
}

// DeleteSessionsOf ends every session of a user.
func DeleteSessionsOf(db *gorm.DB, userID uint) error {
	if err := db.Where("user_id = ?", userID).Delete(&Session{}).Error; err != nil {
		return fmt.Errorf("models: delete sessions: %w", err)
	}
	return nil
}

// MaxListedSessions bounds the account page's list of sessions.
const MaxListedSessions = 50

// SessionsOf lists a user's sessions, most recently seen first.
func SessionsOf(db *gorm.DB, userID uint, now time.Time) ([]Session, error) {
	var list []Session
	err := db.Where("user_id = ? AND expires_at > ?", userID, now).
		Order("last_seen DESC, id DESC").Limit(MaxListedSessions).Find(&list).Error
	if err != nil {
		return nil, fmt.Errorf("models: sessions: %w", err)
	}
	return list, nil
}

// DeleteExpiredSessions removes sessions past their absolute end or idle for longer than
// the idle timeout.
func DeleteExpiredSessions(db *gorm.DB, now time.Time, lim SessionLimits) (int64, error) {
	q := db.Where("expires_at <= ?", now)
	if lim.Idle > 0 {
		q = q.Or("last_seen <= ?", now.Add(-lim.Idle))
	}
	res := q.Delete(&Session{})
	if res.Error != nil {
		return 0, fmt.Errorf("models: delete expired sessions: %w", res.Error)
	}
	return res.RowsAffected, nil
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}

func migrateSessions(tx *gorm.DB) error {
	type Session struct {
		ID        uint      `gorm:"primaryKey"`
		TokenHash string    `gorm:"size:64;not null;uniqueIndex"`
		UserID    uint      `gorm:"not null;index:idx_sessions_user_seen,priority:1"`
		AuthEpoch int64     `gorm:"not null"`
		CSRFToken string    `gorm:"size:64;not null"`
		UserAgent string    `gorm:"size:256;not null;default:''"`
		ClientIP  string    `gorm:"size:64;not null;default:''"`
		CreatedAt time.Time `gorm:"not null"`
		LastSeen  time.Time `gorm:"not null;index:idx_sessions_user_seen,priority:2;index"`
		ExpiresAt time.Time `gorm:"not null;index"`
	}
	return tx.Migrator().CreateTable(&Session{})
}
