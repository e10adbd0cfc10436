package handlers

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"bbbportal/audit"
	"bbbportal/views"
)

// auditPageSize: 25 a page like every other list; a page costs what its rows cost, at ten
// entries or a million.
const auditPageSize = 25

// showAudit is the audit log: newest first, filtered by actor, action (prefix), target,
// result, client IP, dates and text in the details, one keyset page at a time.
func (h *Handler) showAudit(c *fiber.Ctx) error {
	f := parseAuditFilter(c)
	errs := f.Validate()
	v := views.AuditView{Filter: f.AuditFilter, ShortIPs: h.audit.ShortIPs(),
		RetentionDays: int(h.cfg.AuditRetention / (24 * time.Hour))}
	v.Problems, v.FieldErrors = fieldProblems(c, errs, auditFilterFields)
	af := f.Filter(errs)
	af.Limit = auditPageSize
	page, err := audit.Find(c.UserContext(), h.db, af)
	if err != nil {
		return err
	}
	v.Entries, v.Next = page.Entries, page.Next
	if v.Targets, err = h.auditTargets(c, page.Entries); err != nil {
		return err
	}
	v.TextFrom, v.TextTo = page.SearchedFrom, page.SearchedTo
	return render(c, fiber.StatusOK, views.AuditPage(h.page(c, "audit.title", "audit"), v))
}
