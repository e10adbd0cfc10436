package handlers

import (
	"errors"
	"fmt"

	"github.com/gofiber/fiber/v2"

	"bbbportal/audit"
	"bbbportal/models"
	"bbbportal/views"
)

func (h *Handler) listUsers(c *fiber.Ctx) error {
	return h.renderUsers(c, fiber.StatusOK, views.UserForm{Role: models.RoleTeacher})
}

func (h *Handler) renderUsers(c *fiber.Ctx, status int, f views.UserForm) error {
	users, err := models.ListUsers(h.db)
	if err != nil {
		return err
	}
	return render(c, status, views.UsersPage(h.page(c, "users.title", "users"), users, f))
}

func (h *Handler) createUser(c *fiber.Ctx) error {
	var f newUserForm
	if err := c.BodyParser(&f); err != nil {
		return fiber.ErrBadRequest
	}
	shown := views.UserForm{Email: f.Email, DisplayName: f.DisplayName, Role: f.Role}
	if problem := f.Validate(); problem != "" {
		shown.Error = t(c, problem)
		return h.renderUsers(c, fiber.StatusUnprocessableEntity, shown)
	}
	u, err := models.CreateUser(h.db, f.newUser())
	if errors.Is(err, models.ErrEmailTaken) {
		shown.Error = t(c, "form.email_taken")
		return h.renderUsers(c, fiber.StatusUnprocessableEntity, shown)
	}
	if err != nil {
		return err
	}
	if err := h.record(c, audit.Record{Action: "user.create", Result: audit.ResultOK, TargetType: "user",
		TargetID: fmt.Sprint(u.ID), Details: map[string]any{"email": u.Email, "role": u.Role}}); err != nil {
		return err
	}
	h.flash(c, views.FlashSuccess, t(c, "users.created", "Email", u.Email))
	return c.Redirect("/admin/users", fiber.StatusSeeOther)
}

// targetUser loads the user named by the :id route parameter.
func (h *Handler) targetUser(c *fiber.Ctx) (*models.User, error) {
	id, err := c.ParamsInt("id")
	if err != nil || id <= 0 {
		return nil, fiber.ErrNotFound
	}
	u, err := models.UserByID(h.db, uint(id))
	if errors.Is(err, models.ErrNotFound) {
		return nil, fiber.ErrNotFound
	}
	return u, err
}

// wouldLeaveNoAdmin reports whether taking admin rights from target leaves no enabled admin.
func (h *Handler) wouldLeaveNoAdmin(target *models.User) (bool, error) {
	if target.Role != models.RoleAdmin || target.Disabled {
		return false, nil
	}
	n, err := models.CountActiveAdmins(h.db)
	return n <= 1, err
}

func (h *Handler) changeUserRole(c *fiber.Ctx) error {
	target, err := h.targetUser(c)
	if err != nil {
		return err
	}
	var f roleForm
	if err := c.BodyParser(&f); err != nil || f.Validate() != "" {
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
