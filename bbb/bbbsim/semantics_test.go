package bbbsim_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"bbbportal/bbb"
	"bbbportal/bbb/bbbsim"
)

func version(v string) func(*bbbsim.Options) {
	return func(o *bbbsim.Options) { o.Version = v }
}

func TestSendChatMessageWithoutMeetingIDIsAnHTTP500Page(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.ok("create", "meetingID", "chat", "name", "Chat")
	resp, body := e.fetch("GET", e.signed("sendChatMessage", "message", "Hello"), nil, "")
	if resp.StatusCode != http.StatusInternalServerError || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") ||
		!strings.Contains(body, "HTTP Status 500") {
		t.Fatalf("3.0 sendChatMessage without meetingID: HTTP %d %s\n%s", resp.StatusCode, resp.Header.Get("Content-Type"), body)
	}
	// The checksum is still checked first.
	resp, body = e.fetch("GET", e.srv.URL+"/bigbluebutton/api/sendChatMessage?message=Hello&checksum=0000000000000000000000000000000000000000", nil, "")
	if resp.StatusCode != 200 || xmlValue(body, "response/messageKey") != "checksumError" {
		t.Fatalf("unsigned sendChatMessage: HTTP %d %s", resp.StatusCode, body)
	}

	// The client reports the page as an HTTP error, not as a parse failure or a FAILED answer.
	c := newClient(t, e)
	_, err := c.Call(context.Background(), "sendChatMessage", map[string][]string{"message": {"Hello"}})
	var he *bbb.HTTPError
	if !errors.As(err, &he) || he.StatusCode != 500 {
		t.Fatalf("client error = %v, want *bbb.HTTPError 500", err)
	}

	// 2.7 has no sendChatMessage at all.
	e27 := newEnv(t, version(bbbsim.Version27))
	e27.ok("create", "meetingID", "chat", "name", "Chat")
	if resp, _ := e27.fetch("GET", e27.signed("sendChatMessage", "meetingID", "chat", "message", "Hello"), nil, ""); resp.StatusCode != http.StatusNotFound {
		t.Fatalf("2.7 sendChatMessage: HTTP %d, want 404", resp.StatusCode)
	}
}

func TestPaginatedRecordingsUseTheVersionsForm(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		version       string
		topLevel      bool
		paginationXML bool
	}{
		{bbbsim.Version30, false, true},
		{bbbsim.Version27, true, false},
	} {
		t.Run(tc.version, func(t *testing.T) {
			e := newEnv(t, version(tc.version))
			for _, id := range []string{"rec-a", "rec-b", "rec-c"} {
				recordedMeeting(e, id)
			}
			body := e.ok("getRecordings", "limit", "2", "offset", "1")
			if got := xmlValue(body, "response/totalElements") == "3"; got != tc.topLevel {
				t.Errorf("top-level totalElements present = %v, want %v:\n%s", got, tc.topLevel, body)
			}
			if got := xmlValue(body, "response/pagination/totalElements") == "3"; got != tc.paginationXML {
				t.Errorf("<pagination><totalElements> present = %v, want %v:\n%s", got, tc.paginationXML, body)
			}
			if n := len(xmlValues(body, "response/recordings/recording/recordID")); n != 2 {
				t.Errorf("page holds %d recordings, want 2", n)
			}
			if all := e.ok("getRecordings"); strings.Contains(all, "totalElements") || strings.Contains(all, "pagination") {
				t.Errorf("unpaginated answer carries page information:\n%s", all)
			}

			list, err := newClient(t, e).GetRecordings(context.Background(), bbb.RecordingsQuery{Limit: 2, Offset: 2})
			if err != nil || list.TotalElements != 3 || len(list.Recordings) != 1 {
				t.Fatalf("client: %+v, %v; want 1 of 3", list, err)
			}
			list, err = newClient(t, e).GetRecordings(context.Background(), bbb.RecordingsQuery{})
			if err != nil || list.TotalElements != -1 || len(list.Recordings) != 3 {
				t.Fatalf("client without limit: %+v, %v; want 3 and no total", list, err)
			}
		})
	}
}

func TestVersionDefaults(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		version     string
		muteOnStart bool
		graphql     bool
	}{
		{"", true, true},
		{bbbsim.Version30, true, true},
		{bbbsim.Version27, false, false},
	} {
		e := newEnv(t, version(tc.version))
		e.ok("create", "meetingID", "default", "name", "Default")
		e.ok("create", "meetingID", "explicit", "name", "Explicit", "muteOnStart", "false")
		if m, _ := e.sim.Meeting("default"); m.MuteOnStart != tc.muteOnStart {
			t.Errorf("version %q: muteOnStart default %v, want %v", tc.version, m.MuteOnStart, tc.muteOnStart)
		}
		if m, _ := e.sim.Meeting("explicit"); m.MuteOnStart {
			t.Errorf("version %q: muteOnStart=false ignored", tc.version)
		}
		_, index := e.fetch("GET", e.srv.URL+"/bigbluebutton/api", nil, "")
		if got := xmlValue(index, "response/graphqlApiUrl") != ""; got != tc.graphql {
			t.Errorf("version %q: graphqlApiUrl present = %v, want %v", tc.version, got, tc.graphql)
		}
	}
}

func TestDuplicateCreateNeedsNoPasswordsOrBothMatching(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.ok("create", "meetingID", "dup", "name", "Dup", "attendeePW", "ap", "moderatorPW", "mp")
	for _, tc := range []struct {
		name string
		kv   []string
		key  string
	}{
		{"no passwords", nil, "duplicateWarning"},
		{"both match", []string{"attendeePW", "ap", "moderatorPW", "mp"}, "duplicateWarning"},
		{"only the attendee password", []string{"attendeePW", "ap"}, "idNotUnique"},
		{"only the moderator password", []string{"moderatorPW", "mp"}, "idNotUnique"},
		{"a different one", []string{"attendeePW", "ap", "moderatorPW", "xx"}, "idNotUnique"},
	} {
		body := e.call("create", append([]string{"meetingID", "dup", "name", "Dup"}, tc.kv...)...)
		if got := xmlValue(body, "response/messageKey"); got != tc.key {
			t.Errorf("%s: messageKey %q, want %q", tc.name, got, tc.key)
		}
	}
	e.failed("validationError", "create", "meetingID", "brk", "name", "Breakout", "isBreakout", "yes")
}

func TestMaxParticipantsAlsoAppliesWhenEntering(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.ok("create", "meetingID", "full", "name", "Full", "maxParticipants", "2")
	join := func(userID string) {
		e.ok("join", "meetingID", "full", "fullName", userID, "role", "VIEWER", "userID", userID, "redirect", "false")
	}
	join("a")
	join("b")
	e.failed("maxParticipantsReached", "join", "meetingID", "full", "fullName", "c", "role", "VIEWER", "userID", "c", "redirect", "false")

	// a and b never open the client; after the seat-holding time c may join, then a and b come.
	e.advance(46 * time.Second)
	join("c")
	for _, id := range []string{"c", "a"} {
		if err := e.sim.EnterUser("full", id); err != nil {
			t.Fatalf("enter %s: %v", id, err)
		}
	}
	if err := e.sim.EnterUser("full", "b"); err != bbbsim.ErrMeetingFull {
		t.Fatalf("third user entering a meeting for two: %v, want ErrMeetingFull", err)
	}
	if got := xmlValues(e.ok("getMeetingInfo", "meetingID", "full"), "response/attendees/attendee/userID"); strings.Join(got, ",") != "c,a" {
		t.Fatalf("attendees = %v, want c,a", got)
	}
	// Someone already inside may reconnect.
	join("a")
	if err := e.sim.EnterUser("full", "a"); err != nil {
		t.Fatalf("reconnecting user refused: %v", err)
	}
	if n := xmlValue(e.ok("getMeetingInfo", "meetingID", "full"), "response/participantCount"); n != "2" {
		t.Fatalf("participantCount = %s after a reconnect, want 2", n)
	}
}

func TestMaxUserConcurrentAccessesDropsTheOldestSession(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		limit     int
		wantValid int
	}{
		{0, 3}, // bbb-web's default
		{1, 1},
		{-1, 5},
	} {
		e := newEnv(t, func(o *bbbsim.Options) { o.MaxUserConcurrentAccesses = tc.limit })
		e.ok("create", "meetingID", "multi", "name", "Multi")
		var tokens []string
		for range 5 {
			body := e.ok("join", "meetingID", "multi", "fullName", "Ada", "role", "MODERATOR", "userID", "ada", "redirect", "false")
			tokens = append(tokens, xmlValue(body, "response/session_token"))
		}
		if err := e.sim.EnterSession(tokens[4]); err != nil {
			t.Fatal(err)
		}
		valid := 0
		for i, tok := range tokens {
			err := e.sim.EnterSession(tok)
			if err == nil {
				valid++
			}
			if oldest := i < 5-tc.wantValid; oldest != (err == bbbsim.ErrNoUser) {
				t.Errorf("limit %d: session %d: %v", tc.limit, i, err)
			}
		}
		if valid != tc.wantValid {
			t.Errorf("limit %d: %d sessions still valid, want %d", tc.limit, valid, tc.wantValid)
		}
		if n := xmlValue(e.ok("getMeetingInfo", "meetingID", "multi"), "response/participantCount"); n != "1" {
			t.Errorf("limit %d: one user with several sessions counts %s participants", tc.limit, n)
		}
	}
}

func TestEndWhenNoModerator(t *testing.T) {
	t.Parallel()
	create := []string{"meetingID", "nomod", "name", "No moderator", "endWhenNoModerator", "true",
		"endWhenNoModeratorDelayInMinutes", "2", "meetingExpireWhenLastUserLeftInMinutes", "0"}
	alive := func(e *env) bool {
		return xmlValue(e.call("getMeetingInfo", "meetingID", "nomod"), "response/returncode") == "SUCCESS"
	}

	t.Run("the last moderator left", func(t *testing.T) {
		e := newEnv(t)
		e.ok("create", create...)
		mod, _ := e.sim.AddUser("nomod", "Teacher", "MODERATOR")
		e.sim.AddUser("nomod", "Pupil", "VIEWER")
		e.advance(10 * time.Minute)
		if !alive(e) {
			t.Fatal("meeting with a moderator ended")
		}
		e.sim.RemoveUser("nomod", mod)
		e.advance(time.Minute + 50*time.Second)
		if !alive(e) {
			t.Fatal("ended before the delay")
		}
		e.advance(10 * time.Second)
		if alive(e) {
			t.Fatal("still running 2 minutes after the last moderator left")
		}
	})

	t.Run("a moderator came back, then left again", func(t *testing.T) {
		e := newEnv(t)
		e.ok("create", create...)
		mod, _ := e.sim.AddUser("nomod", "Teacher", "MODERATOR")
		e.sim.AddUser("nomod", "Pupil", "VIEWER")
		e.sim.RemoveUser("nomod", mod)
		e.advance(time.Minute)
		mod2, _ := e.sim.AddUser("nomod", "Teacher again", "MODERATOR")
		e.advance(5 * time.Minute)
		if !alive(e) {
			t.Fatal("ended although a moderator came back")
		}
		e.sim.RemoveUser("nomod", mod2)
		e.advance(2 * time.Minute)
		if alive(e) {
			t.Fatal("the second departure of the last moderator did not start the timer")
		}
	})

	t.Run("no moderator ever joined", func(t *testing.T) {
		e := newEnv(t)
		e.ok("create", create...)
		e.advance(3 * time.Minute) // nobody inside: the no-join expiry (5 minutes) applies, not this rule
		if !alive(e) {
			t.Fatal("empty meeting ended by endWhenNoModerator")
		}
		e.sim.AddUser("nomod", "Pupil", "VIEWER")
		e.advance(2 * time.Minute)
		if alive(e) {
			t.Fatal("meeting with only viewers still running after the delay")
		}
	})

	t.Run("off by default", func(t *testing.T) {
		e := newEnv(t)
		e.ok("create", "meetingID", "nomod", "name", "Viewers only")
		e.sim.AddUser("nomod", "Pupil", "VIEWER")
		e.advance(time.Hour)
		if !alive(e) {
			t.Fatal("meeting without endWhenNoModerator ended")
		}
	})
}

func TestMeetingExpiryTimers(t *testing.T) {
	t.Parallel()
	t.Run("0 minutes after the last user left means never", func(t *testing.T) {
		e := newEnv(t)
		e.ok("create", "meetingID", "keep", "name", "Keep", "meetingExpireWhenLastUserLeftInMinutes", "0")
		id, _ := e.sim.AddUser("keep", "Ada", "MODERATOR")
		e.sim.RemoveUser("keep", id)
		e.advance(24 * time.Hour)
		info := e.ok("getMeetingInfo", "meetingID", "keep")
		if xmlValue(info, "response/running") != "false" || xmlValue(info, "response/endTime") == "0" {
			t.Fatalf("empty meeting: %s", info)
		}
	})
	t.Run("a user who comes back in time keeps the meeting", func(t *testing.T) {
		e := newEnv(t)
		e.ok("create", "meetingID", "back", "name", "Back", "meetingExpireWhenLastUserLeftInMinutes", "2")
		id, _ := e.sim.AddUser("back", "Ada", "MODERATOR")
		e.sim.RemoveUser("back", id)
		e.advance(90 * time.Second)
		e.sim.AddUser("back", "Ada", "MODERATOR")
		e.advance(time.Hour)
		info := e.ok("getMeetingInfo", "meetingID", "back")
		if xmlValue(info, "response/running") != "true" || xmlValue(info, "response/endTime") != "0" {
			t.Fatalf("meeting after the user came back: %s", info)
		}
	})
	t.Run("joining without entering does not stop the no-join expiry", func(t *testing.T) {
		e := newEnv(t)
		e.ok("create", "meetingID", "idle", "name", "Idle")
		e.ok("join", "meetingID", "idle", "fullName", "Ada", "role", "MODERATOR", "redirect", "false")
		e.advance(5 * time.Minute)
		e.failed("notFound", "getMeetingInfo", "meetingID", "idle")
	})
}
