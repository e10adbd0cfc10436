package handlers

import (
	"strconv"

	"github.com/gofiber/fiber/v2"

	"bbbportal/models"
	"bbbportal/views"
)

// linkIDParam is the :linkID of a link route; anything else is 404. Whether the link is
// the room's is the links service's check (ErrNotFound otherwise).
func linkIDParam(c *fiber.Ctx) (uint, error) {
	id, err := strconv.ParseUint(c.Params("linkID"), 10, 32)
	if err != nil || id == 0 {
		return 0, fiber.ErrNotFound
	}
	return uint(id), nil
}

// roomLinks is the links section of a room's page, with the new-link form as given.
func (h *Handler) roomLinks(room *models.Room, form views.LinkForm) (*views.LinksView, error) {
	list, err := h.links.Links(room)
	if err != nil {
		return nil, err
	}
	v := &views.LinksView{RoomID: room.ID, Form: form}
	for _, lv := range list {
		l := lv.Link
		v.Rows = append(v.Rows, views.LinkRow{ID: l.ID, Role: l.Role, Label: l.Label, FixedName: l.FixedName,
			URL: lv.URL, Code: lv.Code, State: lv.State, Uses: l.Uses, MaxUses: l.MaxUses, LastUsedAt: l.LastUsedAt,
			ExpiresAt: l.ExpiresAt, HasAccessCode: l.AccessCodeHash != ""})
	}
	return v, nil
}
