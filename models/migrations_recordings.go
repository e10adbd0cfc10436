package models

import (
	"time"

	"gorm.io/gorm"
)

// Frozen schema of the recordings migration (see migrations.go): recordings the portal
// expects after a meeting ended, notices for users, and retention rules per template.

func migrateRecordings(tx *gorm.DB) error {
	type ExpectedRecording struct {
		ID                uint      `gorm:"primaryKey"`
		RoomID            uint      `gorm:"not null;index"`
		MeetingID         string    `gorm:"size:64;not null;index"`
		InternalMeetingID string    `gorm:"size:64;not null;uniqueIndex"`
		StartedAt         time.Time `gorm:"not null"`
		EndedAt           time.Time `gorm:"not null;index"`
		Marks             *bool
		ListedAt          *time.Time
		ReadyAt           *time.Time
		CreatedAt         time.Time
	}
	type Notification struct {
		ID        uint       `gorm:"primaryKey"`
		UserID    uint       `gorm:"not null;uniqueIndex:idx_notifications_once,priority:1;index:idx_notifications_unseen,priority:1"`
		Kind      string     `gorm:"size:32;not null;uniqueIndex:idx_notifications_once,priority:2"`
		Ref       string     `gorm:"size:128;not null;uniqueIndex:idx_notifications_once,priority:3"`
		RoomID    *uint      `gorm:"index"`
		Subject   string     `gorm:"size:255;not null;default:''"`
		CreatedAt time.Time  `gorm:"not null"`
		SeenAt    *time.Time `gorm:"index:idx_notifications_unseen,priority:2"`
	}
	type RecordingRetention struct {
		TemplateID uint   `gorm:"primaryKey;autoIncrement:false"`
		Days       int    `gorm:"not null"`
		Action     string `gorm:"size:16;not null"`
		UpdatedAt  time.Time
	}
	return tx.Migrator().CreateTable(&ExpectedRecording{}, &Notification{}, &RecordingRetention{})
}
