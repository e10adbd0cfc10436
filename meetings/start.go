package meetings

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"time"

	"bbbportal/audit"
	"bbbportal/bbb"
	"bbbportal/createopts"
	"bbbportal/models"
	"bbbportal/paths"
	"gorm.io/gorm"
)

// CreateParams turns a room's effective options into BBB's create parameters, with the
// room's name and meetingID and the portal's own logout URL. Callbacks are not set here.
func (s *Service) CreateParams(room *models.Room) (bbb.CreateParams, error) {
	effective := s.forServer(Sendable(room))
	query := url.Values{}
	for name, value := range effective {
		if opt, ok := createopts.Lookup(name); ok && opt.InPOSTBody {
			continue
		}
		query.Set(name, value)
	}
	p, err := bbb.ParseCreateParams(query)
	if err != nil {
		return bbb.CreateParams{}, err
	}
	p.ClientSettingsOverride = effective["clientSettingsOverride"]
	p.Name = room.Name
	p.MeetingID = room.MeetingID
	p.LogoutURL = s.cfg.BaseURL + paths.Room(room.ID)
	return p, nil
}

// Sendable is the room's effective options without admin-only values that only an admin's
// global template may set: a room or personal template saved before the rule may hold some.
// A global template's own value stays.
func Sendable(room *models.Room) createopts.Values {
	effective := room.Effective()
	var allowed createopts.Values
	if room.Template.ID != 0 && room.Template.IsGlobal() {
		allowed = room.Template.Settings.TemplateValues()
	}
	for _, name := range createopts.AdminOnlyIn(effective) {
		if v, ok := allowed[name]; ok && v != "" {
			effective[name] = v
		} else {
			delete(effective, name)
		}
	}
	return effective
}

// CreateCall returns the complete create call of the room: its parameters, the end callback
// carrying endToken and the recording-ready callback, both under the portal's BaseURL.
func (s *Service) CreateCall(room *models.Room, endToken string) (bbb.CreateParams, error) {
	p, err := s.CreateParams(room)
	if err != nil {
		return bbb.CreateParams{}, err
	}
	// meetingEndedURL stays on the server; meta_endCallbackUrl is metadata (readable wherever
	// metadata is, copied into recordings) but the only one BBB adds recordingmarks to. Either
	// is a hint that the end callback confirms with BBB.
	p.MeetingEndedURL = s.cfg.BaseURL + paths.EndCallback + "?meetingID=" + url.QueryEscape(room.MeetingID) + "&token=" + url.QueryEscape(endToken)
	p.Meta = withMeta(p.Meta,
		"endCallbackUrl", s.cfg.BaseURL+paths.EndCallback+"?token="+url.QueryEscape(endToken),
		"bbb-recording-ready-url", s.cfg.BaseURL+paths.RecordingReadyCallback)
	doc, err := s.presentationDocument(room)
	if err != nil {
		return bbb.CreateParams{}, err
	}
	if doc != nil {
		p.Documents = []bbb.Document{*doc}
	}
	return p, nil
}

// InlinePresentationLimit is the largest uploaded presentation sent inside the create call;
// base64 makes it a third larger, and BBB accepts bodies of about 2 MB.
const InlinePresentationLimit = 1 << 20

// PresentationPath is where the portal serves an uploaded presentation for BBB to fetch.
func PresentationPath(token string) string { return paths.Presentation(token) }

// presentationDocument returns the room's uploaded presentation as BBB receives it: inline when
// small, otherwise as a URL of the portal that only BBB knows.
func (s *Service) presentationDocument(room *models.Room) (*bbb.Document, error) {
	pres, err := models.PresentationOf(s.db, room.ID)
	if err != nil || pres == nil {
		return nil, err
	}
	yes, no := true, false
	doc := &bbb.Document{Current: &yes, Downloadable: &no, Removable: &yes}
	if pres.Size <= InlinePresentationLimit {
		doc.Name, doc.Content = pres.Name, pres.Content
	} else {
		doc.URL, doc.Filename = s.cfg.BaseURL+PresentationPath(pres.Token), pres.Name
	}
	return doc, nil
}

// Start creates the room's meeting unless it exists and returns a moderator join URL for user.
// Concurrent starts of the same room share one create.
func (s *Service) Start(ctx context.Context, room *models.Room, user *models.User, who audit.Record) (string, error) {
	createTime, err := s.starts.do(room.MeetingID, func() (time.Time, error) {
		return s.ensureMeeting(ctx, room, user, who)
	})
	if err != nil {
		return "", err
	}
	return s.bbb.JoinURL(bbb.JoinParams{
		FullName:   user.DisplayName,
		MeetingID:  room.MeetingID,
		Role:       bbb.RoleModerator,
		UserID:     strconv.FormatUint(uint64(user.ID), 10),
		CreateTime: createTime,
		LogoutURL:  s.cfg.BaseURL + paths.Room(room.ID),
	})
}

// ensureMeeting returns the createTime of the room's meeting, creating it if needed. The run is
// stored before the create call and settled after it, each in a short transaction of its own
// that no BBB call waits inside.
func (s *Service) ensureMeeting(ctx context.Context, room *models.Room, user *models.User, who audit.Record) (time.Time, error) {
	callCtx, cancel := s.call()
	info, err := s.bbb.GetMeetingInfo(callCtx, room.MeetingID)
	cancel()
	if err == nil {
		s.settleFound(ctx, room.MeetingID, info)
		return info.CreateTime, nil
	}
	if !bbb.IsKey(err, bbb.KeyNotFound) {
		return time.Time{}, err
	}

	token := randomToken()
	p, err := s.CreateCall(room, token)
	if err != nil {
		s.record(ctx, who, "meeting.start", "room", roomTarget(room), audit.ResultFailed, map[string]any{"problem": ProblemInvalid})
		return time.Time{}, err
	}
	now := s.now()
	run := &models.MeetingRun{RoomID: room.ID, MeetingID: room.MeetingID, StartedAt: now,
		EndTokenHash: models.HashToken(token), EndDue: s.endDue(room, now)}
	if user != nil {
		run.StartedByID = &user.ID
	}
	if err := s.commits.do(ctx, func(tx *gorm.DB) error { run.ID = 0; return models.CreateMeetingRun(tx, run) }); err != nil {
		return time.Time{}, err
	}

	callCtx, cancel = s.call()
	res, err := s.bbb.Create(callCtx, p)
	cancel()
	details := map[string]any{"room": room.Name, "meeting_id": room.MeetingID, "parameters": Sendable(room)}
	if err != nil {
		details["problem"] = Explain(err)
		// Without an answer BBB may have created it: the run stays "creating" for the callbacks
		// and the next start, which settles it.
		unknown := bbb.IsUnreachable(err) || errors.Is(err, context.DeadlineExceeded)
		failed := who
		failed.Action, failed.TargetType, failed.TargetID, failed.Result, failed.Details = "meeting.start", "room", roomTarget(room), audit.ResultFailed, details
		if txErr := s.commits.do(ctx, func(tx *gorm.DB) error {
			if !unknown {
				if err := deleteRun(tx, run); err != nil {
					return err
				}
			}
			return s.audit.WriteTx(tx, failed)
		}); txErr != nil {
			s.log.Error("record failed start", "room", room.ID, "err", txErr)
		}
		return time.Time{}, err
	}
	if res.Duplicate {
		// Created meanwhile by someone else (another portal instance): their run and callbacks apply.
		_ = s.commits.do(ctx, func(tx *gorm.DB) error { return deleteRun(tx, run) })
		return res.CreateTime, nil
	}
	if run.EndDue != nil {
		details["ends_at"] = run.EndDue.UTC().Format(time.RFC3339)
	}
	ok := who
	ok.Action, ok.TargetType, ok.TargetID, ok.Result, ok.Details = "meeting.start", "room", roomTarget(room), audit.ResultOK, details
	err = s.commits.do(ctx, func(tx *gorm.DB) error {
		if err := settleTx(tx, run, res.CreateTime, s.now()); err != nil {
			return err
		}
		return s.audit.WriteTx(tx, ok)
	})
	s.Live.Refresh()
	if err != nil {
		return time.Time{}, fmt.Errorf("meetings: settle start: %w", err)
	}
	return res.CreateTime, nil
}

// endDue is when the portal itself ends a meeting started at start: the earliest of the
// create duration, the room's maximum duration and the end of the current schedule.
func (s *Service) endDue(room *models.Room, start time.Time) *time.Time {
	var due *time.Time
	earliest := func(t time.Time) {
		if due == nil || t.Before(*due) {
			due = &t
		}
	}
	if m, err := strconv.Atoi(room.Effective()["duration"]); err == nil && m > 0 {
		earliest(start.Add(time.Duration(m) * time.Minute))
	}
	if d := room.MaxDuration(); d > 0 {
		earliest(start.Add(d))
	}
	if schedules, err := models.SchedulesOfRoom(s.db, room.ID); err == nil {
		for _, sc := range schedules {
			if _, end, ok := sc.Current(start); ok {
				earliest(end)
			}
		}
	}
	return due
}

func withMeta(meta map[string]string, kv ...string) map[string]string {
	if meta == nil {
		meta = map[string]string{}
	}
	for i := 0; i+1 < len(kv); i += 2 {
		meta[kv[i]] = kv[i+1]
	}
	return meta
}

func roomTarget(room *models.Room) string { return strconv.FormatUint(uint64(room.ID), 10) }

func randomToken() string {
	b := make([]byte, 32)
	rand.Read(b)
	return hex.EncodeToString(b)
}
