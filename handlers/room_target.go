package handlers

import (
	"errors"

	"github.com/gofiber/fiber/v2"
	"gorm.io/gorm"

	"bbbportal/meetings"
	"bbbportal/models"
	"bbbportal/views"
)

// targetRoom loads the room named by :id if the user manages it; otherwise 404, as if it did not exist.
func (h *Handler) targetRoom(c *fiber.Ctx) (*models.Room, error) {
	return h.targetRoomBy(c, models.RoomFor)
}

// shownRoom is targetRoom for the room page: the room with only what the page shows.
func (h *Handler) shownRoom(c *fiber.Ctx) (*models.Room, error) {
	return h.targetRoomBy(c, models.RoomShownFor)
}

func (h *Handler) targetRoomBy(c *fiber.Ctx, read func(*gorm.DB, uint, *models.User) (*models.Room, error)) (*models.Room, error) {
	id, err := c.ParamsInt("id")
	if err != nil || id <= 0 {
		return nil, fiber.ErrNotFound
	}
	room, err := read(h.db, uint(id), currentUser(c))
	if errors.Is(err, models.ErrNotFound) {
		return nil, fiber.ErrNotFound
	}
	return room, err
}

// liveStatus reads the cached meeting list of the BBB server. When BBB cannot be read the
// rooms are shown with the last known status and the banner saying so.
func (h *Handler) liveStatus(c *fiber.Ctx) (meetings.LiveSnapshot, views.BBBStatus) {
	snap := h.meetings.Live.Get(c.UserContext())
	return snap, h.bbbStatus(snap)
}

func statusOf(snap meetings.LiveSnapshot, meetingID string) views.RoomStatus {
	m, ok := snap.Find(meetingID)
	if !ok {
		return views.RoomStatus{}
	}
	return views.RoomStatus{Running: true, Participants: m.ParticipantCount}
}

// roomView is the view model of the room page and the pages about one room.
func (h *Handler) roomView(c *fiber.Ctx, room *models.Room) views.RoomView {
	snap, status := h.liveStatus(c)
	v := views.RoomView{ID: room.ID, Name: room.Name, Owner: room.Owner.DisplayName, Template: room.Template.Name,
		MeetingID: room.MeetingID, Status: statusOf(snap, room.MeetingID), BBB: status,
		CanDelete: true}
	for _, co := range room.CoOwners {
		v.CoOwners = append(v.CoOwners, co.DisplayName)
	}
	return v
}
