package handlers

import (
	"github.com/gofiber/fiber/v2"

	"bbbportal/bbb"
	"bbbportal/views"
)

// unavailable lists what the connected BBB server does not offer, for the pages' "not
// available on this server" notices (views.NotAvailable).
func (h *Handler) unavailable(c *fiber.Ctx) views.Unavailable {
	return views.Unavailable(h.meetings.Server(c.UserContext()).Lacking())
}

// serverRelease is the connected server's BBB release (zero: unknown, every option offered).
func (h *Handler) serverRelease(c *fiber.Ctx) bbb.Release {
	return h.meetings.Server(c.UserContext()).Follow
}
