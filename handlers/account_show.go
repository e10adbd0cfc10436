package handlers

import (
	"github.com/gofiber/fiber/v2"

	"bbbportal/models"
	"bbbportal/paths"
	"bbbportal/views"
)

func (h *Handler) showAccount(c *fiber.Ctx) error {
	u := currentUser(c)
	list, err := models.SessionsOf(h.db, u.ID, h.now())
	if err != nil {
		return err
	}
	current := state(c).session
	v := views.AccountView{Sessions: make([]views.SessionRow, 0, len(list))}
	for _, s := range list {
		v.Sessions = append(v.Sessions, views.SessionRow{
			ID: s.ID, Device: deviceName(c, s.UserAgent), ClientIP: s.ClientIP,
			LastSeen: s.LastSeen, CreatedAt: s.CreatedAt,
			Current: current != nil && current.ID == s.ID, EndURL: paths.AccountSessionEnd(s.ID),
		})
	}
	return render(c, fiber.StatusOK, views.AccountPage(h.page(c, "account.title", "account"), v))
}
