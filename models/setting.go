package models

import (
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// Setting is one value an admin changes at run time (not configuration,
// which comes from the environment), such as whether the portal receives BBB events.
type Setting struct {
	Key       string `gorm:"primaryKey;size:64"`
	Value     string
	UpdatedAt time.Time
}

// GetSetting returns the value stored under key and whether there is one.
func GetSetting(db *gorm.DB, key string) (string, bool, error) {
	var s Setting
	err := db.Where("key = ?", key).Take(&s).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("models: setting %s: %w", key, err)
	}
	return s.Value, true, nil
}

// SetSetting stores value under key, replacing what was there.
func SetSetting(db *gorm.DB, key, value string) error {
	s := Setting{Key: key, Value: value, UpdatedAt: time.Now().UTC()}
	err := db.Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "key"}},
		DoUpdates: clause.AssignmentColumns([]string{"value", "updated_at"})}).Create(&s).Error
	if err != nil {
		return fmt.Errorf("models: set setting %s: %w", key, err)
	}
	return nil
}
