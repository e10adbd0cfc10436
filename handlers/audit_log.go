package handlers

import (
	"strings"

	"github.com/gofiber/fiber/v2"

	"bbbportal/audit"
	"bbbportal/views"
)

const auditPageSize = 50

// showAudit is the audit log: newest first, filtered by action prefix, actor and result.
func (h *Handler) showAudit(c *fiber.Ctx) error {
	f := views.AuditFilter{
		Action: strings.TrimSpace(c.Query("action")),
		Actor:  strings.TrimSpace(c.Query("actor")),
		Result: c.Query("result"),
	}
	switch f.Result {
	case "", audit.ResultOK, audit.ResultFailed, audit.ResultDenied:
	default:
		f.Result = ""
	}
	before := c.QueryInt("before", 0)
	if before < 0 {
		before = 0
	}
	entries, err := audit.Search(h.db, audit.Filter{Action: f.Action, Actor: f.Actor, Result: f.Result,
		BeforeID: uint(before), Limit: auditPageSize + 1})
	if err != nil {
		return err
	}
	var next uint
	if len(entries) > auditPageSize {
		entries = entries[:auditPageSize]
		next = entries[len(entries)-1].ID
	}
	return render(c, fiber.StatusOK, views.AuditPage(h.page(c, "audit.title", "audit"), f, entries, next))
}
