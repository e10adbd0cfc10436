package handlers

import (
	"github.com/gofiber/fiber/v2"

	"bbbportal/models"
	"bbbportal/paths"
	"bbbportal/views"
)

// dashboard shows a page of the user's own rooms (owned or co-owned) with their live state.
func (h *Handler) dashboard(c *fiber.Ctx) error {
	lp := parseListPage(c)
	rooms, pager, err := models.OwnRoomsPage(h.db, currentUser(c), models.RoomQuery{Search: lp.Search, Keyset: lp.Keyset})
	if err != nil {
		return err
	}
	v := views.DashboardView{Search: lp.Search, Pager: lp.pager(paths.Home, pager)}
	if len(rooms) > 0 {
		ids := make([]string, len(rooms))
		for i, room := range rooms {
			ids[i] = room.MeetingID
		}
		watches, err := models.LatestEndWatches(h.db, ids)
		if err != nil {
			return err
		}
		roomIDs := make([]uint, len(rooms))
		for i, room := range rooms {
			roomIDs[i] = room.ID
		}
		invites, err := h.links.DefaultURLs(roomIDs)
		if err != nil {
			return err
		}
		snap := h.meetings.Live.Get(c.UserContext())
		v.Status = h.bbbStatus(snap)
		for _, room := range rooms {
			r := views.DashboardRoom{Room: models.Room{ID: room.ID, Name: room.Name, MeetingID: room.MeetingID, OwnerID: room.OwnerID},
				InviteURL: invites[room.ID]}
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
