package handlers_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"bbbportal/audit"
	"bbbportal/paths"
)

// TestRecordingActionsShowWhatBBBReports: a teacher's list shows her recordings (on "my
// recordings" and on the room page); publish, unpublish, rename and delete go through HTTP,
// change the recording on the simulator, and the page after each shows the state BBB reports.
func TestRecordingActionsShowWhatBBBReports(t *testing.T) {
	t.Parallel()
	p := startRecPortal(t, bbbsimOptions())
	seeded := p.seed(12, testStart, p.kimRoom, p.leeRoom)
	mine, lees := seeded[p.kimRoom.ID], seeded[p.leeRoom.ID]
	published := p.inState(mine, "published")
	if len(published) < 2 {
		t.Fatalf("seed gave %d published recordings", len(published))
	}
	kim := p.as(p.teacher)

	list := kim.get(paths.MyRecordings)
	if list.Status != http.StatusOK {
		t.Fatalf("my recordings: %d", list.Status)
	}
	for _, id := range mine {
		rowOf(t, list.Body, id)
	}
	for _, id := range lees {
		if strings.Contains(list.Body, id) {
			t.Errorf("kim's list shows lee's recording %s", id)
		}
	}
	room := kim.get(paths.Room(p.kimRoom.ID))
	rowOf(t, room.Body, published[0])
	room.contains(t, "Lesson 1 of "+p.kimRoom.MeetingID)

	a, b := published[0], published[1]
	done := follow(t, kim, act(kim, paths.MyRecordings, paths.UnpublishRecordings, url.Values{"record_id": {a, b}}))
	if p.simState(a) != "unpublished" || p.simState(b) != "unpublished" {
		t.Fatalf("after unpublish BBB has %s and %s", p.simState(a), p.simState(b))
	}
	done.contains(t, "Unpublished. BBB now reports:")
	if row := rowOf(t, done.Body, a); !strings.Contains(row, "rec-unpublished") || strings.Contains(row, "/playback/") {
		t.Errorf("unpublished row still offers playback or another state:\n%s", row)
	}

	done = follow(t, kim, act(kim, paths.MyRecordings, paths.PublishRecordings, url.Values{"record_id": {a}}))
	if p.simState(a) != "published" || p.simState(b) != "unpublished" {
		t.Fatalf("after publishing one, BBB has %s and %s", p.simState(a), p.simState(b))
	}
	done.contains(t, "Published. BBB now reports:")
	if row := rowOf(t, done.Body, a); !strings.Contains(row, "rec-published") || !strings.Contains(row, "/playback/presentation/") {
		t.Errorf("published row has no playback link:\n%s", row)
	}

	done = follow(t, kim, act(kim, paths.Room(p.kimRoom.ID), paths.Recording(a),
		url.Values{"name": {"  Fractions, part 1 "}, "description": {"Homework in the last ten minutes"}}))
	if info, _ := p.Sim.Recording(a); info.Metadata["name"] != "Fractions, part 1" || info.Metadata["description"] != "Homework in the last ten minutes" {
		t.Fatalf("BBB metadata after rename: %v", info.Metadata)
	}
	done.contains(t, "Saved. BBB now reports the name “Fractions, part 1”.")
	if row := rowOf(t, done.Body, a); !strings.Contains(row, "Fractions, part 1") || !strings.Contains(row, "Homework in the last ten minutes") {
		t.Errorf("room page row after rename:\n%s", row)
	}
	if pg := act(kim, paths.MyRecordings, paths.Recording(a), url.Values{"name": {"   "}}); pg.Status != http.StatusSeeOther {
		t.Errorf("empty name: %d", pg.Status)
	} else if again := follow(t, kim, pg); !strings.Contains(again.Body, "Enter a name.") {
		t.Errorf("empty name is not explained:\n%s", again.Body)
	}

	confirm := act(kim, paths.MyRecordings, paths.DeleteRecordings, url.Values{"record_id": {a, b}})
	if confirm.Status != http.StatusOK || p.simState(a) != "published" {
		t.Fatalf("delete without confirmation: %d, BBB has %s", confirm.Status, p.simState(a))
	}
	confirm.contains(t, "Fractions, part 1")
	confirm.contains(t, "deleted folder")
	form := url.Values{"record_id": {a, b}, "confirm": {"yes"}, "return": {paths.MyRecordings}}
	done = follow(t, kim, kim.submit(paths.MyRecordings, paths.DeleteRecordings, form))
	if p.simState(a) != "deleted" || p.simState(b) != "deleted" {
		t.Fatalf("after delete BBB has %s and %s", p.simState(a), p.simState(b))
	}
	done.contains(t, "Deleted. BBB now reports: Fractions, part 1: Deleted")
	if row := rowOf(t, done.Body, a); !strings.Contains(row, "rec-deleted") || strings.Contains(row, `name="record_id"`) && strings.Contains(row, "/playback/") {
		t.Errorf("deleted row:\n%s", row)
	}

	for action, n := range map[string]int{"recording.unpublish": 2, "recording.publish": 1, "recording.update": 1, "recording.delete": 2} {
		entries := p.auditEntries(action)
		if len(entries) != n {
			t.Errorf("%s: %d audit entries, want %d", action, len(entries), n)
			continue
		}
		for _, e := range entries {
			if e.ActorID == nil || *e.ActorID != p.teacher.ID || e.Result != audit.ResultOK || e.ClientIP == "" {
				t.Errorf("%s audit entry: %+v", action, e)
			}
		}
	}
}

// TestTeacherCannotTouchAnotherTeachersRecording: lee's recordings are "not found" for kim in
// every form, also by crafted requests and hidden in a bulk request, and nothing changes.
func TestTeacherCannotTouchAnotherTeachersRecording(t *testing.T) {
	t.Parallel()
	p := startRecPortal(t, bbbsimOptions())
	seeded := p.seed(10, testStart, p.kimRoom, p.leeRoom)
	kimPub := p.inState(seeded[p.kimRoom.ID], "published")[0]
	leePub := p.inState(seeded[p.leeRoom.ID], "published")[0]
	kim := p.as(p.teacher)
	before := p.Sim

	if pg := kim.get(paths.MyRecordings + "?room=" + itoa(p.leeRoom.ID)); pg.Status != http.StatusNotFound {
		t.Errorf("kim lists lee's room: %d", pg.Status)
	}
	if pg := kim.get(paths.Room(p.leeRoom.ID)); pg.Status != http.StatusNotFound {
		t.Errorf("kim opens lee's room page: %d", pg.Status)
	}
	if pg := kim.get(paths.AdminRecordings); pg.Status != http.StatusForbidden {
		t.Errorf("kim opens the admin list: %d", pg.Status)
	}
	cases := []struct {
		name, path string
		form       url.Values
	}{
		{"publish", paths.PublishRecordings, url.Values{"record_id": {leePub}}},
		{"unpublish", paths.UnpublishRecordings, url.Values{"record_id": {leePub}}},
		{"bulk unpublish with one foreign", paths.UnpublishRecordings, url.Values{"record_id": {kimPub, leePub}}},
		{"delete confirmation", paths.DeleteRecordings, url.Values{"record_id": {leePub}}},
		{"bulk delete with one foreign", paths.DeleteRecordings, url.Values{"record_id": {kimPub, leePub}, "confirm": {"yes"}}},
		{"rename", paths.Recording(leePub), url.Values{"name": {"Mine now"}}},
		{"prefix of a foreign id", paths.UnpublishRecordings, url.Values{"record_id": {leePub[:40]}}},
		{"made-up id", paths.Recording(strings.Repeat("ab", 20) + "-1700000000000"), url.Values{"name": {"x"}}},
	}
	for _, c := range cases {
		if pg := act(kim, paths.MyRecordings, c.path, c.form); pg.Status != http.StatusNotFound {
			t.Errorf("%s: status %d, want 404", c.name, pg.Status)
		} else if strings.Contains(pg.Body, "History 9a") || strings.Contains(pg.Body, leePub) {
			t.Errorf("%s: the 404 page tells about lee's recording", c.name)
		}
	}
	if p.simState(kimPub) != "published" || p.simState(leePub) != "published" {
		t.Errorf("a refused request changed something: kim's %s, lee's %s", p.simState(kimPub), p.simState(leePub))
	}
	if info, _ := before.Recording(leePub); info.Metadata["name"] != "" {
		t.Errorf("lee's recording was renamed: %v", info.Metadata)
	}
	denied := 0
	for _, a := range []string{"recording.publish", "recording.unpublish", "recording.delete", "recording.update", "recording.view"} {
		for _, e := range p.auditEntries(a) {
			if e.Result != audit.ResultDenied {
				t.Errorf("%s audited as %s", a, e.Result)
			}
			denied++
		}
	}
	if denied != len(cases) {
		t.Errorf("%d refusals audited, want %d", denied, len(cases))
	}
	// lee herself may.
	lee := p.as(p.lee)
	if pg := act(lee, paths.MyRecordings, paths.UnpublishRecordings, url.Values{"record_id": {leePub}}); pg.Status != http.StatusSeeOther || p.simState(leePub) != "unpublished" {
		t.Errorf("lee unpublishes her own: %d, BBB has %s", pg.Status, p.simState(leePub))
	}
}

// TestRecordingActionsNeedCSRF: a cross-site form cannot change a recording.
func TestRecordingActionsNeedCSRF(t *testing.T) {
	t.Parallel()
	p := startRecPortal(t, bbbsimOptions())
	id := p.inState(p.seed(8, testStart, p.kimRoom)[p.kimRoom.ID], "published")[0]
	kim := p.as(p.teacher)
	if pg := kim.post(paths.UnpublishRecordings, url.Values{"record_id": {id}}); pg.Status != http.StatusForbidden {
		t.Errorf("unpublish without a CSRF token: %d", pg.Status)
	}
	if p.simState(id) != "published" {
		t.Errorf("BBB has %s", p.simState(id))
	}
}
