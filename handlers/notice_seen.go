package handlers

import (
	"github.com/gofiber/fiber/v2"

	"bbbportal/paths"
)

// markNoticesSeen marks every notice of the user seen (the badge goes away).
func (h *Handler) markNoticesSeen(c *fiber.Ctx) error {
	if err := h.recs.MarkSeen(currentUser(c).ID); err != nil {
		return err
	}
	return c.Redirect(paths.Notices, fiber.StatusSeeOther)
}
