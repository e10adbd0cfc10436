package handlers_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"bbbportal/bbb/bbbsim"
	"bbbportal/meetings"
	"bbbportal/models"
)

// TestScheduleFormRefusesPastAndLongTitles: a meeting planned in the past is refused with
// the date field marked, and a 3,000-character title is refused with a field error that says
// how long it is, instead of being cut to 200 characters in silence.
func TestScheduleFormRefusesPastAndLongTitles(t *testing.T) {
	t.Parallel()
	p := startMeetingPortal(t, bbbsim.Options{}, meetings.Config{}) // the clock says testStart
	room := p.room(p.teacher, "Maths 7b", nil)
	b := p.as(p.teacher)
	path := "/rooms/" + itoa(room.ID) + "/schedules"
	yesterday := testStart.AddDate(0, 0, -1).Format("2006-01-02")
	nextWeek := testStart.AddDate(0, 0, 7).Format("2006-01-02")

	form := b.get(path)
	if strings.Contains(form.Body, `maxlength="200"`) {
		t.Error("the title field still cuts what is typed or pasted at 200 characters")
	}

	pg := b.submit(path, path, url.Values{"title": {"Revision"}, "date": {yesterday}, "start": {"10:00"}, "end": {"11:00"}})
	if pg.Status != http.StatusUnprocessableEntity {
		t.Fatalf("schedule in the past: status %d, want 422", pg.Status)
	}
	pg.contains(t, "This meeting would start in the past.")
	pg.contains(t, `id="sc-err-date"`)
	pg.contains(t, `value="`+yesterday+`" aria-describedby="sc-err-date" aria-invalid="true"`)

	long := strings.Repeat("Ä", 3000)
	pg = b.submit(path, path, url.Values{"title": {long}, "date": {nextWeek}, "start": {"10:00"}, "end": {"11:00"}})
	if pg.Status != http.StatusUnprocessableEntity {
		t.Fatalf("3000-character title: status %d, want 422", pg.Status)
	}
	pg.contains(t, "Enter a title of at most 200 characters; this one has 3000.")
	pg.contains(t, `id="sc-err-title"`)
	pg.contains(t, `value="`+long+`"`) // what was typed comes back to be shortened
	if scheds, _ := models.SchedulesOfRoom(p.DB, room.ID); len(scheds) != 0 {
		t.Fatalf("refused schedules were stored: %+v", scheds)
	}

	b.header.Set("Accept-Language", "de")
	pg = b.submit(path, path, url.Values{"date": {yesterday}, "start": {"10:00"}, "end": {"11:00"}})
	pg.contains(t, "Dieser Termin würde in der Vergangenheit beginnen.")

	b.header.Set("Accept-Language", "en")
	title := strings.Repeat("Ü", 200)
	if pg := b.submit(path, path, url.Values{"title": {title}, "date": {nextWeek}, "start": {"10:00"}, "end": {"11:00"}}); pg.Status != http.StatusSeeOther {
		t.Fatalf("200-character title: status %d\n%s", pg.Status, pg.Body)
	}
	b.get(path).contains(t, `<td class="wrap">`+title)
}
