package handlers

import (
	"errors"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"bbbportal/createopts"
	"bbbportal/models"
	"bbbportal/views"
)

// newRoom shows the empty room form, with the template named by ?template= or the first one.
func (h *Handler) newRoom(c *fiber.Ctx) error {
	u := currentUser(c)
	list, err := models.TemplatesFor(h.db, u)
	if err != nil {
		return err
	}
	if len(list) == 0 {
		h.flash(c, views.FlashError, t(c, "rooms.no_templates"))
		return c.Redirect("/templates/new", fiber.StatusSeeOther)
	}
	tpl := defaultTemplate(list)
	if raw := c.Query("template"); raw != "" {
		id, err := strconv.ParseUint(raw, 10, 32)
		if err != nil {
			return fiber.ErrNotFound
		}
		if tpl, err = h.rooms.Template(u, uint(id)); errors.Is(err, models.ErrNotFound) {
			return fiber.ErrNotFound
		} else if err != nil {
			return err
		}
	}
	room := &models.Room{TemplateID: tpl.ID, Template: *tpl}
	f, err := h.roomFormView(c, room, nil)
	if err != nil {
		return err
	}
	f.Options, _ = roomOptionsView(tpl.Settings, createopts.Effective(tpl.Settings, nil), nil, nil).atRelease(h.serverRelease(c)).build(c)
	return render(c, fiber.StatusOK, views.RoomFormPage(h.page(c, "rooms.new", "rooms"), f))
}
