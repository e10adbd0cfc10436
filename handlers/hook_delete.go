package handlers

import (
	"errors"
	"net/url"

	"github.com/gofiber/fiber/v2"

	"bbbportal/bbb"
	"bbbportal/paths"
	"bbbportal/views"
	"bbbportal/webhooks"
)

// findHook reads :hookID and looks the hook up on the BBB server: fiber.ErrNotFound when the
// server does not list it (removed already, or BBB restarted), else BBB's failure.
func (h *Handler) findHook(c *fiber.Ctx) (bbb.Hook, error) {
	id, err := url.PathUnescape(c.Params("hookID"))
	if err != nil || id == "" || len(id) > 128 {
		return bbb.Hook{}, fiber.ErrNotFound
	}
	hooks, err := h.hooks.List(c.UserContext(), "")
	if err != nil {
		return bbb.Hook{ID: id}, err
	}
	for _, hk := range hooks {
		if hk.ID == id {
			return hk, nil
		}
	}
	return bbb.Hook{}, fiber.ErrNotFound
}

// confirmDeleteHook asks before a hook is removed.
func (h *Handler) confirmDeleteHook(c *fiber.Ctx) error {
	hk, err := h.findHook(c)
	return h.renderHookDelete(c, hk, err)
}

// deleteHook removes a hook once confirmed (hooks/destroy) and audits it.
func (h *Handler) deleteHook(c *fiber.Ctx) error {
	hk, err := h.findHook(c)
	if err != nil || c.FormValue("confirm") != "yes" {
		return h.renderHookDelete(c, hk, err)
	}
	if err := h.hooks.Destroy(c.UserContext(), h.actor(c), hk.ID); err != nil {
		return h.renderHookDelete(c, hk, err)
	}
	h.flash(c, views.FlashSuccess, t(c, "hooks.deleted"))
	return c.Redirect(paths.AdminHooks, fiber.StatusSeeOther)
}

// renderHookDelete is the confirmation page, with BBB's failure as its sentence.
func (h *Handler) renderHookDelete(c *fiber.Ctx, hk bbb.Hook, err error) error {
	if errors.Is(err, fiber.ErrNotFound) {
		return err
	}
	status, v := fiber.StatusOK, views.HookDeleteView{Hook: hk}
	if err != nil {
		status, v.ErrorKey = fiber.StatusBadGateway, webhooks.MessageKey(err)
	}
	return render(c, status, views.HookDeletePage(h.page(c, "hooks.delete_title", "hooks"), v))
}
