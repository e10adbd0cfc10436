package handlers

import (
	"github.com/gofiber/fiber/v2"

	"bbbportal/bbb"
	"bbbportal/meetings"
	"bbbportal/models"
	"bbbportal/views"
)

// confirmEnd asks before ending: it names the meeting and how many people are in it.
func (h *Handler) confirmEnd(c *fiber.Ctx) error {
	id, room, err := h.meetingFromPath(c)
	if err != nil {
		return err
	}
	m, status := h.meetingNow(c, id)
	if m == nil && !status.Down() {
		h.flash(c, views.FlashError, t(c, "meetings.not_running"))
		return c.Redirect(string(views.MeetingPath(id)), fiber.StatusSeeOther)
	}
	return render(c, fiber.StatusOK, views.EndConfirmPage(h.page(c, "meetings.end_title", ""),
		views.EndConfirmView{MeetingID: id, Name: meetingName(id, room, m), People: peopleNow(m, status)}))
}

// peopleNow is who is in m as BBB just said, or, when BBB could not be asked (status is
// down), what the live view last knew and when: never "nobody" for "could not check".
func peopleNow(m *bbb.Meeting, status views.BBBStatus) views.PeopleNow {
	var n views.PeopleNow
	if m != nil {
		n.Count = m.ParticipantCount
	}
	if status.Down() {
		n.Unchecked, n.Problem = true, status.Problem
		if m != nil {
			n.KnownAt = status.FetchedAt
		}
	}
	return n
}

// meetingName is the best name known for a meeting.
func meetingName(id string, room *models.Room, m *bbb.Meeting) string {
	switch {
	case m != nil && m.Name != "":
		return m.Name
	case room != nil:
		return room.Name
	}
	return id
}

func (h *Handler) endMeeting(c *fiber.Ctx) error {
	id, room, err := h.meetingFromPath(c)
	if err != nil {
		return err
	}
	var known *bbb.Meeting
	if m, ok := h.meetings.Live.Get(c.UserContext()).Find(id); ok {
		known = &m
	}
	if _, err := h.meetings.RequestEnd(c.UserContext(), h.endRequest(c, id, room, known, meetings.ReasonManual)); err != nil {
		return err
	}
	return c.Redirect(string(views.MeetingPath(id)), fiber.StatusSeeOther)
}

func (h *Handler) endRequest(c *fiber.Ctx, id string, room *models.Room, m *bbb.Meeting, reason string) meetings.EndRequest {
	req := meetings.EndRequest{MeetingID: id, MeetingName: meetingName(id, room, m), Reason: reason, Who: h.actor(c)}
	if room != nil {
		req.RoomID = &room.ID
	}
	return req
}
