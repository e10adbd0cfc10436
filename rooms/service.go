// Package rooms holds the rules of rooms and templates: what a room form may contain given its
// template's policies, the options a meeting is started with, the create call that starting
// sends, and saving a change together with its presentation and its audit entry.
package rooms

import (
	"errors"

	"gorm.io/gorm"

	"bbbportal/audit"
	"bbbportal/bbb"
	"bbbportal/meetings"
	"bbbportal/models"
)

// Service is the rooms and templates logic.
type Service struct {
	db       *gorm.DB
	audit    *audit.Writer
	meetings *meetings.Service
	bbb      *bbb.Client
	rules    Rules
	links    DefaultLinks // nil: new rooms get no join link (tests of rooms alone)
}

// New returns the service.
func New(db *gorm.DB, w *audit.Writer, m *meetings.Service, client *bbb.Client) *Service {
	return &Service{db: db, audit: w, meetings: m, bbb: client}
}

// ErrNotFound is returned for a room or template the user may not see, as if it did not exist.
var ErrNotFound = models.ErrNotFound

// ErrForbidden is returned for a template the user may use but not change.
var ErrForbidden = errors.New("rooms: not allowed")

// inTx runs fn in one transaction together with the audit entry it returns.
func (s *Service) inTx(fn func(tx *gorm.DB) (audit.Record, error)) error {
	return s.db.Transaction(func(tx *gorm.DB) error {
		r, err := fn(tx)
		if err != nil {
			return err
		}
		return s.audit.WriteTx(tx, r)
	})
}
