package handlers

import (
	"fmt"

	"github.com/gofiber/fiber/v2"

	"bbbportal/audit"
	"bbbportal/models"
	"bbbportal/views"
)

func (h *Handler) showSetup(c *fiber.Ctx) error {
	token := c.Query("token")
	if !h.setup.valid(token) {
		return fiber.ErrNotFound
	}
	return render(c, fiber.StatusOK, views.SetupPage(h.page(c, "setup.title", ""), views.SetupForm{Token: token}))
}

// setupAdmin creates the first admin with the one-time setup token and signs them in.
func (h *Handler) setupAdmin(c *fiber.Ctx) error {
	var f setupForm
	if err := c.BodyParser(&f.newUserForm); err != nil {
		return fiber.ErrBadRequest
	}
	f.Token = string(c.Request().PostArgs().Peek("token"))
	keys := loginKeysFor("", h.clientIP(c))
	if blocked, wait := h.logins.blocked(keys, false); blocked {
		return h.refuseAttempt(c, audit.Record{Action: "setup.first_admin"}, wait)
	}
	if !h.setup.valid(f.Token) {
		h.logins.failed(keys, false)
		if err := h.record(c, audit.Record{Action: "setup.first_admin", Result: audit.ResultDenied,
			Details: map[string]any{"reason": "invalid_token"}}); err != nil {
			return err
		}
		return fiber.ErrNotFound
	}
	if problem := f.problem(); problem != "" {
		p := h.page(c, "setup.title", "")
		return render(c, fiber.StatusUnprocessableEntity, views.SetupPage(p, views.SetupForm{
			Token: f.Token, Email: f.Email, DisplayName: f.DisplayName, Error: t(c, problem),
		}))
	}
	if !h.setup.use(f.Token) {
		return fiber.ErrNotFound
	}
	u, created, err := models.CreateFirstAdmin(h.db, f.newUser())
	if err != nil {
		return err
	}
	if !created {
		return fiber.ErrNotFound
	}
	if err := h.startSession(c, u); err != nil {
		return err
	}
	if err := h.record(c, audit.Record{Action: "user.create", Result: audit.ResultOK, TargetType: "user",
		TargetID: fmt.Sprint(u.ID), Details: map[string]any{"email": u.Email, "role": u.Role, "via": "setup"}}); err != nil {
		return err
	}
	h.flash(c, views.FlashSuccess, t(c, "setup.done"))
	return c.Redirect("/", fiber.StatusSeeOther)
}
