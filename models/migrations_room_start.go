package models

import "gorm.io/gorm"

// migrateRoomStart adds who may start a room's meeting: false keeps the meeting waiting
// for a moderator, true lets anyone with the room's attendee link start it.
func migrateRoomStart(tx *gorm.DB) error {
	type Room struct {
		AttendeesMayStart bool `gorm:"not null;default:false"`
	}
	return tx.Migrator().AddColumn(&Room{}, "AttendeesMayStart")
}
