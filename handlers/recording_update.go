package handlers

import (
	"github.com/gofiber/fiber/v2"

	"bbbportal/recordings"
	"bbbportal/views"
)

// updateRecording renames a recording and sets its description (meta_name, meta_description)
// and shows the name BBB reports afterwards.
func (h *Handler) updateRecording(c *fiber.Ctx) error {
	id := c.Params("recordID")
	if !recordings.ValidRecordID(id) {
		return fiber.ErrNotFound
	}
	form := recordings.Rename{Name: c.FormValue("name"), Description: c.FormValue("description")}
	if errs := form.Validate(); len(errs) > 0 {
		for _, f := range []string{"name", "description"} {
			if key, ok := errs[f]; ok {
				h.flash(c, views.FlashError, t(c, key))
			}
		}
		return c.Redirect(recordingsReturn(c), fiber.StatusSeeOther)
	}
	it, err := h.recs.Update(c.UserContext(), currentUser(c), id, form, h.actor(c))
	if err != nil {
		return h.recordingsFailed(c, err)
	}
	h.flash(c, views.FlashSuccess, t(c, "recordings.done.update", "Name", it.Name))
	return c.Redirect(recordingsReturn(c), fiber.StatusSeeOther)
}
