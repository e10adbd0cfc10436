package bbbsim_test

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"bbbportal/bbb/bbbsim"
)

// The vectors of bbb-api.md §2.4: the same query signed with each algorithm.
func TestChecksumVectorsAndRules(t *testing.T) {
	t.Parallel()
	const q = "name=Test+Meeting&meetingID=abc123&attendeePW=111222&moderatorPW=333444"
	vectors := map[string]string{
		"sha1":   "1fcbb0c4fc1f039f73aa6d697d2db9ba7f803f17",
		"sha256": "da9185f7f333cfdfcd6eeac32dca3777510c4c436020d8b887ba5515bd1d189e",
		"sha384": "891ac633df39d0a1b4f8d597f3e190833216c4b29c4fb51ea3ca72757eeb958d6e7b49a845cf29f5c6019c7d29d029d1",
		"sha512": "de73ad61d11a5c801b68d4bd6ec5248546085cefb0b25c85f3c46249ea93a3a4b120f92c0a8a58d7512cb77821884951a3b01245f3435dbbef49fff3cc3988b4",
	}
	rc := func(e *env, raw string) string {
		_, body := e.fetch("GET", e.srv.URL+"/bigbluebutton/api/"+raw, nil, "")
		return xmlValue(body, "response/returncode") + " " + xmlValue(body, "response/messageKey")
	}
	for alg, sum := range vectors {
		e := newEnv(t)
		if got := rc(e, "create?"+q+"&checksum="+sum); got != "SUCCESS " {
			t.Errorf("%s vector: %s", alg, got)
		}
		// bbb-web compares ignoring case, and the checksum may come first.
		e.ok("end", "meetingID", "abc123")
		e.advance(time.Minute)
		if got := rc(e, "create?checksum="+strings.ToUpper(sum)+"&"+q); got != "SUCCESS " {
			t.Errorf("%s upper-case checksum first: %s", alg, got)
		}
	}

	only256 := newEnv(t, func(o *bbbsim.Options) { o.AcceptedChecksums = []string{"sha256"} })
	if got := rc(only256, "create?"+q+"&checksum="+vectors["sha1"]); got != "FAILED checksumError" {
		t.Errorf("sha1 when only sha256 is accepted: %s", got)
	}
	if got := rc(only256, "create?"+q+"&checksum="+vectors["sha256"]); got != "SUCCESS " {
		t.Errorf("sha256 when only sha256 is accepted: %s", got)
	}

	e := newEnv(t)
	for name, raw := range map[string]string{
		"empty query":                 "getMeetings?checksum=2027baa7771026e9e93392f55031535d1444c41f",
		"non-ASCII, space as plus":    "create?name=Caf%C3%A9+%E6%97%A5%E6%9C%AC&meetingID=abc123&checksum=f9292f48989e9420437b142525dc0fdbf65178f4",
		"non-ASCII, space as %20":     "isMeetingRunning?name=Caf%C3%A9%20%E6%97%A5%E6%9C%AC&meetingID=abc123&checksum=" + sha1Hex("isMeetingRunningname=Caf%C3%A9%20%E6%97%A5%E6%9C%AC&meetingID=abc123"+secret),
		"re-encoded query is refused": "getMeetings?a=%7E&checksum=" + sha1Hex("getMeetingsa=~"+secret),
	} {
		got := rc(e, raw)
		want := "SUCCESS"
		if strings.HasPrefix(name, "re-encoded") {
			want = "FAILED"
		}
		if !strings.HasPrefix(got, want) {
			t.Errorf("%s: %s", name, got)
		}
	}
	// POST with every parameter in the form body: the checksum covers the empty query.
	resp, body := e.fetch("POST", e.srv.URL+"/bigbluebutton/api/create", strings.NewReader("name=Posted&meetingID=posted&checksum=8a21c9b7e3b18541974c9e78c0d0bfa790c665eb"), "application/x-www-form-urlencoded")
	if resp.StatusCode != 200 || xmlValue(body, "response/meetingID") != "posted" {
		t.Errorf("POST create: %s", body)
	}
	_, body = e.fetch("POST", e.signed("getMeetings"), strings.NewReader("x"), "")
	if xmlValue(body, "response/messageKey") != "unsupportedContentType" {
		t.Errorf("POST without content type: %s", body)
	}

	// bbb-webhooks: strict lower case, HTTP 500 for an unknown checksum length.
	hooksList := "hooks/list?checksum=" + sha1Hex("hooks/list"+secret)
	if got := rc(e, hooksList); got != "SUCCESS " {
		t.Errorf("hooks/list: %s", got)
	}
	if got := rc(e, "hooks/list?checksum="+strings.ToUpper(sha1Hex("hooks/list"+secret))); got != "FAILED checksumError" {
		t.Errorf("hooks/list with upper-case checksum: %s", got)
	}
	resp, _ = e.fetch("GET", e.srv.URL+"/bigbluebutton/api/hooks/list?checksum=abc", nil, "")
	if resp.StatusCode != http.StatusInternalServerError {
		t.Errorf("hooks checksum of unknown length: HTTP %d, want 500", resp.StatusCode)
	}
	resp, body = e.fetch("GET", e.srv.URL+"/bigbluebutton/api/hooks/ping", nil, "")
	if body != "bbb-webhooks API up!" {
		t.Errorf("hooks/ping: %d %q", resp.StatusCode, body)
	}
}

func TestWebhookEventsAreDeliveredSignedAndFiltered(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	all, joins := newReceiver(t), newReceiver(t)
	e.ok("hooks/create", "callbackURL", all.srv.URL+"/all")
	e.ok("hooks/create", "callbackURL", joins.srv.URL+"/joins?x=1", "meetingID", "hooked", "eventID", "user-joined")
	e.ok("create", "meetingID", "other", "name", "Other")
	e.ok("create", "meetingID", "hooked", "name", "Hooked")
	e.enter("hooked", "Ada", "MODERATOR", "userID", "ada")
	e.ok("end", "meetingID", "hooked")
	e.advance(2 * time.Second)
	e.sim.FlushCallbacks()

	var ids []string
	for _, r := range all.got() {
		form, err := url.ParseQuery(r.body)
		if err != nil || !strings.HasPrefix(r.body, "domain=") {
			t.Fatalf("event body %q", r.body)
		}
		callbackURL := all.srv.URL + "/all"
		if r.url.Query().Get("checksum") != sha1Hex(callbackURL+r.body+secret) {
			t.Fatalf("event checksum does not verify: %s", r.url)
		}
		ev := form.Get("event")
		ids = append(ids, ev[strings.Index(ev, `"id":"`)+6:][:strings.Index(ev[strings.Index(ev, `"id":"`)+6:], `"`)])
	}
	want := "meeting-created,meeting-created,user-joined,user-left,meeting-ended"
	if strings.Join(ids, ",") != want {
		t.Fatalf("global hook got %v, want %s", ids, want)
	}
	got := joins.got()
	if len(got) != 1 || !strings.Contains(got[0].body, "user-joined") || !strings.Contains(got[0].body, "ada") ||
		got[0].url.Query().Get("x") != "1" || got[0].url.Query().Get("checksum") != sha1Hex(joins.srv.URL+"/joins?x=1"+got[0].body+secret) {
		t.Fatalf("meeting hook filtered to user-joined got %v", got)
	}
}

func TestFaultInjection(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.sim.SetFault("getMeetings", bbbsim.Fault{Status: 503, Times: 1})
	resp, _ := e.fetch("GET", e.signed("getMeetings"), nil, "")
	if resp.StatusCode != 503 {
		t.Fatalf("status fault: HTTP %d", resp.StatusCode)
	}
	e.ok("getMeetings") // Times: 1 has run out

	e.sim.SetFault("getMeetings", bbbsim.Fault{Malformed: true})
	if _, err := tryParseXML(e.call("getMeetings")); err == nil {
		t.Fatal("malformed fault answered well-formed XML")
	}
	e.sim.SetFault("getMeetings", bbbsim.Fault{FailKey: "tooManyRequests"})
	e.failed("tooManyRequests", "getMeetings")
	e.sim.SetFault("create", bbbsim.Fault{Drop: true})
	if _, err := e.http.Get(e.signed("create", "meetingID", "abc", "name", "Abc")); err == nil {
		t.Fatal("dropped connection answered")
	}
	e.sim.SetFault("isMeetingRunning", bbbsim.Fault{Latency: time.Second})
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", e.signed("isMeetingRunning", "meetingID", "abc"), nil)
	if _, err := e.http.Do(req); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("latency fault: %v, want the client's deadline to pass", err)
	}
	e.sim.ClearFaults()
	e.ok("getMeetings")
	e.ok("create", "meetingID", "abc", "name", "Abc")
}

func TestSimulatedClientPage(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.ok("create", "meetingID", "page", "name", `Maths <6b> & "more"`, "record", "true", "logoutURL", "https://portal.example/rooms/1")
	e.failed("meetingNotFound", "sendChatMessage", "meetingID", "page", "message", "Nobody is here yet")
	loc := e.enter("page", "Émile <script>", "MODERATOR")
	e.ok("sendChatMessage", "meetingID", "page", "message", "Welcome!", "userName", "Teacher")
	resp, page := e.fetch("GET", loc, nil, "")
	if resp.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("client page Cache-Control = %q", resp.Header.Get("Cache-Control"))
	}
	for _, want := range []string{`Maths &lt;6b&gt; &amp; &#34;more&#34;`, `Émile &lt;script&gt;`, "Moderator", "not a real conference", "Welcome!", `id="leave"`, `id="start-recording"`} {
		if !strings.Contains(page, want) {
			t.Errorf("client page lacks %q", want)
		}
	}
	for _, banned := range []string{"<script", "style=", " onclick", "<style"} {
		if strings.Contains(strings.ToLower(page), banned) {
			t.Errorf("client page contains %q, which the portal's CSP forbids", banned)
		}
	}
	token := loc[strings.Index(loc, "sessionToken=")+len("sessionToken="):]
	resp, _ = e.fetch("POST", e.srv.URL+"/bigbluebutton/sim/leave", strings.NewReader("sessionToken="+token), "application/x-www-form-urlencoded")
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "https://portal.example/rooms/1" {
		t.Fatalf("leave: HTTP %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	info := e.ok("getMeetingInfo", "meetingID", "page")
	if xmlValue(info, "response/participantCount") != "0" || xmlValue(info, "response/running") != "false" || xmlValue(info, "response/endTime") == "0" {
		t.Fatalf("after leaving: %s", info)
	}
	resp, _ = e.fetch("GET", e.srv.URL+"/bigbluebutton/sim/client?sessionToken=bogus", nil, "")
	if resp.StatusCode != http.StatusNotFound {
		t.Fatalf("unknown session: HTTP %d", resp.StatusCode)
	}
}

func TestControlEndpoint(t *testing.T) {
	t.Parallel()
	e := newEnv(t, func(o *bbbsim.Options) { o.Control = true })
	control := func(action string, kv ...string) string {
		q := query(kv...)
		_, body := e.fetch("GET", e.srv.URL+"/bigbluebutton/sim/control/"+action+"?"+q+"&checksum="+sha1Hex(action+q+secret), nil, "")
		return body
	}
	e.ok("create", "meetingID", "ctl", "name", "Control", "record", "true")
	if body := control("enter", "meetingID", "ctl", "fullName", "Bob", "role", "MODERATOR"); xmlValue(body, "response/returncode") != "SUCCESS" {
		t.Fatalf("enter: %s", body)
	}
	if got := xmlValue(e.ok("getMeetingInfo", "meetingID", "ctl"), "response/attendees/attendee/fullName"); got != "Bob" {
		t.Fatalf("attendee = %q", got)
	}
	control("record", "meetingID", "ctl")
	if info, _ := e.sim.Meeting("ctl"); !info.RecordingMarks {
		t.Fatal("record action set no recording mark")
	}
	e.ok("end", "meetingID", "ctl")
	control("advance", "duration", "3s")
	e.failed("notFound", "getMeetingInfo", "meetingID", "ctl")
	_, body := e.fetch("GET", e.srv.URL+"/bigbluebutton/sim/control/advance?duration=1h&checksum=0000000000000000000000000000000000000000", nil, "")
	if xmlValue(body, "response/messageKey") != "checksumError" {
		t.Fatalf("unsigned control call: %s", body)
	}

	off := newEnv(t)
	resp, _ := off.fetch("GET", off.srv.URL+"/bigbluebutton/sim/control/advance?duration=1h", nil, "")
	if resp.StatusCode != http.StatusNotFound {
		t.Fatalf("control endpoint answers when disabled: HTTP %d", resp.StatusCode)
	}
}

func TestBreakoutRoomsEndWithTheirParent(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	parent := e.ok("create", "meetingID", "parent", "name", "Class", "meta_course", "C1")
	ids, err := e.sim.CreateBreakoutRooms("parent", 2)
	if err != nil {
		t.Fatal(err)
	}
	room := e.ok("getMeetingInfo", "meetingID", ids[0])
	if xmlValue(room, "response/isBreakout") != "true" || xmlValue(room, "response/parentMeetingID") != xmlValue(parent, "response/internalMeetingID") ||
		xmlValue(room, "response/meetingName") != "Class (Room 1)" || xmlValue(room, "response/metadata/course") != "C1" {
		t.Fatalf("breakout room: %s", room)
	}
	if got := xmlValues(e.ok("getMeetingInfo", "meetingID", "parent"), "response/breakoutRooms/breakout"); strings.Join(got, ",") != strings.Join(ids, ",") {
		t.Fatalf("parent's breakoutRooms = %v, want %v", got, ids)
	}
	if n := len(xmlValues(e.ok("getMeetings"), "response/meetings/meeting")); n != 3 {
		t.Fatalf("getMeetings lists %d meetings, want 3 (with breakout rooms)", n)
	}
	e.ok("end", "meetingID", "parent")
	e.advance(2 * time.Second)
	e.failed("notFound", "getMeetingInfo", "meetingID", ids[1])
}
