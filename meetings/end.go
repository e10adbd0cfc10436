package meetings

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"bbbportal/audit"
	"bbbportal/bbb"
	"bbbportal/models"
	"gorm.io/gorm"
)

// End reasons.
const (
	ReasonManual   = "manual"
	ReasonBulk     = "bulk"
	ReasonOnTime   = "on-time"
	ReasonSchedule = "schedule"
)

// EndRequest names the meeting to end and who asks.
type EndRequest struct {
	MeetingID   string
	MeetingName string
	RoomID      *uint
	Reason      string
	Who         audit.Record // actor fields of the request
}

// RequestEnd sends end to BBB and starts watching until the meeting is gone.
// The returned watch is stored before BBB is called, so a restart resumes it.
func (s *Service) RequestEnd(ctx context.Context, req EndRequest) (*models.EndWatch, error) {
	now := s.now()
	w := &models.EndWatch{
		MeetingID: req.MeetingID, MeetingName: req.MeetingName, RoomID: req.RoomID,
		Reason: req.Reason, RequestedAt: now, Deadline: now.Add(s.cfg.EndTimeout), State: models.WatchRequested,
	}
	if req.Who.ActorID != 0 {
		id := req.Who.ActorID
		w.RequestedByID = &id
	}
	if err := models.CreateEndWatch(s.db, w); err != nil {
		return nil, err
	}
	s.sendEnd(ctx, w, req.Who)
	s.watch(w.ID)
	return w, nil
}

// Retry sends end again for a watch that timed out (or is still open) and watches anew.
func (s *Service) Retry(ctx context.Context, watchID uint, who audit.Record) (*models.EndWatch, error) {
	w, err := models.EndWatchByID(s.db, watchID)
	if err != nil {
		return nil, err
	}
	if w.State == models.WatchConfirmed {
		return w, nil
	}
	now := s.now()
	w.State, w.Deadline, w.LastError = models.WatchRequested, now.Add(s.cfg.EndTimeout), ""
	if err := models.SaveEndWatch(s.db, w); errors.Is(err, models.ErrWatchConfirmed) {
		return models.EndWatchByID(s.db, watchID)
	} else if err != nil {
		return nil, err
	}
	s.sendEnd(ctx, w, who)
	s.watch(w.ID)
	return w, nil
}

// sendEnd calls BBB's end. A meeting BBB does not know is already gone: that confirms at once.
func (s *Service) sendEnd(ctx context.Context, w *models.EndWatch, who audit.Record) {
	callCtx, cancel := s.call()
	defer cancel()
	err := s.bbb.End(callCtx, w.MeetingID)
	details := map[string]any{"meeting": w.MeetingName, "reason": w.Reason, "watch": w.ID}
	switch {
	case err == nil:
		s.record(ctx, who, "meeting.end.requested", "meeting", w.MeetingID, audit.ResultOK, details)
	case bbb.IsKey(err, bbb.KeyNotFound):
		s.record(ctx, who, "meeting.end.requested", "meeting", w.MeetingID, audit.ResultOK, details)
		s.confirm(w, models.ConfirmedByPoll)
	default:
		details["problem"] = Explain(err)
		s.record(ctx, who, "meeting.end.requested", "meeting", w.MeetingID, audit.ResultFailed, details)
		w.LastError = Explain(err)
		_ = models.SaveEndWatch(s.db, w)
	}
}

// watch starts the polling goroutine of a watch unless one runs already.
func (s *Service) watch(id uint) {
	s.mu.Lock()
	if _, running := s.watching[id]; running {
		s.mu.Unlock()
		return
	}
	s.watching[id] = struct{}{}
	s.mu.Unlock()
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		defer func() {
			s.mu.Lock()
			delete(s.watching, id)
			s.mu.Unlock()
		}()
		s.poll(id)
	}()
}

// poll checks getMeetingInfo with backoff until the meeting is gone, the deadline passes,
// or the service closes.
func (s *Service) poll(id uint) {
	interval := s.cfg.FirstCheck
	for {
		select {
		case <-s.ctx.Done():
			return
		case <-time.After(interval):
		}
		interval = min(interval*2, s.cfg.MaxInterval)

		w, err := models.EndWatchByID(s.db, id)
		if err != nil || w.State != models.WatchRequested {
			return // confirmed meanwhile (callback), or deleted
		}
		gone, err := s.meetingGone(w.MeetingID)
		w.Checks++
		if gone {
			s.confirm(w, models.ConfirmedByPoll)
			return
		}
		if err != nil {
			w.LastError = Explain(err)
		} else {
			w.LastError = ""
		}
		if !s.now().Before(w.Deadline) {
			// The end callback may have confirmed the end while BBB was asked.
			if now, err := models.EndWatchByID(s.db, id); err != nil || now.State == models.WatchConfirmed {
				return
			}
			w.State = models.WatchTimedOut
			s.record(s.ctx, audit.Record{}, "meeting.end.timeout", "meeting", w.MeetingID, audit.ResultFailed,
				map[string]any{"meeting": w.MeetingName, "watch": w.ID, "waited_seconds": int(w.Deadline.Sub(w.RequestedAt).Seconds())})
		}
		// Not written if the end callback confirmed the watch meanwhile (ErrWatchConfirmed).
		if err := models.SaveEndWatch(s.db, w); err != nil || w.State != models.WatchRequested {
			return
		}
	}
}

// meetingGone asks BBB whether the meeting still exists.
func (s *Service) meetingGone(meetingID string) (bool, error) {
	ctx, cancel := s.call()
	defer cancel()
	m, err := s.bbb.GetMeetingInfo(ctx, meetingID)
	if bbb.IsKey(err, bbb.KeyNotFound) {
		return true, nil
	}
	if err != nil {
		return false, err
	}
	return m.HasBeenForciblyEnded || !m.EndTime.IsZero(), nil
}

// confirm marks a watch (and the meeting's runs) ended and audits it. A watch the end
// callback confirmed meanwhile keeps the callback's confirmation.
func (s *Service) confirm(w *models.EndWatch, via string) {
	now := s.now()
	w.State, w.ConfirmedAt, w.ConfirmedVia, w.LastError = models.WatchConfirmed, &now, via, ""
	run, runErr := models.ActiveRun(s.db, w.MeetingID)
	if err := models.MarkMeetingEnded(s.db, w.MeetingID, now); err != nil {
		s.log.Error("mark meeting ended", "err", err)
	}
	if runErr == nil {
		s.noteEnded(run, now, nil)
	}
	s.Live.Forget(w.MeetingID)
	s.record(s.ctx, audit.Record{}, "meeting.end.confirmed", "meeting", w.MeetingID, audit.ResultOK,
		map[string]any{"meeting": w.MeetingName, "via": via, "watch": w.ID, "seconds": w.Elapsed().Seconds()})
	// Saved last: whoever sees the watch confirmed also finds the run ended and the audit entry.
	if err := models.SaveEndWatch(s.db, w); err != nil && !errors.Is(err, models.ErrWatchConfirmed) {
		s.log.Error("save end watch", "err", err)
	}
}

// Errors of the end callback. The handler answers them without telling a caller more.
var (
	// ErrBadToken: the callback's token is none the portal sent for the meeting.
	ErrBadToken = errors.New("meetings: end callback token does not match")
	// ErrStillRunning: the token is right, but BBB says the meeting still runs.
	ErrStillRunning = errors.New("meetings: BBB says the meeting still runs")
)

// ConfirmByCallback handles BBB's end callback (meta_endCallbackUrl or meetingEndedURL). It is a
// hint, never proof: the token must be one sent with one of the meeting's runs, and then BBB is
// asked; only an end that getMeetingInfo confirms is recorded. A token alone (it travels in
// metadata, which recordings copy) never ends anything. BBB calls twice per attempt (a probe,
// then the call) and retries, so a callback for a run already ended does nothing again, except
// hand over the recording marks that only meta_endCallbackUrl carries. recordingMarks is nil
// when the callback did not say.
func (s *Service) ConfirmByCallback(ctx context.Context, meetingID, token string, recordingMarks *bool, who audit.Record) error {
	if token == "" {
		return ErrBadToken
	}
	run, err := models.RunByEndToken(s.db, meetingID, token)
	if errors.Is(err, models.ErrNotFound) {
		return ErrBadToken
	}
	if err != nil {
		return err
	}
	if run.EndedAt != nil {
		if recordingMarks != nil {
			s.noteEnded(run, *run.EndedAt, recordingMarks)
		}
		return nil
	}
	over, current, err := s.runOver(run)
	if err != nil {
		return fmt.Errorf("meetings: confirm end callback: %w", err)
	}
	if !over {
		return ErrStillRunning
	}
	now := s.now()
	who.Action, who.TargetType, who.TargetID, who.Result = "meeting.end.callback", "meeting", meetingID, audit.ResultOK
	err = s.commits.do(ctx, func(tx *gorm.DB) error {
		if !current {
			// An earlier run ended unseen; the meeting BBB runs now is a newer one.
			who.Details = map[string]any{"confirmed_watches": 0, "earlier_run": true}
			if err := tx.Model(&models.MeetingRun{}).Where("id = ?", run.ID).Update("ended_at", now).Error; err != nil {
				return err
			}
			return s.audit.WriteTx(tx, who)
		}
		n, err := models.ConfirmOpenWatches(tx, meetingID, models.ConfirmedByCallback, now)
		if err != nil {
			return err
		}
		if err := models.MarkMeetingEnded(tx, meetingID, now); err != nil {
			return err
		}
		who.Details = map[string]any{"confirmed_watches": n}
		return s.audit.WriteTx(tx, who)
	})
	if err != nil {
		return fmt.Errorf("meetings: confirm by callback: %w", err)
	}
	if current {
		s.Live.Forget(meetingID)
	}
	s.noteEnded(run, now, recordingMarks)
	return nil
}

// runOver asks BBB whether run's meeting is over. current is false when BBB runs a newer
// meeting under the same ID (the run ended unseen before it).
func (s *Service) runOver(run *models.MeetingRun) (over, current bool, err error) {
	ctx, cancel := s.call()
	defer cancel()
	m, err := s.bbb.GetMeetingInfo(ctx, run.MeetingID)
	if bbb.IsKey(err, bbb.KeyNotFound) {
		return true, true, nil
	}
	if err != nil {
		return false, false, err
	}
	if !creating(run) && !m.CreateTime.IsZero() && m.CreateTime.UnixMilli() != run.CreateTime {
		return true, false, nil
	}
	return m.HasBeenForciblyEnded || !m.EndTime.IsZero(), true, nil
}

// noteEnded tells the end listener (recordings) about a confirmed end.
func (s *Service) noteEnded(run *models.MeetingRun, at time.Time, recordingMarks *bool) {
	if s.ended == nil {
		return
	}
	if err := s.ended.NoteMeetingEnded(run.MeetingID, "", at, recordingMarks); err != nil {
		s.log.Error("note meeting ended", "meeting", run.MeetingID, "err", err)
	}
}

// Resume restarts watching every watch still open (after a restart).
func (s *Service) Resume() error {
	open, err := models.OpenEndWatches(s.db)
	if err != nil {
		return fmt.Errorf("meetings: resume: %w", err)
	}
	for _, w := range open {
		s.watch(w.ID)
	}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		s.settleInterrupted()
	}()
	return nil
}

// EndMany requests the end of every meeting in reqs, a few at a time so that a slow server
// does not stall the request, each with its own watch. It returns how many requests failed.
func (s *Service) EndMany(ctx context.Context, reqs []EndRequest) int {
	var (
		wg     sync.WaitGroup
		mu     sync.Mutex
		failed int
		slots  = make(chan struct{}, 8)
	)
	for _, req := range reqs {
		wg.Add(1)
		slots <- struct{}{}
		go func() {
			defer func() { <-slots; wg.Done() }()
			if _, err := s.RequestEnd(ctx, req); err != nil {
				s.log.Error("bulk end", "meeting", req.MeetingID, "err", err)
				mu.Lock()
				failed++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	return failed
}
