package handlers

import (
	"strings"

	"github.com/gofiber/fiber/v2"

	"bbbportal/models"
	"bbbportal/views"
)

func (h *Handler) listRooms(c *fiber.Ctx) error {
	search := strings.TrimSpace(c.Query("q"))
	list, err := models.RoomsFor(h.db, currentUser(c), search)
	if err != nil {
		return err
	}
	snap, problem := h.liveStatus(c)
	rows := make([]views.RoomRow, 0, len(list))
	for _, r := range list {
		rows = append(rows, views.RoomRow{ID: r.ID, Name: r.Name, Owner: r.Owner.DisplayName, Template: r.Template.Name,
			Status: statusOf(snap, r.MeetingID)})
	}
	return render(c, fiber.StatusOK, views.RoomsPage(h.page(c, "rooms.title", "rooms"), rows, search, problem))
}
