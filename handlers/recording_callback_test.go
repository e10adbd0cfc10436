package handlers_test

import (
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
	"bbbportal/paths"
)

// signJWT signs header.payload with key (HS256 or HS512 by the header's alg; sha256 otherwise).
func signJWT(header, payload, key string) string {
	enc := base64.RawURLEncoding
	signing := enc.EncodeToString([]byte(header)) + "." + enc.EncodeToString([]byte(payload))
	h := func() hash.Hash { return sha256.New() }
	if strings.Contains(header, "HS512") {
		h = sha512.New
	}
	mac := hmac.New(h, []byte(key))
	mac.Write([]byte(signing))
	return signing + "." + enc.EncodeToString(mac.Sum(nil))
}

// TestRecordingReadyCallbackThroughHTTP: BBB's callback (HS256, and HS512 as Scalelite
// signs) is accepted and gives the room's owner one notice however often it repeats; forged,
// alg=none, expired, wrong-key and other-algorithm tokens are refused with 403 and audited
// without the token; the owner sees the badge, reads the notice and marks it seen.
func TestRecordingReadyCallbackThroughHTTP(t *testing.T) {
	t.Parallel()
	p := startRecPortal(t, bbbsimOptions())
	recordID := p.recordedMeeting(p.kimRoom, p.teacher, 30*time.Minute)
	p.clock.Advance(6 * time.Second)
	p.clock.Advance(6 * time.Second) // published; the simulator's own callback goes to the portal too
	p.Sim.FlushCallbacks()
	secret := p.Config.BBBSecret
	payload := `{"meeting_id":"` + p.kimRoom.MeetingID + `","record_id":"` + recordID + `"}`
	hs256 := bbbsim.RecordingReadyJWT(secret, p.kimRoom.MeetingID, recordID)
	hs512 := bbbsim.RecordingReadyJWTWith("HS512", secret, p.kimRoom.MeetingID, recordID)
	parts := strings.Split(hs256, ".")
	enc := base64.RawURLEncoding
	expired := `{"meeting_id":"` + p.kimRoom.MeetingID + `","record_id":"` + recordID + `","exp":` +
		itoa(uint(p.clock.Now().Add(-time.Hour).Unix())) + `}`
	cases := []struct {
		name, token string
		status      int
	}{
		{"HS256 from bbb-web", hs256, http.StatusOK},
		{"HS512 from a load balancer", hs512, http.StatusOK},
		{"repeated", hs256, http.StatusOK},
		{"wrong key", bbbsim.RecordingReadyJWT("not-the-secret-at-all-0123456789", p.kimRoom.MeetingID, recordID), http.StatusForbidden},
		{"alg none", enc.EncodeToString([]byte(`{"alg":"none"}`)) + "." + parts[1] + ".", http.StatusForbidden},
		{"HS384", signJWT(`{"alg":"HS384"}`, payload, secret), http.StatusForbidden},
		{"expired", signJWT(`{"alg":"HS256","typ":"JWT"}`, expired, secret), http.StatusForbidden},
		{"forged payload", parts[0] + "." + enc.EncodeToString([]byte(`{"meeting_id":"`+p.leeRoom.MeetingID+`","record_id":"`+recordID+`"}`)) + "." + parts[2], http.StatusForbidden},
		{"missing", "", http.StatusForbidden},
	}
	before := len(p.auditEntries("recording.ready"))
	bbbServer := newBrowser(t, p.URL)
	for _, c := range cases {
		if pg := bbbServer.post(paths.RecordingReadyCallback, url.Values{"signed_parameters": {c.token}}); pg.Status != c.status {
			t.Errorf("%s: status %d, want %d", c.name, pg.Status, c.status)
		}
	}
	entries := p.auditEntries("recording.ready")[before:]
	if len(entries) != len(cases) {
		t.Fatalf("%d audit entries, want one per callback", len(entries))
	}
	for i, e := range entries {
		want := audit.ResultDenied
		if cases[i].status == http.StatusOK {
			want = audit.ResultOK
		}
		if e.Result != want || e.ClientIP == "" {
			t.Errorf("%s audited as %+v", cases[i].name, e)
		}
		if strings.Contains(e.Details, parts[2]) || strings.Contains(e.Details, secret) {
			t.Errorf("%s: the audit entry holds the signature or the secret", cases[i].name)
		}
	}
	if pg := bbbServer.post(paths.RecordingReadyCallback, url.Values{"signed_parameters": {strings.Repeat("a", 9<<10)}}); pg.Status != http.StatusRequestEntityTooLarge {
		t.Errorf("a 9 KB body: %d, want 413", pg.Status)
	}

	kim := p.as(p.teacher)
	home := kim.get("/")
	home.contains(t, `class="notice-badge"`)
	home.contains(t, "1 unseen notices")
	notices := kim.get(paths.Notices)
	notices.contains(t, "The recording “Maths 7b” is ready to watch.")
	if n := strings.Count(notices.Body, `class="unseen"`); n != 1 {
		t.Errorf("%d unseen notices after repeated callbacks, want 1", n)
	}
	if pg := kim.submit(paths.Notices, paths.NoticesSeen, url.Values{}); pg.Status != http.StatusSeeOther {
		t.Fatalf("mark seen: %d", pg.Status)
	}
	if strings.Contains(kim.get("/").Body, `class="notice-badge"`) {
		t.Error("the badge stays after marking the notices seen")
	}
	if lee := p.as(p.lee); strings.Contains(lee.get("/").Body, `class="notice-badge"`) {
		t.Error("lee is notified of kim's recording")
	}
}
