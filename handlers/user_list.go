package handlers

import (
	"github.com/gofiber/fiber/v2"

	"bbbportal/models"
	"bbbportal/views"
)

// usersPageSize: each row carries its role and disable forms, so a page costs per row.
const usersPageSize = models.PageSize

func (h *Handler) listUsers(c *fiber.Ctx) error {
	return h.renderUsers(c, fiber.StatusOK, views.UserForm{Role: models.RoleTeacher})
}

func (h *Handler) renderUsers(c *fiber.Ctx, status int, f views.UserForm) error {
	lp := parseListPage(c)
	lp.Limit = usersPageSize
	users, pager, err := models.UsersPage(h.db, models.UserQuery{Search: lp.Search, Keyset: lp.Keyset})
	if err != nil {
		return err
	}
	v := views.UsersView{Users: users, Search: lp.Search, Pager: lp.pager("/admin/users", pager), Form: f}
	return render(c, status, views.UsersPage(h.page(c, "users.title", "users"), v))
}
