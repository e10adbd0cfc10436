package handlers

import (
	"net/http"

	"github.com/gofiber/fiber/v2"

	"bbbportal/webhooks"
)

// hooksCallback receives the events bbb-webhooks POSTs to the portal's own hook. The
// receiver checks the rate per address, the body size, the checksum (every algorithm and
// variant bbb-webhooks has used), the timestamp and replays; refusals are folded into one
// audit entry per address and minute. A verified event is only a hint: the services ask
// BBB before they record anything. The request log holds the path, never the checksum.
func (h *Handler) hooksCallback(c *fiber.Ctx) error {
	status := h.receiver.Receive(c.UserContext(), webhooks.Request{
		ClientIP: h.clientIP(c), Checksum: c.Query("checksum"),
		Authorization: c.Get(fiber.HeaderAuthorization), Body: c.Body(),
	})
	if status == fiber.StatusTooManyRequests {
		c.Set(fiber.HeaderRetryAfter, "60")
	}
	return c.Status(status).SendString(http.StatusText(status) + "\n")
}
