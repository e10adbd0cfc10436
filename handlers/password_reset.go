package handlers

import (
	"errors"
	"fmt"

	"github.com/gofiber/fiber/v2"

	"bbbportal/audit"
	"bbbportal/models"
	"bbbportal/paths"
	"bbbportal/views"
)

// passwordResetForm is the public form of a reset link.
type passwordResetForm struct {
	New     string `form:"new_password"`
	Confirm string `form:"confirm_password"`
}

// Validate returns the field and translation key of the first problem.
func (f passwordResetForm) Validate() (field, problem string) {
	if p := models.PasswordProblem(f.New); p != "" {
		return "new_password", p
	}
	if f.New != f.Confirm {
		return "confirm_password", "reset.mismatch"
	}
	return "", ""
}

// resetTarget finds the reset of the :token, after the per-address limit. A link that does
// not work gets the same page whatever the reason (used, replaced, expired, never made).
func (h *Handler) resetTarget(c *fiber.Ctx) (*models.PasswordReset, *models.User, error) {
	c.Set("Referrer-Policy", "no-referrer") // the token is in the URL
	if !h.resets.Allow(h.clientIP(c)) {
		c.Set(fiber.HeaderRetryAfter, "60")
		return nil, nil, fiber.NewError(fiber.StatusTooManyRequests, t(c, "reset.too_many"))
	}
	r, u, err := models.PasswordResetByToken(h.db, c.Params("token"), h.now())
	if errors.Is(err, models.ErrNotFound) {
		return nil, nil, render(c, fiber.StatusNotFound, views.PasswordResetPage(h.page(c, "reset.title", ""), views.PasswordResetForm{LinkNotValid: true}))
	}
	return r, u, err
}

func (h *Handler) showPasswordReset(c *fiber.Ctx) error {
	r, u, err := h.resetTarget(c)
	if r == nil {
		return err
	}
	return render(c, fiber.StatusOK, views.PasswordResetPage(h.page(c, "reset.title", ""),
		views.PasswordResetForm{Action: c.Path(), Email: u.Email}))
}

// usePasswordReset sets the new password, ends the account's sessions, and sends the user to
// the login page.
func (h *Handler) usePasswordReset(c *fiber.Ctx) error {
	r, u, err := h.resetTarget(c)
	if r == nil {
		return err
	}
	var f passwordResetForm
	if err := c.BodyParser(&f); err != nil {
		return fiber.ErrBadRequest
	}
	if field, problem := f.Validate(); problem != "" {
		return render(c, fiber.StatusUnprocessableEntity, views.PasswordResetPage(h.page(c, "reset.title", ""),
			views.PasswordResetForm{Action: c.Path(), Email: u.Email, Error: t(c, problem), ErrorField: field}))
	}
	if err := models.UsePasswordReset(h.db, r, f.New, h.now()); errors.Is(err, models.ErrNotFound) {
		return render(c, fiber.StatusNotFound, views.PasswordResetPage(h.page(c, "reset.title", ""), views.PasswordResetForm{LinkNotValid: true}))
	} else if err != nil {
		return err
	}
	record := h.actor(c)
	record.ActorID, record.ActorEmail = u.ID, u.Email
	record.Action, record.Result, record.TargetType, record.TargetID = "user.password_reset", audit.ResultOK, "user", fmt.Sprint(u.ID)
	if err := h.audit.Write(c.UserContext(), record); err != nil {
		return err
	}
	h.flash(c, views.FlashSuccess, t(c, "reset.done"))
	return c.Redirect(paths.Login, fiber.StatusSeeOther)
}
