package recordings

import (
	"context"
	"time"

	"bbbportal/audit"
	"bbbportal/bbb"
	"bbbportal/models"
)

// RetentionCandidate is a recording a retention rule removes (or would remove).
type RetentionCandidate struct {
	RecordID string
	Name     string
	RoomID   uint
	RoomName string
	End      time.Time
	State    string
}

// RetentionResult is what one template's rule did (or would do).
type RetentionResult struct {
	TemplateID uint
	Days       int
	Action     string // models.RetainDelete or models.RetainUnpublish
	Candidates []RetentionCandidate
	Problem    string // a recordings.problem.* key if BBB failed; nothing was changed then
}

// RetentionReport is one run over every rule.
type RetentionReport struct {
	DryRun  bool
	At      time.Time
	Results []RetentionResult
}

// Count is the number of recordings the run removed (or would remove).
func (r RetentionReport) Count() int {
	n := 0
	for _, res := range r.Results {
		n += len(res.Candidates)
	}
	return n
}

// RunRetention applies every template's rule: recordings of its rooms that ended more than
// Days ago are deleted (BBB keeps them listed as deleted, with the files in its deleted
// folder) or unpublished. A dry run only lists them. Every run is audited.
func (s *Service) RunRetention(ctx context.Context, dryRun bool, who audit.Record) (*RetentionReport, error) {
	rules, err := models.RecordingRetentions(s.db)
	if err != nil {
		return nil, err
	}
	report := &RetentionReport{DryRun: dryRun, At: s.now()}
	var runErr error
	for _, rule := range rules {
		res := RetentionResult{TemplateID: rule.TemplateID, Days: rule.Days, Action: rule.Action}
		rooms, err := models.RoomRefsWithTemplate(s.db, rule.TemplateID)
		if err != nil {
			return nil, err
		}
		byMeeting := map[string]models.RoomRef{}
		for _, r := range rooms {
			byMeeting[r.MeetingID] = r
		}
		recs, err := s.fetchForRooms(ctx, rooms)
		if err != nil {
			res.Problem, runErr = Problem(err), err
			report.Results = append(report.Results, res)
			continue
		}
		cutoff := report.At.Add(-time.Duration(rule.Days) * 24 * time.Hour)
		var ids []string
		for _, r := range recs {
			if r.EndTime.IsZero() || !r.EndTime.Before(cutoff) || !retained(rule.Action, r.State) {
				continue
			}
			room := byMeeting[r.MeetingID]
			res.Candidates = append(res.Candidates, RetentionCandidate{RecordID: r.RecordID, Name: displayName(r),
				RoomID: room.ID, RoomName: room.Name, End: r.EndTime, State: string(r.State)})
			ids = append(ids, r.RecordID)
		}
		if !dryRun && len(ids) > 0 {
			if err := s.applyRetention(ctx, rule.Action, ids); err != nil {
				res.Problem, runErr = Problem(err), err
			}
		}
		report.Results = append(report.Results, res)
	}
	s.auditRetention(ctx, report, who)
	return report, runErr
}

// retained reports whether a rule's action applies to a recording in that state.
func retained(action string, state bbb.RecordingState) bool {
	if action == models.RetainUnpublish {
		return state == bbb.StatePublished
	}
	return state == bbb.StatePublished || state == bbb.StateUnpublished || state == bbb.StateProcessed
}

func (s *Service) applyRetention(ctx context.Context, action string, ids []string) error {
	for i := 0; i < len(ids); i += meetingsPerCall {
		chunk := ids[i:min(i+meetingsPerCall, len(ids))]
		callCtx, cancel := s.call(ctx)
		var err error
		if action == models.RetainUnpublish {
			err = s.bbb.PublishRecordings(callCtx, chunk, false)
		} else {
			err = s.bbb.DeleteRecordings(callCtx, chunk)
		}
		cancel()
		if err != nil {
			return err
		}
		if fresh, err := s.fetchByIDs(ctx, chunk); err == nil {
			recs := make([]bbb.Recording, 0, len(fresh))
			for _, r := range fresh {
				recs = append(recs, r)
			}
			s.cache.apply(idScope(chunk), recs, recordHashes(chunk))
		} else {
			s.cache.expire()
		}
	}
	return nil
}

// maxAuditedIDs bounds the record IDs one retention audit entry lists.
const maxAuditedIDs = 500

func (s *Service) auditRetention(ctx context.Context, r *RetentionReport, who audit.Record) {
	result := audit.ResultOK
	var rules []map[string]any
	for _, res := range r.Results {
		var ids []string
		for _, c := range res.Candidates {
			if len(ids) < maxAuditedIDs {
				ids = append(ids, c.RecordID)
			}
		}
		rule := map[string]any{"template_id": res.TemplateID, "days": res.Days, "action": res.Action,
			"count": len(res.Candidates), "record_ids": ids}
		if res.Problem != "" {
			rule["problem"], result = res.Problem, audit.ResultFailed
		}
		rules = append(rules, rule)
	}
	if who.ActorEmail == "" && who.ActorID == 0 {
		who.ActorEmail = "retention"
	}
	s.record(ctx, who, "recording.retention", "", result, map[string]any{"dry_run": r.DryRun, "count": r.Count(), "rules": rules})
}

// StartRetention runs retention every RetentionTick (the first run one tick after start)
// until Close.
func (s *Service) StartRetention() {
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		t := time.NewTicker(s.cfg.RetentionTick)
		defer t.Stop()
		for {
			select {
			case <-s.ctx.Done():
				return
			case <-t.C:
				if _, err := s.RunRetention(s.ctx, false, audit.Record{ActorEmail: "retention"}); err != nil {
					s.log.Warn("recording retention failed", "err", err)
				}
			}
		}
	}()
}

// SetRetention stores a template's rule (days 0 removes it) and audits a change.
func (s *Service) SetRetention(ctx context.Context, templateID uint, days int, action string, who audit.Record) error {
	old, err := models.RecordingRetentionOf(s.db, templateID)
	if err != nil {
		return err
	}
	if days == 0 {
		action = ""
	}
	if (old == nil && days == 0) || (old != nil && old.Days == days && old.Action == action) {
		return nil
	}
	if err := models.SetRecordingRetention(s.db, models.RecordingRetention{TemplateID: templateID, Days: days, Action: action, UpdatedAt: s.now()}); err != nil {
		return err
	}
	details := map[string]any{"days": days, "action": action}
	if old != nil {
		details["old_days"], details["old_action"] = old.Days, old.Action
	}
	who.Action, who.TargetType, who.TargetID, who.Result, who.Details = "template.retention", "template", itoa(int64(templateID)), audit.ResultOK, details
	if err := s.audit.Write(ctx, who); err != nil {
		s.log.Error("audit write failed", "action", who.Action, "err", err)
	}
	return nil
}
