package handlers

import (
	"github.com/gofiber/fiber/v2"

	"bbbportal/models"
	"bbbportal/paths"
	"bbbportal/views"
)

func (h *Handler) confirmDeleteRoom(c *fiber.Ctx) error {
	room, err := h.targetRoom(c)
	if err != nil {
		return err
	}
	return h.renderDeleteConfirmation(c, room)
}

// renderDeleteConfirmation asks BBB (not the cached list) whether the meeting runs, so that
// the warning is current.
func (h *Handler) renderDeleteConfirmation(c *fiber.Ctx, room *models.Room) error {
	v := h.roomView(c, room)
	m, status := h.meetingNow(c, room.MeetingID)
	if status.Down() {
		n := peopleNow(m, status)
		v.Unchecked = &n
	} else if m != nil {
		v.Status = views.RoomStatus{Running: true, Participants: m.ParticipantCount}
	}
	return render(c, fiber.StatusOK, views.RoomDeletePage(h.pageTitled(c, room.Name, "rooms"), v))
}

// deleteRoom deletes a room once confirmed; a running meeting is ended first (and watched until
// BBB confirms the end).
func (h *Handler) deleteRoom(c *fiber.Ctx) error {
	room, err := h.targetRoom(c)
	if err != nil {
		return err
	}
	if c.FormValue("confirm") != "yes" {
		return h.renderDeleteConfirmation(c, room)
	}
	if err := h.rooms.DeleteRoom(c.UserContext(), h.actor(c), room); err != nil {
		return err
	}
	h.flash(c, views.FlashSuccess, t(c, "rooms.deleted", "Name", room.Name))
	return c.Redirect(paths.Rooms, fiber.StatusSeeOther)
}
