package handlers

import (
	"errors"
	"slices"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"bbbportal/models"
	"bbbportal/views"
)

// coOwnerResults bounds the picker's answers: it finds colleagues, it does not list them.
const coOwnerResults = 10

// coOwnerPicker fills the room form's co-owner part: the current co-owners of a room of owner,
// ticked, and the answers of the search the page was asked with (?coowner_q=, the picker's
// search without JavaScript).
func (h *Handler) coOwnerPicker(c *fiber.Ctx, f *views.RoomForm, owner uint, current []uint) error {
	people, err := models.CoOwnerCandidates(h.db, owner, current)
	if err != nil {
		return err
	}
	for _, p := range people {
		f.CoOwners = append(f.CoOwners, views.CoOwnerChoice{ID: p.ID, Name: p.DisplayName, Email: p.Email, Checked: true})
	}
	f.CoOwnerSearch = coOwnerQuery(c)
	f.CoOwnerFound, err = h.coOwnersFound(owner, f.CoOwnerSearch, current)
	return err
}

func coOwnerQuery(c *fiber.Ctx) string {
	q := strings.TrimSpace(c.Query("coowner_q"))
	if len([]rune(q)) > 100 {
		q = string([]rune(q)[:100])
	}
	return q
}

// coOwnersFound are the enabled accounts whose name or e-mail begins with search, other than
// owner and the current co-owners.
func (h *Handler) coOwnersFound(owner uint, search string, current []uint) ([]views.CoOwnerChoice, error) {
	if search == "" {
		return nil, nil
	}
	people, err := models.CoOwnerSearch(h.db, owner, search, coOwnerResults+len(current))
	if err != nil {
		return nil, err
	}
	var found []views.CoOwnerChoice
	for _, p := range people {
		if !slices.Contains(current, p.ID) && len(found) < coOwnerResults {
			found = append(found, views.CoOwnerChoice{ID: p.ID, Name: p.DisplayName, Email: p.Email})
		}
	}
	return found, nil
}

// searchCoOwners answers the picker's search as it is typed (htmx): the result list alone.
// ?room= names the room being edited, whose owner and co-owners are left out.
func (h *Handler) searchCoOwners(c *fiber.Ctx) error {
	u := currentUser(c)
	owner, current := u.ID, []uint(nil)
	if raw := c.Query("room"); raw != "" {
		id, err := strconv.ParseUint(raw, 10, 32)
		if err != nil {
			return fiber.ErrNotFound
		}
		room, err := models.RoomFor(h.db, uint(id), u)
		if errors.Is(err, models.ErrNotFound) {
			return fiber.ErrNotFound
		}
		if err != nil {
			return err
		}
		owner, current = room.OwnerID, coOwnerIDs(room)
	}
	search := coOwnerQuery(c)
	found, err := h.coOwnersFound(owner, search, current)
	if err != nil {
		return err
	}
	return render(c, fiber.StatusOK, views.CoOwnerFound(search, found))
}
