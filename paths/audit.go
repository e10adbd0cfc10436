package paths

import (
	"net/url"
	"strconv"
)

// AdminAuditCSV is the audit log's export (the page's filters as query).
const AdminAuditCSV = "/admin/audit.csv"

// AuditEntry is the detail page of one audit entry.
func AuditEntry(entryID uint) string {
	return AdminAudit + "/" + strconv.FormatUint(uint64(entryID), 10)
}

// UserSearch is the admin's account list searched for an e-mail (there is no page per account).
func UserSearch(email string) string { return AdminUsers + "?q=" + url.QueryEscape(email) }
