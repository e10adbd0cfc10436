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
	case bbb.IsKey(err, bbb.KeyNotFound):
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
