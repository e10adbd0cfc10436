package models

import "gorm.io/gorm"

// migrateRoomPageIndexes orders each room's links in an index as the room page lists them
// (active first, the default first among those, then the newest), so that the list is read
// from the index in order instead of being sorted on every view.
func migrateRoomPageIndexes(tx *gorm.DB) error {
	return tx.Exec("CREATE INDEX IF NOT EXISTS idx_links_room_listed ON links (room_id, (revoked_at IS NULL), is_default, id)").Error
}
