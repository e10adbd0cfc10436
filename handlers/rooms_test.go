package handlers_test

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"bbbportal/bbb"
	"bbbportal/bbb/bbbsim"
	"bbbportal/createopts"
	"bbbportal/meetings"
	"bbbportal/models"
	"bbbportal/paths"
)

// roomsFixture is a portal with an admin and two teachers, each with a signed-in browser.
type roomsFixture struct {
	*testPortal
	clock              *bbbsim.ManualClock // drives the simulator and the live-status cache
	admin, ada, bob    *models.User
	adminB, adaB, bobB *browser
}

func newRoomsFixture(t *testing.T) *roomsFixture {
	t.Helper()
	clock := bbbsim.NewManualClock(time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC))
	p := startPortalWith(t, nil, bbbsim.Options{Clock: clock}, meetings.Config{})
	f := &roomsFixture{testPortal: p, clock: clock,
		admin: p.createUser("admin@example.org", models.RoleAdmin, testPassword),
		ada:   p.createUser("ada@example.org", models.RoleTeacher, testPassword),
		bob:   p.createUser("bob@example.org", models.RoleTeacher, testPassword)}
	f.adminB, f.adaB, f.bobB = newBrowser(t, p.URL), newBrowser(t, p.URL), newBrowser(t, p.URL)
	f.adminB.login(f.admin.Email, testPassword)
	f.adaB.login(f.ada.Email, testPassword)
	f.bobB.login(f.bob.Email, testPassword)
	return f
}

// seedTemplate returns the seeded global template with that name.
func (f *roomsFixture) seedTemplate(name string) *models.Template {
	f.t.Helper()
	var tpl models.Template
	if err := f.DB.Where("name = ? AND owner_id IS NULL", name).First(&tpl).Error; err != nil {
		f.t.Fatalf("seed template %q: %v", name, err)
	}
	return &tpl
}

// createTemplate posts the new-template form and returns the stored template.
func (f *roomsFixture) createTemplate(b *browser, form url.Values) *models.Template {
	f.t.Helper()
	pg := b.submit("/templates/new", "/templates", form)
	if pg.Status != http.StatusSeeOther {
		f.t.Fatalf("create template: status %d\n%s", pg.Status, pg.Body)
	}
	id, _ := strconv.Atoi(strings.TrimPrefix(pg.Header.Get("Location"), "/templates/"))
	var tpl models.Template
	if err := f.DB.First(&tpl, id).Error; err != nil {
		f.t.Fatal(err)
	}
	return &tpl
}

// createRoom posts the new-room form for the template and returns the stored room.
func (f *roomsFixture) createRoom(b *browser, templateID uint, form url.Values) *models.Room {
	f.t.Helper()
	form.Set("template_id", itoa(templateID))
	pg := b.submit("/rooms/new?template="+itoa(templateID), "/rooms", form)
	if pg.Status != http.StatusSeeOther {
		f.t.Fatalf("create room: status %d\n%s", pg.Status, pg.Body)
	}
	id, _ := strconv.Atoi(strings.TrimPrefix(pg.Header.Get("Location"), "/rooms/"))
	var room models.Room
	if err := f.DB.Preload("Template").First(&room, id).Error; err != nil {
		f.t.Fatal(err)
	}
	return &room
}

// start presses the room's Start button and returns the redirect.
func (f *roomsFixture) start(b *browser, room *models.Room) page {
	f.t.Helper()
	return b.submit(paths.Room(room.ID), paths.Room(room.ID, "start"), url.Values{})
}

var formFieldName = regexp.MustCompile(`name="([^"]+)"`)

func formFieldNames(body string) []string {
	var names []string
	for _, m := range formFieldName.FindAllStringSubmatch(body, -1) {
		names = append(names, html.UnescapeString(m[1]))
	}
	return names
}

// testValue is a valid value for an option as entered in the form, and as BBB must receive it.
func testValue(o *createopts.Option, i int) (entered []string, sent string) {
	switch o.Kind {
	case createopts.Bool:
		v := strconv.FormatBool(i%2 == 0)
		return []string{v}, v
	case createopts.Int:
		v := strconv.Itoa(10 + i)
		return []string{v}, v
	case createopts.Digits:
		return []string{"71234"}, "71234"
	case createopts.Text:
		v := "<b>Willkommen</b> in %%CONFNAME%% & mehr: ü+ß"
		return []string{v}, v
	case createopts.URL:
		v := "https://example.org/" + o.Name + "?a=1&b=%C3%A4+x"
		return []string{v}, v
	case createopts.Color:
		return []string{"#1a73e8"}, "#1A73E8"
	case createopts.Enum:
		v := o.Choices[len(o.Choices)-1]
		return []string{v}, v
	case createopts.Features:
		return []string{"polls", "captions"}, "captions,polls"
	case createopts.JSON:
		v := map[string]string{
			"groups":                 `[{"id":"g1","name":"Gruppe 1","roster":["1","2"]}]`,
			"pluginManifests":        `[{"url":"https://plugins.example.org/m.json","checksum":"abc"}]`,
			"clientSettingsOverride": `{"public":{"app":{"appName":"Schule <A&B>"}}}`,
		}[o.Name]
		return []string{v}, v
	}
	v := fmt.Sprintf("Wert %d & ü + %%20 <x>", i)
	return []string{v}, v
}

func sameJSON(t *testing.T, a, b string) bool {
	t.Helper()
	var x, y any
	if err := json.Unmarshal([]byte(a), &x); err != nil {
		return false
	}
	if err := json.Unmarshal([]byte(b), &y); err != nil {
		return false
	}
	ja, _ := json.Marshal(x)
	jb, _ := json.Marshal(y)
	return string(ja) == string(jb)
}

// TestEveryCreateParameterReachesBBB walks the whole create parameter list of the BBB client:
// each parameter has a field in the room form, and a value entered there reaches the BBB
// server's create with the right name and encoding. A new parameter without a form field
// (and without a reason in createopts.Excluded) fails here.
//
// Admin-only options (code or content BBB loads from elsewhere) reach BBB from an admin's
// global template; the room takes them from there.
func TestEveryCreateParameterReachesBBB(t *testing.T) {
	t.Parallel()
	f := newRoomsFixture(t)
	global := url.Values{"name": {"Nothing set"}, "scope": {"global"}}
	tplWant := map[string]string{}
	for i, name := range append([]string{"clientSettingsOverride"}, bbb.CreateParamNames()...) {
		if o, ok := createopts.Lookup(name); ok && o.AdminOnly {
			entered, sent := testValue(o, i)
			global["opt."+name] = entered
			tplWant[name] = sent
		}
	}
	tpl := f.createTemplate(f.adminB, global)

	formPage := f.adaB.get("/rooms/new?template=" + itoa(tpl.ID))
	fields := formFieldNames(formPage.Body)
	params := []string{"clientSettingsOverride"} // sent in the POST body, not the query
	// The form offers what the connected server's release reads (the demo server is 3.0).
	release := f.Meet.Server(context.Background()).Follow
	for _, name := range bbb.CreateParamNames() {
		o, known := createopts.Lookup(name)
		if _, excluded := createopts.Excluded[name]; !excluded && (!known || o.AvailableIn(release)) {
			params = append(params, name)
		}
	}

	form := url.Values{"name": {"Physik 1 & 2"}}
	want := map[string]string{}
	for i, name := range params {
		if !slices.Contains(fields, "opt."+name) {
			t.Errorf("create parameter %s has no field opt.%s in the room form", name, name)
			continue
		}
		o, ok := createopts.Lookup(name)
		if !ok {
			t.Errorf("create parameter %s is not in the options catalogue", name)
			continue
		}
		if sent, fromTemplate := tplWant[name]; fromTemplate {
			want[name] = sent
			continue
		}
		entered, sent := testValue(o, i)
		if choices := o.ChoicesFor(release); o.Kind == createopts.Enum && len(choices) > 0 {
			entered, sent = []string{choices[len(choices)-1]}, choices[len(choices)-1]
		}
		form["opt."+name] = entered
		want[name] = sent
	}
	if !slices.Contains(fields, "meta.name") || !slices.Contains(fields, "meta.value") {
		t.Fatal("the room form has no metadata rows")
	}
	form["meta.name"] = []string{"Course", "term-2"}
	form["meta.value"] = []string{"Physik & Chemie", "Herbst 2026"}
	want["meta_Course"], want["meta_term-2"] = "Physik & Chemie", "Herbst 2026"

	room := f.createRoom(f.adaB, tpl.ID, form)
	pg := f.start(f.adaB, room)
	if pg.Status != http.StatusSeeOther || !strings.Contains(pg.Header.Get("Location"), "/bigbluebutton/api/join?") {
		t.Fatalf("start: status %d, location %q\n%s", pg.Status, pg.Header.Get("Location"), pg.Body)
	}

	q := f.Sim.LastCreateQuery(room.MeetingID)
	if q == nil {
		t.Fatal("the simulator received no create")
	}
	for name, sent := range want {
		if name == "clientSettingsOverride" {
			continue
		}
		got, present := q[name]
		switch {
		case !present:
			t.Errorf("%s: not sent (want %q)", name, sent)
		case len(got) != 1:
			t.Errorf("%s: sent %d times: %q", name, len(got), got)
		case strings.HasPrefix(sent, "[") || strings.HasPrefix(sent, "{"):
			if !sameJSON(t, got[0], sent) {
				t.Errorf("%s: BBB received %q, want the JSON %q", name, got[0], sent)
			}
		case got[0] != sent:
			t.Errorf("%s: BBB received %q, want %q", name, got[0], sent)
		}
	}
	portalSets := map[string]bool{"name": true, "meetingID": true, "logoutURL": true, "meta_endCallbackUrl": true, "meta_bbb-recording-ready-url": true,
		"meetingEndedURL": true}
	for name := range q {
		if _, expected := want[name]; !expected && !portalSets[name] {
			t.Errorf("BBB received %s=%q, which nobody entered", name, q.Get(name))
		}
	}
	if q.Get("name") != "Physik 1 & 2" || q.Get("meetingID") != room.MeetingID {
		t.Errorf("name/meetingID sent: %q / %q", q.Get("name"), q.Get("meetingID"))
	}
	if got := q.Get("logoutURL"); got != f.URL+paths.Room(room.ID) {
		t.Errorf("logoutURL = %q, want the room page", got)
	}
	endCallback := q.Get("meta_endCallbackUrl")
	if !regexp.MustCompile(`^` + regexp.QuoteMeta(f.URL+"/callbacks/end?token=") + `[0-9a-f]{64}$`).MatchString(endCallback) {
		t.Errorf("meta_endCallbackUrl = %q, want the portal's end callback with a per-meeting token", endCallback)
	}
	if got := q.Get("meta_bbb-recording-ready-url"); got != f.URL+"/callbacks/recording-ready" {
		t.Errorf("meta_bbb-recording-ready-url = %q", got)
	}

	var body struct {
		Modules []struct {
			Name string `xml:"name,attr"`
			Text string `xml:",chardata"`
		} `xml:"module"`
	}
	if err := xml.Unmarshal(f.Sim.LastCreateBody(room.MeetingID), &body); err != nil {
		t.Fatalf("create body: %v\n%s", err, f.Sim.LastCreateBody(room.MeetingID))
	}
	var clientSettings string
	for _, m := range body.Modules {
		if m.Name == "clientSettingsOverride" {
			clientSettings = m.Text
		}
	}
	if !sameJSON(t, clientSettings, want["clientSettingsOverride"]) {
		t.Errorf("clientSettingsOverride module = %q, want %q", clientSettings, want["clientSettingsOverride"])
	}
}

// TestForcedAndHiddenOptionsCannotBeChangedByARoom: the room form shows forced options read-only
// and hidden ones not at all, and a crafted POST changes neither.
func TestForcedAndHiddenOptionsCannotBeChangedByARoom(t *testing.T) {
	t.Parallel()
	f := newRoomsFixture(t)
	tpl := f.createTemplate(f.adminB, url.Values{"name": {"Strict"}, "scope": {"global"},
		"opt.record": {"false"}, "policy.record": {"forced"},
		"opt.welcome": {"Template welcome"}, "policy.welcome": {"hidden"},
		"opt.guestPolicy": {"ASK_MODERATOR"}, "policy.guestPolicy": {"forced"},
		"meta.name": {"school"}, "meta.value": {"Gymnasium"}, "policy.meta_*": {"forced"},
		"opt.muteOnStart": {"true"}, "policy.muteOnStart": {"default"}})

	formPage := f.adaB.get("/rooms/new?template=" + itoa(tpl.ID))
	fields := formFieldNames(formPage.Body)
	for _, name := range []string{"opt.record", "opt.guestPolicy", "opt.welcome", "meta.name"} {
		if slices.Contains(fields, name) {
			t.Errorf("the room form offers %s, which the template forces or hides", name)
		}
	}
	if !slices.Contains(fields, "opt.muteOnStart") {
		t.Error("the room form lacks opt.muteOnStart, a default option")
	}
	if !strings.Contains(formPage.Body, `data-option="record"`) || strings.Contains(formPage.Body, `data-option="welcome"`) {
		t.Error("forced options must be shown (read-only) and hidden ones not at all")
	}
	formPage.contains(t, "fixed by the template")

	room := f.createRoom(f.adaB, tpl.ID, url.Values{"name": {"Crafted"},
		"opt.record": {"true"}, "opt.welcome": {"Sneaky"}, "opt.guestPolicy": {"ALWAYS_ACCEPT"},
		"meta.name": {"school", "extra"}, "meta.value": {"Elsewhere", "x"}, "opt.muteOnStart": {"false"}})
	if len(room.Overrides) != 1 || room.Overrides["muteOnStart"] != "false" {
		t.Errorf("stored overrides = %v, want only muteOnStart=false", room.Overrides)
	}
	// The same through an edit.
	pg := f.adaB.submit(paths.Room(room.ID, "edit"), paths.Room(room.ID), url.Values{"name": {"Crafted"},
		"template_id": {itoa(tpl.ID)}, "opt.record": {"true"}, "opt.guestPolicy": {"ALWAYS_DENY"}, "opt.muteOnStart": {"false"}})
	if pg.Status != http.StatusSeeOther {
		t.Fatalf("edit: %d\n%s", pg.Status, pg.Body)
	}
	if pg := f.start(f.adaB, room); pg.Status != http.StatusSeeOther {
		t.Fatalf("start: %d", pg.Status)
	}
	q := f.Sim.LastCreateQuery(room.MeetingID)
	if q.Get("record") != "false" || q.Get("guestPolicy") != "ASK_MODERATOR" || q.Get("muteOnStart") != "false" ||
		q.Has("welcome") || q.Get("meta_school") != "Gymnasium" || q.Has("meta_extra") {
		t.Errorf("create received %v", q)
	}
}

// TestOptionValidationMessages: every field type refuses bad input with a message next to the
// field, keeps what was entered, and stores nothing.
func TestOptionValidationMessages(t *testing.T) {
	t.Parallel()
	f := newRoomsFixture(t)
	tpl := f.createTemplate(f.adaB, url.Values{"name": {"Mine"}})
	longText := strings.Repeat("x", 5001)
	cases := []struct {
		field, value, errID, message string
	}{
		{"record", "maybe", "err-record", "Choose yes or no."},
		{"maxParticipants", "-3", "err-maxParticipants", "Enter a whole number, 0 or more."},
		{"voiceBridge", "12a", "err-voiceBridge", "Enter up to 10 digits, nothing else."},
		{"logo", "javascript:alert(1)", "err-logo", "Enter a full web address starting with https:// or http://."},
		{"bannerColor", "red", "err-bannerColor", "Enter a colour as #RRGGBB, for example #1A73E8."},
		{"meetingLayout", "BIG_LAYOUT", "err-meetingLayout", "Choose one of: CUSTOM_LAYOUT"},
		{"disabledFeatures", "teleport", "err-disabledFeatures", "teleport is not a BBB feature name."},
		{"groups", `[{"id":`, "err-groups", "This is not valid JSON (error near character"},
		{"pluginManifests", `[{"url":"ftp://x"}]`, "err-pluginManifests", `This must be a list of plugins`},
		{"clientSettingsOverride", `[1]`, "err-clientSettingsOverride", "This must be a JSON object"},
		{"bannerText", "a\x01b", "err-bannerText", "Control characters are not allowed here."},
		{"welcome", longText, "err-welcome", "At most 5000 characters (this has 5001)."},
	}
	form := url.Values{"name": {"Room"}, "meta.name": {"1bad", "endCallbackUrl"}, "meta.value": {"v", "https://evil.example"}}
	for _, c := range cases {
		form.Set("opt."+c.field, c.value)
	}
	form.Set("template_id", itoa(tpl.ID))
	pg := f.adaB.submit("/rooms/new?template="+itoa(tpl.ID), "/rooms", form)
	if pg.Status != http.StatusUnprocessableEntity {
		t.Fatalf("status %d, want 422", pg.Status)
	}
	pg.contains(t, `id="error-summary"`)
	for _, c := range cases {
		m := regexp.MustCompile(`id="` + c.errID + `">([^<]*)<`).FindStringSubmatch(pg.Body)
		if m == nil || !strings.Contains(html.UnescapeString(m[1]), c.message) {
			t.Errorf("%s=%q: message next to the field = %v, want %q", c.field, c.value, m, c.message)
		}
		if !regexp.MustCompile(`aria-describedby="help-` + c.field + ` ` + c.errID + `"`).MatchString(pg.Body) {
			t.Errorf("%s: the input is not described by its message", c.field)
		}
		if !strings.Contains(pg.Body, `href="#opt-`+c.field+`"`) {
			t.Errorf("%s: the summary does not link to the field", c.field)
		}
	}
	for _, kept := range []string{`value="red"`, `value="-3"`, `value="javascript:alert(1)"`, `value="12a"`, `value="1bad"`, `[{&#34;id&#34;:`} {
		pg.contains(t, kept)
	}
	pg.contains(t, "Metadata names start with a letter and contain only letters, digits and &#39;-&#39;.")
	pg.contains(t, "The portal sets endCallbackUrl itself.")
	var n int64
	f.DB.Model(&models.Room{}).Count(&n)
	if n != 0 {
		t.Errorf("%d rooms stored despite errors", n)
	}

	// The same messages in German.
	f.adaB.header.Set("Accept-Language", "de")
	pg = f.adaB.submit("/rooms/new?template="+itoa(tpl.ID), "/rooms", form)
	pg.contains(t, "Wählen Sie Ja oder Nein.")
	pg.contains(t, "Geben Sie eine Farbe als #RRGGBB ein")
	pg.contains(t, "Höchstens 5000 Zeichen (hier sind es 5001).")

	// The template form validates the same way and refuses an unknown policy.
	f.adaB.header.Del("Accept-Language")
	pg = f.adaB.submit("/templates/new", "/templates", url.Values{"name": {"Bad"}, "opt.bannerColor": {"#12345"},
		"policy.bannerColor": {"forced"}, "policy.record": {"sometimes"}})
	if pg.Status != http.StatusUnprocessableEntity {
		t.Fatalf("template form: status %d, want 422", pg.Status)
	}
	pg.contains(t, "Enter a colour as #RRGGBB")
	pg.contains(t, "Choose default, forced or hidden.")
	pg.contains(t, `value="#12345"`)
	if !regexp.MustCompile(`name="policy.bannerColor"[^>]*>\s*<option value="default">[^<]*</option><option value="forced" selected>`).MatchString(pg.Body) {
		t.Error("the template form does not keep the chosen policy")
	}
}

// TestTeachersSeeOnlyTheirRooms: another teacher's room and personal template behave as if they
// did not exist; co-owners and admins may manage a room.
func TestTeachersSeeOnlyTheirRooms(t *testing.T) {
	t.Parallel()
	f := newRoomsFixture(t)
	tpl := f.createTemplate(f.adaB, url.Values{"name": {"Ada's own"}})
	room := f.createRoom(f.adaB, tpl.ID, url.Values{"name": {"Ada's class"}})

	for _, path := range []string{"", "edit", "preview", "delete"} {
		if pg := f.bobB.get(roomURL(room.ID, path)); pg.Status != http.StatusNotFound {
			t.Errorf("bob GET %s: %d, want 404", roomURL(room.ID, path), pg.Status)
		}
	}
	for _, path := range []string{"", "start", "delete"} {
		pg := f.bobB.submit("/rooms", roomURL(room.ID, path), url.Values{"name": {"Taken over"}, "template_id": {itoa(tpl.ID)}, "confirm": {"yes"}})
		if pg.Status != http.StatusNotFound {
			t.Errorf("bob POST %s: %d, want 404", roomURL(room.ID, path), pg.Status)
		}
	}
	if f.Sim.LastCreateQuery(room.MeetingID) != nil {
		t.Error("bob started ada's meeting")
	}
	if pg := f.bobB.get("/rooms"); strings.Contains(pg.Body, "Ada&#39;s class") {
		t.Error("bob's room list shows ada's room")
	}
	if pg := f.bobB.get("/templates/" + itoa(tpl.ID)); pg.Status != http.StatusNotFound {
		t.Errorf("bob sees ada's personal template: %d", pg.Status)
	}
	for _, path := range []string{"", "/clone", "/delete"} {
		if pg := f.bobB.submit("/templates", "/templates/"+itoa(tpl.ID)+path, url.Values{"name": {"x y"}}); pg.Status != http.StatusNotFound {
			t.Errorf("bob POST /templates/%d%s: %d, want 404", tpl.ID, path, pg.Status)
		}
	}
	if pg := f.bobB.get("/rooms/new?template=" + itoa(tpl.ID)); pg.Status != http.StatusNotFound {
		t.Errorf("bob builds a room from ada's template: %d", pg.Status)
	}
	pg := f.bobB.submit("/rooms/new", "/rooms", url.Values{"name": {"Sneaky"}, "template_id": {itoa(tpl.ID)}})
	if pg.Status != http.StatusUnprocessableEntity || !strings.Contains(pg.Body, "Choose a template from the list.") {
		t.Errorf("bob creates a room from ada's template: %d", pg.Status)
	}
	standard := f.seedTemplate("Standard")
	if pg := f.bobB.submit("/templates", "/templates/"+itoa(standard.ID), url.Values{"name": {"Mine now"}}); pg.Status != http.StatusForbidden {
		t.Errorf("teacher changes a global template: %d, want 403", pg.Status)
	}
	if pg := f.bobB.get("/templates/" + itoa(standard.ID)); pg.Status != http.StatusOK || !strings.Contains(pg.Body, "only an administrator can change it") {
		t.Errorf("teacher viewing a global template: %d", pg.Status)
	}

	// The admin manages every room; a co-owner gets the same rights as the owner.
	if pg := f.adminB.get(paths.Room(room.ID)); pg.Status != http.StatusOK {
		t.Errorf("admin GET room: %d", pg.Status)
	}
	pg = f.adaB.submit(paths.Room(room.ID, "edit"), paths.Room(room.ID), url.Values{"name": {"Ada's class"},
		"template_id": {itoa(tpl.ID)}, "co_owner": {itoa(f.bob.ID)}})
	if pg.Status != http.StatusSeeOther {
		t.Fatalf("adding a co-owner: %d\n%s", pg.Status, pg.Body)
	}
	if pg := f.bobB.get(paths.Room(room.ID)); pg.Status != http.StatusOK {
		t.Errorf("co-owner GET room: %d", pg.Status)
	}
	if pg := f.start(f.bobB, room); pg.Status != http.StatusSeeOther || !strings.Contains(pg.Header.Get("Location"), "fullName=bob") {
		t.Errorf("co-owner start: %d %q", pg.Status, pg.Header.Get("Location"))
	}
}

// TestStartCreatesOnceAndJoinsAsModerator: the first start creates the meeting, a second one
// only joins it; the join URL goes only into the redirect, never into a cacheable answer.
func TestStartCreatesOnceAndJoinsAsModerator(t *testing.T) {
	t.Parallel()
	f := newRoomsFixture(t)
	room := f.createRoom(f.adaB, f.seedTemplate("Standard").ID, url.Values{"name": {"Chemie"}})
	var locations []string
	for range 2 {
		pg := f.start(f.adaB, room)
		if pg.Status != http.StatusSeeOther {
			t.Fatalf("start: %d", pg.Status)
		}
		if pg.Header.Get("Cache-Control") != "no-store" || pg.Header.Get("Referrer-Policy") != "no-referrer" {
			t.Errorf("join redirect headers: Cache-Control %q, Referrer-Policy %q", pg.Header.Get("Cache-Control"), pg.Header.Get("Referrer-Policy"))
		}
		if strings.Contains(pg.Body, "checksum") {
			t.Error("the join URL is in the response body")
		}
		locations = append(locations, pg.Header.Get("Location"))
	}
	var runs int64
	f.DB.Model(&models.MeetingRun{}).Where("meeting_id = ?", room.MeetingID).Count(&runs)
	if runs != 1 {
		t.Errorf("%d meeting runs, want 1: the second start must join the running meeting", runs)
	}
	join, err := url.Parse(locations[1])
	if err != nil {
		t.Fatal(err)
	}
	q := join.Query()
	if q.Get("role") != "MODERATOR" || q.Get("fullName") != "ada" || q.Get("userID") != itoa(f.ada.ID) ||
		q.Get("meetingID") != room.MeetingID || q.Get("createTime") == "" {
		t.Errorf("join parameters: %v", q)
	}
	info, ok := f.Sim.Meeting(room.MeetingID)
	if !ok || info.Name != "Chemie" {
		t.Errorf("simulator meeting: %+v, %v", info, ok)
	}
	f.clock.Advance(2 * time.Second) // past the live cache's reuse window
	if pg := f.adaB.get("/rooms"); !strings.Contains(pg.Body, "Running") || !strings.Contains(pg.Body, ">Join<") {
		t.Errorf("the rooms list does not show the running meeting:\n%s", pg.Body)
	}
}
