package handlers_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"bbbportal/models"
)

// TestAuditTargetsTranslatedAndLinked: the audit log and an entry's page name the target's
// kind in the admin's language and link it while the object exists; once it is deleted the
// name stays, without a link.
func TestAuditTargetsTranslatedAndLinked(t *testing.T) {
	t.Parallel()
	p := startPortal(t, nil)
	admin := p.createUser("admin@school.test", models.RoleAdmin, testPassword)
	b := newBrowser(t, p.URL)
	b.login(admin.Email, testPassword)
	if pg := b.submit("/rooms/new", "/rooms", url.Values{"name": {"Biology"}, "template_id": {firstTemplateID(t, p.DB)}}); pg.Status != http.StatusSeeOther {
		t.Fatalf("create room: %d\n%s", pg.Status, pg.Body)
	}
	created := p.auditEntries("room.create")
	if len(created) != 1 {
		t.Fatalf("room.create entries: %d", len(created))
	}
	id := created[0].TargetID
	link := `<a href="/rooms/` + id + `">`
	b.get("/admin/audit?action=room.create").contains(t, link+"room "+id+"</a>")

	p.DB.Model(&models.User{}).Where("id = ?", admin.ID).Update("language", "de")
	b.get("/admin/audit?action=room.create").contains(t, link+"Raum "+id+"</a>")
	b.get("/admin/audit/"+itoa(created[0].ID)).contains(t, link+"Raum "+id+"</a>")

	roomID := created[0].TargetID
	if pg := b.submit("/rooms/"+roomID+"/delete", "/rooms/"+roomID+"/delete", url.Values{"confirm": {"yes"}}); pg.Status != http.StatusSeeOther {
		t.Fatalf("delete room: %d\n%s", pg.Status, pg.Body)
	}
	list := b.get("/admin/audit?action=room.create")
	list.contains(t, "Raum "+id)
	if strings.Contains(list.Body, link) {
		t.Error("the audit log still links the deleted room")
	}
	b.get("/admin/audit/"+itoa(created[0].ID)).contains(t, "Raum "+id+" (existiert nicht mehr)")
}
