package handlers

import (
	"github.com/gofiber/fiber/v2"

	"bbbportal/audit"
)

// BBB's callbacks come from the BBB server, not from a signed-in browser: they are
// verified by their own per-meeting token or signature, outside the session and CSRF.
// The request log records their path only, never the query string with the token.

// callbackActor is the audit identity of a callback.
func (h *Handler) callbackActor(c *fiber.Ctx) audit.Record {
	return audit.Record{ActorEmail: "bbb-server", ClientIP: h.clientIP(c), RequestID: requestIDOf(c)}
}
