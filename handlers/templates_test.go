package handlers_test

import (
	"encoding/json"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"bbbportal/bbb/bbbsim"
	"bbbportal/handlers"
	"bbbportal/i18n"
	"bbbportal/meetings"
	"bbbportal/models"
	"bbbportal/paths"
)

func auditDetails(t *testing.T, p *testPortal, action string) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, e := range p.auditEntries(action) {
		var d map[string]any
		if err := json.Unmarshal([]byte(e.Details), &d); err != nil {
			t.Fatal(err)
		}
		out = append(out, d)
	}
	return out
}

func change(t *testing.T, details map[string]any, name string) map[string]any {
	t.Helper()
	changes, _ := details["changes"].(map[string]any)
	c, _ := changes[name].(map[string]any)
	if c == nil {
		t.Errorf("audit changes lack %s: %v", name, details["changes"])
	}
	return c
}

// TestTemplatesAndRoomsAreAudited: creating, changing and deleting templates and rooms is
// recorded with the options before and after; a start with its effective parameters.
func TestTemplatesAndRoomsAreAudited(t *testing.T) {
	t.Parallel()
	f := newRoomsFixture(t)
	tpl := f.createTemplate(f.adaB, url.Values{"name": {"Seminar"}, "opt.record": {"true"}, "policy.record": {"forced"}})
	created := auditDetails(t, f.testPortal, "template.create")
	if len(created) != 1 {
		t.Fatalf("template.create entries: %d", len(created))
	}
	if c := change(t, created[0], "record"); c["before"] != nil || c["after"].(map[string]any)["value"] != "true" ||
		c["after"].(map[string]any)["policy"] != "forced" {
		t.Errorf("template.create record change: %v", c)
	}

	pg := f.adaB.submit("/templates/"+itoa(tpl.ID), "/templates/"+itoa(tpl.ID), url.Values{"name": {"Seminar"},
		"opt.record": {"false"}, "policy.record": {"forced"}, "opt.bannerText": {"Hello"}})
	if pg.Status != http.StatusSeeOther {
		t.Fatalf("update template: %d\n%s", pg.Status, pg.Body)
	}
	updated := auditDetails(t, f.testPortal, "template.update")
	if c := change(t, updated[0], "record"); c["before"].(map[string]any)["value"] != "true" || c["after"].(map[string]any)["value"] != "false" {
		t.Errorf("template.update record change: %v", c)
	}
	if c := change(t, updated[0], "bannerText"); c["before"] != nil || c["after"].(map[string]any)["value"] != "Hello" {
		t.Errorf("template.update bannerText change: %v", c)
	}
	if _, unchanged := updated[0]["changes"].(map[string]any)["welcome"]; unchanged {
		t.Error("an option that did not change is listed as changed")
	}

	room := f.createRoom(f.adaB, tpl.ID, url.Values{"name": {"Seminar A"}, "opt.maxParticipants": {"30"}})
	pg = f.adaB.submit(paths.Room(room.ID, "edit"), paths.Room(room.ID), url.Values{"name": {"Seminar B"},
		"template_id": {itoa(tpl.ID)}, "opt.maxParticipants": {"40"}})
	if pg.Status != http.StatusSeeOther {
		t.Fatalf("update room: %d", pg.Status)
	}
	roomUpdate := auditDetails(t, f.testPortal, "room.update")[0]
	if c := change(t, roomUpdate, "maxParticipants"); c["before"] != "30" || c["after"] != "40" {
		t.Errorf("room.update change: %v", c)
	}
	if roomUpdate["renamed_from"] != "Seminar A" {
		t.Errorf("room.update rename: %v", roomUpdate)
	}

	if pg := f.start(f.adaB, room); pg.Status != http.StatusSeeOther {
		t.Fatalf("start: %d", pg.Status)
	}
	starts := f.auditEntries("meeting.start")
	if len(starts) != 1 || starts[0].Result != "ok" || starts[0].ActorEmail != "ada@example.org" {
		t.Fatalf("meeting.start entries: %+v", starts)
	}
	for _, want := range []string{`"maxParticipants":"40"`, `"record":"false"`, room.MeetingID} {
		if !strings.Contains(starts[0].Details, want) {
			t.Errorf("meeting.start details %s lack %s", starts[0].Details, want)
		}
	}
	token := regexp.MustCompile(`token=([0-9a-f]+)`).FindStringSubmatch(f.Sim.LastCreateQuery(room.MeetingID).Get("meta_endCallbackUrl"))
	var all []string
	f.DB.Table("audit_entries").Pluck("details", &all)
	for _, d := range all {
		if strings.Contains(d, f.Config.BBBSecret) || (token != nil && strings.Contains(d, token[1])) {
			t.Errorf("an audit entry holds the secret or the end-callback token: %s", d)
		}
	}

	pg = f.adaB.submit(paths.Room(room.ID), paths.Room(room.ID, "delete"), url.Values{"confirm": {"yes"}})
	if pg.Status != http.StatusSeeOther {
		t.Fatalf("delete room: %d", pg.Status)
	}
	deleted := auditDetails(t, f.testPortal, "room.delete")
	if len(deleted) != 1 || deleted[0]["ended_meeting"] != true || change(t, deleted[0], "maxParticipants")["before"] != "40" {
		t.Errorf("room.delete: %v", deleted)
	}
}

// TestTemplateDeleteIsRefusedWhileRoomsUseIt: rooms must be moved to another template first.
func TestTemplateDeleteIsRefusedWhileRoomsUseIt(t *testing.T) {
	t.Parallel()
	f := newRoomsFixture(t)
	tpl := f.createTemplate(f.adaB, url.Values{"name": {"Old"}})
	other := f.createTemplate(f.adaB, url.Values{"name": {"New"}})
	bobs := f.createTemplate(f.bobB, url.Values{"name": {"Bob's"}})
	room := f.createRoom(f.adaB, tpl.ID, url.Values{"name": {"Keeps going"}})

	pg := f.adaB.submit("/templates/"+itoa(tpl.ID), "/templates/"+itoa(tpl.ID)+"/delete", url.Values{})
	if pg.Status != http.StatusSeeOther {
		t.Fatalf("delete: %d", pg.Status)
	}
	f.adaB.get(pg.Header.Get("Location")).contains(t, "The template was not deleted: rooms still use it (1).")
	if _, err := models.TemplateFor(f.DB, tpl.ID, f.ada); err != nil {
		t.Fatalf("the template in use was deleted: %v", err)
	}
	if pg := f.adaB.submit("/templates/"+itoa(tpl.ID), "/templates/"+itoa(tpl.ID)+"/delete", url.Values{"move_to": {itoa(bobs.ID)}}); pg.Status == http.StatusSeeOther {
		t.Error("rooms were moved to another teacher's template")
	}
	pg = f.adaB.submit("/templates/"+itoa(tpl.ID), "/templates/"+itoa(tpl.ID)+"/delete", url.Values{"move_to": {itoa(other.ID)}})
	if pg.Status != http.StatusSeeOther || pg.Header.Get("Location") != "/templates" {
		t.Fatalf("delete with move: %d %s", pg.Status, pg.Header.Get("Location"))
	}
	moved, err := models.RoomFor(f.DB, room.ID, f.ada)
	if err != nil || moved.TemplateID != other.ID || moved.MeetingID != room.MeetingID {
		t.Errorf("room after the move: %+v, %v (meetingID must not change)", moved, err)
	}
	if _, err := models.TemplateFor(f.DB, tpl.ID, f.ada); err == nil {
		t.Error("the template still exists")
	}
}

// TestCloneMakesAnEditablePersonalCopy: a teacher's copy of a global template is their own.
func TestCloneMakesAnEditablePersonalCopy(t *testing.T) {
	t.Parallel()
	f := newRoomsFixture(t)
	exam := f.seedTemplate("Exam supervision")
	pg := f.adaB.submit("/templates", "/templates/"+itoa(exam.ID)+"/clone", url.Values{})
	if pg.Status != http.StatusSeeOther {
		t.Fatalf("clone: %d", pg.Status)
	}
	copyPage := f.adaB.get(pg.Header.Get("Location"))
	copyPage.contains(t, "Exam supervision (copy)")
	copyPage.contains(t, `<button type="submit">Save template</button>`)
	var clone models.Template
	f.DB.Where("name = ?", "Exam supervision (copy)").First(&clone)
	if clone.OwnerID == nil || *clone.OwnerID != f.ada.ID || clone.Settings.PolicyOf("record") != "forced" || clone.Settings["guestPolicy"].Value != "ASK_MODERATOR" {
		t.Errorf("clone: %+v", clone)
	}
	if pg := f.adaB.submit("/templates", "/templates/"+itoa(exam.ID)+"/clone", url.Values{}); pg.Status != http.StatusSeeOther {
		t.Fatalf("second clone: %d", pg.Status)
	}
	var n int64
	f.DB.Model(&models.Template{}).Where("name = ?", "Exam supervision (copy 2)").Count(&n)
	if n != 1 {
		t.Error("a second copy does not get its own name")
	}
}

// TestBBBErrorsBecomeSentences: a failing start tells the teacher what happened and what to do.
func TestBBBErrorsBecomeSentences(t *testing.T) {
	t.Parallel()
	f := newRoomsFixture(t)
	room := f.createRoom(f.adaB, f.seedTemplate("Standard").ID, url.Values{"name": {"Biologie"}})
	cases := []struct {
		fault      bbbsim.Fault
		lang, want string
	}{
		{bbbsim.Fault{FailKey: "checksumError"}, "en", "The BBB server rejected the secret — ask your admin to check BIGBLUEBUTTON_SECRET."},
		{bbbsim.Fault{FailKey: "checksumError"}, "de", "Der BBB-Server hat das Secret abgelehnt — bitten Sie Ihre Administration, BIGBLUEBUTTON_SECRET zu prüfen."},
		{bbbsim.Fault{Status: http.StatusBadGateway}, "en", "The BBB server answered with an error page instead of an API answer."},
		{bbbsim.Fault{Malformed: true}, "en", "The BBB server sent an answer the portal cannot read."},
	}
	for _, c := range cases {
		f.Sim.SetFault("getMeetingInfo", c.fault)
		f.adaB.header.Set("Accept-Language", c.lang)
		pg := f.start(f.adaB, room)
		if pg.Status != http.StatusSeeOther || pg.Header.Get("Location") != paths.Room(room.ID) {
			t.Fatalf("failed start: %d %q", pg.Status, pg.Header.Get("Location"))
		}
		next := f.adaB.get(paths.Room(room.ID))
		next.contains(t, c.want)
		if strings.Contains(next.Body, "checksumError") || strings.Contains(next.Body, "bbb:") {
			t.Error("the page shows a Go or BBB error string")
		}
		f.Sim.ClearFaults()
	}
}

// TestProblemsAreTranslated: the problem sentences that rooms and meeting pages show exist in
// both languages under problem.<id>, the English one as the meetings package words it.
func TestProblemsAreTranslated(t *testing.T) {
	t.Parallel()
	for id, english := range meetings.ProblemText {
		if got := i18n.In("en", "problem."+id); got != english {
			t.Errorf("problem.%s in English = %q, want %q", id, got, english)
		}
		if got := i18n.In("de", "problem."+id); got == "problem."+id || got == english {
			t.Errorf("problem.%s has no German text", id)
		}
	}
}

// TestRoomListShowsLiveStatusAndSearch: the list searches by name, shows who is in a running
// meeting, and says since when BBB is unreachable instead of failing.
func TestRoomListShowsLiveStatusAndSearch(t *testing.T) {
	t.Parallel()
	f := newRoomsFixture(t)
	std := f.seedTemplate("Standard").ID
	physics := f.createRoom(f.adaB, std, url.Values{"name": {"Physik 10a"}})
	f.createRoom(f.adaB, std, url.Values{"name": {"Mathe 7b"}})
	if pg := f.start(f.adaB, physics); pg.Status != http.StatusSeeOther {
		t.Fatal(pg.Status)
	}
	for _, name := range []string{"Ada", "Ben", "Cem"} {
		if _, err := f.Sim.AddUser(physics.MeetingID, name, "VIEWER"); err != nil {
			t.Fatal(err)
		}
	}
	f.clock.Advance(2 * time.Second)
	pg := f.adaB.get("/rooms?q=physik")
	pg.contains(t, "Physik 10a")
	pg.contains(t, "Running · participants: 3")
	if strings.Contains(pg.Body, "Mathe 7b") {
		t.Error("the search shows a room that does not match")
	}
	if pg := f.adaB.get("/rooms/" + itoa(physics.ID)); !strings.Contains(pg.Body, `href="/meetings/`+physics.MeetingID+`"`) {
		t.Error("a running room has no link to manage its meeting")
	}

	f.Sim.SetFault("getMeetings", bbbsim.Fault{Drop: true})
	f.clock.Advance(2 * time.Second)
	pg = f.adaB.get("/rooms")
	if pg.Status != http.StatusOK {
		t.Fatalf("rooms list with BBB down: %d", pg.Status)
	}
	if !regexp.MustCompile(`BBB server unreachable since \d\d:\d\d\.`).MatchString(pg.Body) {
		t.Errorf("the rooms list does not say since when BBB is unreachable:\n%s", pg.Body)
	}
	pg.contains(t, "Mathe 7b")
}

// TestPreviewShowsTheCreateCallMasked: the preview is the exact create URL with the checksum and
// the end-callback token masked, never the secret.
func TestPreviewShowsTheCreateCallMasked(t *testing.T) {
	t.Parallel()
	f := newRoomsFixture(t)
	// clientSettingsOverride is admin-only: it comes from an admin's global template.
	tpl := f.createTemplate(f.adminB, url.Values{"name": {"Kunst"}, "scope": {"global"},
		"opt.clientSettingsOverride": {`{"public":{"app":{"appName":"Kunst"}}}`}})
	room := f.createRoom(f.adaB, tpl.ID, url.Values{"name": {"Kunst & Musik"}})
	pg := f.adaB.get(paths.Room(room.ID, "preview"))
	if pg.Status != http.StatusOK {
		t.Fatalf("preview: %d", pg.Status)
	}
	m := regexp.MustCompile(`<code id="create-url">([^<]*)</code>`).FindStringSubmatch(pg.Body)
	if m == nil {
		t.Fatalf("no create URL in the preview:\n%s", pg.Body)
	}
	shown, err := url.Parse(html.UnescapeString(m[1]))
	if err != nil || !strings.HasPrefix(shown.String(), f.URL+"/bigbluebutton/api/create?") {
		t.Fatalf("previewed URL %q: %v", m[1], err)
	}
	previewed := shown.Query()
	if previewed.Get("checksum") != "MASKED" || previewed.Get("meta_endCallbackUrl") != f.URL+"/callbacks/end?token=MASKED" {
		t.Errorf("checksum or token not masked: %v", previewed)
	}

	// What the preview shows is what starting the room sends.
	if pg := f.start(f.adaB, room); pg.Status != http.StatusSeeOther {
		t.Fatal(pg.Status)
	}
	sent := f.Sim.LastCreateQuery(room.MeetingID)
	token := regexp.MustCompile(`token=[^&]+`)
	for name := range previewed {
		switch name {
		case "checksum":
		case "meta_endCallbackUrl", "meetingEndedURL": // callback URLs: the same but for their token
			if !strings.Contains(previewed.Get(name), "token=MASKED") || strings.Contains(sent.Get(name), "MASKED") ||
				token.ReplaceAllString(sent.Get(name), "token=MASKED") != previewed.Get(name) {
				t.Errorf("%s: previewed %q, sent %q; want the token masked", name, previewed.Get(name), sent.Get(name))
			}
		default:
			if previewed.Get(name) != sent.Get(name) {
				t.Errorf("%s: previewed %q, sent %q", name, previewed.Get(name), sent.Get(name))
			}
		}
	}
	for name := range sent {
		if !previewed.Has(name) {
			t.Errorf("%s was sent but not previewed", name)
		}
	}
	if sent.Get("name") != "Kunst & Musik" {
		t.Errorf("name sent: %q", sent.Get("name"))
	}
	pg.contains(t, "clientSettingsOverride")
	pg.contains(t, "POST")
	if regexp.MustCompile(`checksum=[0-9a-f]{40}`).MatchString(pg.Body) || strings.Contains(pg.Body, f.Config.BBBSecret) {
		t.Error("the preview shows a checksum or the secret")
	}
	if sentToken := token.FindString(sent.Get("meetingEndedURL")); sentToken == "" || strings.Contains(pg.Body, sentToken) {
		t.Errorf("the preview shows the end callback's token %q", sentToken)
	}
}

// TestDeletingARunningRoomEndsItsMeetingAfterConfirmation.
func TestDeletingARunningRoomEndsItsMeetingAfterConfirmation(t *testing.T) {
	t.Parallel()
	f := newRoomsFixture(t)
	room := f.createRoom(f.adaB, f.seedTemplate("Standard").ID, url.Values{"name": {"Geschichte"}})
	if pg := f.start(f.adaB, room); pg.Status != http.StatusSeeOther {
		t.Fatal(pg.Status)
	}
	f.clock.Advance(2 * time.Second)
	confirm := f.adaB.get(paths.Room(room.ID, "delete"))
	confirm.contains(t, "Deleting the room ends it for everyone.")
	confirm.contains(t, "End the meeting and delete the room")

	// Without the confirmation nothing happens.
	if pg := f.adaB.submit(paths.Room(room.ID, "delete"), paths.Room(room.ID, "delete"), url.Values{}); pg.Status != http.StatusOK {
		t.Fatalf("unconfirmed delete: %d", pg.Status)
	}
	if _, err := models.RoomFor(f.DB, room.ID, f.ada); err != nil {
		t.Fatal("the room was deleted without confirmation")
	}
	pg := f.adaB.submit(paths.Room(room.ID, "delete"), paths.Room(room.ID, "delete"), url.Values{"confirm": {"yes"}})
	if pg.Status != http.StatusSeeOther || pg.Header.Get("Location") != "/rooms" {
		t.Fatalf("delete: %d %q", pg.Status, pg.Header.Get("Location"))
	}
	if _, err := models.RoomFor(f.DB, room.ID, f.ada); err == nil {
		t.Error("the room still exists")
	}
	var watches []models.EndWatch
	f.DB.Where("meeting_id = ?", room.MeetingID).Find(&watches)
	if len(watches) != 1 {
		t.Fatalf("end watches for the meeting: %d, want 1", len(watches))
	}
	f.clock.Advance(5 * time.Second) // the simulated server ends the meeting after its end delay
	deadline := time.Now().Add(5 * time.Second)
	for {
		if _, running := f.Sim.Meeting(room.MeetingID); !running {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the meeting of the deleted room is still running")
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestTemplateDescriptionIsBounded: a description longer than the limit is refused next to the
// field, in the user's language, and nothing is stored.
func TestTemplateDescriptionIsBounded(t *testing.T) {
	t.Parallel()
	f := newRoomsFixture(t)
	long := strings.Repeat("x", handlers.MaxDescriptionLength+1)
	pg := f.adaB.submit("/templates/new", "/templates", url.Values{"name": {"Wordy"}, "description": {long}})
	if pg.Status != http.StatusUnprocessableEntity {
		t.Fatalf("a %d-character description: status %d", len(long), pg.Status)
	}
	pg.contains(t, `id="err-description"`)
	pg.contains(t, "Enter a description of at most 1000 characters.")
	var n int64
	f.DB.Model(&models.Template{}).Where("name = ?", "Wordy").Count(&n)
	if n != 0 {
		t.Error("the template was stored")
	}
	f.createTemplate(f.adaB, url.Values{"name": {"Brief"}, "description": {strings.Repeat("y", handlers.MaxDescriptionLength)}})
}

// TestTemplateListCountsRooms: the templates page shows how many rooms use each template.
func TestTemplateListCountsRooms(t *testing.T) {
	t.Parallel()
	f := newRoomsFixture(t)
	used := f.createTemplate(f.adaB, url.Values{"name": {"Used twice"}})
	f.createTemplate(f.adaB, url.Values{"name": {"Unused"}})
	for _, name := range []string{"Room A", "Room B"} {
		if err := models.SaveRoom(f.DB, &models.Room{Name: name, OwnerID: f.ada.ID, TemplateID: used.ID}); err != nil {
			t.Fatal(err)
		}
	}
	body := f.adaB.get("/templates").Body
	row := func(name string) string {
		i := strings.Index(body, ">"+name+"</a>")
		if i < 0 {
			t.Fatalf("no row for %s", name)
		}
		return body[i:min(len(body), i+strings.Index(body[i:], "</tr>"))]
	}
	if !strings.Contains(row("Used twice"), "<td>2</td>") || !strings.Contains(row("Unused"), "<td>0</td>") {
		t.Errorf("room counts wrong:\n%s\n%s", row("Used twice"), row("Unused"))
	}
}
