package meetings

import (
	"crypto/hmac"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"hash"
	"strings"
	"testing"

	"bbbportal/bbb/bbbsim"
)

func signJWT(header, payload string, h func() hash.Hash, key string) string {
	enc := base64.RawURLEncoding
	signing := enc.EncodeToString([]byte(header)) + "." + enc.EncodeToString([]byte(payload))
	mac := hmac.New(h, []byte(key))
	mac.Write([]byte(signing))
	return signing + "." + enc.EncodeToString(mac.Sum(nil))
}

func TestVerifyRecordingReady(t *testing.T) {
	t.Parallel()
	const payload = `{"meeting_id":"room-1","record_id":"abc-123"}`
	valid := bbbsim.RecordingReadyJWT(testSecret, "room-1", "abc-123")
	enc := base64.RawURLEncoding
	parts := strings.Split(valid, ".")
	otherPayload := enc.EncodeToString([]byte(`{"meeting_id":"room-2","record_id":"abc-123"}`))
	cases := []struct {
		name  string
		token string
		ok    bool
	}{
		{"as BBB sends it", valid, true},
		{"with typ in the header", signJWT(`{"typ":"JWT","alg":"HS256"}`, payload, sha256.New, testSecret), true},
		{"wrong key", bbbsim.RecordingReadyJWT("another-secret-0123456789abcdef0", "room-1", "abc-123"), false},
		{"alg none, no signature", enc.EncodeToString([]byte(`{"alg":"none"}`)) + "." + parts[1] + ".", false},
		{"alg none with the HS256 signature", enc.EncodeToString([]byte(`{"alg":"none"}`)) + "." + parts[1] + "." + parts[2], false},
		{"HS512", signJWT(`{"alg":"HS512"}`, payload, sha512.New, testSecret), false},
		{"HS256 header but HS512 MAC", signJWT(`{"alg":"HS256"}`, payload, sha512.New, testSecret), false},
		{"lower-case alg", signJWT(`{"alg":"hs256"}`, payload, sha256.New, testSecret), false},
		{"RS256", signJWT(`{"alg":"RS256"}`, payload, sha256.New, testSecret), false},
		{"tampered payload", parts[0] + "." + otherPayload + "." + parts[2], false},
		{"tampered signature", parts[0] + "." + parts[1] + "." + strings.ToUpper(parts[2][:4]) + parts[2][4:], false},
		{"critical extension", signJWT(`{"alg":"HS256","crit":["exp"]}`, payload, sha256.New, testSecret), false},
		{"no record id", signJWT(`{"alg":"HS256"}`, `{"meeting_id":"room-1"}`, sha256.New, testSecret), false},
		{"two parts", parts[0] + "." + parts[1], false},
		{"four parts", valid + ".x", false},
		{"padding", valid + "=", false},
		{"empty", "", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := VerifyRecordingReady(c.token, testSecret)
			if c.ok != (err == nil) {
				t.Fatalf("accepted = %v, want %v (%v)", err == nil, c.ok, err)
			}
			if c.ok && (got.MeetingID != "room-1" || got.RecordID != "abc-123") {
				t.Errorf("got %+v", got)
			}
		})
	}
	if _, err := VerifyRecordingReady(valid, ""); err == nil {
		t.Error("an empty secret verified a token")
	}
}
