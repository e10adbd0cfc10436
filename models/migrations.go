package models

import (
	"fmt"
	"time"

	"gorm.io/gorm"
)

// A migration changes the schema from version-1 to version. Migrations use
// their own frozen struct types (not the live models) so that an old
// migration keeps meaning what it meant when it was written, and use GORM's
// Migrator so that they run on PostgreSQL as well as SQLite.
type migration struct {
	version int
	name    string
	up      func(tx *gorm.DB) error
}

// migrations is the one ordered list of schema changes, in ascending version order.
// Add new ones with a version above every existing one; never edit or reorder
// applied ones. Versions may have gaps (features are numbered as they are planned).
var migrations = []migration{
	{1, "users", func(tx *gorm.DB) error {
		type User struct {
			ID           uint   `gorm:"primaryKey"`
			Email        string `gorm:"size:254;not null;uniqueIndex"`
			DisplayName  string `gorm:"size:200;not null"`
			Role         string `gorm:"size:16;not null"`
			PasswordHash string `gorm:"size:100;not null"`
			Disabled     bool   `gorm:"not null;default:false"`
			Language     string `gorm:"size:16;not null;default:''"`
			AuthEpoch    int64  `gorm:"not null;default:1"`
			CreatedAt    time.Time
			UpdatedAt    time.Time
		}
		return tx.Migrator().CreateTable(&User{})
	}},
	{2, "audit_entries", func(tx *gorm.DB) error {
		type AuditEntry struct {
			ID         uint      `gorm:"primaryKey"`
			At         time.Time `gorm:"not null;index"`
			ActorID    *uint     `gorm:"index"`
			ActorEmail string    `gorm:"size:254;not null;default:''"`
			Action     string    `gorm:"size:64;not null;index"`
			TargetType string    `gorm:"size:32;not null;default:''"`
			TargetID   string    `gorm:"size:128;not null;default:''"`
			Details    string    `gorm:"type:text;not null;default:'{}'"`
			Result     string    `gorm:"size:16;not null"`
			ClientIP   string    `gorm:"size:64;not null;default:''"`
			RequestID  string    `gorm:"size:64;not null;default:''"`
		}
		return tx.Migrator().CreateTable(&AuditEntry{})
	}},
	{3, "templates_and_rooms", migrateTemplatesAndRooms},
	{4, "meetings", migrateMeetings},
	{5, "presentations", migratePresentations},
	{6, "audit_indexes", migrateAuditIndexes},
	{7, "settings", migrateSettings},
	{8, "recordings", migrateRecordings},
	{10, "links", migrateLinks},
	{11, "sessions", migrateSessions},
	{12, "list_indexes", migrateListIndexes},
	{13, "password_resets", migratePasswordResets},
	{14, "room_start", migrateRoomStart},
	{15, "page_indexes", migratePageIndexes},
	{16, "room_page_indexes", migrateRoomPageIndexes},
	{17, "rooms_owner_covering", migrateRoomsOwnerCovering},
}

type schemaMigration struct {
	Version   int `gorm:"primaryKey;autoIncrement:false"`
	Name      string
	AppliedAt time.Time
}

// Migrate applies, each in its own transaction, every migration not yet applied.
func Migrate(db *gorm.DB) error {
	if err := db.AutoMigrate(&schemaMigration{}); err != nil {
		return fmt.Errorf("models: migrate: %w", err)
	}
	var applied []int
	if err := db.Model(&schemaMigration{}).Pluck("version", &applied).Error; err != nil {
		return fmt.Errorf("models: migrate: %w", err)
	}
	done := map[int]bool{}
	for _, v := range applied {
		done[v] = true
	}
	last := 0
	for _, m := range migrations {
		if m.version <= last {
			return fmt.Errorf("models: migration %q has version %d, want above %d", m.name, m.version, last)
		}
		last = m.version
		if done[m.version] {
			continue
		}
		err := db.Transaction(func(tx *gorm.DB) error {
			if err := m.up(tx); err != nil {
				return err
			}
			return tx.Create(&schemaMigration{Version: m.version, Name: m.name, AppliedAt: time.Now().UTC()}).Error
		})
		if err != nil {
			return fmt.Errorf("models: migration %d (%s): %w", m.version, m.name, err)
		}
	}
	return nil
}

// SchemaVersion returns the highest applied migration.
func SchemaVersion(db *gorm.DB) (int, error) {
	var v int
	err := db.Model(&schemaMigration{}).Select("COALESCE(MAX(version), 0)").Scan(&v).Error
	return v, err
}

// execAll runs the statements of a migration in order, stopping at the first that fails.
func execAll(tx *gorm.DB, statements ...string) error {
	for _, sql := range statements {
		if err := tx.Exec(sql).Error; err != nil {
			return err
		}
	}
	return nil
}
