package handlers_test

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"bbbportal/audit"
	"bbbportal/bbb/bbbsim"
	"bbbportal/meetings"
)

func hs256(header, payload, key string) string {
	enc := base64.RawURLEncoding
	signing := enc.EncodeToString([]byte(header)) + "." + enc.EncodeToString([]byte(payload))
	mac := hmac.New(sha256.New, []byte(key))
	mac.Write([]byte(signing))
	return signing + "." + enc.EncodeToString(mac.Sum(nil))
}

func TestRecordingReadyCallbackIsVerified(t *testing.T) {
	p := startMeetingPortal(t, bbbsim.Options{}, meetings.Config{})
	secret := p.Config.BBBSecret
	valid := bbbsim.RecordingReadyJWT(secret, "room-1", "rec-1")
	parts := strings.Split(valid, ".")
	enc := base64.RawURLEncoding
	cases := []struct {
		name   string
		token  string
		status int
	}{
		{"signed by BBB", valid, http.StatusOK},
		{"wrong key", bbbsim.RecordingReadyJWT("not-the-secret-at-all-0123456789", "room-1", "rec-1"), http.StatusForbidden},
		{"alg none", enc.EncodeToString([]byte(`{"alg":"none"}`)) + "." + parts[1] + ".", http.StatusForbidden},
		{"other algorithm", hs256(`{"alg":"HS384"}`, `{"meeting_id":"room-1","record_id":"rec-1"}`, secret), http.StatusForbidden},
		{"tampered", parts[0] + "." + enc.EncodeToString([]byte(`{"meeting_id":"room-2","record_id":"rec-1"}`)) + "." + parts[2], http.StatusForbidden},
		{"missing", "", http.StatusForbidden},
	}
	anon := newBrowser(t, p.URL)
	for _, c := range cases {
		pg := anon.post("/callbacks/recording-ready", url.Values{"signed_parameters": {c.token}})
		if pg.Status != c.status {
			t.Errorf("%s: status %d, want %d", c.name, pg.Status, c.status)
		}
	}
	entries := p.auditEntries("recording.ready")
	if len(entries) != len(cases) {
		t.Fatalf("%d audit entries, want one per callback", len(entries))
	}
	if e := entries[0]; e.Result != audit.ResultOK || e.TargetID != "rec-1" || !strings.Contains(e.Details, "room-1") {
		t.Errorf("accepted callback audit: %+v", e)
	}
	for _, e := range entries[1:] {
		if e.Result != audit.ResultDenied || e.ClientIP == "" {
			t.Errorf("refused callback audit: %+v", e)
		}
	}
	for _, e := range entries {
		if strings.Contains(e.Details, parts[2]) || strings.Contains(e.Details, secret) {
			t.Errorf("audit holds the signature or secret: %s", e.Details)
		}
	}
}
