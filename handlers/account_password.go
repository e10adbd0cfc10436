package handlers

import (
	"fmt"

	"github.com/gofiber/fiber/v2"

	"bbbportal/audit"
	"bbbportal/models"
	"bbbportal/views"
)

// changeOwnPassword checks the current password, sets the new one, ends every
// other session and keeps this one.
func (h *Handler) changeOwnPassword(c *fiber.Ctx) error {
	u := currentUser(c)
	var f passwordForm
	if err := c.BodyParser(&f); err != nil {
		return fiber.ErrBadRequest
	}
	if !u.CheckPassword(f.Current) {
		if err := h.record(c, audit.Record{Action: "user.password", Result: audit.ResultDenied,
			TargetType: "user", TargetID: fmt.Sprint(u.ID), Details: map[string]any{"reason": "wrong_current_password"}}); err != nil {
			return err
		}
		h.flash(c, views.FlashError, t(c, "account.password_wrong"))
		return c.Redirect("/account", fiber.StatusSeeOther)
	}
	if problem := f.problem(); problem != "" {
		h.flash(c, views.FlashError, t(c, problem))
		return c.Redirect("/account", fiber.StatusSeeOther)
	}
	if err := models.SetPassword(h.db, u.ID, f.New); err != nil {
		return err
	}
	if err := h.record(c, audit.Record{Action: "user.password", Result: audit.ResultOK,
		TargetType: "user", TargetID: fmt.Sprint(u.ID)}); err != nil {
		return err
	}
	if err := h.restartSession(c, u.ID); err != nil {
		return err
	}
	h.flash(c, views.FlashSuccess, t(c, "account.password_done"))
	return c.Redirect("/account", fiber.StatusSeeOther)
}

// restartSession gives the current browser a new session with the user's new auth epoch
// (the password change has deleted all the user's sessions).
func (h *Handler) restartSession(c *fiber.Ctx, id uint) error {
	u, err := models.UserByID(h.db, id)
	if err != nil {
		return err
	}
	return h.startSession(c, u)
}
