package handlers

import (
	"fmt"

	"github.com/gofiber/fiber/v2"

	"bbbportal/audit"
	"bbbportal/models"
	"bbbportal/paths"
	"bbbportal/views"
)

func (h *Handler) deleteSchedule(c *fiber.Ctx) error {
	room, sc, err := h.roomSchedule(c)
	if err != nil {
		return err
	}
	if err := models.DeleteSchedule(h.db, room.ID, sc.ID); err != nil {
		return err
	}
	if err := h.record(c, audit.Record{Action: "schedule.delete", Result: audit.ResultOK, TargetType: "room", TargetID: fmt.Sprint(room.ID),
		Details: map[string]any{"schedule": sc.ID, "title": sc.Title}}); err != nil {
		return err
	}
	h.flash(c, views.FlashSuccess, t(c, "schedules.deleted"))
	return c.Redirect(paths.Schedules(room.ID), fiber.StatusSeeOther)
}
