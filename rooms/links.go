package rooms

import (
	"gorm.io/gorm"

	"bbbportal/models"
)

// DefaultLinks gives a new room its attendee link inside the room's transaction
// (links.Service), so that every room can be shared from the moment it exists.
type DefaultLinks interface {
	CreateDefaultTx(tx *gorm.DB, room *models.Room, creator *models.User) (*models.Link, error)
}

// SetLinks makes every room created from now on get its default link.
func (s *Service) SetLinks(l DefaultLinks) { s.links = l }
