package handlers

import (
	"fmt"

	"github.com/gofiber/fiber/v2"

	"bbbportal/audit"
	"bbbportal/views"
)

func (h *Handler) logout(c *fiber.Ctx) error {
	if u := currentUser(c); u != nil {
		h.rememberLanguage(c, u.Language)
		if err := h.record(c, audit.Record{Action: "auth.logout", Result: audit.ResultOK,
			TargetType: "user", TargetID: fmt.Sprint(u.ID)}); err != nil {
			return err
		}
	}
	if err := h.logOut(c); err != nil {
		return err
	}
	h.flash(c, views.FlashSuccess, t(c, "logout.done"))
	return c.Redirect("/login", fiber.StatusSeeOther)
}
