package handlers

import (
	"github.com/gofiber/fiber/v2"

	"bbbportal/paths"
	"bbbportal/views"
)

func (h *Handler) cloneTemplate(c *fiber.Ctx) error {
	src, err := h.targetTemplate(c)
	if err != nil {
		return err
	}
	name := func(i int) string {
		if i > 1 {
			return t(c, "templates.copy_name_n", "Name", src.Name, "N", i)
		}
		return t(c, "templates.copy_name", "Name", src.Name)
	}
	clone, err := h.rooms.CloneTemplate(h.actor(c), currentUser(c), src, name)
	if err != nil {
		return h.quotaReached(c, err, paths.Templates)
	}
	h.flash(c, views.FlashSuccess, t(c, "templates.cloned", "Name", clone.Name))
	return c.Redirect(paths.Template(clone.ID), fiber.StatusSeeOther)
}
