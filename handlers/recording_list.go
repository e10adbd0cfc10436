package handlers

import (
	"github.com/gofiber/fiber/v2"

	"bbbportal/models"
	"bbbportal/paths"
	"bbbportal/recordings"
	"bbbportal/views"
)

// listMyRecordings is "my recordings": every recording of the rooms the user owns or co-owns.
func (h *Handler) listMyRecordings(c *fiber.Ctx) error {
	u := currentUser(c)
	refs, err := models.RoomRefsFor(h.db, u, false)
	if err != nil {
		return err
	}
	v, err := h.recordingsList(c, paths.MyRecordings, refs, parseRecordingsFilter(c), func(q recordings.Query) (*recordings.Page, error) {
		return h.recs.Mine(c.UserContext(), u, q)
	})
	if err != nil {
		return err
	}
	v.Title = t(c, "recordings.title_mine")
	return render(c, fiber.StatusOK, views.RecordingsPage(h.page(c, "recordings.title_mine", "recordings"), v))
}

// listAllRecordings is the admin's list of every recording on the BBB server, including
// meetings the portal did not create (from a cached listing that says when it was read).
func (h *Handler) listAllRecordings(c *fiber.Ctx) error {
	u := currentUser(c)
	refs, err := models.RoomRefsFor(h.db, u, true)
	if err != nil {
		return err
	}
	v, err := h.recordingsList(c, paths.AdminRecordings, refs, parseRecordingsFilter(c), func(q recordings.Query) (*recordings.Page, error) {
		return h.recs.All(c.UserContext(), u, q)
	})
	if err != nil {
		return err
	}
	v.Title, v.Admin = t(c, "recordings.title_all"), true
	return render(c, fiber.StatusOK, views.RecordingsPage(h.page(c, "recordings.title_all", "admin-recordings"), v))
}

// roomRecordings is the recordings part of a room's page.
func (h *Handler) roomRecordings(c *fiber.Ctx, room *models.Room) (*views.RecordingsView, error) {
	v, err := h.recordingsList(c, paths.Room(room.ID), nil, parseRecordingsFilter(c), func(q recordings.Query) (*recordings.Page, error) {
		return h.recs.ForManagedRoom(c.UserContext(), room, q) // room: from targetRoom, so managed by the user
	})
	if err != nil {
		return nil, err
	}
	v.ShowRoom, v.Filter.Room = false, 0
	return &v, nil
}
