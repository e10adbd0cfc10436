package models

import (
	"time"

	"gorm.io/gorm"
)

// migrateLinks creates the join links and gives every existing room its attendee link.
// The migration has no key, so these links get their short code when the links service
// starts (LinksWithoutCode).
func migrateLinks(tx *gorm.DB) error {
	type Room struct {
		ID uint `gorm:"primaryKey"`
	}
	type Link struct {
		ID             uint    `gorm:"primaryKey"`
		RoomID         uint    `gorm:"not null;index"`
		Room           Room    `gorm:"foreignKey:RoomID;constraint:OnDelete:CASCADE"`
		PublicID       string  `gorm:"size:32;not null;uniqueIndex"`
		CodeLookup     *string `gorm:"size:64;uniqueIndex"`
		Role           string  `gorm:"size:16;not null"`
		Label          string  `gorm:"size:200;not null;default:''"`
		FixedName      string  `gorm:"size:200;not null;default:''"`
		AccessCodeHash string  `gorm:"size:64;not null;default:''"`
		ExpiresAt      *time.Time
		MaxUses        int `gorm:"not null;default:0"`
		Uses           int `gorm:"not null;default:0"`
		LastUsedAt     *time.Time
		RevokedAt      *time.Time
		RevokedByID    *uint
		CreatedByID    *uint
		IsDefault      bool      `gorm:"not null;default:false"`
		CreatedAt      time.Time `gorm:"not null"`
	}
	type LinkUse struct {
		LinkID  uint      `gorm:"primaryKey;autoIncrement:false"`
		Link    Link      `gorm:"foreignKey:LinkID;constraint:OnDelete:CASCADE"`
		Browser string    `gorm:"primaryKey;size:64"`
		At      time.Time `gorm:"not null"`
	}
	if err := tx.Migrator().CreateTable(&Link{}, &LinkUse{}); err != nil {
		return err
	}
	type roomRow struct {
		ID      uint
		OwnerID uint
	}
	var rooms []roomRow
	if err := tx.Table("rooms").Select("id, owner_id").Order("id").Find(&rooms).Error; err != nil {
		return err
	}
	now := time.Now().UTC()
	batch := make([]Link, 0, 200)
	for i, r := range rooms {
		owner := r.OwnerID
		batch = append(batch, Link{RoomID: r.ID, PublicID: NewLinkPublicID(), Role: LinkAttendee,
			CreatedByID: &owner, IsDefault: true, CreatedAt: now})
		if len(batch) == cap(batch) || i == len(rooms)-1 {
			if err := tx.Omit("Room").Create(&batch).Error; err != nil {
				return err
			}
			batch = batch[:0]
		}
	}
	return nil
}
