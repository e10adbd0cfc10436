package models

import (
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// Retention actions.
const (
	RetainDelete    = "delete"
	RetainUnpublish = "unpublish"
)

// RecordingRetention is a template's rule: recordings of its rooms older than Days are
// deleted or unpublished.
type RecordingRetention struct {
	TemplateID uint `gorm:"primaryKey;autoIncrement:false"`
	Days       int
	Action     string
	UpdatedAt  time.Time
}

// ErrInvalidRetention is returned for a rule without a positive number of days or a known action.
var ErrInvalidRetention = errors.New("retention needs a number of days above 0 and the action delete or unpublish")

// SetRecordingRetention stores the rule of a template; Days 0 removes it.
func SetRecordingRetention(db *gorm.DB, r RecordingRetention) error {
	if r.Days == 0 {
		if err := db.Delete(&RecordingRetention{}, r.TemplateID).Error; err != nil {
			return fmt.Errorf("models: retention: %w", err)
		}
		return nil
	}
	if r.Days < 0 || (r.Action != RetainDelete && r.Action != RetainUnpublish) {
		return ErrInvalidRetention
	}
	if err := db.Save(&r).Error; err != nil {
		return fmt.Errorf("models: retention: %w", err)
	}
	return nil
}

// RecordingRetentionOf returns a template's rule, or nil if it has none.
func RecordingRetentionOf(db *gorm.DB, templateID uint) (*RecordingRetention, error) {
	var r RecordingRetention
	err := db.Where("template_id = ?", templateID).First(&r).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("models: retention: %w", err)
	}
	return &r, nil
}

// RecordingRetentions lists every rule.
func RecordingRetentions(db *gorm.DB) ([]RecordingRetention, error) {
	var out []RecordingRetention
	if err := db.Order("template_id").Find(&out).Error; err != nil {
		return nil, fmt.Errorf("models: retentions: %w", err)
	}
	return out, nil
}
