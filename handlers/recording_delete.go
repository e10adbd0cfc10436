package handlers

import (
	"github.com/gofiber/fiber/v2"

	"bbbportal/views"
)

// deleteRecordings first shows a confirmation naming every selected recording; posted again
// with confirm=yes it deletes them and shows the state BBB reports afterwards.
func (h *Handler) deleteRecordings(c *fiber.Ctx) error {
	ids := postedRecordIDs(c)
	if len(ids) == 0 {
		h.flash(c, views.FlashError, t(c, "recordings.none_selected"))
		return c.Redirect(recordingsReturn(c), fiber.StatusSeeOther)
	}
	u := currentUser(c)
	if c.FormValue("confirm") != "yes" {
		items, err := h.recs.Get(c.UserContext(), u, ids)
		if err != nil {
			return h.recordingsFailed(c, err)
		}
		v := views.RecordingsDeleteView{Items: items, Return: recordingsReturn(c)}
		return render(c, fiber.StatusOK, views.RecordingsDeletePage(h.page(c, "recordings.confirm_delete.title", "recordings"), v))
	}
	items, err := h.recs.Delete(c.UserContext(), u, ids, h.actor(c))
	if err != nil {
		return h.recordingsFailed(c, err)
	}
	h.flash(c, views.FlashSuccess, t(c, "recordings.done.delete", "States", statesText(c, items)))
	return c.Redirect(recordingsReturn(c), fiber.StatusSeeOther)
}
