package handlers

import (
	"bufio"
	"context"
	"time"

	"github.com/gofiber/fiber/v2"

	"bbbportal/audit"
)

// auditExportTimeout bounds one export (a million rows take about ten seconds).
const auditExportTimeout = 30 * time.Minute

// exportAudit streams the entries of the page's filter as CSV, newest first. The rows are
// read a batch at a time and written to the connection as they come, so memory stays the
// same for a thousand rows and for a million. The export itself is audited once it ends,
// with the number of rows (and so does not find itself).
func (h *Handler) exportAudit(c *fiber.Ctx) error {
	f := parseAuditFilter(c)
	errs := f.Validate()
	af := f.Filter(errs)
	af.BeforeID = 0 // the whole log of the filter, not the page being looked at
	who := h.actor(c)
	who.Action, who.TargetType, who.Result = "audit.export", "audit", audit.ResultOK
	who.Details = map[string]any{"filter": f.Query().Encode()}
	name := "audit-" + time.Now().UTC().Format("20060102-150405") + ".csv"
	c.Set(fiber.HeaderContentType, "text/csv; charset=utf-8")
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="`+name+`"`)
	c.Set(fiber.HeaderCacheControl, "no-store")
	db, log, writer := h.db, h.log, h.audit
	// The writer runs after the handler returns, when c belongs to the next request: it must
	// use only what is captured here.
	c.Context().SetBodyStreamWriter(func(w *bufio.Writer) {
		ctx, cancel := context.WithTimeout(context.Background(), auditExportTimeout)
		defer cancel()
		n, err := audit.Export(ctx, db, af, w)
		who.Details["rows"] = n
		if err != nil {
			// Headers are sent: the download ends short. A closed connection lands here too.
			who.Result, who.Details["problem"] = audit.ResultFailed, "the download ended before the last row"
			log.Warn("audit export stopped", "rows", n, "error", err, "request_id", who.RequestID)
		}
		if err := writer.Write(ctx, who); err != nil {
			log.Error("audit of an export", "error", err, "request_id", who.RequestID)
		}
		w.Flush()
	})
	return nil
}
