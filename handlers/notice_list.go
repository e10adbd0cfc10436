package handlers

import (
	"github.com/gofiber/fiber/v2"

	"bbbportal/models"
	"bbbportal/views"
)

// maxNoticesShown bounds the notices page.
const maxNoticesShown = 50

// listNotices shows the user's notices (recordings ready to watch), unseen first.
func (h *Handler) listNotices(c *fiber.Ctx) error {
	notices, err := h.recs.Notices(currentUser(c).ID, maxNoticesShown)
	if err != nil {
		return err
	}
	return render(c, fiber.StatusOK, views.NoticesPage(h.page(c, "recordings.notices.title", "notices"), views.NoticesView{Notices: notices}))
}

// unseenNotices counts the badge of the navigation; a failure only hides the badge.
func (h *Handler) unseenNotices(c *fiber.Ctx, u *models.User) int64 {
	if u == nil || h.recs == nil {
		return 0
	}
	n, err := h.recs.Unseen(u.ID)
	if err != nil {
		h.log.Warn("cannot count unseen notices", "error", err, "request_id", requestIDOf(c))
	}
	return n
}
