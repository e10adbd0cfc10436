package handlers

import (
	"context"
	"errors"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"bbbportal/audit"
	"bbbportal/meetings"
)

// Limits of the anonymous end callback. BBB calls it twice per attempt (a probe, then the
// call) for each meeting that ends, and a school's last lesson ends hundreds at once from
// the one address of the BBB server; an address beyond the bucket gets 429, which BBB
// retries after 30 s.
const (
	endCallbackPerMinute = 1200
	endCallbackBurst     = 400
	endCallbackMaxKeys   = 10_000
	endCallbackMaxQuery  = 512 // bytes: a meetingID (≤ 256), a token (64) and recordingmarks
)

// endCallback answers meta_endCallbackUrl and meetingEndedURL: BBB calls them (GET) when a
// meeting ends. Each is a hint the meetings service confirms with BBB. Refusals are folded
// into one audit entry per address and minute, and what they store is capped.
func (h *Handler) endCallback() fiber.Handler {
	limit := audit.NewRateLimiter(endCallbackPerMinute, endCallbackBurst, endCallbackMaxKeys)
	return func(c *fiber.Ctx) error {
		who := h.callbackActor(c)
		who.Action, who.TargetType = "meeting.end.callback", "meeting"
		refuse := func(result, problem string) {
			who.Result, who.Details = result, map[string]any{"problem": problem}
			if err := h.refuse(c.UserContext(), who); err != nil {
				h.log.Error("audit of a refused end callback", "error", err, "request_id", requestIDOf(c))
			}
		}
		if !limit.Allow(who.ClientIP) {
			refuse(audit.ResultDenied, "too many callbacks from this address")
			c.Set(fiber.HeaderRetryAfter, "30")
			return c.Status(fiber.StatusTooManyRequests).SendString("too many requests\n")
		}
		if len(c.Request().URI().QueryString()) > endCallbackMaxQuery {
			refuse(audit.ResultDenied, "query too long")
			return c.Status(fiber.StatusForbidden).SendString("forbidden\n")
		}
		meetingID := c.Query("meetingID")
		who.TargetID = meetingID
		var marks *bool
		if m, err := strconv.ParseBool(c.Query("recordingmarks")); err == nil {
			marks = &m
		}
		err := h.meetings.ConfirmByCallback(c.UserContext(), meetingID, c.Query("token"), marks, who)
		switch {
		case errors.Is(err, meetings.ErrBadToken):
			refuse(audit.ResultDenied, "wrong or missing token")
			return c.Status(fiber.StatusForbidden).SendString("forbidden\n")
		case errors.Is(err, meetings.ErrStillRunning):
			// The token was right but BBB says the meeting runs: nothing is recorded, and a
			// 2xx answer keeps BBB from retrying a hint it should not have sent.
			refuse(audit.ResultFailed, "BBB says the meeting is still running")
			return c.Status(fiber.StatusAccepted).SendString("not confirmed\n")
		case err != nil:
			// BBB could not be asked: answer with an error so that BBB calls again later.
			h.log.Warn("end callback: cannot confirm with BBB", "problem", meetings.Explain(err), "request_id", requestIDOf(c))
			return c.Status(fiber.StatusServiceUnavailable).SendString("try again later\n")
		}
		return c.SendString("ok\n")
	}
}

// refuse records a refused anonymous request, folded with the others of its address and minute.
func (h *Handler) refuse(ctx context.Context, r audit.Record) error {
	if h.refusals == nil {
		return h.audit.Write(ctx, audit.Capped(r))
	}
	return h.refusals.Refuse(ctx, r)
}
