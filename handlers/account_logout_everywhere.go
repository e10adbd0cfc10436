package handlers

import (
	"fmt"

	"github.com/gofiber/fiber/v2"

	"bbbportal/audit"
	"bbbportal/models"
	"bbbportal/views"
)

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
	if err := h.logOut(c); err != nil {
		return err
	}
	h.flash(c, views.FlashSuccess, t(c, "account.sessions_done"))
	return c.Redirect("/login", fiber.StatusSeeOther)
}
