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
	rooms, pager, err := models.DashboardRoomsPage(h.db, currentUser(c), models.RoomQuery{Search: lp.Search, Keyset: lp.Keyset})
	if err != nil {
		return err
	}
	v := views.DashboardView{Search: lp.Search, Pager: lp.pager(paths.Home, pager)}
	if len(rooms) > 0 {
		var watched []string
		var linked []uint
		for _, room := range rooms {
			if room.EndWatched {
				watched = append(watched, room.MeetingID)
			}
			if room.HasDefaultLink {
				linked = append(linked, room.ID)
			}
		}
		watches, err := models.LatestEndWatches(h.db, watched)
		if err != nil {
			return err
		}
		invites, err := h.links.DefaultURLs(linked)
		if err != nil {
			return err
		}
		snap := h.meetings.Live.Get(c.UserContext())
		v.Status = h.bbbStatus(snap)
		v.Rooms = make([]views.DashboardRoom, 0, len(rooms))
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
