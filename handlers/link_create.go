package handlers

import (
	"errors"
	"time"

	"github.com/gofiber/fiber/v2"

	"bbbportal/links"
	"bbbportal/models"
	"bbbportal/paths"
	"bbbportal/views"
)

// createLink adds a join link to the room. A form with problems shows the room page again
// with the problems at their fields.
func (h *Handler) createLink(c *fiber.Ctx) error {
	room, err := h.targetRoom(c)
	if err != nil {
		return err
	}
	var f links.Form
	if err := c.BodyParser(&f); err != nil {
		return fiber.ErrBadRequest
	}
	spec, errs := f.Validate(time.Now(), time.Local)
	if len(errs) == 0 {
		_, err = h.links.Create(c.UserContext(), room, currentUser(c), spec, h.actor(c))
		if errors.Is(err, links.ErrTooManyLinks) {
			errs = map[string]string{"role": "links.err.too_many"}
		} else if err != nil {
			return err
		}
	}
	if len(errs) > 0 {
		form := views.LinkForm{Role: f.Role, Label: f.Label, FixedName: f.FixedName, ExpiresAt: f.ExpiresAt,
			MaxUses: f.MaxUses, Errors: errs}
		return h.roomPageWithLinks(c, room, form, fiber.StatusUnprocessableEntity)
	}
	h.flash(c, views.FlashSuccess, t(c, "links.created"))
	return c.Redirect(paths.Room(room.ID)+"#links", fiber.StatusSeeOther)
}

// roomPageWithLinks renders the room page as showRoom does, with the new-link form as given.
func (h *Handler) roomPageWithLinks(c *fiber.Ctx, room *models.Room, form views.LinkForm, status int) error {
	v := h.roomView(c, room)
	v.Settings = effectiveSettings(c, room.Template.Settings, room.Effective())
	var err error
	if v.Recordings, err = h.roomRecordings(c, room); err != nil {
		return err
	}
	if v.Links, err = h.roomLinks(room, form); err != nil {
		return err
	}
	return render(c, status, views.RoomPage(h.pageTitled(c, room.Name, "rooms"), v))
}
