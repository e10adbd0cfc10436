package handlers

import (
	"github.com/gofiber/fiber/v2"

	"bbbportal/models"
	"bbbportal/paths"
	"bbbportal/views"
)

// maxCountedRooms is where the templates list stops counting a template's rooms ("100+").
const maxCountedRooms = 100

func (h *Handler) listTemplates(c *fiber.Ctx) error {
	u := currentUser(c)
	lp := parseListPage(c)
	list, pager, err := models.TemplatesPage(h.db, u, models.TemplateQuery{Search: lp.Search, Keyset: lp.Keyset})
	if err != nil {
		return err
	}
	ids := make([]uint, len(list))
	for i, tpl := range list {
		ids[i] = tpl.ID
	}
	roomCounts, err := models.RoomCountsUpTo(h.db, ids, maxCountedRooms+1)
	if err != nil {
		return err
	}
	rows := make([]views.TemplateRow, 0, len(list))
	for _, tpl := range list {
		editable := u.IsAdmin()
		if !tpl.IsGlobal() {
			editable = *tpl.OwnerID == u.ID
		}
		rows = append(rows, views.TemplateRow{ID: tpl.ID, Name: tpl.Name, Description: tpl.Description, Global: tpl.IsGlobal(),
			OwnerName: tpl.OwnerName, Rooms: min(roomCounts[tpl.ID], maxCountedRooms), RoomsMore: roomCounts[tpl.ID] > maxCountedRooms,
			Editable: editable})
	}
	return render(c, fiber.StatusOK, views.TemplatesPage(h.page(c, "templates.title", "templates"),
		views.TemplatesView{Rows: rows, Search: lp.Search, Pager: lp.pager(paths.Templates, pager)}))
}
