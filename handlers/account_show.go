package handlers

import (
	"github.com/gofiber/fiber/v2"

	"bbbportal/views"
)

func (h *Handler) showAccount(c *fiber.Ctx) error {
	return render(c, fiber.StatusOK, views.AccountPage(h.page(c, "account.title", "account")))
}
