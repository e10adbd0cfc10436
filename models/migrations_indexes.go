package models

import "gorm.io/gorm"

// migrateListIndexes adds the indexes the paginated lists and their searches walk: every list
// is read in its display order (case-insensitive name, then id) from an index, so a page costs
// the same at ten rooms as at ten thousand. Plain SQL: expression indexes are not expressible
// in GORM tags, and this form is valid on SQLite and PostgreSQL alike.
func migrateListIndexes(tx *gorm.DB) error {
	return execAll(tx,
		"CREATE INDEX IF NOT EXISTS idx_rooms_name ON rooms (lower(name), id)",
		"CREATE INDEX IF NOT EXISTS idx_rooms_owner_name ON rooms (owner_id, lower(name), id)",
		"CREATE INDEX IF NOT EXISTS idx_room_co_owners_user ON room_co_owners (user_id, room_id)",
		"CREATE INDEX IF NOT EXISTS idx_templates_owner_name ON templates (owner_id, lower(name), id)",
		"CREATE INDEX IF NOT EXISTS idx_templates_scope_name ON templates ((owner_id IS NOT NULL), lower(name), id)",
		"CREATE INDEX IF NOT EXISTS idx_users_name ON users (lower(display_name), id)",
		"CREATE INDEX IF NOT EXISTS idx_schedules_room_start ON schedules (room_id, starts_at, id)",
	)
}
