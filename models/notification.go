package models

import (
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"bbbportal/txstmt"
)

// Notification kinds.
const (
	NoticeRecordingReady = "recording.ready"
)

// Notification is a notice for one user, shown as a badge until seen.
type Notification struct {
	ID        uint
	UserID    uint
	Kind      string
	Ref       string // what it is about, e.g. a recordID; (user, kind, ref) is unique
	RoomID    *uint
	Subject   string // e.g. the recording's name
	CreatedAt time.Time
	SeenAt    *time.Time
}

// Notify creates the notice for each user unless that user has it already.
func Notify(db *gorm.DB, userIDs []uint, kind, ref string, roomID *uint, subject string, at time.Time) error {
	if len(userIDs) == 0 {
		return nil
	}
	rows := make([]Notification, len(userIDs))
	for i, id := range userIDs {
		rows[i] = Notification{UserID: id, Kind: kind, Ref: ref, RoomID: roomID, Subject: subject, CreatedAt: at}
	}
	if err := db.Clauses(clause.OnConflict{DoNothing: true}).Create(&rows).Error; err != nil {
		return fmt.Errorf("models: notify: %w", err)
	}
	return nil
}

// UnseenNotifications counts a user's unseen notices (for the badge).
func UnseenNotifications(db *gorm.DB, userID uint) (int64, error) {
	var n int64
	// Every signed-in page asks this: plain SQL, without GORM's query building.
	rows, err := txstmt.Query(db, "SELECT count(*) FROM notifications WHERE user_id = ? AND seen_at IS NULL", userID)
	if err == nil {
		err = scanOne(rows, &n)
	}
	if err != nil {
		return 0, fmt.Errorf("models: unseen notifications: %w", err)
	}
	return n, nil
}

// NotificationsOf lists a user's notices, unseen first, then newest first.
func NotificationsOf(db *gorm.DB, userID uint, limit int) ([]Notification, error) {
	var out []Notification
	err := db.Where("user_id = ?", userID).Order("seen_at IS NOT NULL, id DESC").Limit(limit).Find(&out).Error
	if err != nil {
		return nil, fmt.Errorf("models: notifications: %w", err)
	}
	return out, nil
}

// MarkNotificationsSeen marks a user's notices seen: the given ones, or all when ids is empty.
func MarkNotificationsSeen(db *gorm.DB, userID uint, at time.Time, ids ...uint) error {
	q := db.Model(&Notification{}).Where("user_id = ? AND seen_at IS NULL", userID)
	if len(ids) > 0 {
		q = q.Where("id IN ?", ids)
	}
	if err := q.Update("seen_at", at).Error; err != nil {
		return fmt.Errorf("models: notifications seen: %w", err)
	}
	return nil
}
