package handlers

import (
	"github.com/gofiber/fiber/v2"

	"bbbportal/models"
	"bbbportal/paths"
	"bbbportal/views"
)

func (h *Handler) listRooms(c *fiber.Ctx) error {
	lp := parseListPage(c)
	list, pager, err := models.RoomsPage(h.db, currentUser(c), models.RoomQuery{Search: lp.Search, Keyset: lp.Keyset})
	if err != nil {
		return err
	}
	snap, status := h.liveStatus(c)
	rows := make([]views.RoomRow, 0, len(list))
	for _, r := range list {
		rows = append(rows, views.RoomRow{ID: r.ID, Name: r.Name, Owner: r.OwnerName, Template: r.TemplateName,
			Status: statusOf(snap, r.MeetingID)})
	}
	v := views.RoomsView{Rows: rows, Search: lp.Search, BBB: status, Pager: lp.pager(paths.Rooms, pager)}
	return render(c, fiber.StatusOK, views.RoomsPage(h.page(c, "rooms.title", "rooms"), v))
}
