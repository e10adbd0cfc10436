package handlers

import (
	"fmt"

	"github.com/gofiber/fiber/v2"

	"bbbportal/audit"
	"bbbportal/i18n"
	"bbbportal/models"
	"bbbportal/views"
)

func (h *Handler) showAccount(c *fiber.Ctx) error {
	return render(c, fiber.StatusOK, views.AccountPage(h.page(c, "account.title", "account")))
}

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
	if problem := f.Validate(); problem != "" {
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

// restartSession gives the current browser a session with the user's new auth epoch.
func (h *Handler) restartSession(c *fiber.Ctx, id uint) error {
	u, err := models.UserByID(h.db, id)
	if err != nil {
		return err
	}
	h.startSession(c, u)
	return nil
}

func (h *Handler) changeOwnLanguage(c *fiber.Ctx) error {
	u := currentUser(c)
	var f languageForm
	if err := c.BodyParser(&f); err != nil {
		return fiber.ErrBadRequest
	}
	if problem := f.Validate(); problem != "" {
		return fiber.ErrBadRequest
	}
	if err := models.SetLanguage(h.db, u.ID, f.Language); err != nil {
		return err
	}
	if err := h.record(c, audit.Record{Action: "user.language", Result: audit.ResultOK,
		TargetType: "user", TargetID: fmt.Sprint(u.ID), Details: map[string]any{"language": f.Language}}); err != nil {
		return err
	}
	lang := i18n.Pick(f.Language, c.Get(fiber.HeaderAcceptLanguage))
	h.flash(c, views.FlashSuccess, i18n.In(lang, "account.language_done"))
	return c.Redirect("/account", fiber.StatusSeeOther)
}

// logoutEverywhere ends every session of the user, this one included.
func (h *Handler) logoutEverywhere(c *fiber.Ctx) error {
	u := currentUser(c)
	if err := models.EndSessions(h.db, u.ID); err != nil {
		return err
	}
	if err := h.record(c, audit.Record{Action: "auth.logout_everywhere", Result: audit.ResultOK,
		TargetType: "user", TargetID: fmt.Sprint(u.ID)}); err != nil {
		return err
	}
	h.endSession(c)
	h.flash(c, views.FlashSuccess, t(c, "account.sessions_done"))
	return c.Redirect("/login", fiber.StatusSeeOther)
}
