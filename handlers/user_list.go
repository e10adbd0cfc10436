package handlers

import (
	"github.com/gofiber/fiber/v2"

	"bbbportal/models"
	"bbbportal/views"
)

func (h *Handler) listUsers(c *fiber.Ctx) error {
	return h.renderUsers(c, fiber.StatusOK, views.UserForm{Role: models.RoleTeacher})
}

func (h *Handler) renderUsers(c *fiber.Ctx, status int, f views.UserForm) error {
	users, err := models.ListUsers(h.db)
	if err != nil {
		return err
	}
	return render(c, status, views.UsersPage(h.page(c, "users.title", "users"), users, f))
}
