package handlers

import (
	"errors"

	"github.com/gofiber/fiber/v2"

	"bbbportal/audit"
	"bbbportal/recordings"
)

// Limits of the anonymous recording-ready callback. BBB sends one POST per published format
// of a recording; the BBB server (one address) must get through when many end at once.
const (
	recordingReadyMaxBody   = 8 << 10
	recordingReadyPerMinute = 600
	recordingReadyBurst     = 200
	recordingReadyMaxKeys   = 10_000
)

// recordingReadyCallback answers meta_bbb-recording-ready-url: a POST whose signed_parameters
// JWT is signed with the shared secret (HS256 by bbb-web, HS512 by some load balancers). The
// service verifies it, confirms with BBB that the recording is listed, and notifies the
// room's owners once however often BBB repeats it.
func (h *Handler) recordingReadyCallback() fiber.Handler {
	limit := audit.NewRateLimiter(recordingReadyPerMinute, recordingReadyBurst, recordingReadyMaxKeys)
	return func(c *fiber.Ctx) error {
		if len(c.Body()) > recordingReadyMaxBody {
			return c.Status(fiber.StatusRequestEntityTooLarge).SendString("too large\n")
		}
		if !limit.Allow(h.clientIP(c)) {
			c.Set(fiber.HeaderRetryAfter, "60")
			return c.Status(fiber.StatusTooManyRequests).SendString("too many requests\n")
		}
		_, err := h.recs.HandleReady(c.UserContext(), c.FormValue("signed_parameters"), h.callbackActor(c))
		if errors.Is(err, recordings.ErrBadSignature) {
			return c.Status(fiber.StatusForbidden).SendString("forbidden\n")
		}
		if err != nil {
			// Verified, but BBB could not be asked: BBB does not retry, the list's next read shows it.
			h.log.Warn("recording-ready callback: cannot confirm with BBB", "error", err, "request_id", requestIDOf(c))
		}
		return c.SendString("ok\n")
	}
}
