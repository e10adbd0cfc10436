package handlers

import (
	"github.com/gofiber/fiber/v2"

	"bbbportal/paths"
	"bbbportal/views"
)

// switchReceive is the switch "Receive BBB events": on registers the portal's own hook with
// BBB (and the keeper keeps it registered), off removes it. The switch is stored (and
// audited) even when BBB cannot be reached; the keeper then tries again.
func (h *Handler) switchReceive(c *fiber.Ctx) error {
	var on bool
	switch c.FormValue("receive") {
	case "on":
		on = true
	case "off":
	default:
		return fiber.ErrBadRequest
	}
	if err := h.keeper.SetEnabled(c.UserContext(), h.actor(c), on); err != nil {
		if saved, serr := h.keeper.Enabled(); serr != nil || saved != on {
			return err // the switch itself was not stored
		}
		// Stored, but BBB refused or could not be reached: the page says why, the keeper retries.
		h.flash(c, views.FlashError, t(c, "hooks.own.switch_failed"))
		return c.Redirect(paths.AdminHooks, fiber.StatusSeeOther)
	}
	key := "hooks.own.switched_off"
	if on {
		key = "hooks.own.switched_on"
	}
	h.flash(c, views.FlashSuccess, t(c, key))
	return c.Redirect(paths.AdminHooks, fiber.StatusSeeOther)
}
