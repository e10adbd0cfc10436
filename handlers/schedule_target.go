package handlers

import (
	"github.com/gofiber/fiber/v2"

	"bbbportal/models"
)

// roomSchedule loads the schedule :sid of the room :id.
func (h *Handler) roomSchedule(c *fiber.Ctx) (*models.Room, *models.Schedule, error) {
	room, err := h.targetRoom(c)
	if err != nil {
		return nil, nil, err
	}
	sid, err := c.ParamsInt("sid")
	if err != nil || sid <= 0 {
		return nil, nil, fiber.ErrNotFound
	}
	list, err := models.SchedulesOfRoom(h.db, room.ID)
	if err != nil {
		return nil, nil, err
	}
	for i := range list {
		if list[i].ID == uint(sid) {
			return room, &list[i], nil
		}
	}
	return nil, nil, fiber.ErrNotFound
}
