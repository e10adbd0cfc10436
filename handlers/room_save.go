package handlers

import (
	"github.com/gofiber/fiber/v2"

	"bbbportal/models"
	"bbbportal/paths"
	"bbbportal/rooms"
	"bbbportal/views"
)

// createRoom stores a new room of the signed-in user.
func (h *Handler) createRoom(c *fiber.Ctx) error {
	u := currentUser(c)
	return h.saveRoom(c, &models.Room{OwnerID: u.ID, Owner: *u}, h.page(c, "rooms.new", "rooms"), "rooms.created")
}

// updateRoom saves a change of the room named by :id.
func (h *Handler) updateRoom(c *fiber.Ctx) error {
	room, err := h.targetRoom(c)
	if err != nil {
		return err
	}
	return h.saveRoom(c, room, h.pageTitled(c, room.Name, "rooms"), "rooms.saved")
}

// saveRoom checks the posted form and saves it with its presentation and audit entry, or
// shows the form again with its problems.
func (h *Handler) saveRoom(c *fiber.Ctx, room *models.Room, formPage views.Page, done string) error {
	f, err := parseRoomForm(c)
	if err != nil {
		return err
	}
	if room.ID == 0 {
		changed := f.ShownTemplateID != 0 && f.ShownTemplateID != f.TemplateID
		// The select's htmx request only ever swaps in the settings, also for the template
		// shown already (a second change event); a button press (or Enter) saves.
		if f.SwitchTemplate && (changed || isHTMX(c)) {
			return h.switchTemplate(c, f, formPage)
		}
		if changed {
			if err := h.keepChangedOptions(c, &f); err != nil {
				return err
			}
		}
	}
	ch, check, again, err := h.checkRoomForm(c, room, f)
	if err != nil {
		return err
	}
	if again != nil {
		return render(c, fiber.StatusUnprocessableEntity, views.RoomFormPage(formPage, *again))
	}
	if err := h.rooms.SaveRoom(h.actor(c), room, ch, check); err != nil {
		return h.quotaReached(c, err, paths.Rooms)
	}
	h.flash(c, views.FlashSuccess, t(c, done, "Name", room.Name))
	return c.Redirect(paths.Room(room.ID), fiber.StatusSeeOther)
}

// quotaReached shows the limit an account reached (and goes back to list), or returns err.
func (h *Handler) quotaReached(c *fiber.Ctx, err error, list string) error {
	q, ok := rooms.AsQuota(err)
	if !ok {
		return err
	}
	h.flash(c, views.FlashError, t(c, q.MessageKey(), "Max", q.Max))
	return c.Redirect(list, fiber.StatusSeeOther)
}
