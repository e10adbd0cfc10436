package handlers

import (
	"errors"

	"github.com/gofiber/fiber/v2"

	"bbbportal/links"
	"bbbportal/views"
)

// printLink is the printable invitation of one of the room's links: room, QR code, address,
// short code and the room's coming meetings.
func (h *Handler) printLink(c *fiber.Ctx) error {
	room, err := h.targetRoom(c)
	if err != nil {
		return err
	}
	linkID, err := linkIDParam(c)
	if err != nil {
		return err
	}
	inv, err := h.links.Invitation(room, linkID)
	if errors.Is(err, links.ErrNotFound) {
		return fiber.ErrNotFound
	}
	if err != nil {
		return err
	}
	v := views.InvitationView{RoomID: room.ID, LinkID: linkID, RoomName: room.Name, Label: inv.Link.Link.Label,
		Role: inv.Link.Link.Role, URL: inv.Link.URL, CodeURL: inv.CodeURL, Code: inv.Link.Code}
	for _, o := range inv.Schedules {
		v.Schedules = append(v.Schedules, views.InvitationTime{Title: o.Title, Start: o.Start, End: o.End, Weekly: o.Weekly})
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return render(c, fiber.StatusOK, views.LinkPrintPage(h.pageTitled(c, t(c, "links.print.title", "Room", room.Name), "rooms"), v))
}
