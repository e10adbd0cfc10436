package handlers_test

import (
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"bbbportal/handlers"
	"bbbportal/models"
)

var (
	roomLink = regexp.MustCompile(`<a href="/rooms/\d+">(Room \d+)</a>`)
	nextLink = regexp.MustCompile(`<a href="([^"]+)" rel="next">`)
	prevLink = regexp.MustCompile(`<a href="([^"]+)" rel="prev">`)
)

func linkOf(t *testing.T, re *regexp.Regexp, body string) string {
	t.Helper()
	m := re.FindStringSubmatch(body)
	if m == nil {
		return ""
	}
	return html.UnescapeString(m[1])
}

// seedRooms stores n rooms of owner directly, named Room 000 … .
func seedRooms(t *testing.T, p *testPortal, owner *models.User, n int) {
	t.Helper()
	var tpl models.Template
	if err := p.DB.Where("owner_id IS NULL").First(&tpl).Error; err != nil {
		t.Fatal(err)
	}
	for i := range n {
		if err := models.SaveRoom(p.DB, &models.Room{Name: fmt.Sprintf("Room %03d", i), OwnerID: owner.ID, TemplateID: tpl.ID}); err != nil {
			t.Fatal(err)
		}
	}
}

// TestRoomListsArePagedWithSearch: /rooms shows 25 rooms a page and the dashboard 12 room
// cards, in name order with next and previous links that keep the search, and search by the
// name's start.
func TestRoomListsArePagedWithSearch(t *testing.T) {
	t.Parallel()
	p := startPortal(t, nil)
	ada := p.createUser("ada@example.org", models.RoleTeacher, testPassword)
	seedRooms(t, p, ada, 60)
	b := newBrowser(t, p.URL)
	b.login(ada.Email, testPassword)

	for start, perPage := range map[string]int{"/rooms": 25, "/": handlers.DashboardPageSize} {
		var seen []string
		path := start
		for pages := 0; path != ""; pages++ {
			pg := b.get(path)
			if pg.Status != http.StatusOK || pages > 60/perPage {
				t.Fatalf("%s: %d after %d pages", path, pg.Status, pages)
			}
			names := roomLink.FindAllStringSubmatch(pg.Body, -1)
			if len(names) != min(perPage, 60-len(seen)) {
				t.Fatalf("%s shows %d rooms, want %d", path, len(names), min(perPage, 60-len(seen)))
			}
			for _, n := range names {
				seen = append(seen, n[1])
			}
			if pages > 0 && linkOf(t, prevLink, pg.Body) == "" {
				t.Errorf("%s has no link back", path)
			}
			path = linkOf(t, nextLink, pg.Body)
		}
		if len(seen) != 60 || seen[0] != "Room 000" || seen[59] != "Room 059" {
			t.Errorf("%s pages show %d rooms: %v", start, len(seen), seen)
		}
		for i := 1; i < len(seen); i++ {
			if seen[i-1] >= seen[i] {
				t.Fatalf("%s: %q before %q", start, seen[i-1], seen[i])
			}
		}
	}

	pg := b.get("/rooms?q=" + url.QueryEscape("room 0"))
	next := linkOf(t, nextLink, pg.Body)
	if !strings.Contains(next, "q=room+0") || !strings.Contains(next, "after=") {
		t.Fatalf("the next page forgets the search: %q", next)
	}
	second := b.get(next)
	if got := roomLink.FindAllStringSubmatch(second.Body, -1); len(got) != 25 || got[0][1] != "Room 025" {
		t.Errorf("second page of the search: %v", got)
	}
	back := b.get(linkOf(t, prevLink, second.Body))
	if got := roomLink.FindAllStringSubmatch(back.Body, -1); len(got) != 25 || got[0][1] != "Room 000" || linkOf(t, prevLink, back.Body) != "" {
		t.Errorf("back to the first page: %d rooms, first %v", len(got), got[0])
	}
	found := b.get("/rooms?q=ROOM+04")
	if got := roomLink.FindAllStringSubmatch(found.Body, -1); len(got) != 10 || linkOf(t, nextLink, found.Body) != "" {
		t.Errorf("search for room 04: %v", got)
	}
	if pg := b.get("/?q=nothing"); !strings.Contains(pg.Body, "nothing") || roomLink.MatchString(pg.Body) {
		t.Error("the dashboard's search shows rooms that do not match")
	}
	if pg := b.get("/rooms?after=abc&before=-1"); pg.Status != http.StatusOK || len(roomLink.FindAllString(pg.Body, -1)) != 25 {
		t.Errorf("nonsense page parameters: %d", pg.Status)
	}
}

// TestUserListIsPagedAndSearchable: /admin/users shows 25 accounts a page and finds accounts by
// the beginning of their name or e-mail.
func TestUserListIsPagedAndSearchable(t *testing.T) {
	t.Parallel()
	p := startPortal(t, nil)
	admin := p.createUser("admin@example.org", models.RoleAdmin, testPassword)
	for i := range 70 {
		p.createUser(fmt.Sprintf("t%03d@school.test", i), models.RoleTeacher, testPassword)
	}
	p.DB.Model(&models.User{}).Where("email = ?", "t042@school.test").Update("display_name", "Zoë Quast")
	b := newBrowser(t, p.URL)
	b.login(admin.Email, testPassword)
	email := regexp.MustCompile(`<td>([a-z0-9.]+@[a-z0-9.]+)</td>`)
	first := b.get("/admin/users")
	if n := len(email.FindAllString(first.Body, -1)); n != 25 {
		t.Errorf("first page shows %d accounts", n)
	}
	third := b.get(linkOf(t, nextLink, b.get(linkOf(t, nextLink, first.Body)).Body))
	if n := len(email.FindAllString(third.Body, -1)); n != 21 || linkOf(t, nextLink, third.Body) != "" {
		t.Errorf("third page shows %d accounts", n)
	}
	byName := b.get("/admin/users?q=zo")
	if got := email.FindAllStringSubmatch(byName.Body, -1); len(got) != 1 || got[0][1] != "t042@school.test" {
		t.Errorf("search by name: %v", got)
	}
	byEmail := b.get("/admin/users?q=T01")
	if got := email.FindAllStringSubmatch(byEmail.Body, -1); len(got) != 10 {
		t.Errorf("search by e-mail: %v", got)
	}
	if pg := b.get("/admin/users?q=nobody"); !strings.Contains(pg.Body, "begins with “nobody”") {
		t.Error("an empty search says nothing")
	}
}

// TestCoOwnerPickerSearchesInsteadOfListing: the room form lists the current co-owners only
// and finds others by search, without JavaScript (GET on the form page) and with htmx.
func TestCoOwnerPickerSearchesInsteadOfListing(t *testing.T) {
	t.Parallel()
	p := startPortal(t, nil)
	ada := p.createUser("ada@example.org", models.RoleTeacher, testPassword)
	bob := p.createUser("bob@example.org", models.RoleTeacher, testPassword)
	boris := p.createUser("boris@example.org", models.RoleTeacher, testPassword)
	cem := p.createUser("cem@example.org", models.RoleTeacher, testPassword)
	seedRooms(t, p, ada, 1)
	var room models.Room
	p.DB.Where("owner_id = ?", ada.ID).First(&room)
	b := newBrowser(t, p.URL)
	b.login(ada.Email, testPassword)
	box := func(u *models.User) string { return fmt.Sprintf(`name="co_owner" value="%d"`, u.ID) }

	form := b.get("/rooms/new")
	for _, u := range []*models.User{bob, boris, cem} {
		if strings.Contains(form.Body, box(u)) {
			t.Errorf("the new room form lists %s without a search", u.Email)
		}
	}
	found := b.get("/rooms/new?coowner_q=bo")
	if !strings.Contains(found.Body, box(bob)) || !strings.Contains(found.Body, box(boris)) || strings.Contains(found.Body, box(cem)) {
		t.Errorf("the search without JavaScript finds the wrong people")
	}
	edit := roomURL(room.ID, "edit")
	pg := b.submit(edit, roomURL(room.ID, ""), url.Values{"name": {room.Name}, "template_id": {fmt.Sprint(room.TemplateID)},
		"co_owner": {fmt.Sprint(bob.ID)}})
	if pg.Status != http.StatusSeeOther {
		t.Fatalf("saving a co-owner: %d\n%s", pg.Status, pg.Body)
	}
	form = b.get(edit)
	if !regexp.MustCompile(box(bob)+`\s+checked`).MatchString(form.Body) || strings.Contains(form.Body, box(boris)) {
		t.Errorf("the edit form shows the co-owner ticked and nobody else")
	}
	frag := b.htmx("/rooms/co-owners?room=" + fmt.Sprint(room.ID) + "&coowner_q=BO")
	if frag.Status != http.StatusOK || strings.Contains(frag.Body, "<html") || !strings.HasPrefix(strings.TrimSpace(frag.Body), `<div id="coowner-found"`) {
		t.Fatalf("htmx answer: %d\n%s", frag.Status, frag.Body)
	}
	if !strings.Contains(frag.Body, box(boris)) || strings.Contains(frag.Body, box(bob)) || strings.Contains(frag.Body, box(ada)) {
		t.Errorf("the htmx search must leave out the owner and current co-owners:\n%s", frag.Body)
	}
	cemB := newBrowser(t, p.URL)
	cemB.login(cem.Email, testPassword)
	if pg := cemB.htmx("/rooms/co-owners?room=" + fmt.Sprint(room.ID) + "&coowner_q=b"); pg.Status != http.StatusNotFound {
		t.Errorf("searching for someone else's room: %d", pg.Status)
	}
	if pg := newBrowser(t, p.URL).get("/rooms/co-owners?coowner_q=b"); pg.Status != http.StatusSeeOther {
		t.Errorf("anonymous search: %d", pg.Status)
	}
}

// TestTemplateListStopsCountingRooms: a template that more than 100 rooms use reads "100+"
// in the list (the page does not count a whole school's rooms), one with fewer its number.
func TestTemplateListStopsCountingRooms(t *testing.T) {
	t.Parallel()
	p := startPortal(t, nil)
	ada := p.createUser("ada@example.org", models.RoleTeacher, testPassword)
	seedRooms(t, p, ada, 101)
	b := newBrowser(t, p.URL)
	b.login(ada.Email, testPassword)
	pg := b.get("/templates")
	pg.contains(t, "<td>100+</td>")

	var tpl models.Template
	if err := p.DB.Where("owner_id IS NULL").First(&tpl).Error; err != nil {
		t.Fatal(err)
	}
	if err := p.DB.Exec("DELETE FROM rooms WHERE id IN (SELECT id FROM rooms WHERE template_id = ? LIMIT 2)", tpl.ID).Error; err != nil {
		t.Fatal(err)
	}
	pg = b.get("/templates")
	pg.contains(t, "<td>99</td>")
	if strings.Contains(pg.Body, "100+") {
		t.Error("99 rooms shown as 100+")
	}
}
