package handlers

import (
	"github.com/gofiber/fiber/v2"

	"bbbportal/models"
	"bbbportal/views"
)

// dashboard shows the user's own rooms (owned or co-owned) with their live state.
func (h *Handler) dashboard(c *fiber.Ctx) error {
	rooms, err := models.OwnRooms(h.db, currentUser(c))
	if err != nil {
		return err
	}
	var v views.DashboardView
	if len(rooms) > 0 {
		ids := make([]string, len(rooms))
		for i, room := range rooms {
			ids[i] = room.MeetingID
		}
		watches, err := models.LatestEndWatches(h.db, ids)
		if err != nil {
			return err
		}
		snap := h.meetings.Live.Get(c.UserContext())
		v.Status = h.bbbStatus(snap)
		for _, room := range rooms {
			r := views.DashboardRoom{Room: room}
			if m, ok := snap.Find(room.MeetingID); ok {
				r.Meeting = &m
			}
			if w, ok := watches[room.MeetingID]; ok {
				r.Watch = h.worthShowing(&w)
			}
			v.Rooms = append(v.Rooms, r)
		}
	}
	return render(c, fiber.StatusOK, views.DashboardPage(h.page(c, "dashboard.title", "dashboard"), v))
}
