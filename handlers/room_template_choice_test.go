package handlers_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"bbbportal/models"
)

// starterIDs finds the starter templates the portal seeded, by name.
func starterIDs(t *testing.T, f *roomsFixture) (standard, lecture, exam uint) {
	t.Helper()
	var list []models.Template
	if err := f.DB.Find(&list).Error; err != nil {
		t.Fatal(err)
	}
	for _, tpl := range list {
		switch {
		case tpl.Name == "Standard":
			standard = tpl.ID
		case strings.HasPrefix(tpl.Name, "Lecture"):
			lecture = tpl.ID
		case tpl.Name == "Exam supervision":
			exam = tpl.ID
		}
	}
	if standard == 0 || lecture == 0 || exam == 0 {
		t.Fatalf("starter templates not seeded: %+v", list)
	}
	return
}

// selectedTemplate is the template the new-room form's select has chosen.
func selectedTemplate(t *testing.T, body string) string {
	t.Helper()
	sel := regexp.MustCompile(`(?s)<select id="room-template".*?</select>`).FindString(body)
	m := regexp.MustCompile(`<option value="(\d+)" selected>`).FindStringSubmatch(sel)
	if m == nil {
		t.Fatalf("no template selected in %q", sel)
	}
	return m[1]
}

func shownTemplate(t *testing.T, body string) string {
	t.Helper()
	m := regexp.MustCompile(`name="shown_template_id" value="(\d+)"`).FindStringSubmatch(body)
	if m == nil {
		t.Fatal("the form does not say which template's settings it shows")
	}
	return m[1]
}

func roomsNamed(t *testing.T, f *roomsFixture, name string) []models.Room {
	t.Helper()
	var rooms []models.Room
	if err := f.DB.Where("name = ?", name).Find(&rooms).Error; err != nil {
		t.Fatal(err)
	}
	return rooms
}

// TestNewRoomTemplateChoiceWithoutJavaScript drives the new-room form as a browser without
// JavaScript does: the default template is preselected, the template chosen in the select
// is the one Save uses (keeping the settings the teacher changed), and "Use this template"
// shows the chosen template's settings without losing the typed name.
func TestNewRoomTemplateChoiceWithoutJavaScript(t *testing.T) {
	t.Parallel()
	f := newRoomsFixture(t)
	standard, lecture, exam := starterIDs(t, f)

	form := f.adaB.get("/rooms/new")
	if form.Status != http.StatusOK {
		t.Fatalf("new room form: %d", form.Status)
	}
	if got := selectedTemplate(t, form.Body); got != itoa(standard) {
		t.Errorf("the form opens on template %s, want the default Standard (%d)", got, standard)
	}
	if got := shownTemplate(t, form.Body); got != itoa(standard) {
		t.Errorf("the form shows the settings of template %s, want Standard (%d)", got, standard)
	}

	// Another template chosen, Save pressed right away: the Standard values the form showed
	// do not travel into the exam room, the one setting the teacher changed does.
	pg := f.adaB.submit("/rooms/new", "/rooms", url.Values{
		"name": {"Maths exam"}, "template_id": {itoa(exam)}, "shown_template_id": {itoa(standard)},
		"opt.guestPolicy": {"ALWAYS_ACCEPT"}, "opt.meetingLayout": {"SMART_LAYOUT"},
		"opt.muteOnStart": {"true"}, "opt.endWhenNoModerator": {"false"},
	})
	if pg.Status != http.StatusSeeOther {
		t.Fatalf("save with another template: status %d\n%s", pg.Status, pg.Body)
	}
	rooms := roomsNamed(t, f, "Maths exam")
	if len(rooms) != 1 || rooms[0].TemplateID != exam {
		t.Fatalf("room saved with template %+v, want the chosen exam template %d", rooms, exam)
	}
	var room models.Room
	if err := f.DB.Preload("Template").First(&room, rooms[0].ID).Error; err != nil {
		t.Fatal(err)
	}
	eff := room.Effective()
	if eff["guestPolicy"] != "ASK_MODERATOR" || eff["meetingLayout"] != "" {
		t.Errorf("the exam room took the Standard form's values: %v", eff)
	}
	if eff["muteOnStart"] != "true" {
		t.Errorf("the teacher's own change (mute on start) was lost: %v", eff)
	}
	if eff["endWhenNoModerator"] != "false" {
		t.Errorf("the teacher's change of endWhenNoModerator was lost: %v", eff)
	}

	// "Use this template": the lecture's settings appear, the typed name stays, nothing is saved.
	pg = f.adaB.submit("/rooms/new", "/rooms", url.Values{
		"name": {"Chemistry 7b"}, "max_duration": {"45"}, "template_id": {itoa(lecture)},
		"shown_template_id": {itoa(standard)}, "switch_template": {"yes"},
	})
	if pg.Status != http.StatusOK {
		t.Fatalf("use this template: status %d", pg.Status)
	}
	pg.contains(t, `value="Chemistry 7b"`)
	pg.contains(t, `value="45"`)
	if got := selectedTemplate(t, pg.Body); got != itoa(lecture) {
		t.Errorf("after switching the select shows %s, want the lecture %d", got, lecture)
	}
	if got := shownTemplate(t, pg.Body); got != itoa(lecture) {
		t.Errorf("after switching the form shows the settings of %s, want the lecture %d", got, lecture)
	}
	if n := len(roomsNamed(t, f, "Chemistry 7b")); n != 0 {
		t.Errorf("switching the template saved %d rooms", n)
	}

	// Enter in the name field presses the first button; with the template unchanged it saves.
	pg = f.adaB.submit("/rooms/new", "/rooms", url.Values{
		"name": {"Chemistry 7b"}, "template_id": {itoa(lecture)}, "shown_template_id": {itoa(lecture)},
		"switch_template": {"yes"},
	})
	if pg.Status != http.StatusSeeOther {
		t.Fatalf("save after switching: status %d\n%s", pg.Status, pg.Body)
	}
	if rooms := roomsNamed(t, f, "Chemistry 7b"); len(rooms) != 1 || rooms[0].TemplateID != lecture {
		t.Errorf("room after switching = %+v, want one from the lecture template", rooms)
	}
}

// TestStarterTemplatesInGerman: the starter templates' names and descriptions follow the
// interface language while they keep the names they were created with.
func TestStarterTemplatesInGerman(t *testing.T) {
	t.Parallel()
	f := newRoomsFixture(t)
	f.adaB.header.Set("Accept-Language", "de")
	list := f.adaB.get("/templates")
	list.contains(t, "Prüfungsaufsicht")
	list.contains(t, "Die Teilnehmenden lassen ihre Kamera an")
	if strings.Contains(list.Body, "Exam supervision") || strings.Contains(list.Body, "Students keep their webcams on") {
		t.Error("the German templates list shows the English starter texts")
	}
	form := f.adaB.get("/rooms/new")
	form.contains(t, ">Vorlesung: großes Publikum, Zuhörende stumm und gesperrt</option>")

	f.adaB.header.Set("Accept-Language", "en")
	f.adaB.get("/templates").contains(t, "Exam supervision")
}
