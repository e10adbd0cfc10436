package handlers

import (
	"errors"
	"fmt"

	"github.com/gofiber/fiber/v2"

	"bbbportal/audit"
	"bbbportal/models"
	"bbbportal/views"
)

func (h *Handler) showLogin(c *fiber.Ctx) error {
	if currentUser(c) != nil {
		return c.Redirect(safeNext(c.Query("next")), fiber.StatusSeeOther)
	}
	if h.setup.current() != "" {
		// `bbbportal users create` may have added the first account while the portal runs.
		n, err := models.CountUsers(h.db)
		if err != nil {
			return err
		}
		if n == 0 {
			h.flash(c, views.FlashError, t(c, "login.no_account_yet"))
		}
	}
	return render(c, fiber.StatusOK, views.LoginPage(h.page(c, "login.title", ""), views.LoginForm{Next: safeNext(c.Query("next"))}))
}

// login checks the credentials. Every failure gets the same answer, so the
// page does not tell whether an account exists.
func (h *Handler) login(c *fiber.Ctx) error {
	var f loginForm
	if err := c.BodyParser(&f); err != nil {
		return fiber.ErrBadRequest
	}
	fail := func(reason string, u *models.User) error {
		r := audit.Record{Action: "auth.login", Result: audit.ResultDenied, TargetType: "user",
			ActorEmail: f.Email, Details: map[string]any{"email": f.Email, "reason": reason}}
		if u != nil {
			r.TargetID = fmt.Sprint(u.ID)
		}
		if err := h.record(c, r); err != nil {
			return err
		}
		p := h.page(c, "login.title", "")
		return render(c, fiber.StatusUnauthorized, views.LoginPage(p, views.LoginForm{
			Email: f.Email, Next: safeNext(f.Next), Error: t(c, "login.failed"),
		}))
	}
	if problem := f.Validate(); problem != "" {
		return fail("incomplete", nil)
	}
	u, err := models.UserByEmail(h.db, f.Email)
	switch {
	case errors.Is(err, models.ErrNotFound):
		models.SpendPasswordCheck(f.Password)
		return fail("unknown_account", nil)
	case err != nil:
		return err
	case !u.CheckPassword(f.Password):
		return fail("wrong_password", u)
	case u.Disabled:
		return fail("disabled", u)
	}
	h.startSession(c, u)
	if err := h.record(c, audit.Record{Action: "auth.login", Result: audit.ResultOK,
		TargetType: "user", TargetID: fmt.Sprint(u.ID)}); err != nil {
		return err
	}
	return c.Redirect(safeNext(f.Next), fiber.StatusSeeOther)
}

func (h *Handler) logout(c *fiber.Ctx) error {
	if u := currentUser(c); u != nil {
		if err := h.record(c, audit.Record{Action: "auth.logout", Result: audit.ResultOK,
			TargetType: "user", TargetID: fmt.Sprint(u.ID)}); err != nil {
			return err
		}
	}
	h.endSession(c)
	h.flash(c, views.FlashSuccess, t(c, "logout.done"))
	return c.Redirect("/login", fiber.StatusSeeOther)
}

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
	f.Token = c.FormValue("token")
	if !h.setup.valid(f.Token) {
		if err := h.record(c, audit.Record{Action: "setup.first_admin", Result: audit.ResultDenied,
			Details: map[string]any{"reason": "invalid_token"}}); err != nil {
			return err
		}
		return fiber.ErrNotFound
	}
	if problem := f.Validate(); problem != "" {
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
	h.startSession(c, u)
	if err := h.record(c, audit.Record{Action: "user.create", Result: audit.ResultOK, TargetType: "user",
		TargetID: fmt.Sprint(u.ID), Details: map[string]any{"email": u.Email, "role": u.Role, "via": "setup"}}); err != nil {
		return err
	}
	h.flash(c, views.FlashSuccess, t(c, "setup.done"))
	return c.Redirect("/", fiber.StatusSeeOther)
}
