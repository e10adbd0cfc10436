package handlers

import (
	"slices"

	"github.com/gofiber/fiber/v2"

	"bbbportal/bbb"
	"bbbportal/meetings"
	"bbbportal/models"
	"bbbportal/views"
)

// maxBulkEnd bounds how many meetings one bulk end may name.
const maxBulkEnd = 500

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
		return render(c, fiber.StatusOK, views.BulkEndConfirmPage(h.page(c, "live.bulk_title", "live"), views.BulkEndView{Items: items}))
	}

	reqs := make([]meetings.EndRequest, len(ids))
	for i, id := range ids {
		room, m := known(id)
		reqs[i] = h.endRequest(c, id, room, m, meetings.ReasonBulk)
	}
	failed := h.meetings.EndMany(c.UserContext(), reqs)
	if failed > 0 {
		h.flash(c, views.FlashError, t(c, "live.bulk_failed", "N", failed))
	}
	h.flash(c, views.FlashSuccess, t(c, "live.bulk_done", "N", len(ids)-failed))
	return c.Redirect("/admin/meetings", fiber.StatusSeeOther)
}
