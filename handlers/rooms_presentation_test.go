package handlers_test

import (
	"bytes"
	"encoding/base64"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"bbbportal/models"
	"bbbportal/paths"
)

// submitMultipart loads formPage, takes its CSRF token and posts fields and one file to path.
func (b *browser) submitMultipart(formPage, path string, fields url.Values, fileField, fileName string, content []byte) page {
	b.t.Helper()
	m := csrfInput.FindStringSubmatch(b.get(formPage).Body)
	if m == nil {
		b.t.Fatalf("GET %s: no CSRF field", formPage)
	}
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	w.WriteField("_csrf", m[1])
	for name, values := range fields {
		for _, v := range values {
			w.WriteField(name, v)
		}
	}
	if fileName != "" {
		fw, _ := w.CreateFormFile(fileField, fileName)
		fw.Write(content)
	}
	w.Close()
	req, _ := http.NewRequest(http.MethodPost, b.base+path, &body)
	req.Header.Set("Content-Type", w.FormDataContentType())
	return b.do(req)
}

// TestPresentationsReachBBB: a small upload travels inside the create call; a large one is
// served by the portal under an unguessable URL that only BBB learns.
func TestPresentationsReachBBB(t *testing.T) {
	t.Parallel()
	f := newRoomsFixture(t)
	std := itoa(f.seedTemplate("Standard").ID)

	small := []byte("%PDF-1.4 a small slide deck")
	pg := f.adaB.submitMultipart("/rooms/new?template="+std, "/rooms", url.Values{"name": {"Small slides"}, "template_id": {std}},
		"presentation", "slides.pdf", small)
	if pg.Status != http.StatusSeeOther {
		t.Fatalf("create with a presentation: %d\n%s", pg.Status, pg.Body)
	}
	var room models.Room
	f.DB.Where("name = ?", "Small slides").First(&room)
	if pg := f.start(f.adaB, &room); pg.Status != http.StatusSeeOther {
		t.Fatal(pg.Status)
	}
	body := string(f.Sim.LastCreateBody(room.MeetingID))
	if !strings.Contains(body, `name="slides.pdf"`) || !strings.Contains(body, base64.StdEncoding.EncodeToString(small)) ||
		!strings.Contains(body, `current="true"`) {
		t.Errorf("create body lacks the inline presentation:\n%s", body)
	}

	large := bytes.Repeat([]byte("%PDF-1.4 large deck "), 80_000) // 1.6 MB: too big for the create body
	pg = f.adaB.submitMultipart("/rooms/new?template="+std, "/rooms", url.Values{"name": {"Large slides"}, "template_id": {std}},
		"presentation", "lecture.pdf", large)
	if pg.Status != http.StatusSeeOther {
		t.Fatalf("create with a large presentation: %d", pg.Status)
	}
	var big models.Room
	f.DB.Where("name = ?", "Large slides").First(&big)
	for _, path := range []string{"", "edit", "preview"} {
		if regexp.MustCompile(`/presentations/[0-9a-f]{64}`).MatchString(f.adaB.get(roomURL(big.ID, path)).Body) {
			t.Errorf("%s shows the presentation's secret URL", roomURL(big.ID, path))
		}
	}
	if pg := f.start(f.adaB, &big); pg.Status != http.StatusSeeOther {
		t.Fatal(pg.Status)
	}
	body = string(f.Sim.LastCreateBody(big.MeetingID))
	m := regexp.MustCompile(`url="(` + regexp.QuoteMeta(f.URL) + `/presentations/[0-9a-f]{64})" filename="lecture.pdf"`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("create body lacks the presentation URL:\n%s", body)
	}
	resp, err := http.Get(m[1]) // as BBB fetches it: no session
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !bytes.Equal(got, large) || resp.Header.Get("Content-Type") != "application/pdf" {
		t.Errorf("fetching the presentation: %d, %d bytes, %s", resp.StatusCode, len(got), resp.Header.Get("Content-Type"))
	}
	if resp, _ := http.Get(f.URL + "/presentations/" + strings.Repeat("0", 64)); resp.StatusCode != http.StatusNotFound {
		t.Errorf("a guessed presentation URL answers %d", resp.StatusCode)
	}

	// A file BBB cannot show is refused next to the field; removing a presentation works.
	pg = f.adaB.submitMultipart(paths.Room(big.ID, "edit"), paths.Room(big.ID), url.Values{"name": {"Large slides"}, "template_id": {std}},
		"presentation", "setup.exe", []byte("MZ"))
	if pg.Status != http.StatusUnprocessableEntity || !strings.Contains(pg.Body, "BBB cannot show this kind of file.") {
		t.Errorf("uploading an .exe: %d", pg.Status)
	}
	pg = f.adaB.submitMultipart(paths.Room(big.ID, "edit"), paths.Room(big.ID), url.Values{"name": {"Large slides"}, "template_id": {std},
		"remove_presentation": {"yes"}}, "", "", nil)
	if pg.Status != http.StatusSeeOther {
		t.Fatalf("removing the presentation: %d", pg.Status)
	}
	if pres, _ := models.PresentationOf(f.DB, big.ID); pres != nil {
		t.Error("the presentation was not removed")
	}
	if resp, _ := http.Get(m[1]); resp.StatusCode != http.StatusNotFound {
		t.Errorf("the removed presentation is still served: %d", resp.StatusCode)
	}
}

// TestPreviewShortensInlineFilesInTheUsersLanguage: the preview of a create body with an inline
// presentation replaces the base64 by a note in the user's language.
func TestPreviewShortensInlineFilesInTheUsersLanguage(t *testing.T) {
	t.Parallel()
	f := newRoomsFixture(t)
	std := itoa(f.seedTemplate("Standard").ID)
	content := []byte("%PDF-1.4 a small slide deck")
	pg := f.adaB.submitMultipart("/rooms/new?template="+std, "/rooms", url.Values{"name": {"Folien"}, "template_id": {std}},
		"presentation", "folien.pdf", content)
	if pg.Status != http.StatusSeeOther {
		t.Fatalf("create with a presentation: %d", pg.Status)
	}
	var room models.Room
	f.DB.Where("name = ?", "Folien").First(&room)
	f.adaB.header.Set("Accept-Language", "de")
	body := f.adaB.get(paths.Room(room.ID, "preview")).Body
	n := len(base64.StdEncoding.EncodeToString(content))
	if want := "… " + itoa(uint(n)) + " Zeichen Base64 …"; !strings.Contains(body, want) {
		t.Errorf("preview lacks %q:\n%s", want, body)
	}
	if strings.Contains(body, base64.StdEncoding.EncodeToString(content)) {
		t.Error("the preview shows the whole file")
	}
}
