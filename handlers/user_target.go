package handlers

import (
	"errors"

	"github.com/gofiber/fiber/v2"

	"bbbportal/models"
)

// targetUser loads the user named by the :id route parameter.
func (h *Handler) targetUser(c *fiber.Ctx) (*models.User, error) {
	id, err := c.ParamsInt("id")
	if err != nil || id <= 0 {
		return nil, fiber.ErrNotFound
	}
	u, err := models.UserByID(h.db, uint(id))
	if errors.Is(err, models.ErrNotFound) {
		return nil, fiber.ErrNotFound
	}
	return u, err
}

// wouldLeaveNoAdmin reports whether taking admin rights from target leaves no enabled admin.
func (h *Handler) wouldLeaveNoAdmin(target *models.User) (bool, error) {
	if target.Role != models.RoleAdmin || target.Disabled {
		return false, nil
	}
	n, err := models.CountActiveAdmins(h.db)
	return n <= 1, err
}
