package handlers_test

import (
	"testing"

	"bbbportal/models"
)

// With AUDIT_SHORTEN_IPS the audit log stores a sign-in's address as its network only.
func TestAuditShortensClientIPsWhenConfigured(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		env, want string
	}{
		{"true", "127.0.0.0"},
		{"false", "127.0.0.1"},
	} {
		p := startPortal(t, map[string]string{"AUDIT_SHORTEN_IPS": tc.env})
		p.createUser("ada@example.org", models.RoleTeacher, "0123456789")
		newBrowser(t, p.URL).login("ada@example.org", "0123456789")
		entries := p.auditEntries("auth.login")
		if len(entries) != 1 || entries[0].ClientIP != tc.want {
			t.Errorf("AUDIT_SHORTEN_IPS=%s: login entries %+v, want one with client IP %s", tc.env, entries, tc.want)
		}
	}
}
