package handlers

import (
	"fmt"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"bbbportal/audit"
	"bbbportal/models"
	"bbbportal/paths"
	"bbbportal/views"
)

// endOwnSession ends one of the user's sessions ("end this session" on the account page).
// Another user's session is not found, whatever its ID.
func (h *Handler) endOwnSession(c *fiber.Ctx) error {
	u := currentUser(c)
	id, err := strconv.ParseUint(c.Params("id"), 10, 32)
	if err != nil {
		return fiber.ErrNotFound
	}
	current := state(c).session
	if current != nil && uint(id) == current.ID {
		if err := h.logOut(c); err != nil {
			return err
		}
	} else if found, err := models.DeleteSession(h.db, u.ID, uint(id)); err != nil {
		return err
	} else if !found {
		return fiber.ErrNotFound
	}
	if err := h.record(c, audit.Record{ActorID: u.ID, ActorEmail: u.Email, Action: "auth.session_end", Result: audit.ResultOK,
		TargetType: "session", TargetID: fmt.Sprint(id)}); err != nil {
		return err
	}
	h.flash(c, views.FlashSuccess, t(c, "account.session_ended"))
	if current != nil && uint(id) == current.ID {
		return c.Redirect("/login", fiber.StatusSeeOther)
	}
	return c.Redirect(paths.Account, fiber.StatusSeeOther)
}
