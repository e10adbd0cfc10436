package handlers

import (
	"fmt"

	"github.com/gofiber/fiber/v2"
	"gorm.io/gorm"

	"bbbportal/audit"
	"bbbportal/models"
	"bbbportal/paths"
	"bbbportal/views"
)

// resetUserPassword makes a one-time reset link for the user named by :id and shows it to
// the admin, once: only its hash is stored, and the audit entry does not contain it.
func (h *Handler) resetUserPassword(c *fiber.Ctx) error {
	u, err := h.targetUser(c)
	if err != nil {
		return err
	}
	now := h.now()
	var token string
	record := h.actor(c)
	record.Action, record.TargetType, record.TargetID, record.Result = "user.password_reset_link", "user", fmt.Sprint(u.ID), audit.ResultOK
	record.Details = map[string]any{"email": u.Email, "expires": now.Add(models.PasswordResetLifetime).UTC().Format("2006-01-02T15:04Z")}
	err = h.db.Transaction(func(tx *gorm.DB) error {
		var err error
		if token, err = models.CreatePasswordReset(tx, u.ID, currentUser(c).ID, now); err != nil {
			return err
		}
		return h.audit.WriteTx(tx, record)
	})
	if err != nil {
		return err
	}
	link := *h.cfg.BaseURL
	link.Path = paths.PasswordReset(token)
	c.Set("Referrer-Policy", "no-referrer")
	v := views.ResetLinkView{Email: u.Email, URL: link.String(), Expires: views.DateTime(c.UserContext(), now.Add(models.PasswordResetLifetime))}
	return render(c, fiber.StatusOK, views.ResetLinkPage(h.page(c, "reset.make", "users"), v))
}
