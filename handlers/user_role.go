package handlers

import (
	"fmt"

	"github.com/gofiber/fiber/v2"

	"bbbportal/audit"
	"bbbportal/models"
	"bbbportal/views"
)

func (h *Handler) changeUserRole(c *fiber.Ctx) error {
	target, err := h.targetUser(c)
	if err != nil {
		return err
	}
	var f roleForm
	if err := c.BodyParser(&f); err != nil || len(f.Validate()) > 0 {
		return fiber.ErrBadRequest
	}
	if f.Role == target.Role {
		return c.Redirect("/admin/users", fiber.StatusSeeOther)
	}
	if f.Role != models.RoleAdmin {
		if last, err := h.wouldLeaveNoAdmin(target); err != nil || last {
			if err != nil {
				return err
			}
			h.flash(c, views.FlashError, t(c, "users.last_admin"))
			return c.Redirect("/admin/users", fiber.StatusSeeOther)
		}
	}
	if err := models.SetRole(h.db, target.ID, f.Role); err != nil {
		return err
	}
	if err := h.record(c, audit.Record{Action: "user.role", Result: audit.ResultOK, TargetType: "user",
		TargetID: fmt.Sprint(target.ID), Details: map[string]any{"email": target.Email, "from": target.Role, "to": f.Role}}); err != nil {
		return err
	}
	if target.ID == currentUser(c).ID {
		// One's own role change ends one's sessions too; the next page asks to log in again.
		h.endSession(c)
		return c.Redirect("/login", fiber.StatusSeeOther)
	}
	h.flash(c, views.FlashSuccess, t(c, "users.role_changed", "Email", target.Email))
	return c.Redirect("/admin/users", fiber.StatusSeeOther)
}
