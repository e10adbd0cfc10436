package bbbsim_test

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"bbbportal/bbb/bbbsim"
)

// receiver records the callbacks it gets.
type receiver struct {
	mu   sync.Mutex
	reqs []received
	srv  *httptest.Server
}

type received struct {
	method string
	url    *url.URL
	body   string
}

func newReceiver(t *testing.T) *receiver {
	rc := &receiver{}
	rc.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		rc.mu.Lock()
		rc.reqs = append(rc.reqs, received{r.Method, r.URL, string(b)})
		rc.mu.Unlock()
	}))
	t.Cleanup(rc.srv.Close)
	return rc
}

func (rc *receiver) got() []received {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return append([]received(nil), rc.reqs...)
}

func TestJoinEnterEndThenNotFoundAfterTheEndDelay(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ended := newReceiver(t)
	e.ok("create", "meetingID", "room-1", "name", "Physics 101", "meta_endCallbackUrl", ended.srv.URL+"/ended?room=1")
	if got := xmlValue(e.ok("isMeetingRunning", "meetingID", "room-1"), "response/running"); got != "false" {
		t.Fatalf("running right after create = %s, want false", got)
	}

	// join only registers the user; opening the client page makes them an attendee.
	join := e.ok("join", "meetingID", "room-1", "fullName", "Ada Lovelace", "role", "MODERATOR", "userID", "ada", "redirect", "false")
	info := e.ok("getMeetingInfo", "meetingID", "room-1")
	if xmlValue(info, "response/participantCount") != "0" || xmlValue(info, "response/running") != "false" {
		t.Fatalf("user counted before entering: %s", info)
	}
	if resp, _ := e.fetch("GET", xmlValue(join, "response/url"), nil, ""); resp.StatusCode != 200 {
		t.Fatalf("client page: HTTP %d", resp.StatusCode)
	}
	info = e.ok("getMeetingInfo", "meetingID", "room-1")
	if got := xmlValues(info, "response/attendees/attendee/fullName"); len(got) != 1 || got[0] != "Ada Lovelace" {
		t.Fatalf("attendees = %v, want [Ada Lovelace]", got)
	}
	if xmlValue(info, "response/attendees/attendee/userID") != "ada" || xmlValue(info, "response/attendees/attendee/role") != "MODERATOR" ||
		xmlValue(info, "response/running") != "true" || xmlValue(info, "response/hasUserJoined") != "true" || xmlValue(info, "response/moderatorCount") != "1" {
		t.Fatalf("getMeetingInfo after entering: %s", info)
	}

	e.ok("end", "meetingID", "room-1")
	e.advance(time.Second) // inside the 2s end delay: the meeting is still there
	if xmlValue(e.ok("getMeetingInfo", "meetingID", "room-1"), "response/running") != "true" {
		t.Fatal("meeting gone before the end delay passed")
	}
	e.advance(time.Second)
	e.failed("notFound", "getMeetingInfo", "meetingID", "room-1")
	if got := xmlValue(e.ok("isMeetingRunning", "meetingID", "room-1"), "response/running"); got != "false" {
		t.Fatalf("running after end = %s", got)
	}
	e.failed("notFound", "end", "meetingID", "room-1")

	e.sim.FlushCallbacks()
	calls := ended.got()
	if len(calls) != 2 { // bbb-web probes the URL, then calls it
		t.Fatalf("end callback requests = %d, want 2 (probe and call)", len(calls))
	}
	q := calls[1].url.Query()
	if calls[1].method != "GET" || q.Get("room") != "1" || q.Get("meetingID") != "room-1" || q.Get("recordingmarks") != "false" {
		t.Fatalf("end callback = %s %s", calls[1].method, calls[1].url)
	}

	// A new create makes a new meeting with a new createTime.
	again := e.ok("create", "meetingID", "room-1", "name", "Physics 101")
	if xmlValue(again, "response/messageKey") == "duplicateWarning" {
		t.Fatal("create after the end returned the old meeting")
	}
}

func TestCreateRightAfterEndReturnsTheDyingMeeting(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	first := e.ok("create", "meetingID", "mtg", "name", "First")
	e.ok("end", "meetingID", "mtg")
	dup := e.ok("create", "meetingID", "mtg", "name", "Second")
	if xmlValue(dup, "response/messageKey") != "duplicateWarning" || xmlValue(dup, "response/createTime") != xmlValue(first, "response/createTime") {
		t.Fatalf("create during the end delay: %s", dup)
	}
	e.advance(2 * time.Second)
	e.failed("notFound", "getMeetingInfo", "meetingID", "mtg")
}

// verifyJWT checks an HS256 token with the secret, independently of the simulator's code.
func verifyJWT(t *testing.T, token, key string) map[string]string {
	t.Helper()
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		t.Fatalf("not a JWT: %q", token)
	}
	mac := hmac.New(sha256.New, []byte(key))
	mac.Write([]byte(parts[0] + "." + parts[1]))
	sig, _ := base64.RawURLEncoding.DecodeString(parts[2])
	if !hmac.Equal(sig, mac.Sum(nil)) {
		t.Fatal("JWT signature does not verify with the shared secret")
	}
	header, _ := base64.RawURLEncoding.DecodeString(parts[0])
	var h map[string]string
	if json.Unmarshal(header, &h) != nil || h["alg"] != "HS256" {
		t.Fatalf("JWT header = %s", header)
	}
	payload, _ := base64.RawURLEncoding.DecodeString(parts[1])
	var claims map[string]string
	if err := json.Unmarshal(payload, &claims); err != nil {
		t.Fatal(err)
	}
	return claims
}

func TestRecordedMeetingGoesThroughEveryRecordingState(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ready := newReceiver(t)
	create := e.ok("create", "meetingID", "rec-1", "name", "Chemistry", "record", "true",
		"meta_bbb-recording-ready-url", ready.srv.URL+"/ready", "meta_Course", "CHEM-1")
	recordID := xmlValue(create, "response/internalMeetingID")
	client := e.enter("rec-1", "Marie", "MODERATOR")
	e.enter("rec-1", "Pierre", "VIEWER")

	// The moderator presses "Start recording" on the simulated client.
	token := strings.TrimPrefix(client[strings.Index(client, "sessionToken="):], "sessionToken=")
	if resp, _ := e.fetch("POST", e.srv.URL+"/bigbluebutton/sim/record", strings.NewReader("sessionToken="+token), "application/x-www-form-urlencoded"); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("start recording: HTTP %d", resp.StatusCode)
	}
	e.advance(61 * time.Minute)
	e.ok("end", "meetingID", "rec-1")
	e.advance(2 * time.Second)

	stateOf := func() string {
		return xmlValue(e.ok("getRecordings", "recordID", recordID, "state", "any"), "response/recordings/recording/state")
	}
	if got := stateOf(); got != "processing" {
		t.Fatalf("state after end = %q, want processing", got)
	}
	if got := xmlValue(e.ok("getRecordings", "meetingID", "rec-1"), "response/messageKey"); got != "noRecordings" {
		t.Fatalf("a processing recording is listed by default (messageKey %q)", got)
	}
	e.advance(time.Minute)
	if got := stateOf(); got != "processed" {
		t.Fatalf("state after processing = %q, want processed", got)
	}
	e.advance(30 * time.Second)
	recs := e.ok("getRecordings", "meetingID", "rec-1")
	if got := xmlValue(recs, "response/recordings/recording/state"); got != "published" {
		t.Fatalf("state after publishing = %q: %s", got, recs)
	}
	if got := xmlValues(recs, "response/recordings/recording/playback/format/type"); strings.Join(got, ",") != "presentation,video" {
		t.Fatalf("formats = %v", got)
	}
	if xmlValue(recs, "response/recordings/recording/metadata/course") != "CHEM-1" ||
		xmlValue(recs, "response/recordings/recording/metadata/meetingName") != "Chemistry" ||
		xmlValue(recs, "response/recordings/recording/participants") != "2" ||
		xmlValue(recs, "response/recordings/recording/playback/format/length") != "61" {
		t.Fatalf("recording details: %s", recs)
	}
	if n := len(xmlValues(recs, "response/recordings/recording/playback/format/preview/images/image")); n != 3 {
		t.Fatalf("preview images = %d, want 3", n)
	}
	thumb := xmlValue(recs, "response/recordings/recording/playback/format/preview/images/image")
	if resp, _ := e.fetch("GET", thumb, nil, ""); resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "image/png" {
		t.Fatalf("preview image %s: HTTP %d %s", thumb, resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	if resp, _ := e.fetch("GET", xmlValue(recs, "response/recordings/recording/playback/format/url"), nil, ""); resp.StatusCode != 200 {
		t.Fatalf("playback page: HTTP %d", resp.StatusCode)
	}

	e.sim.FlushCallbacks()
	calls := ready.got()
	if len(calls) != 2 {
		t.Fatalf("recording-ready callbacks = %d, want one per format (2)", len(calls))
	}
	form, _ := url.ParseQuery(calls[0].body)
	claims := verifyJWT(t, form.Get("signed_parameters"), secret)
	if calls[0].method != "POST" || claims["meeting_id"] != "rec-1" || claims["record_id"] != recordID {
		t.Fatalf("recording-ready: %s claims %v", calls[0].method, claims)
	}

	e.ok("publishRecordings", "recordID", recordID, "publish", "false")
	if got := stateOf(); got != "unpublished" {
		t.Fatalf("after unpublish: %q", got)
	}
	e.ok("updateRecordings", "recordID", recordID, "meta_course", "", "meta_name", "Lecture 1")
	meta := e.ok("getRecordings", "recordID", recordID)
	if xmlValue(meta, "response/recordings/recording/metadata/name") != "Lecture 1" || len(xmlValues(meta, "response/recordings/recording/metadata/course")) != 0 {
		t.Fatalf("after update: %s", meta)
	}
	e.ok("deleteRecordings", "recordID", recordID)
	if got := stateOf(); got != "deleted" {
		t.Fatalf("after delete: %q", got)
	}
	e.failed("notFound", "publishRecordings", "recordID", recordID, "publish", "true")
}

func TestRecordingNeedsRecordTrueAndMarks(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		create []string
		mark   bool
		want   bool
	}{
		{"record and marks", []string{"record", "true"}, true, true},
		{"auto start", []string{"record", "true", "autoStartRecording", "true"}, false, true},
		{"record without marks", []string{"record", "true"}, false, false},
		{"full duration media", []string{"record", "true", "recordFullDurationMedia", "true"}, false, true},
		{"not recorded", nil, false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t)
			e.ok("create", append([]string{"meetingID", "mtg", "name", "Meeting"}, tc.create...)...)
			e.enter("mtg", "Ada", "MODERATOR")
			if tc.mark {
				if err := e.sim.StartRecording("mtg"); err != nil {
					t.Fatal(err)
				}
			}
			e.ok("end", "meetingID", "mtg")
			e.advance(5 * time.Minute)
			got := xmlValue(e.ok("getRecordings", "meetingID", "mtg"), "response/recordings/recording/state") == "published"
			if got != tc.want {
				t.Fatalf("recording published = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestMeetingsEndOnTheirOwn(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		create []string
		enter  bool
		leave  bool
		ignore bool
		alive  time.Duration // still there after this long
		goneBy time.Duration // gone after this long in total
	}{
		{"nobody joined within the default 5 minutes", nil, false, false, false, 4 * time.Minute, 5 * time.Minute},
		{"nobody joined within 2 minutes", []string{"meetingExpireIfNoUserJoinedInMinutes", "2"}, false, false, false, time.Minute, 2 * time.Minute},
		{"last user left 1 minute ago", nil, true, true, false, 50 * time.Second, time.Minute},
		{"last user left 3 minutes ago", []string{"meetingExpireWhenLastUserLeftInMinutes", "3"}, true, true, false, 2 * time.Minute, 3 * time.Minute},
		{"duration reached", []string{"duration", "30"}, true, false, false, 29 * time.Minute, 30 * time.Minute},
		{"duration ignored", []string{"duration", "30"}, true, false, true, 5 * time.Hour, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, func(o *bbbsim.Options) { o.IgnoreDuration = tc.ignore })
			e.ok("create", append([]string{"meetingID", "mtg", "name", "Meeting"}, tc.create...)...)
			if tc.enter {
				id, err := e.sim.AddUser("mtg", "Ada", "MODERATOR")
				if err != nil {
					t.Fatal(err)
				}
				if tc.leave {
					if err := e.sim.RemoveUser("mtg", id); err != nil {
						t.Fatal(err)
					}
				}
			}
			e.advance(tc.alive)
			e.ok("getMeetingInfo", "meetingID", "mtg")
			if tc.goneBy > 0 {
				e.advance(tc.goneBy - tc.alive)
				e.failed("notFound", "getMeetingInfo", "meetingID", "mtg")
			}
		})
	}
}

func TestCreateAnswers(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	first := e.ok("create", "meetingID", "abc123", "name", "Test", "attendeePW", "ap", "moderatorPW", "mp", "meta_Foo-Bar", "1", "meta_1bad", "x", "meta_bbb-origin", "cli")
	ct := xmlValue(first, "response/createTime")
	if want := sha1Hex("abc123") + "-" + ct; xmlValue(first, "response/internalMeetingID") != want {
		t.Fatalf("internalMeetingID = %s, want %s", xmlValue(first, "response/internalMeetingID"), want)
	}
	if ct != "1715261728123" || xmlValue(first, "response/createDate") != "Thu May 09 13:35:28 UTC 2024" {
		t.Fatalf("createTime/createDate = %s / %s", ct, xmlValue(first, "response/createDate"))
	}
	if vb := xmlValue(first, "response/voiceBridge"); len(vb) != 5 || xmlValue(first, "response/parentMeetingID") != "bbb-none" {
		t.Fatalf("create answer: %s", first)
	}
	info := e.ok("getMeetingInfo", "meetingID", "abc123")
	root := parseXML(t, info)
	var keys []string
	for _, n := range root.find("response/metadata")[0].children {
		keys = append(keys, n.name)
	}
	if strings.Join(keys, ",") != "foo-bar,bbb-origin" {
		t.Fatalf("metadata keys = %v, want lower-cased valid keys only", keys)
	}

	dup := e.ok("create", "meetingID", "abc123", "name", "Other name")
	if xmlValue(dup, "response/messageKey") != "duplicateWarning" || xmlValue(dup, "response/createTime") != ct {
		t.Fatalf("duplicate create: %s", dup)
	}
	if got := xmlValue(e.ok("getMeetingInfo", "meetingID", "abc123"), "response/meetingName"); got != "Test" {
		t.Fatalf("duplicate create changed the name to %q", got)
	}
	if q := e.sim.LastCreateQuery("abc123"); q.Get("name") != "Other name" || q.Has("checksum") {
		t.Fatalf("LastCreateQuery = %v", q)
	}
	e.failed("idNotUnique", "create", "meetingID", "abc123", "name", "Test", "attendeePW", "ap", "moderatorPW", "other")

	fresh := e.ok("create", "meetingID", "random-pw", "name", "Random")
	for _, pw := range []string{"attendeePW", "moderatorPW"} {
		if v := xmlValue(fresh, "response/"+pw); len(v) != 8 {
			t.Fatalf("%s = %q, want 8 random characters", pw, v)
		}
	}

	for _, tc := range []struct {
		key string
		kv  []string
	}{
		{"missingParamMeetingID", []string{"name", "Test"}},
		{"sizeError", []string{"meetingID", "x", "name", "Test"}},
		{"validationError", []string{"meetingID", "a,b", "name", "Test"}},
		{"nullError", []string{"meetingID", "abc"}},
		{"emptyError", []string{"meetingID", "abc", "name", ""}},
		{"sizeError", []string{"meetingID", "abc", "name", "T"}},
		{"validationError", []string{"meetingID", "abc", "name", "Test", "voiceBridge", "12a"}},
		{"validationError", []string{"meetingID", "abc", "name", "Test", "record", "yes"}},
		{"invalidPassword", []string{"meetingID", "abc", "name", "Test", "attendeePW", "x"}},
		{"parentMeetingIdMissing", []string{"meetingID", "abc", "name", "Test", "isBreakout", "true"}},
		{"parentMeetingDoesNotExist", []string{"meetingID", "abc", "name", "Test", "isBreakout", "true", "parentMeetingID", "nope"}},
	} {
		e.failed(tc.key, "create", tc.kv...)
	}
	vb := xmlValue(first, "response/voiceBridge")
	dupVB := e.call("create", "meetingID", "vb", "name", "Test", "voiceBridge", vb)
	if xmlValue(dupVB, "response/errors/error/key") != "nonUniqueVoiceBridge" {
		t.Fatalf("voice bridge in use: %s", dupVB)
	}
}

func TestJoinRules(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	create := e.ok("create", "meetingID", "mtg", "name", "Meeting", "maxParticipants", "2", "attendeePW", "ap", "moderatorPW", "mp")

	e.failed("invalidMeetingIdentifier", "join", "meetingID", "nope", "fullName", "A", "role", "VIEWER", "redirect", "false")
	e.failed("mismatchCreateTimeParam", "join", "meetingID", "mtg", "fullName", "A", "role", "VIEWER", "createTime", "1", "redirect", "false")
	e.failed("missingParamFullName", "join", "meetingID", "mtg", "redirect", "false")
	e.failed("Params required", "join", "meetingID", "mtg", "fullName", "A", "password", "wrong", "redirect", "false")
	byPassword := e.ok("join", "meetingID", "mtg", "fullName", "A", "password", "mp", "userID", "a", "createTime", xmlValue(create, "response/createTime"), "redirect", "false")
	if err := e.sim.EnterSession(xmlValue(byPassword, "response/session_token")); err != nil {
		t.Fatal(err)
	}
	if got := xmlValue(e.ok("getMeetingInfo", "meetingID", "mtg"), "response/attendees/attendee/role"); got != "MODERATOR" {
		t.Fatalf("moderator password gave role %s", got)
	}
	e.ok("join", "meetingID", "mtg", "fullName", "B", "role", "viewer", "userID", "b", "redirect", "false")
	e.failed("maxParticipantsReached", "join", "meetingID", "mtg", "fullName", "C", "role", "VIEWER", "userID", "c", "redirect", "false")
	e.ok("join", "meetingID", "mtg", "fullName", "A again", "role", "MODERATOR", "userID", "a", "redirect", "false")

	// Errors with redirect (the default) are 302s carrying errors=[…], like bbb-web.
	resp, _ := e.fetch("GET", e.srv.URL+"/bigbluebutton/api/join?meetingID=m&fullName=A&logoutURL=http%3A%2F%2Flms.example%2Fx%3Fa%3D1&checksum=0000000000000000000000000000000000000000", nil, "")
	want := strings.TrimPrefix(strings.Split(readTestdata(t, "join_checksum_error_redirect.txt"), "\n")[1], "Location: ")
	if resp.StatusCode != http.StatusFound || resp.Header.Get("Location") != want {
		t.Fatalf("checksum error redirect: HTTP %d Location %q, want %q", resp.StatusCode, resp.Header.Get("Location"), want)
	}
	resp, _ = e.fetch("GET", e.signed("join", "meetingID", "nope", "fullName", "A", "role", "VIEWER", "errorRedirectUrl", "https://portal.example/error"), nil, "")
	if loc := resp.Header.Get("Location"); resp.StatusCode != http.StatusFound || !strings.HasPrefix(loc, "https://portal.example/error?errors=") || !strings.Contains(loc, "invalidMeetingIdentifier") {
		t.Fatalf("error redirect: HTTP %d %q", resp.StatusCode, loc)
	}

	// The client URL is built from the Host the request came in on (and X-Forwarded-Proto).
	req, _ := http.NewRequest("GET", e.signed("join", "meetingID", "mtg", "fullName", "A", "role", "MODERATOR", "userID", "a"), nil)
	req.Host = "portal.example:8443"
	req.Header.Set("X-Forwarded-Proto", "https")
	r2, err := e.http.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	r2.Body.Close()
	if loc := r2.Header.Get("Location"); !strings.HasPrefix(loc, "https://portal.example:8443/bigbluebutton/sim/client?sessionToken=") {
		t.Fatalf("join redirect = %q", loc)
	}
}

func TestGuestPolicies(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.ok("create", "meetingID", "ask", "name", "Ask", "guestPolicy", "ASK_MODERATOR")
	e.ok("create", "meetingID", "deny", "name", "Deny", "guestPolicy", "ALWAYS_DENY")
	e.ok("create", "meetingID", "auth", "name", "Auth", "guestPolicy", "ALWAYS_ACCEPT_AUTH")

	e.failed("guestDeniedAccess", "join", "meetingID", "deny", "fullName", "G", "role", "VIEWER", "guest", "true", "redirect", "false")
	for _, tc := range []struct {
		meeting, role, guest, want string
	}{
		{"ask", "VIEWER", "true", "WAIT"},
		{"ask", "VIEWER", "", "WAIT"},
		{"ask", "VIEWER", "false", "ALLOW"},
		{"ask", "MODERATOR", "true", "ALLOW"},
		{"auth", "VIEWER", "true", "WAIT"},
		{"auth", "VIEWER", "", "ALLOW"},
	} {
		kv := []string{"meetingID", tc.meeting, "fullName", "G", "role", tc.role, "redirect", "false"}
		if tc.guest != "" {
			kv = append(kv, "guest", tc.guest)
		}
		if got := xmlValue(e.ok("join", kv...), "response/guestStatus"); got != tc.want {
			t.Errorf("%s %s guest=%s: guestStatus %s, want %s", tc.meeting, tc.role, tc.guest, got, tc.want)
		}
	}

	// A waiting guest sees a waiting page, and gets in once approved.
	wait := e.ok("join", "meetingID", "ask", "fullName", "Gina Guest", "role", "VIEWER", "guest", "true", "userID", "gina", "redirect", "false")
	if xmlValue(wait, "response/messageKey") != "guestWait" {
		t.Fatalf("waiting join: %s", wait)
	}
	_, page := e.fetch("GET", xmlValue(wait, "response/url"), nil, "")
	if !strings.Contains(page, "wait") || e.sim.EnterUser("ask", "gina") != bbbsim.ErrGuestWaiting {
		t.Fatalf("guest was let in before approval: %s", page)
	}
	if err := e.sim.ApproveGuest("ask", "gina"); err != nil {
		t.Fatal(err)
	}
	_, page = e.fetch("GET", xmlValue(wait, "response/url"), nil, "")
	if !strings.Contains(page, "Gina Guest") {
		t.Fatalf("approved guest page: %s", page)
	}
	if got := xmlValues(e.ok("getMeetingInfo", "meetingID", "ask"), "response/attendees/attendee/userID"); len(got) != 1 || got[0] != "gina" {
		t.Fatalf("attendees after approval = %v", got)
	}
}
