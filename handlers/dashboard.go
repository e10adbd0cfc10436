package handlers

import (
	"github.com/gofiber/fiber/v2"

	"bbbportal/models"
	"bbbportal/paths"
	"bbbportal/views"
)

// dashboardPageSize is how many room cards a dashboard page shows. Every open dashboard
// reloads its page every 10 seconds for the cards' live states, so each card is paid for again
// on every refresh; /rooms lists 25 rooms a page.
const dashboardPageSize = 12

// dashboard shows a page of the user's own rooms (owned or co-owned) with their live state.
func (h *Handler) dashboard(c *fiber.Ctx) error {
	lp := parseListPage(c)
	lp.Limit = dashboardPageSize
	rooms, pager, err := models.DashboardRoomsPage(h.db, currentUser(c), models.RoomQuery{Search: lp.Search, Keyset: lp.Keyset})
	if err != nil {
		return err
	}
	v := views.DashboardView{Search: lp.Search, Pager: lp.pager(paths.Home, pager), RefreshURL: refreshURL(c)}
	if len(rooms) > 0 {
		var watched []string
		var scheduled []uint
		for _, room := range rooms {
			if room.Scheduled {
				scheduled = append(scheduled, room.ID)
			}
			if room.EndWatched {
				watched = append(watched, room.MeetingID)
			}
		}
		watches, err := models.LatestEndWatches(h.db, watched)
		if err != nil {
			return err
		}
		snap := h.meetings.Live.Get(c.UserContext())
		v.Status = h.bbbStatus(snap)
		next, err := models.NextOccurrences(h.db, scheduled, v.Status.Now)
		if err != nil {
			return err
		}
		v.Rooms = make([]views.DashboardRoom, 0, len(rooms))
		for _, room := range rooms {
			r := views.DashboardRoom{Room: models.Room{ID: room.ID, Name: room.Name, MeetingID: room.MeetingID, OwnerID: room.OwnerID},
				InviteURL: h.inviteURL(room)}
			if o, ok := next[room.ID]; ok {
				r.Next = &o
			}
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

// refreshURL is the page's own path and query, from which its cards reload their states.
func refreshURL(c *fiber.Ctx) string {
	if q := c.Request().URI().QueryString(); len(q) > 0 {
		return paths.Home + "?" + string(q)
	}
	return paths.Home
}

// inviteURL is the room's default link as the dashboard shows it ("" when it has none); a
// link's URL derives from its public ID, read with the room.
func (h *Handler) inviteURL(room models.DashboardRoom) string {
	if room.DefaultLinkPublicID == "" {
		return ""
	}
	return h.links.URL(&models.Link{RoomID: room.ID, PublicID: room.DefaultLinkPublicID, Role: models.LinkAttendee, IsDefault: true})
}
