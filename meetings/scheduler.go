package meetings

import (
	"context"
	"fmt"
	"time"

	"bbbportal/audit"
	"bbbportal/bbb"
	"bbbportal/i18n"
	"bbbportal/models"
)

// RunScheduler ends meetings on time until ctx ends: it ticks once at once (carrying out
// ends missed while the portal was down) and then every Config.Tick.
func (s *Service) RunScheduler(ctx context.Context) {
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		ticker := time.NewTicker(s.cfg.Tick)
		defer ticker.Stop()
		for {
			if err := s.Tick(ctx); err != nil {
				s.log.Error("scheduler", "err", err)
			}
			select {
			case <-ctx.Done():
				return
			case <-s.ctx.Done():
				return
			case <-ticker.C:
			}
		}
	}()
}

// Tick does the scheduler's work for the current time: warnings, due ends, schedule ends.
func (s *Service) Tick(ctx context.Context) error {
	now := s.now()
	if err := s.applySchedules(now); err != nil {
		return err
	}
	s.warn(ctx, now)
	due, err := models.RunsDue(s.db, now)
	if err != nil {
		return fmt.Errorf("meetings: runs due: %w", err)
	}
	for _, run := range due {
		s.endOnTime(ctx, run, ReasonOnTime)
	}
	return nil
}

// applySchedules gives running meetings their schedule's end, and ends meetings whose
// scheduled occurrence is over (also those started outside a schedule's window).
func (s *Service) applySchedules(now time.Time) error {
	schedules, err := models.AllSchedules(s.db)
	if err != nil {
		return fmt.Errorf("meetings: schedules: %w", err)
	}
	for _, sc := range schedules {
		run, runErr := models.ActiveRun(s.db, sc.Room.MeetingID)
		if _, end, ok := sc.Current(now); ok && runErr == nil && (run.EndDue == nil || run.EndDue.After(end)) {
			if err := models.SetRunEndDue(s.db, run.ID, end); err != nil {
				return err
			}
		}
		last, ok := sc.LastEndBefore(now)
		if !ok || (sc.HandledEnd != nil && !last.After(*sc.HandledEnd)) {
			continue
		}
		if runErr == nil && run.StartedAt.Before(last) && (run.EndDue == nil || run.EndDue.After(last)) {
			if err := models.SetRunEndDue(s.db, run.ID, last); err != nil {
				return err
			}
		}
		if err := models.MarkScheduleHandled(s.db, sc.ID, last); err != nil {
			return err
		}
	}
	return nil
}

// warn posts a chat message to meetings that end within WarnBefore.
func (s *Service) warn(ctx context.Context, now time.Time) {
	runs, err := models.RunsToWarn(s.db, now.Add(s.cfg.WarnBefore))
	if err != nil {
		s.log.Error("scheduler: runs to warn", "err", err)
		return
	}
	for _, run := range runs {
		if !run.EndDue.After(now) {
			continue // due already: it is ended, not warned
		}
		if s.ServerKnown().Lacks(FeatureChat) {
			// No sendChatMessage on this server (2.7, load balancers): said once in the log
			// and on the pages, so nothing is tried or audited for each meeting.
			_ = models.MarkRunWarned(s.db, run.ID, now)
			continue
		}
		msg := i18n.In(s.ownerLanguage(run.RoomID), "meetings.chat_warning", "Time", run.EndDue.Local().Format("15:04"))
		callCtx, cancel := s.call()
		err := s.bbb.SendChatMessage(callCtx, run.MeetingID, msg, "bbbportal")
		cancel()
		result, details := audit.ResultOK, map[string]any{"message": msg}
		switch {
		case bbb.IsKey(err, bbb.KeyMeetingNotFound):
			// Nobody has entered the meeting: there is no chat to warn.
			_ = models.MarkRunWarned(s.db, run.ID, now)
			continue
		case s.NoteRefused(FeatureChat, err):
			details["unavailable"] = FeatureChat
			result = audit.ResultFailed
		case err != nil:
			// Warned once, never retried.
			result, details["problem"] = audit.ResultFailed, Explain(err)
		}
		s.record(ctx, audit.Record{}, "meeting.end.warning", "meeting", run.MeetingID, result, details)
		if err := models.MarkRunWarned(s.db, run.ID, now); err != nil {
			s.log.Error("scheduler: mark warned", "err", err)
		}
	}
}

// ownerLanguage is the language of the room owner's account (the default when unset).
func (s *Service) ownerLanguage(roomID uint) string {
	var room models.Room
	if err := s.db.Preload("Owner").First(&room, roomID).Error; err != nil {
		return i18n.Default
	}
	return room.Owner.Language
}

// endOnTime requests the end of a run that is due, unless an end is already being watched.
func (s *Service) endOnTime(ctx context.Context, run models.MeetingRun, reason string) {
	if w, err := models.LatestEndWatch(s.db, run.MeetingID); err == nil && w.State == models.WatchRequested {
		return
	}
	name := run.MeetingID
	if room, err := models.RoomByMeetingID(s.db, run.MeetingID); err == nil {
		name = room.Name
	}
	roomID := run.RoomID
	if _, err := s.RequestEnd(ctx, EndRequest{MeetingID: run.MeetingID, MeetingName: name, RoomID: &roomID, Reason: reason}); err != nil {
		s.log.Error("scheduler: end", "meeting", run.MeetingID, "err", err)
	}
}
