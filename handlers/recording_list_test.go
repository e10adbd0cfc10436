package handlers_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"bbbportal/bbb/bbbsim"
	"bbbportal/paths"
)

// TestAdminListsTheWholeServer: the admin's list has every recording on the server, those of
// meetings the portal did not create marked; state filter, text search, sort and pages are
// GET parameters; the list says when it was read from BBB.
func TestAdminListsTheWholeServer(t *testing.T) {
	t.Parallel()
	p := startRecPortal(t, bbbsimOptions())
	p.seed(5, testStart, p.kimRoom)
	p.Sim.SeedRecordings(40, bbbsim.SeedOptions{MeetingIDs: []string{"moodle-course-17"}, BaseURL: p.URL, End: testStart})
	admin := p.as(p.admin)

	first := admin.get(paths.AdminRecordings)
	if first.Status != http.StatusOK {
		t.Fatalf("admin list: %d", first.Status)
	}
	first.contains(t, "Page 1 of 2 (45 recordings)")
	first.contains(t, "Not created by this portal")
	first.contains(t, "List refreshed at")
	if n := strings.Count(first.Body, `<tr id="rec-`); n != 25 {
		t.Errorf("first page has %d rows, want 25", n)
	}
	second := admin.get(paths.AdminRecordings + "?page=2")
	if n := strings.Count(second.Body, `<tr id="rec-`); n != 20 {
		t.Errorf("second page has %d rows, want 20", n)
	}
	published := admin.get(paths.AdminRecordings + "?state=published&sort=oldest&q=" + url.QueryEscape(p.kimRoom.MeetingID[:12]))
	if strings.Contains(published.Body, "rec-unpublished") || strings.Contains(published.Body, "rec-processing") ||
		strings.Contains(published.Body, "moodle-course-17") {
		t.Error("the state and text filters let other recordings through")
	}
	if !strings.Contains(published.Body, `<tr id="rec-`) {
		t.Error("no published recording of Maths 7b listed")
	}
	published.contains(t, `<option value="published" selected>`)
	bad := admin.get(paths.AdminRecordings + "?from=31.12.2026")
	bad.contains(t, "Enter a date as year-month-day")
	kimRoom := admin.get(paths.AdminRecordings + "?room=" + itoa(p.kimRoom.ID))
	if n := strings.Count(kimRoom.Body, `<tr id="rec-`); n != 5 || strings.Contains(kimRoom.Body, "Not created by this portal") {
		t.Errorf("room filter: %d rows", n)
	}
}

// TestScaleliteListsPerRoom: Scalelite lists recordings only per meeting, so the admin list
// shows those of the portal's rooms and says that others cannot be listed.
func TestScaleliteListsPerRoom(t *testing.T) {
	t.Parallel()
	p := startRecPortal(t, bbbsim.Options{Profile: bbbsim.ProfileScalelite})
	p.seed(3, testStart, p.kimRoom, p.leeRoom)
	p.Sim.SeedRecordings(5, bbbsim.SeedOptions{MeetingIDs: []string{"moodle-course-17"}, BaseURL: p.URL, End: testStart})
	admin := p.as(p.admin)
	pg := admin.get(paths.AdminRecordings)
	pg.contains(t, "recordings of meetings not started by this portal cannot be shown")
	if n := strings.Count(pg.Body, `<tr id="rec-`); n != 6 {
		t.Errorf("%d rows, want the 6 of the portal's rooms", n)
	}
	kim := p.as(p.teacher)
	if n := strings.Count(kim.get(paths.MyRecordings).Body, `<tr id="rec-`); n != 3 {
		t.Errorf("kim's list on Scalelite has %d rows, want 3", n)
	}
}
