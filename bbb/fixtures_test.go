package bbb_test

import (
	"encoding/json"
	"encoding/xml"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"bbbportal/bbb"
)

// fixtureChecks has one entry per file in testdata; TestEveryFixtureIsChecked
// fails when a fixture is added without one.
var fixtureChecks = map[string]func(t *testing.T, body []byte){}

func check(names []string, f func(t *testing.T, body []byte)) {
	for _, n := range names {
		fixtureChecks[n] = f
	}
}

func TestEveryFixtureIsChecked(t *testing.T) {
	t.Parallel()
	seen := 0
	err := filepath.WalkDir("testdata", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if d.Name() == "fuzz" { // Go's fuzz corpus, not server answers
				return filepath.SkipDir
			}
			return nil
		}
		name := filepath.ToSlash(strings.TrimPrefix(path, "testdata"+string(filepath.Separator)))
		seen++
		f, ok := fixtureChecks[name]
		if !ok {
			t.Errorf("fixture %s has no check", name)
			return nil
		}
		t.Run(name, func(t *testing.T) { f(t, readFixture(t, name)) })
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if seen < 100 {
		t.Errorf("found only %d fixtures", seen)
	}
}

func ms(v int64) time.Time { return time.UnixMilli(v) }

func eq[T comparable](t *testing.T, what string, got, want T) {
	t.Helper()
	if got != want {
		t.Errorf("%s = %v, want %v", what, got, want)
	}
}

func wantFailed(call, key, message string) func(t *testing.T, body []byte) {
	return func(t *testing.T, body []byte) {
		_, err := bbb.ParseResponse(call, body)
		var e *bbb.Error
		if !errorsAs(err, &e) {
			t.Fatalf("got %v, want *bbb.Error", err)
		}
		eq(t, "Key", e.Key, key)
		eq(t, "Message", e.Message, message)
	}
}

func wantParseError(call string) func(t *testing.T, body []byte) {
	return func(t *testing.T, body []byte) {
		v, err := bbb.ParseResponse(call, body)
		var pe *bbb.ParseError
		if !errorsAs(err, &pe) {
			t.Fatalf("got %#v, %v; want *bbb.ParseError", v, err)
		}
		if !strings.Contains(pe.Error(), call) || !strings.Contains(pe.Error(), "not a valid API response") {
			t.Errorf("unclear parse error: %v", pe)
		}
	}
}

func wantSuccess(call string, fields map[string]string) func(t *testing.T, body []byte) {
	return func(t *testing.T, body []byte) {
		v, err := bbb.ParseResponse(call, body)
		if err != nil {
			t.Fatal(err)
		}
		m, ok := v.(map[string]string)
		if !ok {
			t.Fatalf("got %T", v)
		}
		for k, want := range fields {
			eq(t, k, m[k], want)
		}
	}
}

func init() {
	// FAILED answers, both envelope shapes.
	const recordingsNotFound = "We could not find recordings"
	for name, want := range map[string][3]string{
		"bbb-docs/create-checksumError.xml":                                         {"create", "checksumError", "Checksums do not match"},
		"bbb-server-source/checksum_missing_error.xml":                              {"getMeetings", "checksumError", "You must provide the checksum"},
		"bbb-server-source/recordings_checksum_error.xml":                           {"getRecordings", "checksumError", "You did not pass the checksum security check"},
		"bbb-server-source/recordings_missing_record_id.xml":                        {"publishRecordings", "missingParamRecordID", "You must specify a recordID."},
		"bbb-server-source/recordings_not_found.xml":                                {"deleteRecordings", "notFound", recordingsNotFound},
		"littleredbutton-bigbluebutton-api-php/not_found_error.xml":                 {"updateRecordings", "notFound", recordingsNotFound},
		"bigbluebutton-api-php/responses/delete_recordings_not_found.xml":           {"deleteRecordings", "notFound", "Could not find recording"},
		"bigbluebutton-api-php/responses/publish_recordings_not_found.xml":          {"publishRecordings", "notFound", "Could not find recording"},
		"bigbluebutton-api-php/responses/update_recordings_not_found.xml":           {"updateRecordings", "notFound", "Could not find recording"},
		"bigbluebutton-api-php/responses/send_chat_message_failed.xml":              {"sendChatMessage", "meetingNotFound", "Meeting not found or not active"},
		"littleredbutton-bigbluebutton-api-php/create_meeting_not_unique_error.xml": {"create", "idNotUnique", "A meeting already exists with that meeting ID.  Please use a different meeting ID."},
		"bbb-webhooks-3.5.0/hooks_checksum_error.xml":                               {"hooks/list", "checksumError", "You did not pass the checksum security check."},
		"bbb-webhooks-derived/checksumError.xml":                                    {"hooks/list", "checksumError", "You did not pass the checksum security check."},
		"bbb-webhooks-3.5.0/hooks_create_missing_callback_url.xml":                  {"hooks/create", "missingParamCallbackURL", "You must specify a callbackURL in the parameters."},
		"bbb-webhooks-derived/missing_param_callbackURL.xml":                        {"hooks/create", "missingParamCallbackURL", "You must specify a callbackURL in the parameters."},
		"bbb-webhooks-3.5.0/hooks_destroy_missing_hook_id.xml":                      {"hooks/destroy", "missingParamHookID", "You must specify a hookID in the parameters."},
		"bbb-webhooks-derived/missing_param_hookID.xml":                             {"hooks/destroy", "missingParamHookID", "You must specify a hookID in the parameters."},
		"bigbluebutton-api-php/responses/hooks_destroy_failed_no_id.xml":            {"hooks/destroy", "missingParamHookID", "You must specify a hookID in the parameters."},
		"littleredbutton-bigbluebutton-api-php/hooks_create_no_hook_id.xml":         {"hooks/create", "missingParamHookID", "You must specify a hookID in the parameters."},
		"bbb-webhooks-3.5.0/hooks_destroy_not_found.xml":                            {"hooks/destroy", "destroyMissingHook", "The hook informed was not found."},
		"bbb-webhooks-derived/destroy_no_hook.xml":                                  {"hooks/destroy", "destroyMissingHook", "The hook informed was not found."},
		"bigbluebutton-api-php/responses/hooks_destroy_failed_not_found.xml":        {"hooks/destroy", "destroyMissingHook", "The hook informed was not found."},
		"littleredbutton-bigbluebutton-api-php/hooks_destroy_not_found.xml":         {"hooks/destroy", "destroyMissingHook", "The hook informed was not found."},
		"bbb-webhooks-3.5.0/hooks_list_unknown_meeting_error.xml":                   {"hooks/list", "listHookError", "An error happened while listing registered hooks. Check the logs."},
		"bbb-webhooks-derived/list_failure.xml":                                     {"hooks/list", "listHookError", "An error happened while listing registered hooks. Check the logs."},
		"bbb-webhooks-derived/create_failure.xml":                                   {"hooks/create", "createHookError", "An error happened while creating your hook. Check the logs."},
		"bigbluebutton-api-php/responses/hooks_create_failed_error.xml":             {"hooks/create", "createHookError", "An error happened while creating your hook. Check the logs."},
		"littleredbutton-bigbluebutton-api-php/hooks_create_error.xml":              {"hooks/create", "createHookError", "An error happened while creating your hook. Check the logs."},
		"bbb-webhooks-derived/destroy_failure.xml":                                  {"hooks/destroy", "destroyHookError", "An error happened while removing your hook. Check the logs."},
		"bigbluebutton-api-php/responses/hooks_destroy_failed_error.xml":            {"hooks/destroy", "destroyHookError", "An error happened while removing your hook. Check the logs."},
		"littleredbutton-bigbluebutton-api-php/hooks_destroy_error.xml":             {"hooks/destroy", "destroyHookError", "An error happened while removing your hook. Check the logs."},
		"bbb-docs/putRecordingTextTrack-empty.json":                                 {"putRecordingTextTrack", "empty_uploaded_text_track", "Empty uploaded text track."},
		"bbb-docs/putRecordingTextTrack-failed.json":                                {"putRecordingTextTrack", "upload_text_track_failed", "Text track upload failed."},
		"bbb-docs/putRecordingTextTrack-paramError.json":                            {"putRecordingTextTrack", "paramError", "Missing param checksum."},
		"bigbluebutton-api-php/responses/get_join_url_failed.json":                  {"getJoinUrl", "", "Invalid session token"},
		"bigbluebutton-api-php/responses/learning_dashboard_failed.json":            {"learningDashboard", "", "Invalid session token"},
	} {
		check([]string{name}, wantFailed(want[0], want[1], want[2]))
	}

	// The errors-list shape is not among the fixtures; the reference quotes it (§1.4).
	// It is covered by TestMultiErrorEnvelope.

	// Not well-formed (the docs' <`voiceBridge`> typo) or not an API answer at all.
	check([]string{"bbb-docs/create-duplicateWarning.xml"}, wantParseError("create"))
	check([]string{"bbb-docs/getMeetings.xml"}, wantParseError("getMeetings"))
	check([]string{"bigbluebutton-api-php/responses/feedback_response.json"}, wantParseError("feedback"))
	// On-disk recording metadata.xml files, from which the server builds
	// getRecordings: not answers, so they must be refused clearly.
	check([]string{"bbb-server-test-resources/sample-metadata.xml", "bbb-server-test-resources/breakout-room-metadata.xml",
		"bbb-server-test-resources/meeting-has-breakout-metadata.xml", "bbb-server-test-resources/meeting-no-breakout-metadata.xml",
		"bbb-server-test-resources/playback-metadata.xml"}, wantParseError("getRecordings"))

	// Answers that carry nothing but the envelope and a flag.
	check([]string{"bbb-docs/deleteRecordings.xml", "bbb-server-source/delete_recordings.xml",
		"bigbluebutton-api-php/responses/delete_recordings.xml", "littleredbutton-bigbluebutton-api-php/delete_recordings.xml"},
		wantSuccess("deleteRecordings", map[string]string{"deleted": "true", "returncode": "SUCCESS"}))
	check([]string{"bbb-docs/publishRecordings.xml", "bbb-server-source/publish_recordings.xml",
		"bigbluebutton-api-php/responses/publish_recordings.xml", "littleredbutton-bigbluebutton-api-php/publish_recordings.xml"},
		wantSuccess("publishRecordings", map[string]string{"published": "true"}))
	check([]string{"bbb-docs/updateRecordings.xml", "bbb-server-source/update_recordings.xml",
		"bigbluebutton-api-php/responses/update_recordings.xml", "littleredbutton-bigbluebutton-api-php/update_recordings.xml"},
		wantSuccess("updateRecordings", map[string]string{"updated": "true"}))
	check([]string{"bbb-docs/end.xml", "bigbluebutton-api-php/responses/end_meeting.xml", "littleredbutton-bigbluebutton-api-php/end_meeting.xml"},
		func(t *testing.T, body []byte) {
			v, err := bbb.ParseResponse("end", body)
			if err != nil {
				t.Fatal(err)
			}
			m := v.(map[string]string)
			eq(t, "messageKey", m["messageKey"], "sentEndMeetingRequest")
			if !strings.HasPrefix(m["message"], "A request to end the meeting was sent.") {
				t.Errorf("message %q", m["message"])
			}
		})
	check([]string{"bbb-docs/sendChatMessage.xml", "bigbluebutton-api-php/responses/send_chat_message.xml"},
		wantSuccess("sendChatMessage", map[string]string{"returncode": "SUCCESS", "messageKey": "", "message": ""}))
	check([]string{"bigbluebutton-api-php/responses/insert_document.xml"},
		wantSuccess("insertDocument", map[string]string{"message": "Presentation is being uploaded"}))
	check([]string{"littleredbutton-bigbluebutton-api-php/insert_document.xml"},
		wantSuccess("insertDocument", map[string]string{"returncode": "SUCCESS"}))
	check([]string{"bbb-webhooks-3.5.0/hooks_destroy.xml", "bbb-webhooks-derived/destroy_success.xml",
		"bigbluebutton-api-php/responses/hooks_destroy.xml", "littleredbutton-bigbluebutton-api-php/hooks_destroy.xml"},
		wantSuccess("hooks/destroy", map[string]string{"removed": "true"}))
	check([]string{"bigbluebutton-api-php/responses/get_sessions.xml"}, func(t *testing.T, body []byte) {
		sessions, err := bbb.ParseSessions(body)
		if err != nil || len(sessions) != 2 {
			t.Fatalf("sessions = %+v, %v", sessions, err)
		}
		eq(t, "meetingID", sessions[1].MeetingID, "b6cdef623f494878af42c27a6e44d1acfed65451-1786915293531")
		eq(t, "meetingName", sessions[1].MeetingName, "Live Client Probe")
		eq(t, "userName", sessions[1].UserName, "Bob Attendee")
	})
	check([]string{"bigbluebutton-api-php/responses/get_sessions_empty.xml"}, func(t *testing.T, body []byte) {
		v, err := bbb.ParseResponse("getSessions", body)
		if sessions, ok := v.([]bbb.Session); err != nil || !ok || len(sessions) != 0 {
			t.Fatalf("empty server: %#v, %v", v, err)
		}
	})

	check([]string{"bbb-docs/isMeetingRunning.xml", "bigbluebutton-api-php/responses/is_meeting_running.xml",
		"littleredbutton-bigbluebutton-api-php/is_meeting_running.xml"}, func(t *testing.T, body []byte) {
		running, err := bbb.ParseIsMeetingRunning(body)
		if err != nil || !running {
			t.Errorf("running = %v, %v", running, err)
		}
	})

	check([]string{"bigbluebutton-api-php/responses/api_version.xml"}, func(t *testing.T, body []byte) {
		v, err := bbb.ParseVersion(body)
		if err != nil {
			t.Fatal(err)
		}
		eq(t, "bbbVersion", v.BBBVersion, "3.0.19")
		eq(t, "apiVersion", v.APIVersion, "2.0")
		eq(t, "graphqlWebsocketUrl", v.GraphqlWebsocketURL, "wss://bigbluebutton.server.com/graphql")
		eq(t, "graphqlApiUrl", v.GraphqlAPIURL, "https://bigbluebutton.server.com/api/rest")
		eq(t, "html5PluginSdkVersion", v.HTML5PluginSDKVersion, "0.0.95")
	})
	check([]string{"littleredbutton-bigbluebutton-api-php/api_version.xml"}, func(t *testing.T, body []byte) {
		v, err := bbb.ParseVersion(body)
		if err != nil {
			t.Fatal(err)
		}
		eq(t, "bbbVersion", v.BBBVersion, "2.4-rc-7")
		eq(t, "version", v.Version, "2.0")
		eq(t, "graphqlApiUrl", v.GraphqlAPIURL, "")
	})

	check([]string{"bbb-docs/create-duplicateWarning.fixed.xml"}, func(t *testing.T, body []byte) {
		r, err := bbb.ParseCreate(body)
		if err != nil {
			t.Fatal(err)
		}
		eq(t, "Duplicate", r.Duplicate, true)
		eq(t, "MeetingID", r.MeetingID, "Test")
		eq(t, "InternalMeetingID", r.InternalMeetingID, "640ab2bae07bedc4c163f679a746f7ab7fb5d1fa-1531155809613")
		eq(t, "ParentMeetingID", r.ParentMeetingID, "bbb-none")
		eq(t, "CreateTime", r.CreateTime, ms(1531155809613))
		eq(t, "VoiceBridge", r.VoiceBridge, "70757")
		eq(t, "ModeratorPW", r.ModeratorPW, "mp")
		eq(t, "CreateDate", r.CreateDate, "Mon Jul 09 17:03:29 UTC 2018")
	})
	check([]string{"bigbluebutton-api-php/responses/create_meeting.xml", "littleredbutton-bigbluebutton-api-php/create_meeting.xml"},
		func(t *testing.T, body []byte) {
			r, err := bbb.ParseCreate(body)
			if err != nil {
				t.Fatal(err)
			}
			eq(t, "Duplicate", r.Duplicate, true)
			eq(t, "MeetingID", r.MeetingID, "random-1665177")
			eq(t, "Duration", r.Duration, 20*time.Minute)
			eq(t, "CreateTime", r.CreateTime, ms(1453283819419))
			eq(t, "AttendeePW", r.AttendeePW, "tK6J5cJv3hMLNx5IBePa")
			eq(t, "HasUserJoined", r.HasUserJoined, false)
		})

	check([]string{"bbb-docs/join-redirect-false.xml"}, func(t *testing.T, body []byte) {
		r, err := bbb.ParseJoin(body)
		if err != nil {
			t.Fatal(err)
		}
		eq(t, "MeetingID", r.MeetingID, "640ab2bae07bedc4c163f679a746f7ab7fb5d1fa-1531155809613")
		eq(t, "UserID", r.UserID, "w_euxnssffnsbs")
		eq(t, "SessionToken", r.SessionToken, "ai1wqj8wb6s7rnk0")
		eq(t, "AuthToken", r.AuthToken, "14mm5y3eurjw")
		eq(t, "MessageKey", r.MessageKey, "successfullyJoined")
		eq(t, "GuestStatus", r.GuestStatus, "")
	})
	check([]string{"bigbluebutton-api-php/responses/join_meeting.xml", "littleredbutton-bigbluebutton-api-php/join_meeting.xml"},
		func(t *testing.T, body []byte) {
			r, err := bbb.ParseJoin(body)
			if err != nil {
				t.Fatal(err)
			}
			eq(t, "GuestStatus", r.GuestStatus, "ALLOW")
			eq(t, "UserID", r.UserID, "ao6ehbtvbmhz")
			eq(t, "URL", r.URL, "https://bigblubutton-server.sample/client/BigBlueButton.html?sessionToken=0wzsph6uaelwc68z")
		})

	check([]string{"bbb-docs/getMeetingInfo-3.0.xml"}, func(t *testing.T, body []byte) {
		m, err := bbb.ParseMeetingInfo(body)
		if err != nil {
			t.Fatal(err)
		}
		eq(t, "Name", m.Name, "Anton G's Room")
		eq(t, "InternalMeetingID", m.InternalMeetingID, "a0715c95000a2bcb90604ecc7097dbc94592c690-1715261728123")
		eq(t, "CreateTime", m.CreateTime, ms(1715261728123))
		eq(t, "StartTime", m.StartTime, ms(1715261728142))
		eq(t, "EndTime.IsZero", m.EndTime.IsZero(), true)
		eq(t, "Running", m.Running, true)
		eq(t, "Recording", m.Recording, true)
		eq(t, "VideoCount", m.VideoCount, 1)
		eq(t, "VoiceParticipantCount", m.VoiceParticipantCount, 1)
		eq(t, "ModeratorCount", m.ModeratorCount, 1)
		if len(m.Attendees) != 1 {
			t.Fatalf("attendees %d", len(m.Attendees))
		}
		a := m.Attendees[0]
		eq(t, "UserID", a.UserID, "w_ftcrsyuh44oj")
		eq(t, "Role", a.Role, bbb.RoleModerator)
		eq(t, "IsPresenter", a.IsPresenter, true)
		eq(t, "HasVideo", a.HasVideo, true)
		eq(t, "HasJoinedVoice", a.HasJoinedVoice, true)
		eq(t, "IsListeningOnly", a.IsListeningOnly, false)
		eq(t, "ClientType", a.ClientType, "HTML5")
		eq(t, "len(CustomData)", len(a.CustomData), 0)
		eq(t, "len(Metadata)", len(m.Metadata), 5)
		eq(t, "endcallbackurl", m.Metadata["endcallbackurl"], "https://test30.bigbluebutton.org/meeting_ended")
		eq(t, "bbb-origin", m.Metadata["bbb-origin"], "greenlight")
		eq(t, "IsBreakout", m.IsBreakout, false)
	})
	meetingInfo := func(t *testing.T, body []byte) *bbb.Meeting {
		m, err := bbb.ParseMeetingInfo(body)
		if err != nil {
			t.Fatal(err)
		}
		if len(m.Attendees) != 4 {
			t.Fatalf("attendees %d", len(m.Attendees))
		}
		eq(t, "Duration", m.Duration, 20*time.Minute)
		eq(t, "MaxUsers", m.MaxUsers, 20)
		eq(t, "ListenerCount", m.ListenerCount, 1)
		eq(t, "EndTime", m.EndTime, ms(1453206325002))
		barrett := m.Attendees[1]
		eq(t, "ClientType", barrett.ClientType, "FLASH")
		eq(t, "customdata skipCheck", barrett.CustomData["skipCheck"], "true")
		eq(t, "customdata customStyle", barrett.CustomData["customStyle"], "a:focus{color:#0181eb}")
		eq(t, "customdata backgroundColor", barrett.CustomData["backgroundColor"], "#FF0033")
		bruce := m.Attendees[3]
		eq(t, "Bruce IsListeningOnly", bruce.IsListeningOnly, true)
		eq(t, "Bruce Role", bruce.Role, bbb.RoleViewer)
		return m
	}
	check([]string{"bigbluebutton-api-php/responses/get_meeting_info.xml"}, func(t *testing.T, body []byte) {
		m := meetingInfo(t, body)
		eq(t, "bn-recording-ready-url", m.Metadata["bn-recording-ready-url"], "http://bigbluebutton.org/moodle/mod/bigbluebuttonbn/bbb_broker.php?action=recording_ready")
		eq(t, "bbb-recording-name", m.Metadata["bbb-recording-name"], `Bigbluebutton "Mock meeting for testing getMeetingInfo"`)
		eq(t, "bbb-recording-tags", m.Metadata["bbb-recording-tags"], "")
		if _, ok := m.Metadata["bbb-recording-tags"]; !ok {
			t.Error("an empty metadata element must still be a key")
		}
	})
	check([]string{"bigbluebutton-api-php/responses/get_meeting_info_breakout_room.xml"}, func(t *testing.T, body []byte) {
		m := meetingInfo(t, body)
		eq(t, "IsBreakout", m.IsBreakout, true)
		eq(t, "ParentMeetingID", m.ParentMeetingID, "ParentMeetingId")
		eq(t, "Sequence", m.Sequence, 1)
		eq(t, "FreeJoin", m.FreeJoin, false)
	})
	check([]string{"bigbluebutton-api-php/responses/get_meeting_info_with_breakout_rooms.xml"}, func(t *testing.T, body []byte) {
		m := meetingInfo(t, body)
		eq(t, "BreakoutRooms", strings.Join(m.BreakoutRooms, ","), "breakout-room-id-1,breakout-room-id-2,breakout-room-id-3")
		eq(t, "presenter", m.Metadata["presenter"], "Prof. Maud Corkery II")
	})
	check([]string{"littleredbutton-bigbluebutton-api-php/get_meeting_info.xml"}, func(t *testing.T, body []byte) {
		m, err := bbb.ParseMeetingInfo(body)
		if err != nil {
			t.Fatal(err)
		}
		eq(t, "IsBreakout", m.IsBreakout, true)
		eq(t, "ParentMeetingID", m.ParentMeetingID, "b97b512f2c92c0ffe7a3476152525807daa1c676-1524213151782")
		eq(t, "Sequence", m.Sequence, 1)
		eq(t, "attendees", len(m.Attendees), 4)
	})

	check([]string{"bbb-docs/getMeetings.fixed.xml"}, func(t *testing.T, body []byte) {
		ms, err := bbb.ParseMeetings(body)
		if err != nil {
			t.Fatal(err)
		}
		if len(ms) != 1 {
			t.Fatalf("%d meetings", len(ms))
		}
		eq(t, "MeetingID", ms[0].MeetingID, "Demo Meeting")
		eq(t, "VoiceBridge", ms[0].VoiceBridge, "70066")
		eq(t, "attendees (<attendees />)", len(ms[0].Attendees), 0)
		eq(t, "metadata (<metadata />)", len(ms[0].Metadata), 0)
		if ms[0].Metadata == nil || ms[0].Attendees == nil {
			t.Error("empty lists and maps must be empty, not nil")
		}
	})
	check([]string{"bbb-server-source/get_meetings_empty.xml"}, func(t *testing.T, body []byte) {
		ms, err := bbb.ParseMeetings(body)
		if err != nil || len(ms) != 0 || ms == nil {
			t.Errorf("noMeetings must be an empty list, got %v, %v", ms, err)
		}
	})
	meetings := func(t *testing.T, body []byte) []bbb.Meeting {
		ms, err := bbb.ParseMeetings(body)
		if err != nil {
			t.Fatal(err)
		}
		if len(ms) != 3 {
			t.Fatalf("%d meetings", len(ms))
		}
		eq(t, "AttendeePW", ms[0].AttendeePW, "=g.TrpDM=xB.oOW5h|m")
		eq(t, "endcallbackurl", ms[0].Metadata["endcallbackurl"], "http://www.schiller.info/ut-perspiciatis-et-vero-dolorum-repellendus-nesciunt-commodi-voluptate")
		eq(t, "attendees (whitespace only)", len(ms[0].Attendees), 0)
		eq(t, "ModeratorPW", ms[2].ModeratorPW, `n:"zWc##Bi.y,d^s,mMF`)
		eq(t, "ParticipantCount", ms[2].ParticipantCount, 5)
		eq(t, "VideoCount", ms[2].VideoCount, 3)
		eq(t, "StartTime", ms[2].StartTime, ms2(1524213049434))
		eq(t, "Duration", ms[2].Duration, 2206*time.Minute)
		return ms
	}
	check([]string{"bigbluebutton-api-php/responses/get_meetings.xml"}, func(t *testing.T, body []byte) {
		ms := meetings(t, body)
		eq(t, "breakout IsBreakout", ms[1].IsBreakout, true)
		eq(t, "breakout ParentMeetingID", ms[1].ParentMeetingID, "ParentMeetingId")
		eq(t, "breakout Sequence", ms[1].Sequence, 1)
		eq(t, "BreakoutRooms", strings.Join(ms[2].BreakoutRooms, ","), "breakout-room-id-1,breakout-room-id-2,breakout-room-id-3")
	})
	check([]string{"littleredbutton-bigbluebutton-api-php/get_meetings.xml"}, func(t *testing.T, body []byte) {
		ms := meetings(t, body)
		eq(t, "IsBreakout", ms[1].IsBreakout, false)
		eq(t, "BreakoutRooms", len(ms[2].BreakoutRooms), 0)
	})

	// Every answer of the captured bbb-webhooks scenario.
	check([]string{"bbb-webhooks-3.5.0/scenario.jsonl"}, func(t *testing.T, body []byte) {
		for _, line := range strings.Split(strings.TrimSpace(string(body)), "\n") {
			var step struct{ Step, URL, Body string }
			if err := json.Unmarshal([]byte(line), &step); err != nil {
				t.Fatal(err)
			}
			call := strings.TrimPrefix(strings.SplitN(step.URL, "?", 2)[0], "/")
			v, err := bbb.ParseResponse(call, []byte(step.Body))
			wantFail := strings.Contains(step.Body, "FAILED")
			var e *bbb.Error
			if wantFail != errorsAs(err, &e) {
				t.Errorf("%s: got %v, %v", step.Step, v, err)
				continue
			}
			switch r := v.(type) {
			case *bbb.HookResult:
				if len(r.ID) != 36 {
					t.Errorf("%s: hook id %q is not a UUID", step.Step, r.ID)
				}
			case []bbb.Hook:
				if len(r) == 0 {
					t.Errorf("%s: no hooks", step.Step)
				}
			}
		}
	})

	check([]string{"bbb-docs/getRecordings.xml"}, func(t *testing.T, body []byte) {
		l, err := bbb.ParseRecordings(body)
		if err != nil {
			t.Fatal(err)
		}
		if len(l.Recordings) != 2 {
			t.Fatalf("%d recordings", len(l.Recordings))
		}
		r := l.Recordings[0]
		eq(t, "RecordID", r.RecordID, "ffbfc4cc24428694e8b53a4e144f414052431693-1530718721124")
		eq(t, "Name", r.Name, "Fred's Room")
		eq(t, "State", r.State, bbb.StatePublished)
		eq(t, "Published", r.Published, true)
		eq(t, "Participants", r.Participants, 3)
		eq(t, "EndTime", r.EndTime, ms(1530718810456))
		eq(t, "gl-listed", r.Metadata["gl-listed"], "false")
		eq(t, "formats", len(r.Playback), 2)
		eq(t, "podcast", r.Playback[0].Type, "podcast")
		p := r.Playback[1]
		eq(t, "ProcessingTime", p.ProcessingTime, 7177*time.Millisecond)
		eq(t, "previews", len(p.Preview), 3)
		eq(t, "preview alt", p.Preview[1].Alt, "(this slide left blank for use as a whiteboard)")
		eq(t, "preview width", p.Preview[0].Width, 176)
		eq(t, "preview height", p.Preview[0].Height, 136)
		eq(t, "second Length", l.Recordings[1].Playback[1].Length, 33*time.Minute)
		eq(t, "TotalElements", l.TotalElements, -1)
	})
	check([]string{"bbb-server-source/get_recordings_empty.xml", "bigbluebutton-api-php/responses/get_recordings_no_recordings.xml"},
		func(t *testing.T, body []byte) {
			l, err := bbb.ParseRecordings(body)
			if err != nil || len(l.Recordings) != 0 {
				t.Errorf("noRecordings must be an empty list, got %v, %v", l, err)
			}
		})
	check([]string{"bbb-server-test-resources/sample-get-recordings-response.xml"}, func(t *testing.T, body []byte) {
		l, err := bbb.ParseRecordings(body)
		if err != nil {
			t.Fatal(err)
		}
		eq(t, "recordings", len(l.Recordings), 8)
		r := l.Recordings[0]
		eq(t, "Name (Cyrillic)", r.Name, "тест")
		eq(t, "gl-token", r.Metadata["gl-token"], "an-a02174f6-тест")
		eq(t, "Length 0", r.Playback[0].Length, time.Duration(0))
		found := false
		for _, r := range l.Recordings {
			if strings.HasPrefix(r.Name, "Let") {
				found = true
				// The server double-escapes the apostrophe; the client keeps what it was sent.
				eq(t, "double-escaped name", r.Name, "Let&#39;s Talk English: Episode 5")
			}
		}
		if !found {
			t.Error("recording with the double-escaped name not found")
		}
	})
	phpRecordings := func(n int) func(t *testing.T, body []byte) {
		return func(t *testing.T, body []byte) {
			l, err := bbb.ParseRecordings(body)
			if err != nil {
				t.Fatal(err)
			}
			eq(t, "recordings", len(l.Recordings), n)
			r := l.Recordings[0]
			eq(t, "Name (CDATA)", r.Name, "SAT- Writing-Humanities (All participants)")
			eq(t, "bbb-context (CDATA)", r.Metadata["bbb-context"], "SAT Score Booster Program-Main")
			eq(t, "bbb-recording-tags (empty CDATA)", r.Metadata["bbb-recording-tags"], "")
			eq(t, "MeetingID", r.MeetingID, "9d287cf50490ca856ca5273bd303a7e321df6051-4-119[0]")
			var withRaw *bbb.Recording
			for i := range l.Recordings {
				if l.Recordings[i].RawSize > 0 {
					withRaw = &l.Recordings[i]
				}
				if name := l.Recordings[i].Metadata["bbb-recording-name"]; strings.HasPrefix(name, "\n") || strings.HasSuffix(name, " ") {
					t.Errorf("metadata not trimmed: %q", name)
				}
			}
			if withRaw != nil {
				eq(t, "RawSize", withRaw.RawSize, 7219530)
				eq(t, "Participants", withRaw.Participants, 6)
			}
		}
	}
	check([]string{"bigbluebutton-api-php/responses/get_recordings.xml"}, func(t *testing.T, body []byte) {
		phpRecordings(6)(t, body)
		l, _ := bbb.ParseRecordings(body)
		p := l.Recordings[0].Playback
		eq(t, "formats", len(p), 2)
		eq(t, "podcast size", p[0].Size, 10500)
		eq(t, "presentation size", p[1].Size, 168019)
		eq(t, "podcast length", p[0].Length, 632*time.Minute)
		eq(t, "preview URL", p[1].Preview[1].URL, "https://test-install.blindsidenetworks.com/presentation/f71d810b6e90a4a34ae02b8c7143e8733178578e-1462807897120/presentation/d2d9a672040fbde2a47a10bf6c37b6a4b5ae187f-1632646357291/thumbnails/thumb-2.png")
	})
	check([]string{"littleredbutton-bigbluebutton-api-php/get_recordings.xml"}, phpRecordings(7))

	hookCreate := func(id string, perm, raw, dup bool) func(t *testing.T, body []byte) {
		return func(t *testing.T, body []byte) {
			h, err := bbb.ParseHookCreate(body)
			if err != nil {
				t.Fatal(err)
			}
			eq(t, "ID", h.ID, id)
			eq(t, "PermanentHook", h.PermanentHook, perm)
			eq(t, "RawData", h.RawData, raw)
			eq(t, "Duplicate", h.Duplicate, dup)
		}
	}
	check([]string{"bbb-webhooks-3.5.0/hooks_create.xml"}, hookCreate("27d14a9c-1862-45e6-ba3f-309c873d26b4", false, false, false))
	check([]string{"bbb-webhooks-3.5.0/hooks_create_duplicate.xml"}, hookCreate("27d14a9c-1862-45e6-ba3f-309c873d26b4", false, false, true))
	check([]string{"bbb-webhooks-3.5.0/hooks_create_meeting_getraw.xml"}, hookCreate("0b43445c-3ae8-4367-ab5e-1a48ebc5a89e", false, true, false))
	check([]string{"bbb-webhooks-derived/create_success.xml"}, hookCreate("4cd5f7b4-1c6d-4f0f-9c5e-2b0e7a1e9d11", false, false, false))
	check([]string{"bbb-webhooks-derived/create_duplicated.xml"}, hookCreate("4cd5f7b4-1c6d-4f0f-9c5e-2b0e7a1e9d11", false, false, true))
	check([]string{"bigbluebutton-api-php/responses/hooks_create.xml", "littleredbutton-bigbluebutton-api-php/hooks_create.xml"}, hookCreate("1", false, false, false))
	check([]string{"bigbluebutton-api-php/responses/hooks_create_existing.xml", "littleredbutton-bigbluebutton-api-php/hooks_create_existing.xml"}, hookCreate("1", false, false, true))

	check([]string{"bbb-webhooks-3.5.0/hooks_list.xml", "bbb-webhooks-3.5.0/hooks_list_by_meeting.xml"}, func(t *testing.T, body []byte) {
		hooks, err := bbb.ParseHooks(body)
		if err != nil {
			t.Fatal(err)
		}
		eq(t, "hooks", len(hooks), 3)
		byID := map[string]bbb.Hook{}
		for _, h := range hooks {
			byID[h.ID] = h
		}
		two := byID["0b43445c-3ae8-4367-ab5e-1a48ebc5a89e"]
		eq(t, "CallbackURL (CDATA, space)", two.CallbackURL, "http://127.0.0.1:9/cb two")
		eq(t, "MeetingID", two.MeetingID, "m 1")
		eq(t, "RawData", two.RawData, true)
		three := byID["f2cade80-4c65-4b4e-a74b-080e721ac01d"]
		eq(t, "EventIDs", strings.Join(three.EventIDs, ","), "user-joined")
		eq(t, "global MeetingID", byID["27d14a9c-1862-45e6-ba3f-309c873d26b4"].MeetingID, "")
	})
	check([]string{"bbb-webhooks-derived/list_two_hooks.xml"}, func(t *testing.T, body []byte) {
		hooks, err := bbb.ParseHooks(body)
		if err != nil {
			t.Fatal(err)
		}
		eq(t, "hooks", len(hooks), 2)
		eq(t, "CallbackURL", hooks[1].CallbackURL, "https://example.com/per-meeting?x=1&y=2")
		eq(t, "EventIDs", strings.Join(hooks[1].EventIDs, "|"), "meeting-created|user-joined")
		eq(t, "MeetingID", hooks[1].MeetingID, "my-meeting")
	})
	check([]string{"bbb-webhooks-derived/list_empty.xml"}, func(t *testing.T, body []byte) {
		hooks, err := bbb.ParseHooks(body)
		if err != nil || len(hooks) != 0 {
			t.Errorf("got %v, %v", hooks, err)
		}
	})
	check([]string{"bigbluebutton-api-php/responses/hooks_list.xml", "littleredbutton-bigbluebutton-api-php/hooks_list.xml"}, func(t *testing.T, body []byte) {
		hooks, err := bbb.ParseHooks(body)
		if err != nil {
			t.Fatal(err)
		}
		eq(t, "hooks", len(hooks), 2)
		eq(t, "ID", hooks[0].ID, "1")
		eq(t, "MeetingID", hooks[0].MeetingID, "my-meeting")
		eq(t, "EventIDs (<eventID/>)", len(hooks[0].EventIDs), 0)
		eq(t, "CallbackURL", hooks[1].CallbackURL, "http://postcatcher.in/catchers/1234567890")
	})

	textTracks := func(n int, first bbb.TextTrack) func(t *testing.T, body []byte) {
		return func(t *testing.T, body []byte) {
			tracks, err := bbb.ParseTextTracks(body)
			if err != nil {
				t.Fatal(err)
			}
			eq(t, "tracks", len(tracks), n)
			eq(t, "first", tracks[0], first)
		}
	}
	docsTrack := bbb.TextTrack{Href: "https://captions.example.com/textTrack/0ab39e419c9bcb63233168daefe390f232c71343/183f0bf3a0982a127bdb8161e0c44eb696b3e75c-1554230749920/subtitles_en-US.vtt",
		Kind: "subtitles", Label: "English", Lang: "en-US", Source: "upload"}
	check([]string{"bbb-docs/getRecordingTextTracks.json", "littleredbutton-bigbluebutton-api-php/get_recording_text_tracks.json"}, textTracks(2, docsTrack))
	check([]string{"bigbluebutton-api-php/responses/get_recording_text_tracks.json"}, textTracks(3,
		bbb.TextTrack{Href: "http://captions.example.com/foo.json", Kind: "captions", Label: "English", Lang: "en-US", Source: "live"}))
	check([]string{"bbb-docs/putRecordingTextTrack-success.json", "bigbluebutton-api-php/responses/put_recording_text_track_success.json"},
		func(t *testing.T, body []byte) {
			v, err := bbb.ParseResponse("putRecordingTextTrack", body)
			if err != nil {
				t.Fatal(err)
			}
			m := v.(map[string]string)
			eq(t, "messageKey", m["messageKey"], "upload_text_track_success")
			eq(t, "recordId", m["recordId"], "baz")
		})
	check([]string{"bigbluebutton-api-php/responses/get_join_url.json"}, func(t *testing.T, body []byte) {
		v, err := bbb.ParseResponse("getJoinUrl", body)
		if err != nil {
			t.Fatal(err)
		}
		m := v.(map[string]any)
		if u, _ := m["url"].(string); !strings.Contains(u, "/api/join?") {
			t.Errorf("url %q", u)
		}
	})
	check([]string{"bigbluebutton-api-php/responses/learning_dashboard.json"}, func(t *testing.T, body []byte) {
		v, err := bbb.ParseResponse("learningDashboard", body)
		if err != nil {
			t.Fatal(err)
		}
		if d, _ := v.(map[string]any)["data"].(string); !strings.Contains(d, "teacher 1") {
			t.Errorf("data %q", d)
		}
	})

	check([]string{"bbb-server-source/join_checksum_error_redirect.txt"}, func(t *testing.T, body []byte) {
		testJoinErrorRedirect(t, body)
	})

	// <modules> request bodies: the client must build the same documents.
	yes, no := true, false
	check([]string{"bigbluebutton-api-php/requests/presentation_with_url.xml"}, wantModules(
		[]bbb.Document{{URL: "https://freetestdata.com/wp-content/uploads/2021/09/Free_Test_Data_100KB_PDF.pdf"}}, ""))
	check([]string{"bigbluebutton-api-php/requests/presentation_with_filename.xml"}, wantModules(
		[]bbb.Document{{URL: "https://freetestdata.com/wp-content/uploads/2021/09/Free_Test_Data_100KB_PDF.pdf", Filename: "presentation.pdf"}}, ""))
	check([]string{"bigbluebutton-api-php/requests/insert_document_presentations.xml"}, wantModules([]bbb.Document{
		{URL: "https://freetestdata.com/wp-content/uploads/2021/09/Free_Test_Data_100KB_PDF.pdf"},
		{URL: "https://freetestdata.com/wp-content/uploads/2022/02/Free_Test_Data_117KB_JPG.jpg"},
		{URL: "https://freetestdata.com/wp-content/uploads/2021/09/500kb.png"},
		{URL: "https://freetestdata.com/wp-content/uploads/2021/09/1.svg"}}, ""))
	check([]string{"bigbluebutton-api-php/requests/insert_document_presentations_with_options.xml"}, wantModules([]bbb.Document{
		{URL: "https://demo.bigbluebutton.org/bigbluebutton.png", Current: &yes, Downloadable: &no, Removable: &yes}}, ""))
	check([]string{"bigbluebutton-api-php/requests/presentation_with_embedded_file.xml"}, func(t *testing.T, body []byte) {
		want := parseModules(t, body)
		content := decodeBase64(t, want.Modules[0].Documents[0].Text)
		wantModules([]bbb.Document{{Name: "bbb_logo.png", Content: content}}, "")(t, body)
		if len(content) < 1000 || string(content[1:4]) != "PNG" {
			t.Errorf("embedded file is not the PNG: %d bytes", len(content))
		}
	})
	check([]string{"littleredbutton-bigbluebutton-api-php/client_settings.xml"}, wantModules(nil, `{ "public": { "app": { "appName": "Test" } } }`))
}

func ms2(v int64) time.Time { return time.UnixMilli(v) }

// modulesDoc is the <modules> body in a comparable form.
type modulesDoc struct {
	Modules []struct {
		Name      string `xml:"name,attr"`
		Text      string `xml:",chardata"`
		Documents []struct {
			Attrs []xml.Attr `xml:",any,attr"`
			Text  string     `xml:",chardata"`
		} `xml:"document"`
	} `xml:"module"`
}

func parseModules(t *testing.T, body []byte) modulesDoc {
	t.Helper()
	var m modulesDoc
	if err := xml.Unmarshal(body, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

func (m modulesDoc) String() string {
	var b strings.Builder
	for _, mod := range m.Modules {
		b.WriteString("module " + mod.Name + ": " + strings.TrimSpace(mod.Text) + "\n")
		for _, d := range mod.Documents {
			attrs := map[string]string{}
			for _, a := range d.Attrs {
				attrs[a.Name.Local] = a.Value
			}
			for _, k := range []string{"url", "filename", "name", "current", "downloadable", "removable"} {
				if v, ok := attrs[k]; ok {
					b.WriteString(" " + k + "=" + v)
				}
			}
			b.WriteString(" text=" + strings.TrimSpace(d.Text) + "\n")
		}
	}
	return b.String()
}

// wantModules compares the body the client builds for docs and settings
// with the fixture, ignoring attribute order and whitespace.
func wantModules(docs []bbb.Document, settings string) func(t *testing.T, body []byte) {
	return func(t *testing.T, body []byte) {
		var got []byte
		s := newFakeServer(t, allAlgorithms, nil)
		c := newClient(t, s)
		if _, err := c.Create(t.Context(), bbb.CreateParams{Name: "Fixture", MeetingID: "fixture",
			Documents: docs, ClientSettingsOverride: settings}); err != nil {
			t.Fatal(err)
		}
		got = []byte(s.last(t).body)
		if g, w := parseModules(t, got).String(), parseModules(t, body).String(); g != w {
			t.Errorf("modules body differs\n got %s\nwant %s", g, w)
		}
	}
}
