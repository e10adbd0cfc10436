package meetings

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"
)

// ErrBadSignature is returned for a recording-ready callback whose JWT does not verify.
var ErrBadSignature = errors.New("meetings: recording-ready signature does not verify")

// RecordingReady is what BBB's recording-ready callback announces.
type RecordingReady struct {
	MeetingID string `json:"meeting_id"`
	RecordID  string `json:"record_id"`
}

// VerifyRecordingReady checks the signed_parameters JWT of a recording-ready callback:
// HS256 with the shared secret and nothing else (no "none", no other algorithm, no
// critical extensions), a signature over exactly the bytes received, and both IDs present.
func VerifyRecordingReady(token, secret string) (RecordingReady, error) {
	parts := strings.Split(token, ".")
	if len(parts) != 3 || secret == "" {
		return RecordingReady{}, ErrBadSignature
	}
	enc := base64.RawURLEncoding.Strict()
	headerJSON, err1 := enc.DecodeString(parts[0])
	payloadJSON, err2 := enc.DecodeString(parts[1])
	sig, err3 := enc.DecodeString(parts[2])
	if err1 != nil || err2 != nil || err3 != nil {
		return RecordingReady{}, ErrBadSignature
	}
	var header map[string]any
	if err := json.Unmarshal(headerJSON, &header); err != nil || header["alg"] != "HS256" {
		return RecordingReady{}, ErrBadSignature
	}
	if _, ok := header["crit"]; ok {
		return RecordingReady{}, ErrBadSignature
	}
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(parts[0] + "." + parts[1]))
	if !hmac.Equal(sig, mac.Sum(nil)) {
		return RecordingReady{}, ErrBadSignature
	}
	var r RecordingReady
	dec := json.NewDecoder(bytes.NewReader(payloadJSON))
	if err := dec.Decode(&r); err != nil || r.MeetingID == "" || r.RecordID == "" {
		return RecordingReady{}, ErrBadSignature
	}
	return r, nil
}
