package meetings

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"

	"bbbportal/audit"
	"bbbportal/bbb"
	"bbbportal/models"
)

// A run is written as "creating" (CreateTime 0) before the create call and settled after it, so
// that a crash in between leaves a run the end callback, the on-time end and the next start
// can use, never a meeting on BBB the portal knows nothing of.

// creating reports whether a run was written before its create call and not settled since.
func creating(run *models.MeetingRun) bool { return run.CreateTime == 0 }

// settleTx records that run's create succeeded: earlier runs of the meeting ended unseen (BBB
// created it anew), the run gets BBB's createTime.
func settleTx(tx *gorm.DB, run *models.MeetingRun, createTime time.Time, now time.Time) error {
	if err := tx.Model(&models.MeetingRun{}).Where("meeting_id = ? AND ended_at IS NULL AND id <> ?", run.MeetingID, run.ID).
		Update("ended_at", now).Error; err != nil {
		return fmt.Errorf("meetings: end earlier runs: %w", err)
	}
	run.CreateTime = createTime.UnixMilli()
	if err := tx.Model(&models.MeetingRun{}).Where("id = ?", run.ID).Update("create_time", run.CreateTime).Error; err != nil {
		return fmt.Errorf("meetings: settle run: %w", err)
	}
	return nil
}

// settleFound gives a run left "creating" (its start was interrupted after create) the
// createTime of the meeting BBB reports, with the start's audit entry.
func (s *Service) settleFound(ctx context.Context, meetingID string, info *bbb.Meeting) {
	var runs []models.MeetingRun
	if err := s.db.Where("meeting_id = ? AND ended_at IS NULL AND create_time = 0", meetingID).Find(&runs).Error; err != nil || len(runs) == 0 {
		return
	}
	run := runs[len(runs)-1]
	err := s.commits.do(ctx, func(tx *gorm.DB) error {
		if err := settleTx(tx, &run, info.CreateTime, s.now()); err != nil {
			return err
		}
		return s.audit.WriteTx(tx, audit.Record{ActorEmail: "system", Action: "meeting.start", TargetType: "room",
			TargetID: fmt.Sprint(run.RoomID), Result: audit.ResultOK,
			Details: map[string]any{"meeting_id": meetingID, "settled": "the start was interrupted after BBB created the meeting"}})
	})
	if err != nil {
		s.log.Error("settle interrupted start", "meeting", meetingID, "err", err)
	}
}

// settleInterrupted looks at every run left "creating" by a stop between create and settle:
// a meeting BBB has gets its createTime, one BBB does not know is over.
func (s *Service) settleInterrupted() {
	var runs []models.MeetingRun
	if err := s.db.Where("ended_at IS NULL AND create_time = 0").Find(&runs).Error; err != nil {
		s.log.Error("runs left creating", "err", err)
		return
	}
	for _, run := range runs {
		ctx, cancel := s.call()
		info, err := s.bbb.GetMeetingInfo(ctx, run.MeetingID)
		cancel()
		switch {
		case err == nil:
			s.settleFound(s.ctx, run.MeetingID, info)
		case bbb.IsKey(err, bbb.KeyNotFound):
			if err := s.db.Model(&models.MeetingRun{}).Where("id = ?", run.ID).Update("ended_at", s.now()).Error; err != nil {
				s.log.Error("end a run BBB does not know", "err", err)
			}
		}
	}
}

// deleteRun forgets a run whose create BBB refused (or that another start created first).
func deleteRun(tx *gorm.DB, run *models.MeetingRun) error {
	if err := tx.Delete(&models.MeetingRun{}, run.ID).Error; err != nil && !errors.Is(err, gorm.ErrRecordNotFound) {
		return fmt.Errorf("meetings: forget run: %w", err)
	}
	return nil
}
