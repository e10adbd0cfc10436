package models

import "gorm.io/gorm"

// migrateExpectedUnlistedIndex indexes the recordings a room still expects (not yet listed by
// BBB) by room and end, newest first as the room page shows them, so that the page reads them
// without sorting.
func migrateExpectedUnlistedIndex(tx *gorm.DB) error {
	return tx.Exec("CREATE INDEX IF NOT EXISTS idx_expected_unlisted ON expected_recordings (room_id, ended_at) WHERE listed_at IS NULL").Error
}
