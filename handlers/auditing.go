package handlers

import (
	"github.com/gofiber/fiber/v2"

	"bbbportal/audit"
)

// record writes an audit entry for the current request, filling in the
// actor, client IP and request ID. It returns once the entry is durable.
func (h *Handler) record(c *fiber.Ctx, r audit.Record) error {
	if u := currentUser(c); u != nil && r.ActorID == 0 {
		r.ActorID, r.ActorEmail = u.ID, u.Email
	}
	r.ClientIP = h.clientIP(c)
	r.RequestID = requestIDOf(c)
	return h.audit.Write(c.UserContext(), r)
}
