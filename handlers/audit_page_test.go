package handlers_test

import (
	"context"
	"encoding/csv"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"bbbportal/audit"
	"bbbportal/models"
)

func TestAuditPageFiltersEveryFieldAndExportsTheSameAsCSV(t *testing.T) {
	t.Parallel()
	p := startPortal(t, nil)
	admin := p.createUser("admin@school.test", models.RoleAdmin, testPassword)
	ctx := context.Background()
	write := func(r audit.Record) {
		t.Helper()
		if err := p.P.Audit.Write(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	write(audit.Record{ActorID: admin.ID, ActorEmail: admin.Email, Action: "room.update", TargetType: "room", TargetID: "41",
		Result: audit.ResultOK, ClientIP: "203.0.113.7", Details: map[string]any{"name": "Chemistry lab"}})
	write(audit.Record{ActorEmail: "kim@school.test", Action: "room.delete", TargetType: "room", TargetID: "42",
		Result: audit.ResultFailed, ClientIP: "198.51.100.9", Details: map[string]any{"name": "Old room"}})
	write(audit.Record{ActorEmail: "=HYPERLINK(\"https://evil.example\")", Action: "auth.login", Result: audit.ResultDenied})
	write(audit.Record{ActorEmail: "eve@school.test", Action: "template.update", TargetType: "template", TargetID: "42",
		Result: audit.ResultDenied, ClientIP: "198.51.100.9"})

	b := newBrowser(t, p.URL)
	b.login(admin.Email, testPassword)
	cases := []struct {
		query     string
		want      []string
		wantNot   []string
		csvLength int // data rows of the export
	}{
		{"actor=KIM@school.test", []string{"room.delete"}, []string{"room.update", "template.update"}, 1},
		{"actor=" + itoa(admin.ID), []string{"room.update"}, []string{"room.delete"}, -1},
		{"action=room.", []string{"room.update", "room.delete"}, []string{"template.update"}, -1},
		{"target_type=room&target_id=42", []string{"room.delete"}, []string{"room.update", "template.update"}, 1},
		{"target_id=42", []string{"room.delete", "template.update"}, []string{"room.update"}, 2},
		{"result=denied&action=template.", []string{"template.update"}, []string{"room.delete"}, 1},
		{"client_ip=198.51.100.9", []string{"room.delete", "template.update"}, []string{"room.update"}, 2},
		{"q=chemistry", []string{"room.update"}, []string{"room.delete"}, 1},
		{"from=" + time.Now().AddDate(0, 0, 1).Format(time.DateOnly), nil, []string{"room.update", "room.delete"}, 0},
		{"to=" + time.Now().AddDate(0, 0, -1).Format(time.DateOnly), nil, []string{"room.update"}, 0},
		{"from=" + time.Now().Format(time.DateOnly) + "&to=" + time.Now().Format(time.DateOnly) + "&target_id=42",
			[]string{"room.delete", "template.update"}, []string{"room.update"}, 2},
	}
	for _, tc := range cases {
		pg := b.get("/admin/audit?" + tc.query)
		if pg.Status != http.StatusOK {
			t.Fatalf("%s: status %d", tc.query, pg.Status)
		}
		for _, w := range tc.want {
			if !strings.Contains(pg.Body, "<code>"+w+"</code>") {
				t.Errorf("%s: %s missing", tc.query, w)
			}
		}
		for _, w := range tc.wantNot {
			if strings.Contains(pg.Body, "<code>"+w+"</code>") {
				t.Errorf("%s: %s shown", tc.query, w)
			}
		}
		// The page links the export of its own filter.
		q, _ := url.ParseQuery(tc.query)
		if !strings.Contains(pg.Body, `href="/admin/audit.csv?`+strings.ReplaceAll(q.Encode(), "&", "&amp;")+`"`) {
			t.Errorf("%s: no export link of the filter", tc.query)
		}
		if tc.csvLength < 0 {
			continue
		}
		resp := b.get("/admin/audit.csv?" + tc.query)
		if resp.Status != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/csv") ||
			!strings.Contains(resp.Header.Get("Content-Disposition"), "attachment") {
			t.Fatalf("%s: export %d %v", tc.query, resp.Status, resp.Header)
		}
		rows, err := csv.NewReader(strings.NewReader(resp.Body)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if len(rows)-1 != tc.csvLength || rows[0][0] != "id" {
			t.Errorf("%s: export has %d rows, want %d:\n%s", tc.query, len(rows)-1, tc.csvLength, resp.Body)
		}
	}
	all := b.get("/admin/audit.csv")
	if !strings.Contains(all.Body, `'=HYPERLINK`) || strings.Contains(all.Body, `,=HYPERLINK`) {
		t.Errorf("a formula in a cell is not defused:\n%s", all.Body)
	}
	if e := p.auditEntries("audit.export"); len(e) == 0 || e[0].ActorEmail != admin.Email {
		t.Errorf("exports are not audited: %+v", e)
	}

	bad := b.get("/admin/audit?from=yesterday&actor=kim@school.test")
	bad.contains(t, "Enter a date as YYYY-MM-DD; this filter was left out.")
	bad.contains(t, "<code>room.delete</code>") // the other filters still apply
	if strings.Contains(bad.Body, "<code>room.update</code>") {
		t.Error("an invalid date dropped the actor filter")
	}
	policy := b.get("/admin/audit")
	policy.contains(t, "Entries are kept for 365 days")
	policy.contains(t, "Client IP addresses are stored in full.")
}

func TestAuditEntryShowsBeforeAfterAndLinksTargetsThatExist(t *testing.T) {
	t.Parallel()
	p := startPortal(t, map[string]string{"AUDIT_RETENTION": "30d", "AUDIT_SHORTEN_IPS": "true"})
	admin := p.createUser("admin@school.test", models.RoleAdmin, testPassword)
	b := newBrowser(t, p.URL)
	b.login(admin.Email, testPassword)
	// A real change through the pages: the room's name and an option.
	form := b.get("/rooms/new")
	if form.Status != http.StatusOK {
		t.Fatalf("new room form: %d", form.Status)
	}
	if pg := b.submit("/rooms/new", "/rooms", url.Values{"name": {"Biology"}, "template_id": {firstTemplateID(t, p.DB)}}); pg.Status != http.StatusSeeOther {
		t.Fatalf("create room: %d\n%s", pg.Status, pg.Body)
	}
	created := p.auditEntries("room.create")
	if len(created) != 1 {
		t.Fatalf("room.create entries: %d", len(created))
	}
	entry := b.get("/admin/audit/" + itoa(created[0].ID))
	if entry.Status != http.StatusOK {
		t.Fatalf("detail: %d", entry.Status)
	}
	entry.contains(t, `href="/rooms/`+created[0].TargetID+`"`)
	if created[0].ClientIP != "127.0.0.0" {
		t.Errorf("AUDIT_SHORTEN_IPS: stored %q", created[0].ClientIP)
	}

	ctx := context.Background()
	if err := p.P.Audit.Write(ctx, audit.Record{ActorEmail: admin.Email, Action: "template.update", TargetType: "template", TargetID: "9999",
		Result: audit.ResultOK, Details: map[string]any{
			"changes": audit.Changes(map[string]any{"record": false, "welcome": "Hi"}, map[string]any{"record": true, "duration": 45})}}); err != nil {
		t.Fatal(err)
	}
	list := b.get("/admin/audit?action=template.update")
	list.contains(t, "Entries are kept for 30 days")
	list.contains(t, "Client IP addresses are stored shortened")
	updated := p.auditEntries("template.update")
	d := b.get("/admin/audit/" + itoa(updated[0].ID))
	for _, want := range []string{"<code>record</code></th><td>false</td><td>true</td>", "<code>welcome</code></th><td>Hi</td><td><em>(not set)</em>",
		"<code>duration</code></th><td><em>(not set)</em></td><td>45</td>", "template 9999 (no longer exists)"} {
		d.contains(t, want)
	}
	if pg := b.get("/admin/audit/99999999"); pg.Status != http.StatusNotFound {
		t.Errorf("missing entry: %d", pg.Status)
	} else {
		pg.contains(t, "There is no audit entry with this number")
	}
}

func TestAuditRetentionJobPrunesOldEntriesAndAuditsItself(t *testing.T) {
	t.Parallel()
	p := startPortal(t, map[string]string{"AUDIT_RETENTION": "30d"})
	ctx := context.Background()
	for i := range 3 {
		if err := p.P.Audit.Write(ctx, audit.Record{ActorEmail: "kim@school.test", Action: "room.update", TargetID: itoa(uint(i)), Result: audit.ResultOK}); err != nil {
			t.Fatal(err)
		}
	}
	// 40 days pass: the daily run deletes everything older than 30 days.
	p.P.Pruner.Now = func() time.Time { return time.Now().AddDate(0, 0, 40) }
	n, err := p.P.Pruner.RunOnce(ctx)
	if err != nil || n < 3 {
		t.Fatalf("pruned %d, %v; want at least the 3", n, err)
	}
	if left := p.auditEntries("room.update"); len(left) != 0 {
		t.Errorf("%d old entries survived", len(left))
	}
	runs := p.auditEntries("audit.pruned")
	if len(runs) != 1 || !strings.Contains(runs[0].Details, `"deleted":3`) || !strings.Contains(runs[0].Details, `"retention_days":30`) {
		t.Errorf("the pruning run is not audited: %+v", runs)
	}
}
