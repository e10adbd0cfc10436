package handlers_test

import (
	"bytes"
	"image/png"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"bbbportal/models"
	"bbbportal/paths"
)

func TestEveryNewRoomHasAnAttendeeLinkOnItsPage(t *testing.T) {
	t.Parallel()
	f := newLinkPortal(t)
	room := f.newRoom(f.adaB, "Maths 7b", nil)

	pg := f.adaB.get(paths.Room(room.ID))
	pg.contains(t, `id="links"`)
	pg.contains(t, "Everyone")
	pg.contains(t, `data-copy="`+f.URL+"/j/")
	if !regexp.MustCompile(`Code \d{3} \d{3} \d{3}`).MatchString(pg.Body) {
		t.Errorf("the default link shows no short code:\n%s", pg.Body)
	}
	l, err := models.DefaultLinkOfRoom(f.DB, room.ID)
	if err != nil || l.Role != models.LinkAttendee || l.CreatedByID == nil || *l.CreatedByID != f.ada.ID {
		t.Fatalf("default link %+v, %v", l, err)
	}
	join := f.guest().get(strings.TrimPrefix(f.defaultLinkURL(f.adaB, room), f.URL))
	if join.Status != http.StatusOK {
		t.Fatalf("the default link's page: %d", join.Status)
	}
	join.contains(t, "Join Maths 7b")
	join.contains(t, `name="name"`)
}

func TestForeignRoomsLinksAre404(t *testing.T) {
	t.Parallel()
	f := newLinkPortal(t)
	adas := f.newRoom(f.adaB, "Ada's room", nil)
	bobs := f.newRoom(f.bobB, "Bob's room", nil)
	adaLink, _ := models.DefaultLinkOfRoom(f.DB, adas.ID)
	bobLink, _ := models.DefaultLinkOfRoom(f.DB, bobs.ID)
	csrf := csrfInput.FindStringSubmatch(f.bobB.get(paths.Room(bobs.ID)).Body)[1]

	for _, tc := range []struct {
		name   string
		room   uint
		link   uint
		method string
		rest   string
	}{
		{"create on another teacher's room", adas.ID, 0, http.MethodPost, ""},
		{"revoke another teacher's link", adas.ID, adaLink.ID, http.MethodPost, "revoke"},
		{"revoke another room's link through one's own room", bobs.ID, adaLink.ID, http.MethodPost, "revoke"},
		{"QR SVG", adas.ID, adaLink.ID, http.MethodGet, "qr.svg"},
		{"QR PNG", adas.ID, adaLink.ID, http.MethodGet, "qr.png"},
		{"QR of another room's link through one's own room", bobs.ID, adaLink.ID, http.MethodGet, "qr.svg"},
		{"print", adas.ID, adaLink.ID, http.MethodGet, "print"},
		{"print another room's link through one's own room", bobs.ID, adaLink.ID, http.MethodGet, "print"},
		{"a link ID that is no number", bobs.ID, 0, http.MethodGet, "x/print"},
	} {
		path := paths.Links(tc.room)
		if tc.link != 0 {
			path = paths.Link(tc.room, tc.link, tc.rest)
		} else if tc.rest != "" {
			path += "/" + tc.rest
		}
		var pg page
		if tc.method == http.MethodGet {
			pg = f.bobB.get(path)
		} else {
			pg = f.bobB.post(path, url.Values{"_csrf": {csrf}, "role": {"moderator"}})
		}
		if pg.Status != http.StatusNotFound || strings.Contains(pg.Body, "/j/") {
			t.Errorf("%s: %s %s answered %d, want 404 without a link", tc.name, tc.method, path, pg.Status)
		}
	}
	var n int64
	f.DB.Model(&models.Link{}).Where("room_id = ?", adas.ID).Count(&n)
	if n != 1 {
		t.Errorf("Ada's room has %d links after Bob's attempts, want 1", n)
	}
	for _, id := range []uint{adaLink.ID, bobLink.ID} {
		var l models.Link
		f.DB.First(&l, id)
		if l.RevokedAt != nil {
			t.Errorf("link %d was revoked", id)
		}
	}
}

func TestRevokedLinkIsRefused(t *testing.T) {
	t.Parallel()
	f := newLinkPortal(t)
	room := f.newRoom(f.adaB, "History", nil)
	l, linkURL := f.newLink(f.adaB, room, url.Values{"role": {"attendee"}, "label": {"Parents' evening"}})
	f.startRoom(f.adaB, room)
	if pg := f.guest().joinAs(linkURL, url.Values{"name": {"Ana"}}); pg.Status != http.StatusSeeOther {
		t.Fatalf("join before the revocation: %d", pg.Status)
	}
	waiting := f.guest() // has the page open while the teacher revokes
	path := strings.TrimPrefix(linkURL, f.URL)
	form := waiting.get(path)

	pg := f.adaB.submit(paths.Room(room.ID), paths.Link(room.ID, l.ID, "revoke"), url.Values{})
	if pg.Status != http.StatusSeeOther {
		t.Fatalf("revoke: %d\n%s", pg.Status, pg.Body)
	}
	f.adaB.get(paths.Room(room.ID)).contains(t, "The link was revoked.")
	for _, pg := range []page{f.guest().get(path), waiting.post(path, url.Values{"name": {"Ben"}, "consent": {"yes"}, "_csrf": {csrfInput.FindStringSubmatch(form.Body)[1]}})} {
		if pg.Status != http.StatusGone {
			t.Errorf("revoked link answered %d, want 410", pg.Status)
		}
		pg.contains(t, "This link was revoked")
		pg.contains(t, "Ask the person who sent it to you for a new link.")
	}
	if got := f.auditEntries("link.revoke"); len(got) != 1 || got[0].ActorID == nil || *got[0].ActorID != f.ada.ID {
		t.Errorf("revoke audit: %+v", got)
	}
	if again := f.adaB.submit(paths.Room(room.ID), paths.Link(room.ID, l.ID, "revoke"), url.Values{}); again.Status != http.StatusNotFound {
		t.Errorf("revoking twice: %d, want 404", again.Status)
	}
}

func TestLinkFormProblemsShowAtTheirFields(t *testing.T) {
	t.Parallel()
	f := newLinkPortal(t)
	room := f.newRoom(f.adaB, "Biology", nil)
	past := time.Now().Add(-time.Hour).Format("2006-01-02T15:04")
	pg := f.adaB.submit(paths.Room(room.ID), paths.Links(room.ID), url.Values{"role": {"owner"}, "expires_at": {past},
		"max_uses": {"0"}, "access_code": {"12"}, "label": {"Kept label"}})
	if pg.Status != http.StatusUnprocessableEntity {
		t.Fatalf("invalid link form: %d", pg.Status)
	}
	for _, want := range []string{"Choose moderator, attendee or guest.", "This time has passed.", "Enter a whole number from 1 to 100000",
		"The access code needs 4 to 64 characters.", `value="Kept label"`, `aria-invalid="true"`} {
		pg.contains(t, want)
	}
	var n int64
	f.DB.Model(&models.Link{}).Where("room_id = ?", room.ID).Count(&n)
	if n != 1 {
		t.Errorf("%d links after an invalid form, want only the default one", n)
	}
}

func TestLinkQRCodesAndInvitation(t *testing.T) {
	t.Parallel()
	f := newLinkPortal(t)
	room := f.newRoom(f.adaB, "Chemistry 10a", nil)
	l, linkURL := f.newLink(f.adaB, room, url.Values{"role": {"guest"}, "label": {"Open day"}})
	day := time.Now().AddDate(0, 0, 3).Format("2006-01-02")
	if pg := f.adaB.submit(paths.Schedules(room.ID), paths.Schedules(room.ID), url.Values{"title": {"Lab safety"}, "date": {day}, "start": {"08:00"}, "end": {"09:00"}}); pg.Status != http.StatusSeeOther {
		t.Fatalf("schedule: %d\n%s", pg.Status, pg.Body)
	}

	svg := f.adaB.get(paths.Link(room.ID, l.ID, "qr.svg"))
	if svg.Status != http.StatusOK || svg.Header.Get("Content-Type") != "image/svg+xml" || !strings.HasPrefix(svg.Body, "<svg") ||
		strings.Contains(svg.Body, "<script") || svg.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("qr.svg: %d %q %q", svg.Status, svg.Header.Get("Content-Type"), svg.Body[:min(len(svg.Body), 80)])
	}
	pngPage := f.adaB.get(paths.Link(room.ID, l.ID, "qr.png"))
	img, err := png.DecodeConfig(bytes.NewReader([]byte(pngPage.Body)))
	if err != nil || img.Width != 512 || pngPage.Header.Get("Content-Disposition") == "" {
		t.Errorf("qr.png: %v %+v %q", err, img, pngPage.Header.Get("Content-Disposition"))
	}
	inv := f.adaB.get(paths.Link(room.ID, l.ID, "print"))
	if inv.Status != http.StatusOK {
		t.Fatalf("print: %d", inv.Status)
	}
	code := regexp.MustCompile(`\d{3} \d{3} \d{3}`).FindString(inv.Body)
	for _, want := range []string{"Invitation to Chemistry 10a", "Open day", linkURL, f.URL + "/j", `src="` + paths.Link(room.ID, l.ID, "qr.svg") + `"`, "Lab safety", "08:00"} {
		inv.contains(t, want)
	}
	if code == "" {
		t.Fatal("the invitation shows no short code")
	}
	// The printed code works at /j.
	g := f.guest()
	if pg := g.submit("/j", "/j", url.Values{"code": {code}}); pg.Status != http.StatusSeeOther || pg.Header.Get("Location") != strings.TrimPrefix(linkURL, f.URL) {
		t.Errorf("the invitation's code at /j: %d %q", pg.Status, pg.Header.Get("Location"))
	}
}

func TestDashboardAndCalendarCarryTheInviteLink(t *testing.T) {
	t.Parallel()
	f := newLinkPortal(t)
	room := f.newRoom(f.adaB, "Geography", nil)
	invite := f.defaultLinkURL(f.adaB, room)
	dash := f.adaB.get("/")
	dash.contains(t, `data-copy="`+invite+`"`)
	dash.contains(t, "Copy invite link")

	day := time.Now().AddDate(0, 0, 2).Format("2006-01-02")
	if pg := f.adaB.submit(paths.Schedules(room.ID), paths.Schedules(room.ID), url.Values{"title": {"Rivers"}, "date": {day}, "start": {"10:00"}, "end": {"11:00"}}); pg.Status != http.StatusSeeOther {
		t.Fatalf("schedule: %d\n%s", pg.Status, pg.Body)
	}
	var sc models.Schedule
	if err := f.DB.Where("room_id = ?", room.ID).First(&sc).Error; err != nil {
		t.Fatal(err)
	}
	ics := f.adaB.get(paths.Schedules(room.ID) + "/" + itoa(sc.ID) + ".ics")
	unfolded := strings.ReplaceAll(ics.Body, "\r\n ", "")
	if !strings.Contains(unfolded, "URL:"+invite+"\r\n") {
		t.Errorf("the calendar file does not carry the attendee link %s:\n%s", invite, unfolded)
	}
}

func TestActiveLinksPerRoomAreLimited(t *testing.T) {
	t.Parallel()
	f := newLinkPortalWith(t, map[string]string{"MAX_LINKS_PER_ROOM": "2"})
	room := f.newRoom(f.adaB, "Small room", nil)
	l, _ := f.newLink(f.adaB, room, url.Values{"role": {"guest"}}) // the second, after the default link
	full := f.adaB.submit(paths.Room(room.ID), paths.Links(room.ID), url.Values{"role": {"attendee"}})
	if full.Status != http.StatusUnprocessableEntity {
		t.Fatalf("a third active link: %d, want 422", full.Status)
	}
	full.contains(t, "This room has as many active links as it may have.")
	if pg := f.adaB.submit(paths.Room(room.ID), paths.Link(room.ID, l.ID, "revoke"), url.Values{}); pg.Status != http.StatusSeeOther {
		t.Fatalf("revoke: %d", pg.Status)
	}
	f.newLink(f.adaB, room, url.Values{"role": {"attendee"}}) // a revoked link does not count
}
