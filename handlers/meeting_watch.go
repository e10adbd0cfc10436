package handlers

import (
	"errors"

	"github.com/gofiber/fiber/v2"

	"bbbportal/models"
	"bbbportal/views"
)

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
	return render(c, fiber.StatusOK, views.WatchUpdate(w, csrfToken(c), h.meetings.Now()))
}

func (h *Handler) retryEnd(c *fiber.Ctx) error {
	w, err := h.watchFromPath(c)
	if err != nil {
		return err
	}
	if w, err = h.meetings.Retry(c.UserContext(), w.ID, h.actor(c)); err != nil {
		return err
	}
	if isHTMX(c) {
		return render(c, fiber.StatusOK, views.WatchStatus(w, csrfToken(c), h.meetings.Now()))
	}
	return c.Redirect(string(views.MeetingPath(w.MeetingID)), fiber.StatusSeeOther)
}
