package recordings

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"hash"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"bbbportal/audit"
	"bbbportal/bbb/bbbsim"
)

const readyRecordID = "6367c48dd193d56ea7b0baad25b19455e529f5ee-1700000000000"

// sign builds a JWT with any header; h nil leaves the signature empty.
func sign(header, payload, secret string, h func() hash.Hash) string {
	enc := base64.RawURLEncoding
	signing := enc.EncodeToString([]byte(header)) + "." + enc.EncodeToString([]byte(payload))
	if h == nil {
		return signing + "."
	}
	mac := hmac.New(h, []byte(secret))
	mac.Write([]byte(signing))
	return signing + "." + enc.EncodeToString(mac.Sum(nil))
}

func TestVerifyReadyAcceptsHS256AndHS512Only(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	payload := `{"meeting_id":"abc123","record_id":"` + readyRecordID + `"}`
	good256 := bbbsim.RecordingReadyJWTWith("HS256", testSecret, "abc123", readyRecordID)
	good512 := bbbsim.RecordingReadyJWTWith("HS512", testSecret, "abc123", readyRecordID)
	parts := strings.Split(good256, ".")
	tamperedPayload := base64.RawURLEncoding.EncodeToString([]byte(`{"meeting_id":"abc124","record_id":"` + readyRecordID + `"}`))
	for name, tc := range map[string]struct {
		token string
		ok    bool
	}{
		"HS256 as bbb-web sends it":         {good256, true},
		"HS512 as a load balancer sends it": {good512, true},
		"HS256 with typ":                    {sign(`{"alg":"HS256","typ":"JWT"}`, payload, testSecret, sha256.New), true},
		"exp in the future":                 {sign(`{"alg":"HS512"}`, `{"meeting_id":"abc123","record_id":"`+readyRecordID+`","exp":`+itoa(now.Add(time.Hour).Unix())+`}`, testSecret, sha512.New), true},
		"expired":                           {sign(`{"alg":"HS512"}`, `{"meeting_id":"abc123","record_id":"`+readyRecordID+`","exp":`+itoa(now.Add(-time.Hour).Unix())+`}`, testSecret, sha512.New), false},
		"not yet valid":                     {sign(`{"alg":"HS256"}`, `{"meeting_id":"abc123","record_id":"`+readyRecordID+`","nbf":`+itoa(now.Add(time.Hour).Unix())+`}`, testSecret, sha256.New), false},
		"wrong key":                         {bbbsim.RecordingReadyJWTWith("HS256", "another-secret", "abc123", readyRecordID), false},
		"alg none":                          {sign(`{"alg":"none"}`, payload, "", nil), false},
		"alg None with a signature":         {sign(`{"alg":"None"}`, payload, testSecret, sha256.New), false},
		"HS384":                             {sign(`{"alg":"HS384"}`, payload, testSecret, sha512.New384), false},
		"RS256 header over an HMAC":         {sign(`{"alg":"RS256"}`, payload, testSecret, sha256.New), false},
		"header says HS512, signed HS256":   {sign(`{"alg":"HS512"}`, payload, testSecret, sha256.New), false},
		"critical extension":                {sign(`{"alg":"HS256","crit":["b64"],"b64":false}`, payload, testSecret, sha256.New), false},
		"tampered payload":                  {parts[0] + "." + tamperedPayload + "." + parts[2], false},
		"forged signature":                  {parts[0] + "." + parts[1] + "." + base64.RawURLEncoding.EncodeToString(make([]byte, 32)), false},
		"two parts":                         {parts[0] + "." + parts[1], false},
		"padding in base64":                 {parts[0] + "=." + parts[1] + "." + parts[2], false},
		"prefix record id":                  {sign(`{"alg":"HS256"}`, `{"meeting_id":"abc123","record_id":"6367"}`, testSecret, sha256.New), false},
		"no meeting id":                     {sign(`{"alg":"HS256"}`, `{"record_id":"`+readyRecordID+`"}`, testSecret, sha256.New), false},
		"empty":                             {"", false},
		"too long":                          {good256 + strings.Repeat("A", MaxTokenLength), false},
	} {
		got, err := VerifyReady(tc.token, testSecret, now)
		if tc.ok && (err != nil || got.RecordID != readyRecordID || got.MeetingID != "abc123") {
			t.Errorf("%s: refused (%v)", name, err)
		}
		if !tc.ok && err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if _, err := VerifyReady(good256, "", now); err == nil {
		t.Error("accepted with an empty secret")
	}
}

func TestReadyCallbackOverHTTPFromALoadBalancer(t *testing.T) {
	t.Parallel()
	// Scalelite sends the callback itself, signed HS512.
	e := newEnv(t, bbbsim.Options{Profile: bbbsim.ProfileScalelite})
	ctx := context.Background()
	shared := e.room("Chemistry 10", e.lee, *e.kim)
	id := e.meeting(shared, 20*time.Minute, true)
	e.publish()
	for _, u := range []uint{e.lee.ID, e.kim.ID} {
		if n, _ := e.svc.Unseen(u); n != 1 {
			t.Errorf("user %d: %d unseen, want 1 (owner and co-owner)", u, n)
		}
	}
	if n, _ := e.svc.Unseen(e.admin.ID); n != 0 {
		t.Errorf("admin notified: %d", n)
	}
	// Repeats (and a replay by anyone who saw the token) change nothing.
	token := bbbsim.RecordingReadyJWTWith("HS512", testSecret, shared.MeetingID, id)
	for range 3 {
		resp, err := http.PostForm(e.portal.URL, url.Values{"signed_parameters": {token}})
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("repeat: HTTP %d", resp.StatusCode)
		}
	}
	if n, _ := e.svc.Unseen(e.kim.ID); n != 1 {
		t.Errorf("after repeats: %d unseen, want still 1", n)
	}
	// A forged one is refused and audited without the token.
	forged := bbbsim.RecordingReadyJWTWith("HS512", "guessed", shared.MeetingID, id)
	resp, err := http.PostForm(e.portal.URL, url.Values{"signed_parameters": {forged}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("forged: HTTP %d, want 403", resp.StatusCode)
	}
	var denied int
	for _, en := range e.entries("recording.ready") {
		if strings.Contains(en.Details, token) || strings.Contains(en.Details, forged) {
			t.Error("a token in the audit log")
		}
		if en.Result == audit.ResultDenied {
			denied++
		}
	}
	if denied != 1 {
		t.Errorf("%d denied entries, want 1", denied)
	}
	// A validly signed callback for a recording BBB does not list is not believed.
	ghost := meetingHash(shared.MeetingID) + "-1700000000000"
	if _, err := e.svc.HandleReady(ctx, bbbsim.RecordingReadyJWTWith("HS256", testSecret, shared.MeetingID, ghost), audit.Record{}); err != nil {
		t.Fatal(err)
	}
	if n, _ := e.svc.Unseen(e.kim.ID); n != 1 {
		t.Errorf("a callback for an unlisted recording notified: %d", n)
	}
}
