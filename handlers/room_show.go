package handlers

import (
	"github.com/gofiber/fiber/v2"

	"bbbportal/views"
)

func (h *Handler) showRoom(c *fiber.Ctx) error {
	room, err := h.shownRoom(c)
	if err != nil {
		return err
	}
	v := h.roomView(c, room)
	v.Settings = effectiveSettings(c, room.Template.Settings, room.Effective())
	if v.Recordings, err = h.roomRecordings(c, room); err != nil {
		return err
	}
	if v.Links, err = h.roomLinks(room, views.LinkForm{}); err != nil {
		return err
	}
	return render(c, fiber.StatusOK, views.RoomPage(h.pageTitled(c, room.Name, "rooms"), v))
}
