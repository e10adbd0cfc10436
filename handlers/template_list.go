package handlers

import (
	"errors"

	"github.com/gofiber/fiber/v2"

	"bbbportal/models"
	"bbbportal/views"
)

func (h *Handler) listTemplates(c *fiber.Ctx) error {
	u := currentUser(c)
	list, err := models.TemplatesFor(h.db, u)
	if err != nil {
		return err
	}
	owners, err := h.ownerNames(list)
	if err != nil {
		return err
	}
	roomCounts, err := models.RoomCountsByTemplate(h.db)
	if err != nil {
		return err
	}
	rows := make([]views.TemplateRow, 0, len(list))
	for _, tpl := range list {
		row := views.TemplateRow{ID: tpl.ID, Name: tpl.Name, Description: tpl.Description, Global: tpl.IsGlobal(),
			Rooms: roomCounts[tpl.ID], Editable: tpl.EditableBy(u)}
		if tpl.OwnerID != nil {
			row.OwnerName = owners[*tpl.OwnerID]
		}
		rows = append(rows, row)
	}
	return render(c, fiber.StatusOK, views.TemplatesPage(h.page(c, "templates.title", "templates"), rows))
}

// ownerNames maps the owners of personal templates to their display names.
func (h *Handler) ownerNames(list []models.Template) (map[uint]string, error) {
	names := map[uint]string{}
	for _, tpl := range list {
		if tpl.OwnerID == nil || names[*tpl.OwnerID] != "" {
			continue
		}
		u, err := models.UserByID(h.db, *tpl.OwnerID)
		if err != nil && !errors.Is(err, models.ErrNotFound) {
			return nil, err
		}
		if u != nil {
			names[*tpl.OwnerID] = u.DisplayName
		}
	}
	return names, nil
}
