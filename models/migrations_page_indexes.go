package models

import "gorm.io/gorm"

// migratePageIndexes adds partial indexes for what every dashboard and room page reads: the
// recordings a room still expects (not yet listed by BBB) by room and end, in the order the
// room page shows them, and each room's active default link with its public ID, so that a
// dashboard card finds its invite link in the index alone.
func migratePageIndexes(tx *gorm.DB) error {
	return execAll(tx,
		"CREATE INDEX IF NOT EXISTS idx_expected_unlisted ON expected_recordings (room_id, ended_at) WHERE listed_at IS NULL",
		"CREATE INDEX IF NOT EXISTS idx_links_active_default ON links (room_id, id, public_id) WHERE is_default AND revoked_at IS NULL",
	)
}
