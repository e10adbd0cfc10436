package handlers

import (
	"errors"

	"github.com/gofiber/fiber/v2"

	"bbbportal/audit"
	"bbbportal/meetings"
)

// BBB's callbacks come from the BBB server, not from a signed-in browser: they are
// verified by their own per-meeting token or signature, outside the session and CSRF.
// The request log records their path only, never the query string with the token.

// callbackActor is the audit identity of a callback.
func (h *Handler) callbackActor(c *fiber.Ctx) audit.Record {
	return audit.Record{ActorEmail: "bbb-server", ClientIP: h.clientIP(c), RequestID: requestIDOf(c)}
}

// endCallback is meta_endCallbackUrl: BBB calls it (GET, often twice) when a meeting ends.
func (h *Handler) endCallback(c *fiber.Ctx) error {
	err := h.meetings.ConfirmByCallback(c.UserContext(), c.Query("meetingID"), c.Query("token"), h.callbackActor(c))
	if errors.Is(err, meetings.ErrBadToken) {
		return c.Status(fiber.StatusForbidden).SendString("forbidden\n")
	}
	if err != nil {
		return err
	}
	return c.SendString("ok\n")
}
