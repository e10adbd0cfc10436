package handlers

import (
	"errors"
	"fmt"

	"github.com/gofiber/fiber/v2"

	"bbbportal/audit"
	"bbbportal/models"
	"bbbportal/views"
)

func (h *Handler) createUser(c *fiber.Ctx) error {
	var f newUserForm
	if err := c.BodyParser(&f); err != nil {
		return fiber.ErrBadRequest
	}
	shown := views.UserForm{Email: f.Email, DisplayName: f.DisplayName, Role: f.Role}
	if problem := f.problem(); problem != "" {
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
