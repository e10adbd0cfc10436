package handlers_test

import (
	"archive/zip"
	"bytes"
	"net/http"
	"net/url"
	"testing"
	"time"

	"bbbportal/models"
)

// zeroDocx is a .docx whose one media entry unpacks to n zero bytes (a few KB on disk).
func zeroDocx(t *testing.T, n int) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	ct, _ := w.Create("[Content_Types].xml")
	ct.Write([]byte("<Types/>"))
	fw, _ := w.Create("word/media/zero.bin")
	chunk := make([]byte, 1<<20)
	for written := 0; written < n; written += len(chunk) {
		fw.Write(chunk)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestPresentationCheckedByContent: a web page named .pdf and a .docx that unpacks to 200 MB
// are refused with a field error, and the rest of the form comes back as entered.
func TestPresentationCheckedByContent(t *testing.T) {
	t.Parallel()
	f := newRoomsFixture(t)
	std := itoa(f.seedTemplate("Standard").ID)
	fields := url.Values{"name": {"Chemistry 8b"}, "template_id": {std}, "max_duration": {"40"}}
	bomb := zeroDocx(t, 200<<20)
	if len(bomb) > 1<<20 {
		t.Fatalf("the bomb is %d bytes", len(bomb))
	}
	for _, c := range []struct {
		file    string
		content []byte
		want    string
	}{
		{"slides.pdf", []byte("<!doctype html><html><script>alert(1)</script></html>"), "is not what its name says"},
		{"notes.docx", bomb, "unpacks to far more than it weighs"},
	} {
		pg := f.adaB.submitMultipart("/rooms/new?template="+std, "/rooms", fields, "presentation", c.file, c.content)
		if pg.Status != http.StatusUnprocessableEntity {
			t.Fatalf("%s: status %d", c.file, pg.Status)
		}
		pg.contains(t, c.want)
		pg.contains(t, `value="Chemistry 8b"`)
		pg.contains(t, `value="40"`)
	}
	var n int64
	f.DB.Model(&models.Room{}).Where("name = ?", "Chemistry 8b").Count(&n)
	if n != 0 {
		t.Errorf("%d rooms stored with a refused presentation", n)
	}
	pdf := f.adaB.submitMultipart("/rooms/new?template="+std, "/rooms", fields, "presentation", "slides.pdf", []byte("%PDF-1.7 real slides"))
	if pdf.Status != http.StatusSeeOther {
		t.Errorf("a real PDF: status %d", pdf.Status)
	}
}

// TestAdminOnlyOptionsByCraftedPost: a teacher's crafted POST cannot put plugin manifests in a
// personal template or a logo in a room; an admin's global template can, but not a fetched URL
// on a link-local address.
func TestAdminOnlyOptionsByCraftedPost(t *testing.T) {
	t.Parallel()
	f := newRoomsFixture(t)
	const refused = "Only an administrator can set this"
	pg := f.adaB.submit("/templates/new", "/templates", url.Values{"name": {"Mine"},
		"opt.pluginManifests": {`[{"url":"https://plugins.example.org/m.json"}]`}})
	if pg.Status != http.StatusUnprocessableEntity {
		t.Fatalf("personal template with pluginManifests: status %d", pg.Status)
	}
	pg.contains(t, refused)

	std := itoa(f.seedTemplate("Standard").ID)
	pg = f.adaB.submit("/rooms/new?template="+std, "/rooms", url.Values{"name": {"Crafted"}, "template_id": {std},
		"opt.logo": {"https://evil.example.org/logo.png"}})
	if pg.Status != http.StatusUnprocessableEntity {
		t.Fatalf("room with a logo: status %d", pg.Status)
	}
	pg.contains(t, refused)

	pg = f.adminB.submit("/templates/new", "/templates", url.Values{"name": {"School"}, "scope": {"global"},
		"opt.preUploadedPresentation": {"http://169.254.169.254/latest/meta-data"}})
	if pg.Status != http.StatusUnprocessableEntity {
		t.Fatalf("global template fetching from 169.254.169.254: status %d", pg.Status)
	}
	pg.contains(t, "is an address inside a private network")
	f.createTemplate(f.adminB, url.Values{"name": {"School"}, "scope": {"global"},
		"opt.pluginManifests": {`[{"url":"https://93.184.216.34/m.json"}]`}})
}

// TestQuotasSayWhenReached: past MAX_ROOMS_PER_USER, MAX_TEMPLATES_PER_USER and
// MAX_SCHEDULES_PER_USER the forms say which limit was reached and what to do.
func TestQuotasSayWhenReached(t *testing.T) {
	t.Parallel()
	p := startPortal(t, map[string]string{"MAX_ROOMS_PER_USER": "1", "MAX_TEMPLATES_PER_USER": "1", "MAX_SCHEDULES_PER_USER": "1"})
	u := p.createUser("kim@example.org", models.RoleTeacher, testPassword)
	b := newBrowser(t, p.URL)
	b.login(u.Email, testPassword)
	var tpl models.Template
	p.DB.Where("name = ? AND owner_id IS NULL", "Standard").First(&tpl)
	std := itoa(tpl.ID)
	for i, want := range []int{http.StatusSeeOther, http.StatusSeeOther} {
		pg := b.submit("/rooms/new?template="+std, "/rooms", url.Values{"name": {"Room " + itoa(uint(i))}, "template_id": {std}})
		if pg.Status != want {
			t.Fatalf("room %d: status %d", i, pg.Status)
		}
	}
	b.get("/rooms").contains(t, "You have reached the limit of 1 rooms")
	var n int64
	p.DB.Model(&models.Room{}).Where("owner_id = ?", u.ID).Count(&n)
	if n != 1 {
		t.Errorf("%d rooms stored, want 1", n)
	}

	b.submit("/templates/new", "/templates", url.Values{"name": {"First"}})
	b.submit("/templates/new", "/templates", url.Values{"name": {"Second"}})
	b.get("/templates").contains(t, "You have reached the limit of 1 personal templates")

	var room models.Room
	p.DB.Where("owner_id = ?", u.ID).First(&room)
	path := "/rooms/" + itoa(room.ID) + "/schedules"
	form := url.Values{"date": {time.Now().AddDate(0, 0, 7).Format("2006-01-02")}, "start": {"10:00"}, "end": {"10:45"}}
	if pg := b.submit(path, path, form); pg.Status != http.StatusSeeOther {
		t.Fatalf("first schedule: status %d", pg.Status)
	}
	pg := b.submit(path, path, form)
	if pg.Status != http.StatusUnprocessableEntity {
		t.Fatalf("second schedule: status %d", pg.Status)
	}
	pg.contains(t, "You have reached the limit of 1 schedules")
}
