package handlers

import (
	"github.com/gofiber/fiber/v2"

	"bbbportal/views"
)

func (h *Handler) editRoom(c *fiber.Ctx) error {
	room, err := h.targetRoom(c)
	if err != nil {
		return err
	}
	f, err := h.roomFormView(c, room, coOwnerIDs(room))
	if err != nil {
		return err
	}
	f.Options, _ = roomOptionsView(room.Template.Settings, room.Effective(), nil, nil).atRelease(h.serverRelease(c)).build(c)
	return render(c, fiber.StatusOK, views.RoomFormPage(h.pageTitled(c, room.Name, "rooms"), f))
}
