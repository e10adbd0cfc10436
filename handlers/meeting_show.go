package handlers

import (
	"github.com/gofiber/fiber/v2"

	"bbbportal/meetings"
	"bbbportal/views"
)

func (h *Handler) showMeeting(c *fiber.Ctx) error {
	id, room, err := h.meetingFromPath(c)
	if err != nil {
		return err
	}
	v := views.MeetingView{MeetingID: id, Room: room, Watch: h.shownWatch(id)}
	v.Meeting, v.Status = h.meetingNow(c, id)
	if v.Meeting == nil && room == nil && v.Watch == nil && !v.Status.Down() {
		return fiber.ErrNotFound
	}
	if v.Meeting != nil {
		v.Metadata = meetings.ShownMetadata(v.Meeting)
		if len(v.Meeting.BreakoutRooms) > 0 {
			snap := h.meetings.Live.Get(c.UserContext())
			for _, b := range v.Meeting.BreakoutRooms {
				link := views.BreakoutLink{MeetingID: b, Name: b}
				if m, ok := snap.Find(b); ok {
					link.Name = m.Name
				}
				v.Breakouts = append(v.Breakouts, link)
			}
		}
	}
	return render(c, fiber.StatusOK, views.MeetingPage(h.page(c, "meetings.title", ""), v))
}
