package handlers

import (
	"errors"

	"github.com/gofiber/fiber/v2"

	"bbbportal/links"
	"bbbportal/paths"
	"bbbportal/views"
)

// showJoinCode is /j: the field for a link's short code.
func (h *Handler) showJoinCode(c *fiber.Ctx) error {
	if ok, err := h.allowJoinPage(c, h.links.Limits.Pages); !ok {
		return err
	}
	return render(c, fiber.StatusOK, views.JoinCodePage(h.page(c, "join.code.title", ""), views.JoinCodeView{}))
}

// joinCode opens the link of a typed short code. Wrong codes are limited per address and
// for the whole portal by the links service.
func (h *Handler) joinCode(c *fiber.Ctx) error {
	if ok, err := h.allowJoinPage(c, h.links.Limits.Pages); !ok {
		return err
	}
	code := c.FormValue("code")
	if len(code) > 32 {
		code = code[:32]
	}
	inv, err := h.links.OpenCode(code, h.clientIP(c))
	switch {
	case errors.Is(err, links.ErrTooManyGuesses):
		c.Set(fiber.HeaderRetryAfter, "60")
		return h.joinRefused(c, fiber.StatusTooManyRequests, views.JoinRefusedView{Outcome: "too_many"})
	case errors.Is(err, links.ErrNotFound):
		return render(c, fiber.StatusUnprocessableEntity, views.JoinCodePage(h.page(c, "join.code.title", ""), views.JoinCodeView{Code: code, Wrong: true}))
	case err != nil:
		return err
	}
	return c.Redirect(paths.JoinLink(inv.Token), fiber.StatusSeeOther)
}
