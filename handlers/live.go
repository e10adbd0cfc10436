package handlers

import (
	"slices"
	"strings"
	"sync"

	"github.com/gofiber/fiber/v2"

	"bbbportal/bbb"
	"bbbportal/meetings"
	"bbbportal/models"
	"bbbportal/views"
)

// maxBulkEnd bounds how many meetings one bulk end may name.
const maxBulkEnd = 500

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

func (h *Handler) showLive(c *fiber.Ctx) error {
	v, err := h.liveView(c)
	if err != nil {
		return err
	}
	return render(c, fiber.StatusOK, views.LivePage(h.page(c, "live.title", "live"), v))
}

// liveRows is the htmx refresh of the live view's table.
func (h *Handler) liveRows(c *fiber.Ctx) error {
	v, err := h.liveView(c)
	if err != nil {
		return err
	}
	return render(c, fiber.StatusOK, views.LiveRowsPartial(h.page(c, "live.title", "live"), v))
}

// bulkEnd first shows what would be ended (each meeting with its people) and, once
// confirmed, requests the end of every selected meeting, each with its own watch.
func (h *Handler) bulkEnd(c *fiber.Ctx) error {
	var ids []string
	for _, raw := range c.Request().PostArgs().PeekMulti("meeting") {
		if id := string(raw); id != "" && !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	if len(ids) == 0 {
		h.flash(c, views.FlashError, t(c, "live.bulk_none"))
		return c.Redirect("/admin/meetings", fiber.StatusSeeOther)
	}
	if len(ids) > maxBulkEnd {
		return fiber.ErrBadRequest
	}
	snap := h.meetings.Live.Get(c.UserContext())
	rooms, err := models.RoomsByMeetingIDs(h.db, ids)
	if err != nil {
		return err
	}
	known := func(id string) (*models.Room, *bbb.Meeting) {
		var room *models.Room
		if r, ok := rooms[id]; ok {
			room = &r
		}
		if m, ok := snap.Find(id); ok {
			return room, &m
		}
		return room, nil
	}
	if c.FormValue("confirm") != "yes" {
		items := make([]views.BulkEndItem, len(ids))
		for i, id := range ids {
			room, m := known(id)
			items[i] = views.BulkEndItem{MeetingID: id, Name: meetingName(id, room, m)}
			if m != nil {
				items[i].Participants = m.ParticipantCount
			}
		}
		return render(c, fiber.StatusOK, views.BulkEndConfirmPage(h.page(c, "live.bulk_title", "live"), items))
	}

	// Each end waits for BBB's answer; a few at a time keep a slow server from stalling the request.
	var (
		wg     sync.WaitGroup
		mu     sync.Mutex
		failed int
		slots  = make(chan struct{}, 8)
	)
	for _, id := range ids {
		room, m := known(id)
		req := h.endRequest(c, id, room, m, meetings.ReasonBulk)
		wg.Add(1)
		slots <- struct{}{}
		go func() {
			defer func() { <-slots; wg.Done() }()
			if _, err := h.meetings.RequestEnd(c.UserContext(), req); err != nil {
				h.log.Error("bulk end", "meeting", req.MeetingID, "err", err)
				mu.Lock()
				failed++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if failed > 0 {
		h.flash(c, views.FlashError, t(c, "live.bulk_failed", "N", failed))
	}
	h.flash(c, views.FlashSuccess, t(c, "live.bulk_done", "N", len(ids)-failed))
	return c.Redirect("/admin/meetings", fiber.StatusSeeOther)
}
