package handlers

import (
	"errors"
	"net/url"
	"time"

	"github.com/gofiber/fiber/v2"

	"bbbportal/audit"
	"bbbportal/bbb"
	"bbbportal/meetings"
	"bbbportal/models"
	"bbbportal/views"
)

// recentWatch is how long a confirmed end is still shown next to its meeting.
const recentWatch = time.Hour

// meetingFromPath reads :meetingID and checks access: admins may open any meeting, others
// only meetings of rooms they manage. Anything else is "not found", so that a foreign
// meeting cannot be told apart from a missing one.
func (h *Handler) meetingFromPath(c *fiber.Ctx) (string, *models.Room, error) {
	id, err := url.PathUnescape(c.Params("meetingID"))
	if err != nil || id == "" {
		return "", nil, fiber.ErrNotFound
	}
	u := currentUser(c)
	room, err := models.RoomByMeetingID(h.db, id)
	switch {
	case errors.Is(err, models.ErrNotFound):
		if !u.IsAdmin() {
			return "", nil, fiber.ErrNotFound
		}
		return id, nil, nil
	case err != nil:
		return "", nil, err
	case !room.ManagedBy(u):
		return "", nil, fiber.ErrNotFound
	}
	return id, room, nil
}

// actor is the audit identity of the request's user.
func (h *Handler) actor(c *fiber.Ctx) audit.Record {
	r := audit.Record{ClientIP: h.clientIP(c), RequestID: requestIDOf(c)}
	if u := currentUser(c); u != nil {
		r.ActorID, r.ActorEmail = u.ID, u.Email
	}
	return r
}

// bbbStatus describes a live snapshot for the pages.
func (h *Handler) bbbStatus(snap meetings.LiveSnapshot) views.BBBStatus {
	return views.BBBStatus{Problem: snap.Problem, DownSince: snap.DownSince, FetchedAt: snap.FetchedAt, Now: h.meetings.Now()}
}

// shownWatch returns the meeting's latest end if it is open or recent.
func (h *Handler) shownWatch(meetingID string) *models.EndWatch {
	w, err := models.LatestEndWatch(h.db, meetingID)
	if err != nil {
		return nil
	}
	return h.worthShowing(w)
}

// worthShowing returns w unless it is an end confirmed long ago.
func (h *Handler) worthShowing(w *models.EndWatch) *models.EndWatch {
	if w.State == models.WatchConfirmed && h.meetings.Now().Sub(w.RequestedAt) > recentWatch {
		return nil
	}
	return w
}

// meetingNow reads a meeting from BBB. When BBB fails it falls back on the last live
// snapshot and says so in the status. m is nil when the meeting is not on the server.
func (h *Handler) meetingNow(c *fiber.Ctx, meetingID string) (m *bbb.Meeting, status views.BBBStatus) {
	now := h.meetings.Now()
	info, err := h.meetings.Info(c.UserContext(), meetingID)
	switch {
	case err == nil:
		return info, views.BBBStatus{FetchedAt: now, Now: now}
	case bbb.IsKey(err, "notFound"):
		return nil, views.BBBStatus{FetchedAt: now, Now: now}
	}
	snap := h.meetings.Live.Get(c.UserContext())
	status = h.bbbStatus(snap)
	status.Problem = meetings.Explain(err)
	if snap.Problem == "" {
		status.DownSince = now // getMeetings answers, getMeetingInfo does not
	}
	if last, ok := snap.Find(meetingID); ok {
		return &last, status
	}
	return nil, status
}

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
	name, count := meetingName(id, room, m), 0
	if m != nil {
		count = m.ParticipantCount
	}
	return render(c, fiber.StatusOK, views.EndConfirmPage(h.page(c, "meetings.end_title", ""), id, name, count))
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

// watchFromPath loads the end watch :id of the meeting in the path.
func (h *Handler) watchFromPath(c *fiber.Ctx) (*models.EndWatch, error) {
	id, _, err := h.meetingFromPath(c)
	if err != nil {
		return nil, err
	}
	wid, err := c.ParamsInt("id")
	if err != nil || wid <= 0 {
		return nil, fiber.ErrNotFound
	}
	w, err := models.EndWatchByID(h.db, uint(wid))
	if errors.Is(err, models.ErrNotFound) || (err == nil && w.MeetingID != id) {
		return nil, fiber.ErrNotFound
	}
	return w, err
}

// watchStatus is the status partial that the meeting page polls while an end is open.
func (h *Handler) watchStatus(c *fiber.Ctx) error {
	w, err := h.watchFromPath(c)
	if err != nil {
		return err
	}
	return render(c, fiber.StatusOK, views.WatchStatus(w, csrfToken(c), h.meetings.Now()))
}

func (h *Handler) retryEnd(c *fiber.Ctx) error {
	w, err := h.watchFromPath(c)
	if err != nil {
		return err
	}
	if w, err = h.meetings.Retry(c.UserContext(), w.ID, h.actor(c)); err != nil {
		return err
	}
	if c.Get("HX-Request") != "" {
		return render(c, fiber.StatusOK, views.WatchStatus(w, csrfToken(c), h.meetings.Now()))
	}
	return c.Redirect(string(views.MeetingPath(w.MeetingID)), fiber.StatusSeeOther)
}
