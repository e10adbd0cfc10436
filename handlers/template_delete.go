package handlers

import (
	"errors"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"bbbportal/models"
	"bbbportal/paths"
	"bbbportal/rooms"
	"bbbportal/views"
)

// deleteTemplate deletes a template the user may change; rooms that use it move to the
// template named by move_to, or the deletion is refused.
func (h *Handler) deleteTemplate(c *fiber.Ctx) error {
	tpl, err := h.editableTemplate(c)
	if err != nil {
		return err
	}
	var moveTo *uint
	if raw := c.FormValue("move_to"); raw != "" {
		id, err := strconv.ParseUint(raw, 10, 32)
		if err != nil {
			return fiber.ErrBadRequest
		}
		target := uint(id)
		moveTo = &target
	}
	moved, err := h.rooms.DeleteTemplate(h.actor(c), currentUser(c), tpl, moveTo)
	switch {
	case errors.Is(err, rooms.ErrBadMoveTarget):
		return fiber.ErrBadRequest
	case errors.Is(err, models.ErrTemplateInUse):
		h.flash(c, views.FlashError, t(c, "templates.in_use_refused", "Count", moved))
		return c.Redirect(paths.Template(tpl.ID), fiber.StatusSeeOther)
	case err != nil:
		return err
	}
	h.flash(c, views.FlashSuccess, t(c, "templates.deleted", "Name", tpl.Name))
	return c.Redirect(paths.Templates, fiber.StatusSeeOther)
}
