package handlers

import (
	"github.com/gofiber/fiber/v2"

	"bbbportal/views"
)

// publishRecordings publishes the selected recordings and shows the state BBB reports afterwards.
func (h *Handler) publishRecordings(c *fiber.Ctx) error { return h.setPublished(c, true) }

// unpublishRecordings unpublishes the selected recordings (nobody can watch them until published again).
func (h *Handler) unpublishRecordings(c *fiber.Ctx) error { return h.setPublished(c, false) }

func (h *Handler) setPublished(c *fiber.Ctx, publish bool) error {
	ids := postedRecordIDs(c)
	if len(ids) == 0 {
		h.flash(c, views.FlashError, t(c, "recordings.none_selected"))
		return c.Redirect(recordingsReturn(c), fiber.StatusSeeOther)
	}
	items, err := h.recs.Publish(c.UserContext(), currentUser(c), ids, publish, h.actor(c))
	if err != nil {
		return h.recordingsFailed(c, err)
	}
	key := "recordings.done.unpublish"
	if publish {
		key = "recordings.done.publish"
	}
	h.flash(c, views.FlashSuccess, t(c, key, "States", statesText(c, items)))
	return c.Redirect(recordingsReturn(c), fiber.StatusSeeOther)
}
