package handlers_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"bbbportal/audit"
	"bbbportal/handlers"
)

func TestAuditLogListsFiltersAndPages(t *testing.T) {
	t.Parallel()
	p := startPortal(t, nil)
	p.createUser("admin@school.test", "admin", "admin password 1")
	p.createUser("kim@school.test", "teacher", "teacher password 1")
	ctx := context.Background()
	for i := range handlers.AuditPageSize + 10 {
		if err := p.P.Audit.Write(ctx, audit.Record{ActorEmail: "kim@school.test", Action: "room.update", TargetType: "room",
			TargetID: fmt.Sprint(i), Result: audit.ResultOK, Details: map[string]any{"name": "<script>alert(1)</script>"}}); err != nil {
			t.Fatal(err)
		}
	}
	if err := p.P.Audit.Write(ctx, audit.Record{ActorEmail: "eve@school.test", Action: "meeting.end.callback", Result: audit.ResultDenied}); err != nil {
		t.Fatal(err)
	}

	teacher := newBrowser(t, p.URL)
	teacher.login("kim@school.test", "teacher password 1")
	if pg := teacher.get("/admin/audit"); pg.Status != http.StatusForbidden {
		t.Fatalf("teacher got the audit log: %d", pg.Status)
	}

	admin := newBrowser(t, p.URL)
	admin.login("admin@school.test", "admin password 1")
	pg := admin.get("/admin/audit")
	if pg.Status != http.StatusOK {
		t.Fatalf("status %d", pg.Status)
	}
	pg.contains(t, "meeting.end.callback")
	pg.contains(t, "auth.login") // the logins above are audited too
	if strings.Contains(pg.Body, "<script>alert(1)") {
		t.Fatal("details are not escaped")
	}
	pg.contains(t, "&lt;script&gt;")

	denied := admin.get("/admin/audit?result=denied")
	denied.contains(t, "eve@school.test")
	if strings.Contains(denied.Body, "room.update") {
		t.Error("result filter let other entries through")
	}

	rooms := admin.get("/admin/audit?action=room.")
	if n := strings.Count(rooms.Body, "<code>room.update</code>"); n != handlers.AuditPageSize {
		t.Fatalf("first page has %d room entries, want %d", n, handlers.AuditPageSize)
	}
	next := strings.Index(rooms.Body, `href="/admin/audit?`)
	if next < 0 {
		t.Fatal("no link to older entries")
	}
	link := rooms.Body[next+len(`href="`):]
	link = strings.ReplaceAll(link[:strings.Index(link, `"`)], "&amp;", "&")
	older := admin.get(link)
	if n := strings.Count(older.Body, "<code>room.update</code>"); n != 10 {
		t.Errorf("second page has %d room entries, want 10", n)
	}
	if strings.Contains(older.Body, `href="/admin/audit?`) {
		t.Error("last page links to more")
	}
}
