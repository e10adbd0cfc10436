package models

import (
	"time"

	"gorm.io/gorm"
)

// Frozen schemas of the rooms, templates and meetings migrations (see migrations.go).

func migrateTemplatesAndRooms(tx *gorm.DB) error {
	type Template struct {
		ID                 uint   `gorm:"primaryKey"`
		Name               string `gorm:"size:200;not null"`
		Description        string `gorm:"type:text;not null;default:''"`
		OwnerID            *uint  `gorm:"index"`
		Owner              *User  `gorm:"foreignKey:OwnerID;constraint:OnDelete:CASCADE"`
		Settings           string `gorm:"type:text;not null;default:'{}'"`
		MaxDurationMinutes int    `gorm:"not null;default:0"`
		CreatedAt          time.Time
		UpdatedAt          time.Time
	}
	type Room struct {
		ID                 uint     `gorm:"primaryKey"`
		Name               string   `gorm:"size:200;not null"`
		OwnerID            uint     `gorm:"not null;index"`
		Owner              User     `gorm:"foreignKey:OwnerID;constraint:OnDelete:CASCADE"`
		TemplateID         uint     `gorm:"not null;index"`
		Template           Template `gorm:"foreignKey:TemplateID;constraint:OnDelete:RESTRICT"`
		Overrides          string   `gorm:"type:text;not null;default:'{}'"`
		MeetingID          string   `gorm:"size:64;not null;uniqueIndex"`
		MaxDurationMinutes int      `gorm:"not null;default:0"`
		CreatedAt          time.Time
		UpdatedAt          time.Time
	}
	type RoomCoOwner struct {
		RoomID uint `gorm:"primaryKey"`
		Room   Room `gorm:"foreignKey:RoomID;constraint:OnDelete:CASCADE"`
		UserID uint `gorm:"primaryKey"`
		User   User `gorm:"foreignKey:UserID;constraint:OnDelete:CASCADE"`
	}
	return tx.Migrator().CreateTable(&Template{}, &Room{}, &RoomCoOwner{})
}

func migrateMeetings(tx *gorm.DB) error {
	type MeetingRun struct {
		ID           uint      `gorm:"primaryKey"`
		RoomID       uint      `gorm:"not null;index"`
		MeetingID    string    `gorm:"size:64;not null;index"`
		CreateTime   int64     `gorm:"not null"`
		StartedAt    time.Time `gorm:"not null"`
		StartedByID  *uint
		EndDue       *time.Time `gorm:"index"`
		WarnedAt     *time.Time
		EndTokenHash string `gorm:"size:64;not null"`
		EndedAt      *time.Time
	}
	type EndWatch struct {
		ID            uint   `gorm:"primaryKey"`
		MeetingID     string `gorm:"size:256;not null;index"`
		MeetingName   string `gorm:"size:256;not null;default:''"`
		RoomID        *uint
		RequestedByID *uint
		Reason        string    `gorm:"size:16;not null"`
		RequestedAt   time.Time `gorm:"not null"`
		Deadline      time.Time `gorm:"not null"`
		State         string    `gorm:"size:16;not null;index"`
		ConfirmedAt   *time.Time
		ConfirmedVia  string `gorm:"size:16;not null;default:''"`
		Checks        int    `gorm:"not null;default:0"`
		LastError     string `gorm:"size:500;not null;default:''"`
		UpdatedAt     time.Time
	}
	type Schedule struct {
		ID          uint      `gorm:"primaryKey"`
		RoomID      uint      `gorm:"not null;index"`
		Title       string    `gorm:"size:200;not null;default:''"`
		StartsAt    time.Time `gorm:"not null"`
		EndsAt      time.Time `gorm:"not null"`
		Weekly      bool      `gorm:"not null;default:false"`
		RepeatUntil *time.Time
		HandledEnd  *time.Time
		CreatedByID *uint
		CreatedAt   time.Time
	}
	return tx.Migrator().CreateTable(&MeetingRun{}, &EndWatch{}, &Schedule{})
}
