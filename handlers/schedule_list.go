package handlers

import (
	"github.com/gofiber/fiber/v2"

	"bbbportal/models"
	"bbbportal/paths"
	"bbbportal/views"
)

func (h *Handler) listSchedules(c *fiber.Ctx) error {
	room, err := h.targetRoom(c)
	if err != nil {
		return err
	}
	return h.renderSchedules(c, fiber.StatusOK, room, views.ScheduleForm{})
}

func (h *Handler) renderSchedules(c *fiber.Ctx, status int, room *models.Room, f views.ScheduleForm) error {
	lp := parseListPage(c)
	list, pager, err := models.SchedulesPage(h.db, room.ID, lp.Keyset)
	if err != nil {
		return err
	}
	f.Unavailable = h.unavailable(c)
	return render(c, status, views.SchedulesPage(h.page(c, "schedules.title", "rooms"), room, list, f, lp.pager(paths.Schedules(room.ID), pager)))
}
