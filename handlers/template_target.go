package handlers

import (
	"errors"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"bbbportal/models"
	"bbbportal/rooms"
	"bbbportal/views"
)

func templateID(c *fiber.Ctx) (uint, error) {
	id, err := c.ParamsInt("id")
	if err != nil || id <= 0 {
		return 0, fiber.ErrNotFound
	}
	return uint(id), nil
}

// targetTemplate loads the template named by :id if the user may see it (else 404).
func (h *Handler) targetTemplate(c *fiber.Ctx) (*models.Template, error) {
	id, err := templateID(c)
	if err != nil {
		return nil, err
	}
	return templateOrStatus(h.rooms.Template(currentUser(c), id))
}

// editableTemplate loads :id for a change: 404 if the user cannot see it, 403 if they may only use it.
func (h *Handler) editableTemplate(c *fiber.Ctx) (*models.Template, error) {
	id, err := templateID(c)
	if err != nil {
		return nil, err
	}
	return templateOrStatus(h.rooms.EditableTemplate(currentUser(c), id))
}

func templateOrStatus(tpl *models.Template, err error) (*models.Template, error) {
	switch {
	case errors.Is(err, rooms.ErrNotFound):
		return nil, fiber.ErrNotFound
	case errors.Is(err, rooms.ErrForbidden):
		return nil, fiber.ErrForbidden
	}
	return tpl, err
}

// templateFormView fills the parts of the edit page that do not depend on the options.
func (h *Handler) templateFormView(c *fiber.Ctx, tpl *models.Template) (views.TemplateForm, error) {
	u := currentUser(c)
	f := views.TemplateForm{ID: tpl.ID, Name: tpl.Name, Description: tpl.Description, Global: tpl.IsGlobal(),
		Editable: tpl.EditableBy(u), MaxDuration: minutesText(tpl.MaxDurationMinutes)}
	n, err := models.CountRoomsUsing(h.db, tpl.ID)
	if err != nil {
		return f, err
	}
	f.RoomsUsing = n
	if n == 0 {
		return f, nil
	}
	targets, err := h.rooms.MoveTargets(u, tpl)
	for _, other := range targets {
		f.MoveTargets = append(f.MoveTargets, views.TemplateChoice{ID: other.ID, Name: other.Name})
	}
	return f, err
}

func minutesText(m int) string {
	if m <= 0 {
		return ""
	}
	return strconv.Itoa(m)
}

// pageTitled is page with a title that needs no translation (a template's or room's name).
func (h *Handler) pageTitled(c *fiber.Ctx, title, nav string) views.Page {
	p := h.page(c, "app.name", nav)
	p.Title = title
	return p
}
