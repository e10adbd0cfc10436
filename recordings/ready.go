package recordings

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/json"
	"hash"
	"strings"
	"time"

	"bbbportal/audit"
	"bbbportal/bbb"
	"bbbportal/models"
)

// Ready is what a recording-ready callback announces.
type Ready struct {
	MeetingID string `json:"meeting_id"`
	RecordID  string `json:"record_id"`
}

// MaxTokenLength bounds the signed_parameters the callback accepts (a real one is ~250 bytes).
const MaxTokenLength = 4096

// clockSkew is how far exp and nbf may be off.
const clockSkew = time.Minute

// VerifyReady checks the signed_parameters JWT of a recording-ready callback. bbb-web signs
// HS256 with the shared secret; Scalelite and other load balancers sign HS512 with theirs.
// Only those two are accepted: "none", RS*/ES* (a public key would be taken for the secret),
// HS384 (no known sender) and anything else are refused, as are tokens with critical
// extensions, an exp in the past or an nbf in the future (when present; bbb-web sends
// neither), a signature over other bytes, and a payload without both IDs.
func VerifyReady(token, secret string, now time.Time) (Ready, error) {
	parts := strings.Split(token, ".")
	if len(token) > MaxTokenLength || len(parts) != 3 || secret == "" {
		return Ready{}, ErrBadSignature
	}
	enc := base64.RawURLEncoding.Strict()
	headerJSON, err1 := enc.DecodeString(parts[0])
	payloadJSON, err2 := enc.DecodeString(parts[1])
	sig, err3 := enc.DecodeString(parts[2])
	if err1 != nil || err2 != nil || err3 != nil {
		return Ready{}, ErrBadSignature
	}
	var header map[string]any
	if err := json.Unmarshal(headerJSON, &header); err != nil {
		return Ready{}, ErrBadSignature
	}
	var h func() hash.Hash
	switch header["alg"] {
	case "HS256":
		h = sha256.New
	case "HS512":
		h = sha512.New
	default:
		return Ready{}, ErrBadSignature
	}
	if _, ok := header["crit"]; ok {
		return Ready{}, ErrBadSignature
	}
	mac := hmac.New(h, []byte(secret))
	mac.Write([]byte(parts[0] + "." + parts[1]))
	if !hmac.Equal(sig, mac.Sum(nil)) {
		return Ready{}, ErrBadSignature
	}
	var claims struct {
		Ready
		Exp *json.Number `json:"exp"`
		Nbf *json.Number `json:"nbf"`
	}
	dec := json.NewDecoder(bytes.NewReader(payloadJSON))
	dec.UseNumber()
	if err := dec.Decode(&claims); err != nil || claims.MeetingID == "" || !ValidRecordID(claims.RecordID) {
		return Ready{}, ErrBadSignature
	}
	if claims.Exp != nil {
		exp, err := claims.Exp.Float64()
		if err != nil || now.After(time.Unix(int64(exp), 0).Add(clockSkew)) {
			return Ready{}, ErrBadSignature
		}
	}
	if claims.Nbf != nil {
		nbf, err := claims.Nbf.Float64()
		if err != nil || now.Add(clockSkew).Before(time.Unix(int64(nbf), 0)) {
			return Ready{}, ErrBadSignature
		}
	}
	return claims.Ready, nil
}

// HandleReady handles a recording-ready callback: it verifies the token (a refusal is
// audited and returns ErrBadSignature), confirms with BBB that the recording is listed (the
// callback is a hint), updates the list, and notifies the room's owner and co-owners once,
// however often the callback repeats (BBB sends it once per published format).
func (s *Service) HandleReady(ctx context.Context, token string, who audit.Record) (Ready, error) {
	ready, err := VerifyReady(token, s.cfg.Secret, s.now())
	if err != nil {
		s.record(ctx, who, "recording.ready", "", audit.ResultDenied, map[string]any{"problem": "signature does not verify"})
		return Ready{}, ErrBadSignature
	}
	recs, err := s.fetchByIDs(ctx, []string{ready.RecordID})
	if err != nil {
		s.cache.expire()
		s.record(ctx, who, "recording.ready", ready.RecordID, audit.ResultFailed,
			map[string]any{"meeting_id": ready.MeetingID, "problem": Problem(err)})
		return ready, err
	}
	rec, ok := recs[ready.RecordID]
	if !ok || rec.MeetingID != ready.MeetingID {
		s.record(ctx, who, "recording.ready", ready.RecordID, audit.ResultFailed,
			map[string]any{"meeting_id": ready.MeetingID, "problem": "BBB does not list this recording"})
		return ready, nil
	}
	s.cache.apply(idScope([]string{rec.RecordID}), []bbb.Recording{rec}, recordHashes([]string{rec.RecordID}))
	first, err := models.MarkExpectedReady(s.db, rec.RecordID, s.now())
	if err != nil {
		return ready, err
	}
	details := map[string]any{"meeting_id": rec.MeetingID, "name": displayName(rec), "state": string(rec.State), "repeat": !first}
	room, err := models.RoomByMeetingID(s.db, rec.MeetingID)
	switch {
	case err == nil:
		details["room_id"] = room.ID
		users, err := models.RoomManagerIDs(s.db, room.ID)
		if err != nil {
			return ready, err
		}
		if err := s.notify(users, models.NoticeRecordingReady, rec.RecordID, &room.ID, displayName(rec)); err != nil {
			return ready, err
		}
	case err == models.ErrNotFound:
		details["foreign"] = true
	default:
		return ready, err
	}
	s.record(ctx, who, "recording.ready", rec.RecordID, audit.ResultOK, details)
	return ready, nil
}

// RecordingsChanged re-reads the recordings of a meeting after a webhook event (rap-*) or
// anything else that says they changed, so that the list shows them at once.
func (s *Service) RecordingsChanged(ctx context.Context, meetingID string) error {
	if meetingID == "" {
		s.cache.expire()
		return nil
	}
	list, err := s.getRecordings(ctx, bbb.RecordingsQuery{MeetingIDs: []string{meetingID}, States: allStates})
	if err != nil {
		s.cache.expire()
		return err
	}
	s.cache.apply(meetingScope(meetingID), list.Recordings, []string{meetingHash(meetingID)})
	var ids []string
	for _, r := range list.Recordings {
		ids = append(ids, r.RecordID)
	}
	return models.MarkExpectedListed(s.db, ids, s.now())
}

// NoteMeetingEnded tells the service that a room's meeting ended (from the end watcher or the
// end callback): with recording marks, the room's lists show "being processed since …" until
// BBB lists the recording; without marks, "no recording will appear". recordingMarks nil means
// unknown (treated as expected). internalMeetingID may be empty: it is taken from the
// portal's last start of the room. Meetings of rooms that do not record are ignored.
func (s *Service) NoteMeetingEnded(meetingID, internalMeetingID string, endedAt time.Time, recordingMarks *bool) error {
	room, err := models.RoomByMeetingID(s.db, meetingID)
	if err == models.ErrNotFound {
		return nil
	}
	if err != nil {
		return err
	}
	if room.Effective()["record"] != "true" {
		return nil
	}
	if internalMeetingID == "" {
		var run models.MeetingRun
		if err := s.db.Where("meeting_id = ?", meetingID).Order("id DESC").First(&run).Error; err != nil {
			return nil // never started by the portal: nothing to expect
		}
		internalMeetingID = meetingHash(meetingID) + "-" + itoa(run.CreateTime)
	}
	started, ok := createTimeOf(internalMeetingID)
	if !ok || !strings.HasPrefix(internalMeetingID, meetingHash(meetingID)+"-") {
		return ErrInvalid
	}
	e := &models.ExpectedRecording{RoomID: room.ID, MeetingID: meetingID, InternalMeetingID: internalMeetingID,
		StartedAt: started.UTC(), EndedAt: endedAt.UTC(), Marks: recordingMarks, CreatedAt: s.now()}
	if err := models.NoteExpectedRecording(s.db, e); err != nil {
		return err
	}
	s.cache.expire()
	return nil
}
