package handlers_test

import (
	"net/http"
	"net/url"
	"testing"
)

// TestTemplateSelectNeverSavesTheRoom: the select's htmx request asks only for the chosen
// template's settings; sent again for the template shown already (the browser fired change
// twice), it swaps the same settings in and saves nothing.
func TestTemplateSelectNeverSavesTheRoom(t *testing.T) {
	t.Parallel()
	f := newRoomsFixture(t)
	_, lecture, _ := starterIDs(t, f)
	f.adaB.header.Set("HX-Request", "true")
	defer f.adaB.header.Del("HX-Request")
	pg := f.adaB.submit("/rooms/new", "/rooms", url.Values{
		"name": {"Biologie 8a"}, "template_id": {itoa(lecture)}, "shown_template_id": {itoa(lecture)},
		"switch_template": {"yes"},
	})
	if pg.Status != http.StatusOK {
		t.Fatalf("the select's request for the shown template: status %d, want the form", pg.Status)
	}
	pg.contains(t, `id="room-options"`)
	pg.contains(t, `data-option="muteOnStart"`)
	if got := shownTemplate(t, pg.Body); got != itoa(lecture) {
		t.Errorf("the form shows the settings of %s, want the lecture %d", got, lecture)
	}
	if n := len(roomsNamed(t, f, "Biologie 8a")); n != 0 {
		t.Errorf("the select's request saved %d rooms", n)
	}
}
