package meetings

import (
	"context"
	"errors"
	"fmt"

	"gorm.io/gorm"

	"bbbportal/audit"
	"bbbportal/models"
)

// ConfirmedByHook is the ConfirmedVia of an end watch confirmed because a bbb-webhooks
// meeting-ended event made the portal ask BBB at once.
const ConfirmedByHook = models.ConfirmedByHook

// Hint handles BBB's word (a meeting-ended event of bbb-webhooks) that a meeting ended. It is a
// hint, never proof: when the portal has a run or an open end watch of the meeting, BBB is asked
// now (getMeetingInfo) instead of at the watcher's next poll, and only an end BBB confirms is
// recorded: the open watches are confirmed and the run is closed, with one audit entry. Events
// about meetings the portal neither runs nor watches cost no call. It reports whether an end
// was recorded.
func (s *Service) Hint(ctx context.Context, meetingID string) (bool, error) {
	if meetingID == "" {
		return false, nil
	}
	run, err := models.ActiveRun(s.db, meetingID)
	if err != nil && !errors.Is(err, models.ErrNotFound) {
		return false, err
	}
	var open int64
	if err := s.db.WithContext(ctx).Model(&models.EndWatch{}).
		Where("meeting_id = ? AND state IN ?", meetingID, []string{models.WatchRequested, models.WatchTimedOut}).
		Count(&open).Error; err != nil {
		return false, fmt.Errorf("meetings: hint: %w", err)
	}
	if run == nil && open == 0 {
		return false, nil
	}
	over, current := false, true
	if run != nil {
		over, current, err = s.runOver(run)
	} else {
		over, err = s.meetingGone(meetingID)
	}
	if err != nil || !over {
		return false, err // BBB says it runs (or cannot say): the watcher keeps polling
	}
	now := s.now()
	r := audit.Record{Action: "meeting.end.confirmed", TargetType: "meeting", TargetID: meetingID, Result: audit.ResultOK}
	err = s.commits.do(ctx, func(tx *gorm.DB) error {
		if !current {
			// An earlier run ended unseen; the meeting BBB runs now is a newer one.
			r.Details = map[string]any{"via": ConfirmedByHook, "confirmed_watches": 0, "earlier_run": true}
			if err := tx.Model(&models.MeetingRun{}).Where("id = ?", run.ID).Update("ended_at", now).Error; err != nil {
				return err
			}
			return s.audit.WriteTx(tx, r)
		}
		n, err := models.ConfirmOpenWatches(tx, meetingID, ConfirmedByHook, now)
		if err != nil {
			return err
		}
		if err := models.MarkMeetingEnded(tx, meetingID, now); err != nil {
			return err
		}
		r.Details = map[string]any{"via": ConfirmedByHook, "confirmed_watches": n}
		return s.audit.WriteTx(tx, r)
	})
	if err != nil {
		return false, fmt.Errorf("meetings: hint: %w", err)
	}
	if current {
		s.Live.Forget(meetingID)
	}
	if run != nil {
		s.noteEnded(run, now, nil)
	}
	return true, nil
}
