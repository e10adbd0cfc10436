package recordings

import (
	"context"
	"regexp"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"bbbportal/audit"
	"bbbportal/bbb"
	"bbbportal/models"
)

// MaxBulk bounds the recordings of one bulk action.
const MaxBulk = 100

// Limits of the rename form.
const (
	MaxNameLength        = 200
	MaxDescriptionLength = 2000
)

// recordIDPattern is BBB's recordID: sha1hex(meetingID) "-" createTime. Anything else is
// refused before BBB is asked: getRecordings matches prefixes, so "a" would match many.
var recordIDPattern = regexp.MustCompile(`^[0-9a-f]{40}-[0-9]{1,20}$`)

// ValidRecordID reports whether id has the shape of a BBB recordID.
func ValidRecordID(id string) bool { return recordIDPattern.MatchString(id) }

// authorize reads the recordings and checks that u may change every one of them. Any
// malformed, missing or foreign ID refuses the whole request with ErrNotFound, so that
// nothing changes and nothing tells a foreign recording from a missing one.
func (s *Service) authorize(ctx context.Context, u *models.User, ids []string, action string, who audit.Record) ([]string, map[string]bbb.Recording, map[string]models.RoomRef, error) {
	ids = unique(ids)
	deny := func(problem string) error {
		s.record(ctx, who, action, strings.Join(ids, ","), audit.ResultDenied, map[string]any{"problem": problem, "record_ids": ids})
		return ErrNotFound
	}
	if len(ids) == 0 || len(ids) > MaxBulk {
		return nil, nil, nil, ErrInvalid
	}
	for _, id := range ids {
		if !ValidRecordID(id) {
			return nil, nil, nil, deny("malformed record id")
		}
	}
	recs, err := s.fetchByIDs(ctx, ids)
	if err != nil {
		return nil, nil, nil, err
	}
	var meetingIDs []string
	for _, id := range ids {
		r, ok := recs[id]
		if !ok {
			return nil, nil, nil, deny("not listed by BBB")
		}
		meetingIDs = append(meetingIDs, r.MeetingID)
	}
	rooms, err := models.RoomRefsByMeetingIDs(s.db, meetingIDs)
	if err != nil {
		return nil, nil, nil, err
	}
	if !u.IsAdmin() {
		mine, err := models.RoomRefsFor(s.db, u, false)
		if err != nil {
			return nil, nil, nil, err
		}
		own := map[uint]bool{}
		for _, r := range mine {
			own[r.ID] = true
		}
		for _, id := range ids {
			room, ok := rooms[recs[id].MeetingID]
			if !ok || !own[room.ID] {
				return nil, nil, nil, deny("not a recording of the user's rooms")
			}
		}
	}
	return ids, recs, rooms, nil
}

// Publish publishes (publish true) or unpublishes recordings and returns them as BBB reports
// them afterwards. Recordings still processing or deleted refuse the whole request.
func (s *Service) Publish(ctx context.Context, u *models.User, ids []string, publish bool, who audit.Record) ([]models.RecordingItem, error) {
	action, want := "recording.unpublish", bbb.StateUnpublished
	if publish {
		action, want = "recording.publish", bbb.StatePublished
	}
	ids, recs, rooms, err := s.authorize(ctx, u, ids, action, who)
	if err != nil {
		return nil, err
	}
	var targets []string
	for _, id := range ids {
		r := recs[id]
		switch r.State {
		case bbb.StatePublished, bbb.StateUnpublished:
			if r.State != want {
				targets = append(targets, id)
			}
		default:
			return nil, &StateError{RecordID: id, Name: displayName(r), State: string(r.State)}
		}
	}
	if err := s.act(ctx, action, targets, recs, rooms, who, nil, func(ctx context.Context) error {
		return s.bbb.PublishRecordings(ctx, targets, publish)
	}); err != nil {
		return nil, err
	}
	return s.reread(ctx, ids, rooms)
}

// Delete deletes recordings. BBB's delete is soft: the files move to a deleted folder and the
// recording stays listed as deleted. A recording still processing refuses the whole request.
func (s *Service) Delete(ctx context.Context, u *models.User, ids []string, who audit.Record) ([]models.RecordingItem, error) {
	ids, recs, rooms, err := s.authorize(ctx, u, ids, "recording.delete", who)
	if err != nil {
		return nil, err
	}
	var targets []string
	for _, id := range ids {
		switch r := recs[id]; r.State {
		case bbb.StateDeleted:
		case bbb.StateProcessing:
			return nil, &StateError{RecordID: id, Name: displayName(r), State: string(r.State)}
		default:
			targets = append(targets, id)
		}
	}
	if err := s.act(ctx, "recording.delete", targets, recs, rooms, who, nil, func(ctx context.Context) error {
		return s.bbb.DeleteRecordings(ctx, targets)
	}); err != nil {
		return nil, err
	}
	return s.reread(ctx, ids, rooms)
}

// Rename is the rename form of one recording.
type Rename struct {
	Name        string
	Description string
}

// Validate trims the fields and checks them; it returns the field names with a problem.
func (r *Rename) Validate() map[string]string {
	r.Name, r.Description = strings.TrimSpace(r.Name), strings.TrimSpace(r.Description)
	problems := map[string]string{}
	switch {
	case r.Name == "":
		problems["name"] = "recordings.error.name_required"
	case utf8.RuneCountInString(r.Name) > MaxNameLength || strings.ContainsFunc(r.Name, unicode.IsControl):
		problems["name"] = "recordings.error.name_invalid"
	}
	if utf8.RuneCountInString(r.Description) > MaxDescriptionLength ||
		strings.ContainsFunc(r.Description, func(c rune) bool { return unicode.IsControl(c) && c != '\n' && c != '\r' && c != '\t' }) {
		problems["description"] = "recordings.error.description_invalid"
	}
	return problems
}

// Update renames a recording and sets its description (meta_name and meta_description; an
// empty description removes it) and returns it as BBB reports it afterwards.
func (s *Service) Update(ctx context.Context, u *models.User, id string, form Rename, who audit.Record) (*models.RecordingItem, error) {
	if len(form.Validate()) > 0 {
		return nil, ErrInvalid
	}
	ids, recs, rooms, err := s.authorize(ctx, u, []string{id}, "recording.update", who)
	if err != nil {
		return nil, err
	}
	meta := map[string]string{MetaName: form.Name, MetaDescription: form.Description}
	details := map[string]any{"old_name": displayName(recs[id]), "new_name": form.Name}
	if err := s.act(ctx, "recording.update", ids, recs, rooms, who, details, func(ctx context.Context) error {
		return s.bbb.UpdateRecordings(ctx, ids, meta)
	}); err != nil {
		return nil, err
	}
	items, err := s.reread(ctx, ids, rooms)
	if err != nil {
		return nil, err
	}
	if len(items) == 0 {
		return nil, ErrNotFound
	}
	return &items[0], nil
}

// act calls BBB for targets (when there are any) and audits one entry per recording.
func (s *Service) act(ctx context.Context, action string, targets []string, recs map[string]bbb.Recording,
	rooms map[string]models.RoomRef, who audit.Record, extra map[string]any, call func(context.Context) error) error {
	if len(targets) == 0 {
		return nil
	}
	callCtx, cancel := s.call(ctx)
	err := call(callCtx)
	cancel()
	result := audit.ResultOK
	if err != nil {
		result = audit.ResultFailed
	}
	var wg sync.WaitGroup
	for _, id := range targets {
		r := recs[id]
		details := map[string]any{"name": displayName(r), "meeting_id": r.MeetingID, "state_before": string(r.State)}
		if room, ok := rooms[r.MeetingID]; ok {
			details["room_id"], details["room"] = room.ID, room.Name
		}
		if len(targets) > 1 {
			details["bulk"] = len(targets)
		}
		if err != nil {
			details["problem"] = Problem(err)
		}
		for k, v := range extra {
			details[k] = v
		}
		wg.Add(1)
		go func() { // concurrent writes share one transaction in the audit writer
			defer wg.Done()
			s.record(ctx, who, action, id, result, details)
		}()
	}
	wg.Wait()
	return err
}

// reread asks BBB for the recordings after an action, patches the cache and returns them in
// the order of ids. A recording BBB no longer lists is left out.
func (s *Service) reread(ctx context.Context, ids []string, rooms map[string]models.RoomRef) ([]models.RecordingItem, error) {
	recs, err := s.fetchByIDs(ctx, ids)
	if err != nil {
		s.cache.expire()
		return nil, err
	}
	fresh := make([]bbb.Recording, 0, len(recs))
	out := make([]models.RecordingItem, 0, len(recs))
	for _, id := range ids {
		r, ok := recs[id]
		if !ok {
			continue
		}
		fresh = append(fresh, r)
		it := item(r)
		if room, ok := rooms[r.MeetingID]; ok {
			it.RoomID, it.RoomName = room.ID, room.Name
		} else {
			it.Foreign = true
		}
		out = append(out, it)
	}
	s.cache.apply(idScope(ids), fresh, recordHashes(ids))
	return out, nil
}

// Get returns one recording u may manage, as BBB reports it now (the delete confirmation
// and the rename form name it).
func (s *Service) Get(ctx context.Context, u *models.User, ids []string) ([]models.RecordingItem, error) {
	ids, _, rooms, err := s.authorize(ctx, u, ids, "recording.view", audit.Record{ActorID: u.ID, ActorEmail: u.Email})
	if err != nil {
		return nil, err
	}
	return s.reread(ctx, ids, rooms)
}

func unique(ids []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, id := range ids {
		id = strings.TrimSpace(id)
		if id != "" && !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}
