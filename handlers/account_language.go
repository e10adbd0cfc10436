package handlers

import (
	"fmt"

	"github.com/gofiber/fiber/v2"

	"bbbportal/audit"
	"bbbportal/i18n"
	"bbbportal/models"
	"bbbportal/views"
)

func (h *Handler) changeOwnLanguage(c *fiber.Ctx) error {
	u := currentUser(c)
	var f languageForm
	if err := c.BodyParser(&f); err != nil {
		return fiber.ErrBadRequest
	}
	if len(f.Validate()) > 0 {
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
