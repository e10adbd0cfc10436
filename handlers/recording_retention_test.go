package handlers_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"bbbportal/audit"
	"bbbportal/models"
	"bbbportal/paths"
)

// TestRetentionDryRunThenRunThroughThePages: an admin sets "delete after 30 days" on a
// template's form; the retention page's dry run lists exactly the old recordings of its rooms
// and changes nothing; the real run deletes those and only those; both runs are audited.
func TestRetentionDryRunThenRunThroughThePages(t *testing.T) {
	t.Parallel()
	p := startRecPortal(t, bbbsimOptions())
	old := p.seed(8, testStart.Add(-40*24*time.Hour), p.kimRoom)[p.kimRoom.ID]
	recent := p.seed(4, testStart, p.kimRoom)[p.kimRoom.ID]
	others := p.seed(8, testStart.Add(-40*24*time.Hour), p.leeRoom)[p.leeRoom.ID] // another template, no rule
	var gone []string
	for _, s := range []string{"published", "unpublished", "processed"} {
		gone = append(gone, p.inState(old, s)...)
	}
	if len(gone) == 0 {
		t.Fatal("the seed made no old recording that retention removes")
	}
	admin := p.as(p.admin)
	tpl := paths.Template(p.kimRoom.TemplateID)
	if pg := admin.get(tpl); !strings.Contains(pg.Body, `name="retention_days"`) {
		t.Fatalf("the template form has no retention field (%d)", pg.Status)
	}
	bad := admin.submit(tpl, tpl, url.Values{"name": {"tpl Maths 7b"}, "retention_days": {"-3"}, "retention_action": {"delete"}})
	if bad.Status != http.StatusUnprocessableEntity || !strings.Contains(bad.Body, "Enter a whole number of days") {
		t.Fatalf("negative days: %d", bad.Status)
	}
	if pg := admin.submit(tpl, tpl, url.Values{"name": {"tpl Maths 7b"}, "retention_days": {"30"}, "retention_action": {"delete"}}); pg.Status != http.StatusSeeOther {
		t.Fatalf("saving the rule: %d\n%s", pg.Status, pg.Body)
	}
	if rule, err := models.RecordingRetentionOf(p.DB, p.kimRoom.TemplateID); err != nil || rule == nil || rule.Days != 30 || rule.Action != models.RetainDelete {
		t.Fatalf("stored rule %+v, %v", rule, err)
	}
	admin.get(tpl).contains(t, `value="30"`)
	if len(p.auditEntries("template.retention")) != 1 {
		t.Error("setting the rule is not audited")
	}

	statesBefore := map[string]string{}
	for _, id := range append(append(append([]string{}, old...), recent...), others...) {
		statesBefore[id] = p.simState(id)
	}
	page := admin.get(paths.AdminRetention)
	page.contains(t, "Delete recordings older than 30 days")
	dry := admin.submit(paths.AdminRetention, paths.AdminRetention, url.Values{"mode": {"dry-run"}})
	dry.contains(t, "Dry run: "+strconv.Itoa(len(gone))+" recordings would be removed. Nothing was changed.")
	if n := strings.Count(dry.Body, "<li><strong>"); n != len(gone) {
		t.Errorf("dry run lists %d recordings, want %d", n, len(gone))
	}
	for id, st := range statesBefore {
		if p.simState(id) != st {
			t.Fatalf("the dry run changed %s from %s to %s", id, st, p.simState(id))
		}
	}
	run := admin.submit(paths.AdminRetention, paths.AdminRetention, url.Values{"mode": {"run"}})
	run.contains(t, "Run finished: "+strconv.Itoa(len(gone))+" recordings removed.")
	for _, id := range gone {
		if st := p.simState(id); st != "deleted" {
			t.Errorf("old recording %s is %s after the run", id, st)
		}
	}
	for id, st := range statesBefore {
		if !contains(gone, id) && p.simState(id) != st {
			t.Errorf("retention changed %s from %s to %s, which it should keep", id, st, p.simState(id))
		}
	}
	entries := p.auditEntries("recording.retention")
	if len(entries) != 2 {
		t.Fatalf("%d retention audit entries, want 2", len(entries))
	}
	if !strings.Contains(entries[0].Details, `"dry_run":true`) || !strings.Contains(entries[1].Details, `"dry_run":false`) ||
		entries[1].Result != audit.ResultOK || entries[1].ActorID == nil || *entries[1].ActorID != p.admin.ID {
		t.Errorf("retention audit: %+v / %+v", entries[0], entries[1])
	}
	// A second run finds nothing left.
	admin.submit(paths.AdminRetention, paths.AdminRetention, url.Values{"mode": {"dry-run"}}).contains(t, "Dry run: 0 recordings")
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
