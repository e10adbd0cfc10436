package handlers

import (
	"errors"

	"github.com/gofiber/fiber/v2"

	"bbbportal/links"
	"bbbportal/paths"
	"bbbportal/views"
)

// revokeLink revokes one of the room's links: nobody can join with it any more.
func (h *Handler) revokeLink(c *fiber.Ctx) error {
	room, err := h.targetRoom(c)
	if err != nil {
		return err
	}
	linkID, err := linkIDParam(c)
	if err != nil {
		return err
	}
	err = h.links.Revoke(c.UserContext(), room, linkID, currentUser(c), h.actor(c))
	if errors.Is(err, links.ErrNotFound) {
		return fiber.ErrNotFound
	}
	if err != nil {
		return err
	}
	h.flash(c, views.FlashSuccess, t(c, "links.revoked"))
	return c.Redirect(paths.Room(room.ID)+"#links", fiber.StatusSeeOther)
}
