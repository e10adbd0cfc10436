package handlers

import (
	"github.com/gofiber/fiber/v2"

	"bbbportal/meetings"
	"bbbportal/paths"
	"bbbportal/views"
)

// previewRoom shows the create call that starting the room sends, as API Mate would, with the
// checksum and the callback token masked.
func (h *Handler) previewRoom(c *fiber.Ctx) error {
	room, err := h.targetRoom(c)
	if err != nil {
		return err
	}
	shortened := func(n int) string { return t(c, "rooms.preview_inline_file", "N", n) }
	p, err := h.rooms.Preview(room, shortened)
	if err != nil {
		h.flash(c, views.FlashError, t(c, "problem."+meetings.Explain(err)))
		return c.Redirect(paths.Room(room.ID), fiber.StatusSeeOther)
	}
	return render(c, fiber.StatusOK, views.RoomPreviewPage(h.pageTitled(c, room.Name, "rooms"),
		views.RoomPreviewView{RoomID: room.ID, RoomName: room.Name, Method: p.Method, URL: p.URL, Body: p.Body}))
}
