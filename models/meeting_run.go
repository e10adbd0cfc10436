package models

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// MeetingRun is one meeting the portal created for a room, from create until it ended.
type MeetingRun struct {
	ID          uint
	RoomID      uint
	MeetingID   string
	CreateTime  int64 // BBB's createTime (ms), sent on every join
	StartedAt   time.Time
	StartedByID *uint
	// EndDue is when the portal ends the meeting itself (duration, the room's limit or a schedule).
	EndDue   *time.Time
	WarnedAt *time.Time
	// EndTokenHash is the SHA-256 of the per-meeting token in meta_endCallbackUrl.
	EndTokenHash string
	EndedAt      *time.Time
}

// HashToken returns the hex SHA-256 of a token; only hashes of tokens are stored.
func HashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// TokenMatches compares a presented token with a stored hash in constant time.
func TokenMatches(hash, token string) bool {
	return subtle.ConstantTimeCompare([]byte(hash), []byte(HashToken(token))) == 1
}

// CreateMeetingRun records a meeting the portal has just created.
func CreateMeetingRun(db *gorm.DB, run *MeetingRun) error {
	if err := db.Create(run).Error; err != nil {
		return fmt.Errorf("models: record meeting: %w", err)
	}
	return nil
}

// ActiveRun returns the newest run of a meeting that has not ended, or ErrNotFound.
func ActiveRun(db *gorm.DB, meetingID string) (*MeetingRun, error) {
	var run MeetingRun
	err := db.Where("meeting_id = ? AND ended_at IS NULL", meetingID).Order("id DESC").First(&run).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("models: active run: %w", err)
	}
	return &run, nil
}

// RunsDue returns the active runs whose end is due at or before now.
func RunsDue(db *gorm.DB, now time.Time) ([]MeetingRun, error) {
	var runs []MeetingRun
	err := db.Where("ended_at IS NULL AND end_due IS NOT NULL AND end_due <= ?", now).Find(&runs).Error
	return runs, err
}

// RunsToWarn returns the active, not yet warned runs whose end is due before until.
func RunsToWarn(db *gorm.DB, until time.Time) ([]MeetingRun, error) {
	var runs []MeetingRun
	err := db.Where("ended_at IS NULL AND warned_at IS NULL AND end_due IS NOT NULL AND end_due <= ?", until).Find(&runs).Error
	return runs, err
}

// MarkRunWarned records that the end warning was sent.
func MarkRunWarned(db *gorm.DB, id uint, at time.Time) error {
	return db.Model(&MeetingRun{}).Where("id = ?", id).Update("warned_at", at).Error
}

// SetRunEndDue moves when the portal ends a run.
func SetRunEndDue(db *gorm.DB, id uint, due time.Time) error {
	return db.Model(&MeetingRun{}).Where("id = ?", id).Update("end_due", due).Error
}

// MarkMeetingEnded closes every active run of a meeting.
func MarkMeetingEnded(db *gorm.DB, meetingID string, at time.Time) error {
	return db.Model(&MeetingRun{}).Where("meeting_id = ? AND ended_at IS NULL", meetingID).Update("ended_at", at).Error
}

// RunByEndToken returns the run of a meeting whose end-callback token is token. Every recent
// run is compared in constant time, so a callback for an earlier run is recognised too.
func RunByEndToken(db *gorm.DB, meetingID, token string) (*MeetingRun, error) {
	var runs []MeetingRun
	if err := db.Where("meeting_id = ?", meetingID).Order("id DESC").Limit(50).Find(&runs).Error; err != nil {
		return nil, fmt.Errorf("models: runs of meeting: %w", err)
	}
	var found *MeetingRun
	for i := range runs {
		if TokenMatches(runs[i].EndTokenHash, token) && found == nil {
			found = &runs[i]
		}
	}
	if found == nil {
		return nil, ErrNotFound
	}
	return found, nil
}
