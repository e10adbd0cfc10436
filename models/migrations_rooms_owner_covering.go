package models

import "gorm.io/gorm"

// migrateRoomsOwnerCovering makes the index of a user's rooms by name also hold what the room
// lists show of each room, so that a page of them is read from the index alone, without a
// lookup in the table per room.
func migrateRoomsOwnerCovering(tx *gorm.DB) error {
	return execAll(tx,
		"DROP INDEX IF EXISTS idx_rooms_owner_name",
		"CREATE INDEX idx_rooms_owner_name ON rooms (owner_id, lower(name), id, name, meeting_id, template_id)",
	)
}
