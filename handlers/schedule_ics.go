package handlers

import (
	"errors"
	"fmt"

	"github.com/gofiber/fiber/v2"

	"bbbportal/links"
	"bbbportal/meetings"
	"bbbportal/paths"
)

// scheduleICS is the schedule as an iCalendar file for the user's calendar.
func (h *Handler) scheduleICS(c *fiber.Ctx) error {
	room, sc, err := h.roomSchedule(c)
	if err != nil {
		return err
	}
	joinURL, err := h.links.DefaultURL(room.ID)
	if err != nil && !errors.Is(err, links.ErrNotFound) {
		return err
	}
	if joinURL == "" {
		joinURL = h.cfg.URL(paths.Room(room.ID)) // the attendee link was revoked
	}
	body := meetings.ICS(sc, room.Name, joinURL, h.cfg.BaseURL.Hostname(), sc.CreatedAt)
	c.Set(fiber.HeaderContentType, "text/calendar; charset=utf-8")
	c.Set(fiber.HeaderContentDisposition, fmt.Sprintf(`attachment; filename="schedule-%d.ics"`, sc.ID))
	return c.Send(body)
}
