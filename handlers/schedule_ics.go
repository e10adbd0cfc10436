package handlers

import (
	"fmt"

	"github.com/gofiber/fiber/v2"

	"bbbportal/meetings"
	"bbbportal/paths"
)

// scheduleICS is the schedule as an iCalendar file for the user's calendar.
func (h *Handler) scheduleICS(c *fiber.Ctx) error {
	room, sc, err := h.roomSchedule(c)
	if err != nil {
		return err
	}
	body := meetings.ICS(sc, room.Name, h.cfg.URL(paths.Room(room.ID)), h.cfg.BaseURL.Hostname(), sc.CreatedAt)
	c.Set(fiber.HeaderContentType, "text/calendar; charset=utf-8")
	c.Set(fiber.HeaderContentDisposition, fmt.Sprintf(`attachment; filename="schedule-%d.ics"`, sc.ID))
	return c.Send(body)
}
