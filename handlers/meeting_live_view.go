package handlers

import (
	"slices"
	"strings"

	"github.com/gofiber/fiber/v2"

	"bbbportal/meetings"
	"bbbportal/models"
	"bbbportal/views"
)

// liveView builds the live view from the last snapshot of getMeetings, filtered by the
// request's q and show parameters.
func (h *Handler) liveView(c *fiber.Ctx) (views.LiveView, error) {
	return h.buildLiveView(h.meetings.Live.Get(c.UserContext()), c.Query("q"), c.Query("show", views.LiveShowAll))
}

// buildLiveView joins a snapshot with the portal's rooms and open ends, and filters it.
func (h *Handler) buildLiveView(snap meetings.LiveSnapshot, query, show string) (views.LiveView, error) {
	v := views.LiveView{Query: strings.TrimSpace(query), Show: show, Status: h.bbbStatus(snap), Total: len(snap.Meetings)}
	if !slices.Contains(views.LiveFilters, v.Show) {
		v.Show = views.LiveShowAll
	}
	ids := make([]string, len(snap.Meetings))
	for i, m := range snap.Meetings {
		ids[i] = m.MeetingID
	}
	rooms, err := models.RoomsByMeetingIDs(h.db, ids)
	if err != nil {
		return v, err
	}
	open, err := models.OpenEndWatches(h.db)
	if err != nil {
		return v, err
	}
	watches := map[string]*models.EndWatch{}
	for i := range open {
		watches[open[i].MeetingID] = &open[i]
	}
	query = strings.ToLower(v.Query)
	for _, m := range snap.Meetings {
		row := views.LiveRow{Meeting: m, Watch: watches[m.MeetingID]}
		if r, ok := rooms[m.MeetingID]; ok {
			row.Room = &r
		}
		if liveRowMatches(row, query, v.Show) {
			v.Rows = append(v.Rows, row)
		}
	}
	slices.SortStableFunc(v.Rows, func(a, b views.LiveRow) int {
		return strings.Compare(strings.ToLower(a.Meeting.Name), strings.ToLower(b.Meeting.Name))
	})
	v.Ends, err = models.RecentEndWatches(h.db, v.Status.Now.Add(-recentWatch), 20)
	return v, err
}

// liveRowMatches applies the search (name, meeting ID, room, owner) and the filter.
func liveRowMatches(r views.LiveRow, query, show string) bool {
	switch show {
	case views.LiveShowPortal:
		if r.Room == nil {
			return false
		}
	case views.LiveShowOther:
		if r.Room != nil {
			return false
		}
	case views.LiveShowRecording:
		if !r.Meeting.Recording {
			return false
		}
	}
	if query == "" {
		return true
	}
	fields := []string{r.Meeting.Name, r.Meeting.MeetingID}
	if r.Room != nil {
		fields = append(fields, r.Room.Name, r.Room.Owner.DisplayName, r.Room.Owner.Email)
	}
	for _, f := range fields {
		if strings.Contains(strings.ToLower(f), query) {
			return true
		}
	}
	return false
}
