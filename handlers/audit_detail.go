package handlers

import (
	"errors"

	"github.com/gofiber/fiber/v2"

	"bbbportal/audit"
	"bbbportal/views"
)

// showAuditEntry is one audit entry: the before and after of every changed field, the other
// details, and its target linked while the object exists.
func (h *Handler) showAuditEntry(c *fiber.Ctx) error {
	id, err := c.ParamsInt("id")
	if err != nil || id <= 0 {
		return fiber.ErrNotFound
	}
	e, err := audit.Get(h.db.WithContext(c.UserContext()), uint(id))
	if errors.Is(err, audit.ErrNotFound) {
		return render(c, fiber.StatusNotFound, views.ErrorPage(h.page(c, "error.title", "audit"), views.ErrorView{Message: t(c, "auditlog.not_found"), Status: fiber.StatusNotFound}))
	}
	if err != nil {
		return err
	}
	target, err := h.auditTarget(c, e)
	if err != nil {
		return err
	}
	return render(c, fiber.StatusOK, views.AuditDetailPage(h.page(c, "audit.title", "audit"), views.AuditDetailView{Detail: audit.Describe(*e), Target: target}))
}
