package handlers_test

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"testing"
	"time"

	"bbbportal/models"
)

// TestOversizedPresentationKeepsTheForm: a 9 MB presentation is answered on the room form,
// new and edit, with everything else the teacher typed kept and the file's size named; nothing
// is saved. Without a session the body is still refused before it is read.
func TestOversizedPresentationKeepsTheForm(t *testing.T) {
	t.Parallel()
	f := newRoomsFixture(t)
	std := itoa(f.seedTemplate("Standard").ID)
	huge := bytes.Repeat([]byte("%PDF-1.4 slides "), 9<<20/16) // 9.0 MB

	pg := f.adaB.submitMultipart("/rooms/new?template="+std, "/rooms", url.Values{"name": {"Huge slides"}, "template_id": {std},
		"opt.welcome": {"Welcome to the lecture on tides"}}, "presentation", "lecture.pdf", huge)
	if pg.Status != http.StatusUnprocessableEntity {
		t.Fatalf("new room with a 9 MB presentation: %d, want 422\n%s", pg.Status, pg.Body)
	}
	pg.contains(t, "The file is 9.0 MB; at most 7 MB")
	pg.contains(t, "Welcome to the lecture on tides")
	pg.contains(t, `value="Huge slides"`)
	var n int64
	f.DB.Model(&models.Room{}).Where("name = ?", "Huge slides").Count(&n)
	if n != 0 {
		t.Errorf("%d rooms saved from a form with a 9 MB presentation, want 0", n)
	}

	room := f.createRoom(f.adaB, f.seedTemplate("Standard").ID, url.Values{"name": {"Tides"}, "opt.welcome": {"Old welcome"}})
	f.DB.Model(&models.User{}).Where("id = ?", f.ada.ID).Update("language", "de")
	edit := roomURL(room.ID, "edit")
	pg = f.adaB.submitMultipart(edit, roomURL(room.ID, ""), url.Values{"name": {"Tides renamed"}, "template_id": {std},
		"opt.welcome": {"Neue Begrüßung"}}, "presentation", "lecture.pdf", huge)
	if pg.Status != http.StatusUnprocessableEntity {
		t.Fatalf("edit with a 9 MB presentation: %d, want 422\n%s", pg.Status, pg.Body)
	}
	pg.contains(t, "Die Datei ist 9,0 MB groß; erlaubt sind höchstens 7 MB")
	pg.contains(t, "Neue Begrüßung")
	var saved models.Room
	f.DB.First(&saved, room.ID)
	if saved.Name != "Tides" {
		t.Errorf("room renamed to %q by a refused form", saved.Name)
	}
	if p, _ := models.PresentationOf(f.DB, room.ID); p != nil {
		t.Error("a presentation was stored from a refused form")
	}

	// The same size without a session: refused by its length, unread.
	if status := rawMultipart(t, f.URL, "/rooms", len(huge)); status != http.StatusRequestEntityTooLarge {
		t.Errorf("anonymous 9 MB room form: %d, want 413", status)
	}
}

// rawMultipart posts a multipart body of size bytes and returns the status the server
// answers with, which may come before the body is written.
func rawMultipart(t *testing.T, base, path string, size int) int {
	t.Helper()
	u, _ := url.Parse(base)
	conn, err := net.Dial("tcp", u.Host)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(30 * time.Second))
	go func() {
		fmt.Fprintf(conn, "POST %s HTTP/1.1\r\nHost: %s\r\nContent-Type: multipart/form-data; boundary=XYZ\r\nContent-Length: %d\r\n\r\n--XYZ\r\n", path, u.Host, size)
		_, _ = io.Copy(conn, io.LimitReader(zeros{}, int64(size-7)))
	}()
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

type zeros struct{}

func (zeros) Read(b []byte) (int, error) { clear(b); return len(b), nil }
