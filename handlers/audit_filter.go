package handlers

import (
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"bbbportal/audit"
	"bbbportal/views"
)

// maxAuditFilter bounds each filter field (the longest stored column is an e-mail).
const maxAuditFilter = 256

// auditFilterForm is the audit log's filter as GET parameters; the CSV export takes the same.
type auditFilterForm struct {
	views.AuditFilter
	Before uint
}

func parseAuditFilter(c *fiber.Ctx) auditFilterForm {
	// Copies: the CSV export reads the filter after the handler has returned.
	q := func(name string) string { return strings.Clone(strings.TrimSpace(c.Query(name))) }
	f := auditFilterForm{AuditFilter: views.AuditFilter{
		Action: q("action"), Actor: q("actor"), TargetType: q("target_type"), Target: q("target_id"),
		Result: q("result"), ClientIP: q("client_ip"), From: q("from"), To: q("to"), Text: q("q"),
	}}
	if before := c.QueryInt("before", 0); before > 0 {
		f.Before = uint(before)
	}
	return f
}

// parseDay reads a date of the filter (an <input type="date">) in the server's time zone.
func parseDay(s string) (time.Time, bool) {
	d, err := time.ParseInLocation(time.DateOnly, s, time.Local)
	return d, err == nil
}

// Validate returns the fields that cannot be used (parameter → message key); Filter leaves
// them out.
func (f auditFilterForm) Validate() map[string]string {
	errs := map[string]string{}
	for name, v := range map[string]string{"action": f.Action, "actor": f.Actor, "target_type": f.TargetType,
		"target_id": f.Target, "client_ip": f.ClientIP, "q": f.Text} {
		if len(v) > maxAuditFilter {
			errs[name] = "auditlog.error.too_long"
		}
	}
	from, fromOK := parseDay(f.From)
	to, toOK := parseDay(f.To)
	if f.From != "" && !fromOK {
		errs["from"] = "auditlog.error.date"
	}
	if f.To != "" && !toOK {
		errs["to"] = "auditlog.error.date"
	}
	if fromOK && toOK && to.Before(from) {
		errs["to"] = "auditlog.error.date_order"
	}
	return errs
}

var auditFilterFields = []formField{
	{"action", "audit-action", "audit.filter_action"},
	{"actor", "audit-actor", "auditlog.filter_actor"},
	{"target_type", "audit-target-type", "auditlog.filter_target_type"},
	{"target_id", "audit-target-id", "auditlog.filter_target_id"},
	{"client_ip", "audit-client-ip", "auditlog.filter_client_ip"},
	{"from", "audit-from", "auditlog.filter_from"},
	{"to", "audit-to", "auditlog.filter_to"},
	{"q", "audit-text", "auditlog.filter_text"},
}

// Filter is the search of the valid fields; an unknown result means any result.
func (f auditFilterForm) Filter(errs map[string]string) audit.Filter {
	keep := func(name, v string) string {
		if errs[name] != "" {
			return ""
		}
		return v
	}
	af := audit.Filter{Action: keep("action", f.Action), Actor: keep("actor", f.Actor),
		TargetType: keep("target_type", f.TargetType), Target: keep("target_id", f.Target),
		ClientIP: keep("client_ip", f.ClientIP), Text: keep("q", f.Text), BeforeID: f.Before}
	switch f.Result {
	case audit.ResultOK, audit.ResultFailed, audit.ResultDenied:
		af.Result = f.Result
	}
	if errs["from"] == "" && errs["to"] == "" {
		if d, ok := parseDay(f.From); ok {
			af.From = d
		}
		if d, ok := parseDay(f.To); ok {
			af.To = d.AddDate(0, 0, 1) // the page's "until" includes its day
		}
	}
	return af
}
