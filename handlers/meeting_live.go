package handlers

import (
	"github.com/gofiber/fiber/v2"

	"bbbportal/views"
)

func (h *Handler) showLive(c *fiber.Ctx) error {
	v, err := h.liveView(c)
	if err != nil {
		return err
	}
	return render(c, fiber.StatusOK, views.LivePage(h.page(c, "live.title", "live"), v))
}

// liveRows is the htmx refresh of the live view's table.
func (h *Handler) liveRows(c *fiber.Ctx) error {
	v, err := h.liveView(c)
	if err != nil {
		return err
	}
	return render(c, fiber.StatusOK, views.LiveRowsPartial(h.page(c, "live.title", "live"), v))
}
