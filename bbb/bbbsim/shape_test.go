package bbbsim_test

import (
	"bytes"
	"mime/multipart"
	"strings"
	"testing"
	"time"
)

// recordedMeeting runs a recorded meeting to a published recording and returns its record ID.
func recordedMeeting(e *env, meetingID string, extra ...string) string {
	e.t.Helper()
	body := e.ok("create", append([]string{"meetingID", meetingID, "name", "Fred's Room", "record", "true", "autoStartRecording", "true", "meta_gl-listed", "false"}, extra...)...)
	e.enter(meetingID, "Fred", "MODERATOR")
	e.enter(meetingID, "Wilma", "VIEWER")
	e.advance(10 * time.Minute)
	e.ok("end", "meetingID", meetingID)
	e.advance(2*time.Second + time.Minute + 30*time.Second)
	return xmlValue(body, "response/internalMeetingID")
}

// TestAnswersHaveEveryElementOfTheRealFixture checks, call by call, that the simulator's answer
// contains every element path (and attribute) of a real server's answer.
func TestAnswersHaveEveryElementOfTheRealFixture(t *testing.T) {
	t.Parallel()
	cases := []struct {
		fixture string
		answer  func(e *env) string
	}{
		{"api_version.xml", func(e *env) string { _, b := e.fetch("GET", e.srv.URL+"/bigbluebutton/api", nil, ""); return b }},
		{"create-duplicateWarning.fixed.xml", func(e *env) string { return e.ok("create", "meetingID", "Test", "name", "Test") }},
		{"create-duplicateWarning.fixed.xml", func(e *env) string {
			e.ok("create", "meetingID", "Test", "name", "Test")
			return e.ok("create", "meetingID", "Test", "name", "Test")
		}},
		{"create_meeting_not_unique_error.xml", func(e *env) string {
			e.ok("create", "meetingID", "Test", "name", "Test", "attendeePW", "ap", "moderatorPW", "mp")
			return e.call("create", "meetingID", "Test", "name", "Test", "attendeePW", "other", "moderatorPW", "mp")
		}},
		{"create-checksumError.xml", func(e *env) string {
			_, b := e.fetch("GET", e.srv.URL+"/bigbluebutton/api/create?meetingID=x&checksum=0000000000000000000000000000000000000000", nil, "")
			return b
		}},
		{"checksum_missing_error.xml", func(e *env) string {
			_, b := e.fetch("GET", e.srv.URL+"/bigbluebutton/api/create?meetingID=x", nil, "")
			return b
		}},
		{"join_meeting.xml", func(e *env) string {
			e.ok("create", "meetingID", "Test", "name", "Test")
			return e.ok("join", "meetingID", "Test", "fullName", "Ada", "role", "VIEWER", "redirect", "false")
		}},
		{"end_meeting.xml", func(e *env) string {
			e.ok("create", "meetingID", "Test", "name", "Test")
			return e.ok("end", "meetingID", "Test")
		}},
		{"isMeetingRunning.xml", func(e *env) string { return e.ok("isMeetingRunning", "meetingID", "nope") }},
		{"getMeetingInfo-3.0.xml", func(e *env) string {
			e.ok("create", "meetingID", "Test", "name", "Test", "record", "true", "meta_bbb-origin", "greenlight")
			e.enter("Test", "Anton G", "MODERATOR")
			return e.ok("getMeetingInfo", "meetingID", "Test")
		}},
		{"get_meeting_info_with_breakout_rooms.xml", func(e *env) string {
			e.ok("create", "meetingID", "Parent", "name", "Parent room")
			e.enter("Parent", "Anton G", "MODERATOR")
			if _, err := e.sim.CreateBreakoutRooms("Parent", 3); err != nil {
				e.t.Fatal(err)
			}
			return e.ok("getMeetingInfo", "meetingID", "Parent")
		}},
		{"get_meeting_info_breakout_room.xml", func(e *env) string {
			e.ok("create", "meetingID", "Parent", "name", "Parent room")
			ids, err := e.sim.CreateBreakoutRooms("Parent", 1)
			if err != nil {
				e.t.Fatal(err)
			}
			e.enter(ids[0], "Anton G", "MODERATOR")
			return e.ok("getMeetingInfo", "meetingID", ids[0])
		}},
		{"getMeetings.fixed.xml", func(e *env) string {
			e.ok("create", "meetingID", "Demo Meeting", "name", "Demo Meeting")
			return e.ok("getMeetings")
		}},
		{"get_meetings_empty.xml", func(e *env) string { return e.ok("getMeetings") }},
		{"get_sessions.xml", func(e *env) string {
			e.ok("create", "meetingID", "Test", "name", "Live Client Probe")
			e.enter("Test", "Alice Moderator", "MODERATOR")
			return e.ok("getSessions")
		}},
		{"get_sessions_empty.xml", func(e *env) string { return e.ok("getSessions") }},
		{"sample-get-recordings-response.xml", func(e *env) string {
			recordedMeeting(e, "f01411a126dd7ea29c9c3859523bc1baac3c1e2f")
			return e.ok("getRecordings")
		}},
		{"getRecordings.xml", func(e *env) string {
			recordedMeeting(e, "c637ba21adcd0191f48f5c4bf23fab0f96ed5c18")
			return e.ok("getRecordings", "meetingID", "c637ba21adcd0191f48f5c4bf23fab0f96ed5c18")
		}},
		{"get_recordings_empty.xml", func(e *env) string { return e.ok("getRecordings", "meetingID", "nothing") }},
		{"publish_recordings.xml", func(e *env) string {
			return e.ok("publishRecordings", "recordID", recordedMeeting(e, "m1"), "publish", "true")
		}},
		{"delete_recordings.xml", func(e *env) string { return e.ok("deleteRecordings", "recordID", recordedMeeting(e, "m1")) }},
		{"update_recordings.xml", func(e *env) string {
			return e.ok("updateRecordings", "recordID", recordedMeeting(e, "m1"), "meta_presenter", "Fred")
		}},
		{"recordings_not_found.xml", func(e *env) string { return e.call("publishRecordings", "recordID", "nope", "publish", "true") }},
		{"recordings_missing_record_id.xml", func(e *env) string { return e.call("deleteRecordings") }},
		{"recordings_checksum_error.xml", func(e *env) string {
			_, b := e.fetch("GET", e.srv.URL+"/bigbluebutton/api/getRecordings?checksum=0000000000000000000000000000000000000000", nil, "")
			return b
		}},
		{"insert_document.xml", func(e *env) string {
			e.ok("create", "meetingID", "Test", "name", "Test")
			_, b := e.fetch("POST", e.signed("insertDocument", "meetingID", "Test"),
				strings.NewReader(`<modules><module name="presentation"><document url="https://example.com/a.pdf" filename="a.pdf"/></module></modules>`), "application/xml")
			return b
		}},
		{"sendChatMessage.xml", func(e *env) string {
			e.ok("create", "meetingID", "Test", "name", "Test")
			if _, err := e.sim.AddUser("Test", "Teacher", "MODERATOR"); err != nil {
				panic(err)
			}
			return e.ok("sendChatMessage", "meetingID", "Test", "message", "Hello")
		}},
		{"getRecordingTextTracks.json", func(e *env) string {
			rid := recordedMeeting(e, "m1")
			putTrack(e, rid, "subtitles", "en-US", "WEBVTT\n\n00:00.000 --> 00:01.000\nHi\n")
			e.advance(time.Minute)
			return e.call("getRecordingTextTracks", "recordID", rid)
		}},
		{"putRecordingTextTrack-success.json", func(e *env) string {
			return putTrack(e, recordedMeeting(e, "m1"), "subtitles", "en-US", "WEBVTT\n")
		}},
		{"putRecordingTextTrack-empty.json", func(e *env) string {
			return putTrack(e, recordedMeeting(e, "m1"), "subtitles", "en-US", "")
		}},
		{"putRecordingTextTrack-paramError.json", func(e *env) string {
			_, b := e.fetch("POST", e.srv.URL+"/bigbluebutton/api/putRecordingTextTrack?recordID=x", strings.NewReader(""), "multipart/form-data; boundary=x")
			return b
		}},
		{"webhooks/hooks_create.xml", func(e *env) string { return e.ok("hooks/create", "callbackURL", "http://127.0.0.1:9/cb") }},
		{"webhooks/hooks_list.xml", func(e *env) string {
			e.ok("hooks/create", "callbackURL", "http://127.0.0.1:9/cb", "meetingID", "m 1", "eventID", "user-joined")
			return e.ok("hooks/list")
		}},
		{"webhooks/hooks_destroy.xml", func(e *env) string {
			id := xmlValue(e.ok("hooks/create", "callbackURL", "http://127.0.0.1:9/cb"), "response/hookID")
			return e.ok("hooks/destroy", "hookID", id)
		}},
	}
	for _, tc := range cases {
		t.Run(tc.fixture, func(t *testing.T) {
			e := newEnv(t)
			got := tc.answer(e)
			want := readTestdata(t, tc.fixture)
			var wantPaths, gotPaths []string
			if strings.HasSuffix(tc.fixture, ".json") {
				wantPaths, gotPaths = jsonPaths(t, want), jsonPaths(t, got)
			} else {
				if strings.HasPrefix(got, "<?xml") {
					t.Errorf("answer has an XML prolog; the real server sends none")
				}
				wantPaths, gotPaths = elementPaths(parseXML(t, want)), elementPaths(parseXML(t, got))
			}
			have := map[string]bool{}
			for _, p := range gotPaths {
				have[p] = true
			}
			for _, p := range wantPaths {
				if !have[p] {
					t.Errorf("answer lacks %s\nanswer: %s", p, got)
				}
			}
		})
	}
}

func putTrack(e *env, recordID, kind, lang, content string) string {
	e.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, _ := mw.CreateFormFile("file", "captions.vtt")
	fw.Write([]byte(content))
	mw.Close()
	_, body := e.fetch("POST", e.signed("putRecordingTextTrack", "recordID", recordID, "kind", kind, "lang", lang, "label", "English"), &buf, mw.FormDataContentType())
	return body
}

// TestElementOrderMatchesTheRealTemplates compares the order of the top-level elements with the
// real server's templates, since some parsers (and people) read them in order.
func TestElementOrderMatchesTheRealTemplates(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	create := e.ok("create", "meetingID", "Test", "name", "Test")
	e.enter("Test", "Anton G", "MODERATOR")
	info := e.ok("getMeetingInfo", "meetingID", "Test")
	for _, tc := range []struct{ fixture, got string }{
		{"create-duplicateWarning.fixed.xml", create},
		{"getMeetingInfo-3.0.xml", info},
	} {
		want, got := childNames(parseXML(t, readTestdata(t, tc.fixture))), childNames(parseXML(t, tc.got))
		if strings.Join(want, ",") != strings.Join(got, ",") {
			t.Errorf("%s: element order\nwant %v\ngot  %v", tc.fixture, want, got)
		}
	}
}

func childNames(n *xmlNode) []string {
	var out []string
	for _, c := range n.children {
		out = append(out, c.name)
	}
	return out
}
