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
	open, err := models.OpenEndWatches(h.db)
	if err != nil {
		return views.LiveView{}, err
	}
	v, err := h.liveTable(snap, query, show, open)
	if err != nil {
		return v, err
	}
	v.Ends, err = models.RecentEndWatches(h.db, v.Status.Now.Add(-recentWatch), 20)
	return v, err
}

// liveTable is the live view without the recent ends: the rows of snap that match query and
// show, each with its open end from open.
func (h *Handler) liveTable(snap meetings.LiveSnapshot, query, show string, open []models.EndWatch) (views.LiveView, error) {
	v := views.LiveView{Query: strings.TrimSpace(query), Show: show, Status: h.bbbStatus(snap), Total: len(snap.Meetings),
		Unlisted: snap.Unlisted}
	if !slices.Contains(views.LiveFilters, v.Show) {
		v.Show = views.LiveShowAll
	}
	join, err := h.joinLive(snap)
	if err != nil {
		return v, err
	}
	watches := make(map[string]*models.EndWatch, len(open))
	for i := range open {
		watches[open[i].MeetingID] = &open[i]
	}
	query = strings.ToLower(v.Query)
	for i := range join.rows {
		if liveRowMatches(join.rows[i], join.search[i], query, v.Show) {
			row := join.rows[i]
			row.Watch = watches[row.Meeting.MeetingID]
			v.Rows = append(v.Rows, row)
		}
	}
	return v, nil
}

// liveJoin is a snapshot joined with the portal's rooms, sorted by name, with the lower-cased
// text the search looks at: built once per answer of getMeetings, however often pages refresh.
type liveJoin struct {
	rows   []views.LiveRow // by meeting name; no end watches
	search []string        // per row: name, meeting ID, room, owner and e-mail, lower-cased
}

func (h *Handler) joinLive(snap meetings.LiveSnapshot) (*liveJoin, error) {
	v, err := snap.Memo("handlers.liveJoin", func() (any, error) {
		ids := make([]string, len(snap.Meetings))
		for i, m := range snap.Meetings {
			ids[i] = m.MeetingID
		}
		rooms, err := models.RoomsByMeetingIDs(h.db, ids)
		if err != nil {
			return nil, err
		}
		type keyed struct {
			key string
			row views.LiveRow
		}
		list := make([]keyed, len(snap.Meetings))
		for i, m := range snap.Meetings {
			list[i] = keyed{key: strings.ToLower(m.Name), row: views.LiveRow{Meeting: m}}
			if r, ok := rooms[m.MeetingID]; ok {
				list[i].row.Room = &r
			}
		}
		slices.SortStableFunc(list, func(a, b keyed) int { return strings.Compare(a.key, b.key) })
		j := &liveJoin{rows: make([]views.LiveRow, len(list)), search: make([]string, len(list))}
		for i, k := range list {
			j.rows[i] = k.row
			fields := []string{k.key, strings.ToLower(k.row.Meeting.MeetingID)}
			if r := k.row.Room; r != nil {
				fields = append(fields, strings.ToLower(r.Name), strings.ToLower(r.Owner.DisplayName), strings.ToLower(r.Owner.Email))
			}
			j.search[i] = strings.Join(fields, "\x00")
		}
		return j, nil
	})
	if err != nil {
		return nil, err
	}
	return v.(*liveJoin), nil
}

// liveRowMatches applies the filter and the search (name, meeting ID, room, owner) to a row
// whose lower-cased fields are text.
func liveRowMatches(r views.LiveRow, text, query, show string) bool {
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
	return query == "" || strings.Contains(text, query)
}
