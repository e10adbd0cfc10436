package bbbsim_test

import (
	"crypto/hmac"
	"crypto/sha512"
	"encoding/base64"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"bbbportal/bbb/bbbsim"
)

func withProfile(p bbbsim.Profile) func(*bbbsim.Options) {
	return func(o *bbbsim.Options) { o.Profile = p }
}

func TestParseProfile(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]bbbsim.Profile{"": bbbsim.ProfileBBB30, "bbb-2.7": bbbsim.ProfileBBB27,
		"4.0": bbbsim.ProfileBBB40, "Scalelite": bbbsim.ProfileScalelite, " b3scale ": bbbsim.ProfileB3scale} {
		if got, err := bbbsim.ParseProfile(in); err != nil || got != want {
			t.Errorf("ParseProfile(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := bbbsim.ParseProfile("bbb-9.9"); err == nil || !strings.Contains(err.Error(), "scalelite") {
		t.Errorf("an unknown profile: %v; want an error naming the choices", err)
	}
}

func TestContextRootAnswersTheIndex(t *testing.T) {
	t.Parallel()
	e := newEnv(t, withProfile(bbbsim.ProfileBBB40))
	for _, path := range []string{"/bigbluebutton/", "/bigbluebutton", "/bigbluebutton/api"} {
		resp, body := e.fetch("GET", e.srv.URL+path, nil, "")
		if resp.StatusCode != 200 || xmlValue(body, "response/apiVersion") != "2.0" ||
			xmlValue(body, "response/html5PluginSdkVersion") != "0.1.20" {
			t.Errorf("GET %s: HTTP %d %s; want 4.0's version index", path, resp.StatusCode, body)
		}
	}
}

func TestIndexPerProfile(t *testing.T) {
	t.Parallel()
	e := newEnv(t, withProfile(bbbsim.ProfileScalelite))
	if _, body := e.fetch("GET", e.srv.URL+"/bigbluebutton/api", nil, ""); xmlValue(body, "response/version") != "2.0" || strings.Contains(body, "graphql") {
		t.Errorf("Scalelite index: %s", body)
	}
	b := newEnv(t, withProfile(bbbsim.ProfileB3scale))
	resp, body := b.fetch("GET", b.srv.URL+"/bigbluebutton/api", nil, "")
	if resp.StatusCode != 500 || xmlValue(body, "response/messageKey") != "checksumError" {
		t.Errorf("b3scale index: HTTP %d %s; want 500 checksumError", resp.StatusCode, body)
	}
}

func TestDisabledFeaturesExclude(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.ok("create", "meetingID", "m1", "name", "Maths", "disabledFeatures", "chat,polls,presentation",
		"disabledFeaturesExclude", "polls,presentation")
	info, _ := e.sim.Meeting("m1")
	if strings.Join(info.DisabledFeatures, ",") != "chat" {
		t.Errorf("disabled features = %v, want [chat]", info.DisabledFeatures)
	}
	// The excluded presentation feature is on: documents may be inserted.
	resp, body := e.fetch("POST", e.signed("insertDocument", "meetingID", "m1"),
		strings.NewReader(`<modules><module name="presentation"><document url="https://example.com/a.pdf"/></module></modules>`), "application/xml")
	if resp.StatusCode != 200 || xmlValue(body, "response/returncode") != "SUCCESS" {
		t.Errorf("insertDocument with presentation excluded: %s", body)
	}
}

func TestSendChatMessageNeedsSomeoneInTheMeeting(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.failed("meetingNotFound", "sendChatMessage", "meetingID", "nowhere", "message", "Hi")
	e.ok("create", "meetingID", "m1", "name", "Maths")
	e.failed("meetingNotFound", "sendChatMessage", "meetingID", "m1", "message", "Hi")
	e.enter("m1", "Teacher", "MODERATOR")
	e.ok("sendChatMessage", "meetingID", "m1", "message", "Hi")
}

func TestLoadBalancerRefusals(t *testing.T) {
	t.Parallel()
	s := newEnv(t, withProfile(bbbsim.ProfileScalelite))
	for _, call := range []string{"hooks/list", "sendChatMessage", "getSessions", "getRecordingTextTracks"} {
		s.failed("unsupportedRequest", call, "meetingID", "m1", "message", "x", "recordID", "r")
	}
	s.failed("missingParameters", "getRecordings")
	s.ok("create", "meetingID", "m1", "name", "Maths")
	s.enter("m1", "Teacher", "MODERATOR")
	if got := xmlValue(s.ok("getMeetings"), "response/messageKey"); got != "noMeetings" {
		t.Errorf("Scalelite getMeetings with a running meeting: messageKey %q, want noMeetings", got)
	}

	b := newEnv(t, withProfile(bbbsim.ProfileB3scale))
	for _, call := range []string{"sendChatMessage", "insertDocument", "hooks/create"} {
		resp, body := b.fetch("GET", b.signed(call, "meetingID", "m1", "callbackURL", "https://x.example/h"), nil, "")
		if resp.StatusCode != 500 || xmlValue(body, "response/messageKey") != "b3scale_gateway_error" ||
			!strings.Contains(xmlValue(body, "response/message"), "unknown resource") {
			t.Errorf("b3scale %s: HTTP %d %s", call, resp.StatusCode, body)
		}
	}
	b.ok("create", "meetingID", "m1", "name", "Maths")
	resp, _ := b.fetch("GET", b.signed("join", "meetingID", "m1", "fullName", "A", "role", "VIEWER", "redirect", "false"), nil, "")
	if resp.StatusCode != http.StatusFound {
		t.Errorf("b3scale join with redirect=false: HTTP %d, want the redirect anyway", resp.StatusCode)
	}
	// A SHA-512 checksum is refused with HTTP 500 and a FAILED body; SHA-256 passes.
	q := "meetingID=m"
	resp, body := b.fetch("GET", b.srv.URL+"/bigbluebutton/api/isMeetingRunning?"+q+"&checksum="+sha512Hex("isMeetingRunning"+q+secret), nil, "")
	if resp.StatusCode != 500 || xmlValue(body, "response/messageKey") != "checksumError" {
		t.Errorf("b3scale SHA-512: HTTP %d %s", resp.StatusCode, body)
	}
	resp, _ = b.fetch("GET", b.srv.URL+"/bigbluebutton/api/isMeetingRunning?"+q+"&checksum="+sha256Hex("isMeetingRunning"+q+secret), nil, "")
	if resp.StatusCode != 200 {
		t.Errorf("b3scale SHA-256: HTTP %d", resp.StatusCode)
	}
}

func sha512Hex(s string) string {
	sum := sha512.Sum512([]byte(s))
	const digits = "0123456789abcdef"
	out := make([]byte, 0, 128)
	for _, b := range sum {
		out = append(out, digits[b>>4], digits[b&15])
	}
	return string(out)
}

func TestScaleliteSendsRecordingReadyOnceSignedHS512(t *testing.T) {
	t.Parallel()
	e := newEnv(t, withProfile(bbbsim.ProfileScalelite))
	ready := newReceiver(t)
	e.ok("create", "meetingID", "rec", "name", "Chemistry", "record", "true", "autoStartRecording", "true",
		"meta_bbb-recording-ready-url", ready.srv.URL+"/ready")
	e.enter("rec", "Marie", "MODERATOR")
	e.ok("end", "meetingID", "rec")
	e.advance(2 * time.Minute)
	e.sim.FlushCallbacks()
	calls := ready.got()
	if len(calls) != 1 {
		t.Fatalf("recording-ready callbacks = %d, want one from the balancer", len(calls))
	}
	form, _ := url.ParseQuery(calls[0].body)
	parts := strings.Split(form.Get("signed_parameters"), ".")
	if len(parts) != 3 {
		t.Fatalf("not a JWT: %q", form.Get("signed_parameters"))
	}
	header, _ := base64.RawURLEncoding.DecodeString(parts[0])
	mac := hmac.New(sha512.New, []byte(secret))
	mac.Write([]byte(parts[0] + "." + parts[1]))
	sig, _ := base64.RawURLEncoding.DecodeString(parts[2])
	if string(header) != `{"alg":"HS512"}` || !hmac.Equal(sig, mac.Sum(nil)) {
		t.Errorf("header %s; the signature must verify as HS512 with the shared secret", header)
	}
}
