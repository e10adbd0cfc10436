package handlers

import (
	"strings"

	"github.com/gofiber/fiber/v2"

	"bbbportal/views"
	"bbbportal/webhooks"
)

// listHooks is the webhooks page: the hooks on the BBB server (all of them, or the global
// ones and a meeting's), the register form and the switch of the portal's own hook.
func (h *Handler) listHooks(c *fiber.Ctx) error {
	return h.renderHooks(c, fiber.StatusOK, views.HooksView{})
}

// renderHooks fills v with the server's hooks and the own hook's state and renders the page.
func (h *Handler) renderHooks(c *fiber.Ctx, status int, v views.HooksView) error {
	v.Meeting = strings.TrimSpace(c.Query("meeting_id"))
	hooks, err := h.hooks.List(c.UserContext(), v.Meeting)
	v.Hooks, v.ErrorKey = hooks, webhooks.MessageKey(err)
	v.OwnURL = h.keeper.CallbackURL
	on, err := h.keeper.Enabled()
	if err != nil {
		return err
	}
	v.OwnOn = on
	if st := h.keeper.Status(); st.Enabled == on && !st.CheckedAt.IsZero() {
		v.OwnHookID, v.OwnErrKey = st.HookID, webhooks.MessageKey(st.Err)
	}
	if v.ErrorKey == "" && v.Meeting == "" {
		// The list just read is more current than the keeper's last check.
		v.OwnHookID = ""
		for _, hk := range hooks {
			if hk.CallbackURL == v.OwnURL {
				v.OwnHookID = hk.ID
			}
		}
	}
	return render(c, status, views.HooksPage(h.page(c, "hooks.title", "hooks"), v))
}
