package handlers_test

import (
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"bbbportal/createopts"
	"bbbportal/models"
	"bbbportal/paths"
)

func TestJoinRedirectsToTheSignedBBBJoinURL(t *testing.T) {
	t.Parallel()
	f := newLinkPortal(t)
	room := f.newRoom(f.adaB, "Maths 7b", nil)
	invite := f.defaultLinkURL(f.adaB, room)
	f.startRoom(f.adaB, room)

	g := f.guest()
	open := g.get(strings.TrimPrefix(invite, f.URL))
	if open.Status != http.StatusOK || open.Header.Get("Cache-Control") != "no-store" || open.Header.Get("Referrer-Policy") != "no-referrer" {
		t.Errorf("join page: %d, Cache-Control %q, Referrer-Policy %q", open.Status, open.Header.Get("Cache-Control"), open.Header.Get("Referrer-Policy"))
	}
	pg := g.joinAs(invite, url.Values{"name": {"Ana Lima"}})
	if pg.Header.Get("Cache-Control") != "no-store" || pg.Header.Get("Referrer-Policy") != "no-referrer" {
		t.Errorf("join redirect: Cache-Control %q, Referrer-Policy %q", pg.Header.Get("Cache-Control"), pg.Header.Get("Referrer-Policy"))
	}
	u, _ := url.Parse(pg.Header.Get("Location"))
	m, _ := f.Sim.Meeting(room.MeetingID)
	if q := u.Query(); q.Get("createTime") != strconv.FormatInt(m.CreateTime, 10) || q.Get("checksum") == "" || q.Get("role") != "VIEWER" {
		t.Errorf("join URL parameters: %v", q)
	}
	if user := f.followJoin(pg, room); user.FullName != "Ana Lima" || user.Role != "VIEWER" {
		t.Errorf("BBB let in %q as %s", user.FullName, user.Role)
	}
	// The browser keeps its name and one BBB user per room.
	again := g.get(strings.TrimPrefix(invite, f.URL))
	again.contains(t, `value="Ana Lima"`)
	second := g.joinAs(invite, url.Values{"name": {"Ana Lima"}})
	u2, _ := url.Parse(second.Header.Get("Location"))
	if u2.Query().Get("userID") != u.Query().Get("userID") {
		t.Errorf("a reconnect joined as another BBB user: %q, then %q", u.Query().Get("userID"), u2.Query().Get("userID"))
	}
	entries := f.auditEntries("link.join")
	if len(entries) != 2 || !strings.Contains(entries[0].Details, `"name":"Ana Lima"`) || entries[0].ClientIP != "127.0.0.1" {
		t.Errorf("join audit: %+v", entries)
	}
	for _, e := range entries {
		if strings.Contains(e.Details, strings.TrimPrefix(invite, f.URL+"/j/")) || strings.Contains(e.Details, "checksum") {
			t.Errorf("the audit entry holds the token or the join URL: %s", e.Details)
		}
	}
}

func TestAttendeeWaitsAndJoinsOnceTheMeetingRuns(t *testing.T) {
	t.Parallel()
	f := newLinkPortal(t)
	room := f.newRoom(f.adaB, "Physics", nil)
	invite := f.defaultLinkURL(f.adaB, room)
	path := strings.TrimPrefix(invite, f.URL)
	g := f.guest()
	wait := g.joinAs(invite, url.Values{"name": {"Cem"}})
	if wait.Status != http.StatusOK {
		t.Fatalf("join before the start: %d", wait.Status)
	}
	wait.contains(t, "Waiting for the meeting to start")
	wait.contains(t, `hx-get="`+path+`/status"`)
	wait.contains(t, `hx-trigger="every 1s"`)
	if st := g.htmx(path + "/status"); !strings.Contains(st.Body, "Still waiting") || st.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("status before the start: %s", st.Body)
	}
	if got := f.auditEntries("meeting.start"); len(got) != 0 {
		t.Fatalf("an attendee link started the meeting: %+v", got)
	}

	f.startRoom(f.adaB, room)
	st := g.waitRunning(invite)
	st.contains(t, `hx-trigger="load"`)
	// The box posts the waiting page's form as htmx does: the answer opens the meeting.
	csrf := csrfInput.FindStringSubmatch(wait.Body)[1]
	req, _ := http.NewRequest(http.MethodPost, f.URL+path, strings.NewReader(url.Values{"name": {"Cem"}, "consent": {"yes"}, "_csrf": {csrf}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("HX-Request", "true")
	joined := g.do(req)
	if joined.Status != http.StatusOK || !strings.HasPrefix(joined.Header.Get("HX-Redirect"), f.URL+"/bigbluebutton/api/join?") {
		t.Fatalf("automatic join: %d HX-Redirect %q", joined.Status, joined.Header.Get("HX-Redirect"))
	}
}

func TestModeratorLinkStartsTheMeetingOnce(t *testing.T) {
	t.Parallel()
	f := newLinkPortal(t)
	room := f.newRoom(f.adaB, "Staff room", nil)
	_, modURL := f.newLink(f.adaB, room, url.Values{"role": {"moderator"}, "label": {"Co-teacher"}})
	const n = 20
	var wg sync.WaitGroup
	pages := make([]page, n)
	for i := range n {
		g := f.guest()
		path := strings.TrimPrefix(modURL, f.URL)
		form := g.get(path)
		wg.Add(1)
		go func() {
			defer wg.Done()
			pages[i] = g.post(path, url.Values{"name": {fmt.Sprint("Teacher ", i)}, "consent": {"yes"}, "_csrf": {csrfInput.FindStringSubmatch(form.Body)[1]}})
		}()
	}
	wg.Wait()
	for i, pg := range pages {
		if pg.Status != http.StatusSeeOther || !strings.Contains(pg.Header.Get("Location"), "role=MODERATOR") {
			t.Errorf("moderator %d: %d %q", i, pg.Status, pg.Header.Get("Location"))
		}
	}
	starts := 0
	for _, e := range f.auditEntries("meeting.start") {
		if e.Result == "ok" {
			starts++
		}
	}
	if starts != 1 {
		t.Errorf("%d meeting starts for %d first moderator joins, want 1", starts, n)
	}
}

func TestExpiredLinkIsRefused(t *testing.T) {
	t.Parallel()
	f := newLinkPortal(t)
	room := f.newRoom(f.adaB, "Art", nil)
	expires := time.Now().Add(time.Hour).Format("2006-01-02T15:04")
	_, linkURL := f.newLink(f.adaB, room, url.Values{"role": {"attendee"}, "expires_at": {expires}})
	f.startRoom(f.adaB, room)
	f.adaB.get(paths.Room(room.ID)).contains(t, "Valid until")
	if pg := f.guest().joinAs(linkURL, url.Values{"name": {"Dana"}}); pg.Status != http.StatusSeeOther {
		t.Fatalf("before the expiry: %d", pg.Status)
	}
	g := f.guest()
	path := strings.TrimPrefix(linkURL, f.URL)
	form := g.get(path)
	f.clock.Advance(61 * time.Minute)
	for _, pg := range []page{f.guest().get(path), g.post(path, url.Values{"name": {"Eli"}, "consent": {"yes"}, "_csrf": {csrfInput.FindStringSubmatch(form.Body)[1]}})} {
		if pg.Status != http.StatusGone || pg.Header.Get("Location") != "" {
			t.Errorf("expired link: %d %q, want 410", pg.Status, pg.Header.Get("Location"))
		}
		pg.contains(t, "This link has expired")
	}
	f.adaB.get(paths.Room(room.ID)).contains(t, "Expired")
}

func TestUseLimitHoldsUnderConcurrentJoins(t *testing.T) {
	t.Parallel()
	f := newLinkPortal(t)
	room := f.newRoom(f.adaB, "Music", nil)
	const limit, guests = 5, 30
	l, linkURL := f.newLink(f.adaB, room, url.Values{"role": {"attendee"}, "max_uses": {strconv.Itoa(limit)}})
	f.startRoom(f.adaB, room)
	path := strings.TrimPrefix(linkURL, f.URL)
	browsers := make([]*browser, guests)
	tokens := make([]string, guests)
	for i := range browsers {
		browsers[i] = f.guest()
		tokens[i] = csrfInput.FindStringSubmatch(browsers[i].get(path).Body)[1]
	}
	var wg sync.WaitGroup
	pages := make([]page, guests)
	for i := range browsers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			pages[i] = browsers[i].post(path, url.Values{"name": {fmt.Sprint("Student ", i)}, "consent": {"yes"}, "_csrf": {tokens[i]}})
		}()
	}
	wg.Wait()
	joined, usedUp := 0, 0
	for _, pg := range pages {
		switch {
		case pg.Status == http.StatusSeeOther:
			joined++
		case pg.Status == http.StatusGone && strings.Contains(pg.Body, "This link has been used up"):
			usedUp++
		default:
			t.Errorf("unexpected answer %d", pg.Status)
		}
	}
	var fresh models.Link
	f.DB.First(&fresh, l.ID)
	if joined != limit || usedUp != guests-limit || fresh.Uses != limit {
		t.Errorf("%d joined, %d used up, %d uses counted; want %d, %d, %d", joined, usedUp, fresh.Uses, limit, guests-limit, limit)
	}
	// A browser that was counted comes back in (a reconnect), a new one does not.
	for i, pg := range pages {
		if pg.Status == http.StatusSeeOther {
			if again := browsers[i].post(path, url.Values{"name": {"again"}, "consent": {"yes"}, "_csrf": {tokens[i]}}); again.Status != http.StatusSeeOther {
				t.Errorf("a counted browser's reconnect: %d", again.Status)
			}
			break
		}
	}
}

func TestAccessCodeIsRequired(t *testing.T) {
	t.Parallel()
	f := newLinkPortal(t)
	room := f.newRoom(f.adaB, "Exam review", nil)
	_, linkURL := f.newLink(f.adaB, room, url.Values{"role": {"attendee"}, "access_code": {"blue-42"}})
	f.adaB.get(paths.Room(room.ID)).contains(t, "Access code required")
	f.startRoom(f.adaB, room)
	g := f.guest()
	g.get(strings.TrimPrefix(linkURL, f.URL)).contains(t, `name="access_code"`)
	for _, code := range []string{"", "blue-43"} {
		pg := g.joinAs(linkURL, url.Values{"name": {"Fay"}, "access_code": {code}})
		if pg.Status != http.StatusUnprocessableEntity || pg.Header.Get("Location") != "" {
			t.Errorf("access code %q: %d", code, pg.Status)
		}
		pg.contains(t, "This access code is not right.")
		pg.contains(t, `value="Fay"`)
	}
	if pg := g.joinAs(linkURL, url.Values{"name": {"Fay"}, "access_code": {"blue-42"}}); pg.Status != http.StatusSeeOther {
		t.Errorf("right access code: %d", pg.Status)
	}
}

func TestFixedNameCannotBeOverridden(t *testing.T) {
	t.Parallel()
	f := newLinkPortal(t)
	room := f.newRoom(f.adaB, "Parents", nil)
	_, linkURL := f.newLink(f.adaB, room, url.Values{"role": {"attendee"}, "fixed_name": {"Parent of Ana"}})
	f.startRoom(f.adaB, room)
	g := f.guest()
	open := g.get(strings.TrimPrefix(linkURL, f.URL))
	open.contains(t, "You join as “Parent of Ana”.")
	if strings.Contains(open.Body, `name="name"`) {
		t.Error("a fixed-name link's page has a name field")
	}
	pg := g.joinAs(linkURL, url.Values{"name": {"Mallory"}})
	if u := f.followJoin(pg, room); u.FullName != "Parent of Ana" {
		t.Errorf("BBB got the name %q, want the link's fixed name", u.FullName)
	}
}

func TestMarkupInNamesIsEscapedEverywhere(t *testing.T) {
	t.Parallel()
	f := newLinkPortal(t)
	const roomName = `<i>7b</i> & "Co"`
	const label = `<b onmouseover=alert(1)>Parents</b>`
	const guestName = `<img src=x onerror=alert(1)> Ana & Co`
	room := f.newRoom(f.adaB, roomName, nil)
	_, linkURL := f.newLink(f.adaB, room, url.Values{"role": {"attendee"}, "label": {label}, "fixed_name": {`<script>x()</script>`}})
	invite := f.defaultLinkURL(f.adaB, room)

	roomPage := f.adaB.get(paths.Room(room.ID))
	g := f.guest()
	open := g.get(strings.TrimPrefix(linkURL, f.URL))
	wait := g.joinAs(invite, url.Values{"name": {guestName}})
	for name, pg := range map[string]page{"room page": roomPage, "join page": open, "waiting page": wait} {
		for _, raw := range []string{"<i>7b</i>", "<b onmouseover", "<img src=x", "<script>x()"} {
			if strings.Contains(pg.Body, raw) {
				t.Errorf("%s contains the markup %q unescaped", name, raw)
			}
		}
	}
	open.contains(t, html.EscapeString(label))
	open.contains(t, "Join "+html.EscapeString(roomName))
	wait.contains(t, `value="`+html.EscapeString(guestName)+`"`)

	f.startRoom(f.adaB, room)
	g.waitRunning(invite)
	pg := g.joinAs(invite, url.Values{"name": {guestName}})
	if u := f.followJoin(pg, room); u.FullName != guestName {
		t.Errorf("BBB got the name %q, want %q as text", u.FullName, guestName)
	}
}

func TestShortCodeOpensTheLinkAndGuessesAreLimited(t *testing.T) {
	t.Parallel()
	f := newLinkPortal(t)
	room := f.newRoom(f.adaB, "Latin", nil)
	invite := f.defaultLinkURL(f.adaB, room)
	code := strings.TrimPrefix(regexpFind(t, f.adaB.get(paths.Room(room.ID)).Body, `Code (\d{3} \d{3} \d{3})`), "Code ")
	g := f.guest()
	if pg := g.get("/j"); pg.Status != http.StatusOK || !strings.Contains(pg.Body, `name="code"`) {
		t.Fatalf("/j: %d", pg.Status)
	}
	typed := strings.ReplaceAll(code, " ", "-")
	if pg := g.submit("/j", "/j", url.Values{"code": {typed}}); pg.Status != http.StatusSeeOther || pg.Header.Get("Location") != strings.TrimPrefix(invite, f.URL) {
		t.Fatalf("code %q: %d %q", typed, pg.Status, pg.Header.Get("Location"))
	}
	wrong := g.submit("/j", "/j", url.Values{"code": {"000 000 001"}})
	if wrong.Status != http.StatusUnprocessableEntity {
		t.Fatalf("wrong code: %d", wrong.Status)
	}
	wrong.contains(t, "No link has this code.")
	status := 0
	for range 10 {
		status = g.submit("/j", "/j", url.Values{"code": {"000 000 002"}}).Status
	}
	if status != http.StatusTooManyRequests {
		t.Errorf("the 11th wrong code from one address: %d, want 429", status)
	}
	if pg := g.submit("/j", "/j", url.Values{"code": {code}}); pg.Status != http.StatusTooManyRequests {
		t.Errorf("a right code after the budget is spent: %d, want 429 until the minute is over", pg.Status)
	}
}

func TestGuestLinkFollowsTheGuestPolicy(t *testing.T) {
	t.Parallel()
	f := newLinkPortal(t)
	room := f.newRoom(f.adaB, "Closed room", nil)
	_, guestURL := f.newLink(f.adaB, room, url.Values{"role": {"guest"}})
	full, err := models.RoomFor(f.DB, room.ID, f.ada)
	if err != nil {
		t.Fatal(err)
	}
	full.Overrides = createopts.Values{"guestPolicy": "ALWAYS_DENY"}
	if err := models.SaveRoom(f.DB, full); err != nil {
		t.Fatal(err)
	}
	f.startRoom(f.adaB, room)
	pg := f.guest().joinAs(guestURL, url.Values{"name": {"Visitor"}})
	if pg.Status != http.StatusForbidden {
		t.Fatalf("guest link in a room that denies guests: %d", pg.Status)
	}
	pg.contains(t, "Guests cannot join this room")
	pg.contains(t, "Ask the teacher for an attendee link.")
}

func TestUnknownTokensAndBodiesAreRefused(t *testing.T) {
	t.Parallel()
	f := newLinkPortal(t)
	room := f.newRoom(f.adaB, "Spanish", nil)
	invite := f.defaultLinkURL(f.adaB, room)
	path := strings.TrimPrefix(invite, f.URL)
	for _, bad := range []string{"/j/nonsense", path[:len(path)-2] + "AA", path + "x"} {
		pg := f.guest().get(bad)
		if pg.Status != http.StatusNotFound {
			t.Errorf("GET %s: %d, want 404", bad, pg.Status)
		}
		pg.contains(t, "This link does not work")
	}
	g := f.guest()
	csrf := csrfInput.FindStringSubmatch(g.get(path).Body)[1]
	if pg := g.post(path, url.Values{"name": {strings.Repeat("a", 5000)}, "_csrf": {csrf}}); pg.Status != http.StatusRequestEntityTooLarge {
		t.Errorf("a 5 KB join form: %d, want 413", pg.Status)
	}
	if pg := g.post(path, url.Values{"name": {"Ana"}}); pg.Status != http.StatusForbidden {
		t.Errorf("a join without the CSRF token: %d, want 403", pg.Status)
	}
}

func TestJoinPagesAreRateLimitedPerAddress(t *testing.T) {
	t.Parallel()
	f := newLinkPortal(t)
	g := f.guest()
	refused := 0
	start := time.Now()
	for range 1600 {
		if g.get("/j").Status == http.StatusTooManyRequests {
			refused++
		}
	}
	// 1,500 at once per address (links.Limits): a school's 500 students opening the page and
	// sending their names in the same minute pass. The budget refills by 25 a second, so a
	// slow run sees a few more pass.
	refilled := int(time.Since(start).Seconds()*1500/60) + 1
	if refused < 100-refilled || refused > 100 {
		t.Errorf("%d of 1,600 requests from one address refused in %s, want the last ~100", refused, time.Since(start))
	}
}

func regexpFind(t *testing.T, body, expr string) string {
	t.Helper()
	m := regexp.MustCompile(expr).FindString(body)
	if m == "" {
		t.Fatalf("no %s in the page", expr)
	}
	return m
}

func TestRecordedRoomAsksForConsent(t *testing.T) {
	t.Parallel()
	f := newLinkPortal(t)
	room := f.newRoom(f.adaB, "Recorded lesson", nil) // the Standard template records
	invite := f.defaultLinkURL(f.adaB, room)
	f.startRoom(f.adaB, room)
	g := f.guest()
	g.get(strings.TrimPrefix(invite, f.URL)).contains(t, "This meeting may be recorded.")
	refused := g.joinAs(invite, url.Values{"name": {"Gus"}, "consent": {""}})
	if refused.Status != http.StatusUnprocessableEntity {
		t.Fatalf("join without consent: %d", refused.Status)
	}
	refused.contains(t, "Tick the box to agree to the recording")
	if pg := g.joinAs(invite, url.Values{"name": {"Gus"}}); pg.Status != http.StatusSeeOther {
		t.Fatalf("join with consent: %d", pg.Status)
	}
	if e := f.auditEntries("link.join"); len(e) != 1 || !strings.Contains(e[0].Details, `"recording_consent":true`) {
		t.Errorf("the consent is not in the join's audit entry: %+v", e)
	}
}
