package handlers

import (
	"github.com/gofiber/fiber/v2"

	"bbbportal/links"
	"bbbportal/meetings"
	"bbbportal/paths"
	"bbbportal/views"
)

// joinStatus is what the waiting page polls: still waiting (with when BBB was last asked),
// or started, and then the box posts the join form by itself. The answer comes from the
// links service's shared status, so a thousand waiting pages ask BBB once per interval.
func (h *Handler) joinStatus(c *fiber.Ctx) error {
	if ok, err := h.allowJoinPage(c, h.links.Limits.Status); !ok {
		return err
	}
	inv, err := h.openInvite(c)
	if inv == nil {
		return err
	}
	if inv.State != links.StateUsable {
		// Revoked or expired while waiting: the link's page says so.
		c.Set("HX-Redirect", paths.JoinLink(inv.Token))
		return c.SendStatus(fiber.StatusOK)
	}
	st := h.links.Status(c.UserContext(), inv)
	w := views.JoinWaitView{JoinView: views.JoinView{Token: inv.Token}, Running: st.Running, CheckedAt: st.CheckedAt}
	if st.Err != nil {
		w.BBBProblem = "problem." + meetings.Explain(st.Err)
	}
	if w.CheckedAt.IsZero() {
		w.CheckedAt = h.now()
	}
	return render(c, fiber.StatusOK, views.JoinStatus(w))
}
