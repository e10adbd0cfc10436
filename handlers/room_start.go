package handlers

import (
	"github.com/gofiber/fiber/v2"

	"bbbportal/meetings"
	"bbbportal/paths"
	"bbbportal/views"
)

// startRoom creates the room's meeting if it is not running and sends the user into it as
// moderator. The join URL is a bearer credential: it goes only into this redirect.
func (h *Handler) startRoom(c *fiber.Ctx) error {
	room, err := h.targetRoom(c)
	if err != nil {
		return err
	}
	joinURL, err := h.meetings.Start(c.UserContext(), room, currentUser(c), h.actor(c))
	if err != nil {
		problem := meetings.Explain(err)
		h.log.Warn("starting a room failed", "room", room.ID, "problem", problem, "request_id", requestIDOf(c))
		h.flash(c, views.FlashError, t(c, "problem."+problem))
		return c.Redirect(paths.Room(room.ID), fiber.StatusSeeOther)
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	c.Set(fiber.HeaderReferrerPolicy, "no-referrer")
	return c.Redirect(joinURL, fiber.StatusSeeOther)
}
