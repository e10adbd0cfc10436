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
	v := views.SchedulesView{RoomID: room.ID, RoomName: room.Name, Form: f, Pager: lp.pager(paths.Schedules(room.ID), pager)}
	for _, sc := range list {
		title := sc.Title
		if title == "" {
			title = room.Name
		}
		v.Rows = append(v.Rows, views.ScheduleRow{ID: sc.ID, Title: title, StartsAt: sc.StartsAt, EndsAt: sc.EndsAt,
			Weekly: sc.Weekly, RepeatUntil: sc.RepeatUntil})
	}
	return render(c, status, views.SchedulesPage(h.page(c, "schedules.title", "rooms"), v))
}
