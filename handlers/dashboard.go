package handlers

import (
	"github.com/gofiber/fiber/v2"

	"bbbportal/views"
)

func (h *Handler) dashboard(c *fiber.Ctx) error {
	return render(c, fiber.StatusOK, views.DashboardPage(h.page(c, "dashboard.title", "dashboard")))
}
