package handlers_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"bbbportal/bbb/bbbsim"
	"bbbportal/meetings"
	"bbbportal/models"
	"bbbportal/paths"
)

// linkPortal is a portal on the simulator's manual clock (started at the real time, so that
// the form's expiry check and the links' clock agree) with two teachers signed in.
type linkPortal struct {
	*testPortal
	clock      *bbbsim.ManualClock
	ada, bob   *models.User
	adaB, bobB *browser
}

func newLinkPortal(t *testing.T) *linkPortal {
	t.Helper()
	return newLinkPortalWith(t, nil)
}

// newLinkPortalWith is newLinkPortal with settings in env.
func newLinkPortalWith(t *testing.T, env map[string]string) *linkPortal {
	t.Helper()
	clock := bbbsim.NewManualClock(time.Now())
	p := startPortalWith(t, env, bbbsim.Options{Clock: clock}, meetings.Config{})
	f := &linkPortal{testPortal: p, clock: clock,
		ada: p.createUser("ada@example.org", models.RoleTeacher, testPassword),
		bob: p.createUser("bob@example.org", models.RoleTeacher, testPassword)}
	f.adaB, f.bobB = newBrowser(t, p.URL), newBrowser(t, p.URL)
	f.adaB.login(f.ada.Email, testPassword)
	f.bobB.login(f.bob.Email, testPassword)
	return f
}

// newRoom creates a room through the new-room form, as a teacher does.
func (f *linkPortal) newRoom(b *browser, name string, options url.Values) *models.Room {
	f.t.Helper()
	var tpl models.Template
	if err := f.DB.Where("name = ? AND owner_id IS NULL", "Standard").First(&tpl).Error; err != nil {
		f.t.Fatal(err)
	}
	form := url.Values{"name": {name}, "template_id": {itoa(tpl.ID)}}
	for k, v := range options {
		form[k] = v
	}
	pg := b.submit("/rooms/new?template="+itoa(tpl.ID), "/rooms", form)
	if pg.Status != http.StatusSeeOther {
		f.t.Fatalf("create room: status %d\n%s", pg.Status, pg.Body)
	}
	id, _ := strconv.Atoi(strings.TrimPrefix(pg.Header.Get("Location"), "/rooms/"))
	var room models.Room
	if err := f.DB.First(&room, id).Error; err != nil {
		f.t.Fatal(err)
	}
	return &room
}

// newLink posts the new-link form of the room and returns the link's public URL as the room
// page shows it.
func (f *linkPortal) newLink(b *browser, room *models.Room, form url.Values) (*models.Link, string) {
	f.t.Helper()
	pg := b.submit(paths.Room(room.ID), paths.Links(room.ID), form)
	if pg.Status != http.StatusSeeOther || pg.Header.Get("Location") != paths.Room(room.ID)+"#links" {
		f.t.Fatalf("create link: %d %q\n%s", pg.Status, pg.Header.Get("Location"), pg.Body)
	}
	var l models.Link
	if err := f.DB.Where("room_id = ?", room.ID).Order("id DESC").First(&l).Error; err != nil {
		f.t.Fatal(err)
	}
	return &l, f.linkURL(b, room, l.ID)
}

// linkURL reads the public URL of a link from the room page.
func (f *linkPortal) linkURL(b *browser, room *models.Room, linkID uint) string {
	f.t.Helper()
	pg := b.get(paths.Room(room.ID))
	row := `<tr id="link-` + itoa(linkID) + `">`
	i := strings.Index(pg.Body, row)
	if i < 0 {
		f.t.Fatalf("room page has no row for link %d:\n%s", linkID, pg.Body)
	}
	m := regexp.MustCompile(`value="([^"]+)"`).FindStringSubmatch(pg.Body[i:])
	if m == nil {
		f.t.Fatalf("link %d has no URL on the room page", linkID)
	}
	return strings.ReplaceAll(m[1], "&amp;", "&")
}

// defaultLinkURL is the URL of the room's attendee link that every room gets.
func (f *linkPortal) defaultLinkURL(b *browser, room *models.Room) string {
	f.t.Helper()
	l, err := models.DefaultLinkOfRoom(f.DB, room.ID)
	if err != nil {
		f.t.Fatalf("room %d has no default link: %v", room.ID, err)
	}
	return f.linkURL(b, room, l.ID)
}

// startRoom presses the room's Start button as its teacher.
func (f *linkPortal) startRoom(b *browser, room *models.Room) {
	f.t.Helper()
	pg := b.submit(paths.Room(room.ID), paths.Room(room.ID, "start"), url.Values{})
	if pg.Status != http.StatusSeeOther {
		f.t.Fatalf("start: %d\n%s", pg.Status, pg.Body)
	}
}

// guest is an anonymous browser that opened a join link.
func (f *linkPortal) guest() *browser { return newBrowser(f.t, f.URL) }

// joinAs opens the link's page and submits it with the form, as a guest's browser does. The
// rooms' template records, so the guest agrees to the recording unless the form says otherwise.
func (b *browser) joinAs(linkURL string, form url.Values) page {
	b.t.Helper()
	if _, ok := form["consent"]; !ok {
		form.Set("consent", "yes")
	}
	path := strings.TrimPrefix(linkURL, b.base)
	return b.submit(path, path, form)
}

// followJoin opens BBB's join URL from a join's redirect and returns the user BBB let in.
func (f *linkPortal) followJoin(pg page, room *models.Room) bbbsim.UserInfo {
	f.t.Helper()
	loc := pg.Header.Get("Location")
	if pg.Status != http.StatusSeeOther || !strings.HasPrefix(loc, f.URL+"/bigbluebutton/api/join?") {
		f.t.Fatalf("join answered %d %q, want a redirect to BBB's join\n%s", pg.Status, loc, pg.Body)
	}
	resp, err := (&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).Get(loc)
	if err != nil {
		f.t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusFound || strings.Contains(resp.Header.Get("Location"), "errors=") {
		f.t.Fatalf("BBB refused the join: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	u, _ := url.Parse(loc)
	m, ok := f.Sim.Meeting(room.MeetingID)
	if !ok {
		f.t.Fatal("the meeting does not run")
	}
	for i := len(m.Users) - 1; i >= 0; i-- {
		if m.Users[i].UserID == u.Query().Get("userID") {
			return m.Users[i]
		}
	}
	f.t.Fatalf("BBB has no user %q", u.Query().Get("userID"))
	return bbbsim.UserInfo{}
}

// waitRunning polls the link's waiting-page status as the page does until it says the meeting
// runs (the links service asks BBB at most once a second per room).
func (b *browser) waitRunning(linkURL string) page {
	b.t.Helper()
	path := strings.TrimPrefix(linkURL, b.base) + "/status"
	deadline := time.Now().Add(5 * time.Second)
	for {
		st := b.htmx(path)
		if strings.Contains(st.Body, "hx-post") {
			return st
		}
		if time.Now().After(deadline) {
			b.t.Fatalf("the status never said the meeting runs:\n%s", st.Body)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
