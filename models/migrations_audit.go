package models

import (
	"time"

	"gorm.io/gorm"
)

// Frozen schemas of the audit-log and settings migrations (see migrations.go).

// migrateAuditIndexes gives every filter of the audit log an index whose last
// column is the id, so that "filter, newest first, older than id X" is one
// index range read in id order on SQLite and PostgreSQL alike. The single
// column indexes of migration 2 on action and actor_id are prefixes of the new
// ones and go; the one on at stays (date ranges are turned into id ranges with it).
func migrateAuditIndexes(tx *gorm.DB) error {
	return execAll(tx,
		`DROP INDEX IF EXISTS idx_audit_entries_action`,
		`DROP INDEX IF EXISTS idx_audit_entries_actor_id`,
		`CREATE INDEX IF NOT EXISTS idx_audit_action_id ON audit_entries (action, id)`,
		`CREATE INDEX IF NOT EXISTS idx_audit_actor_id_id ON audit_entries (actor_id, id)`,
		`CREATE INDEX IF NOT EXISTS idx_audit_actor_email_id ON audit_entries (actor_email, id)`,
		`CREATE INDEX IF NOT EXISTS idx_audit_target_id_id ON audit_entries (target_id, id)`,
		`CREATE INDEX IF NOT EXISTS idx_audit_target_type_id ON audit_entries (target_type, id)`,
		`CREATE INDEX IF NOT EXISTS idx_audit_result_id ON audit_entries (result, id)`,
		`CREATE INDEX IF NOT EXISTS idx_audit_client_ip_id ON audit_entries (client_ip, id)`,
	)
}

func migrateSettings(tx *gorm.DB) error {
	type Setting struct {
		Key       string `gorm:"primaryKey;size:64"`
		Value     string `gorm:"type:text;not null;default:''"`
		UpdatedAt time.Time
	}
	return tx.Migrator().CreateTable(&Setting{})
}
