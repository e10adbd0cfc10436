package handlers

import (
	"fmt"

	"github.com/gofiber/fiber/v2"

	"bbbportal/audit"
	"bbbportal/models"
	"bbbportal/views"
)

func (h *Handler) disableUser(c *fiber.Ctx) error { return h.setUserDisabled(c, true) }
func (h *Handler) enableUser(c *fiber.Ctx) error  { return h.setUserDisabled(c, false) }

func (h *Handler) setUserDisabled(c *fiber.Ctx, disabled bool) error {
	target, err := h.targetUser(c)
	if err != nil {
		return err
	}
	if target.ID == currentUser(c).ID {
		h.flash(c, views.FlashError, t(c, "users.not_yourself"))
		return c.Redirect("/admin/users", fiber.StatusSeeOther)
	}
	if err := models.SetDisabled(h.db, target.ID, disabled); err != nil {
		return err
	}
	action, message := "user.enable", "users.enabled"
	if disabled {
		action, message = "user.disable", "users.disabled_done"
	}
	if err := h.record(c, audit.Record{Action: action, Result: audit.ResultOK, TargetType: "user",
		TargetID: fmt.Sprint(target.ID), Details: map[string]any{"email": target.Email}}); err != nil {
		return err
	}
	h.flash(c, views.FlashSuccess, t(c, message, "Email", target.Email))
	return c.Redirect("/admin/users", fiber.StatusSeeOther)
}
