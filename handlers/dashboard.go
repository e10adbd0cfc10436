package handlers

import (
	"github.com/gofiber/fiber/v2"

	"bbbportal/models"
	"bbbportal/views"
)

// dashboard shows the user's own rooms (owned or co-owned) with their live state.
func (h *Handler) dashboard(c *fiber.Ctx) error {
	u := currentUser(c)
	all, err := models.RoomsFor(h.db, u, "")
	if err != nil {
		return err
	}
	var v views.DashboardView
	for _, room := range all {
		if !u.IsAdmin() || room.OwnerID == u.ID || coOwns(&room, u) {
			v.Rooms = append(v.Rooms, views.DashboardRoom{Room: room})
		}
	}
	if len(v.Rooms) > 0 {
		snap := h.meetings.Live.Get(c.UserContext())
		v.Status = h.bbbStatus(snap)
		for i := range v.Rooms {
			r := &v.Rooms[i]
			if m, ok := snap.Find(r.Room.MeetingID); ok {
				r.Meeting = &m
			}
			r.Watch = h.shownWatch(r.Room.MeetingID)
		}
	}
	return render(c, fiber.StatusOK, views.DashboardPage(h.page(c, "dashboard.title", "dashboard"), v))
}

func coOwns(r *models.Room, u *models.User) bool {
	for _, c := range r.CoOwners {
		if c.ID == u.ID {
			return true
		}
	}
	return false
}
