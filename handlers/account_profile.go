package handlers

import (
	"errors"
	"fmt"

	"github.com/gofiber/fiber/v2"
	"gorm.io/gorm"

	"bbbportal/audit"
	"bbbportal/models"
	"bbbportal/views"
)

// changeOwnProfile saves the signed-in user's display name and e-mail, with an audit entry
// of what changed.
func (h *Handler) changeOwnProfile(c *fiber.Ctx) error {
	u := currentUser(c)
	p := models.Profile{DisplayName: c.FormValue("display_name"), Email: c.FormValue("email")}
	shown := views.ProfileForm{DisplayName: p.DisplayName, Email: p.Email}
	again := func(field, problem string) error {
		shown.Error, shown.ErrorField = t(c, problem), field
		return render(c, fiber.StatusUnprocessableEntity, views.ProfilePage(h.page(c, "account.title", "account"), shown))
	}
	if field, problem := p.Validate(); problem != "" {
		return again(field, problem)
	}
	changes := map[string]any{}
	if p.DisplayName != u.DisplayName {
		changes["display_name"] = map[string]any{"before": u.DisplayName, "after": p.DisplayName}
	}
	if p.Email != u.Email {
		changes["email"] = map[string]any{"before": u.Email, "after": p.Email}
	}
	if len(changes) > 0 {
		record := h.actor(c)
		record.Action, record.TargetType, record.TargetID, record.Result = "user.profile", "user", fmt.Sprint(u.ID), audit.ResultOK
		record.Details = changes
		err := h.db.Transaction(func(tx *gorm.DB) error {
			if err := models.SaveProfile(tx, u, p); err != nil {
				return err
			}
			return h.audit.WriteTx(tx, record)
		})
		if errors.Is(err, models.ErrEmailTaken) {
			return again("email", "form.email_taken")
		} else if err != nil {
			return err
		}
	}
	h.flash(c, views.FlashSuccess, t(c, "profile.saved"))
	return c.Redirect("/account", fiber.StatusSeeOther)
}
