package rooms

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"path"
	"slices"

	"gorm.io/gorm"

	"bbbportal/audit"
	"bbbportal/bbb"
	"bbbportal/createopts"
	"bbbportal/meetings"
	"bbbportal/models"
	"bbbportal/uploads"
)

// Upload is a presentation file chosen in the room form.
type Upload struct {
	Name    string
	Content []byte
}

// ReadUpload reads the form's presentation file; nil when none was chosen. problem is the
// message key of what is wrong with the file.
func ReadUpload(fh *multipart.FileHeader) (up *Upload, problem string, err error) {
	if fh == nil || fh.Filename == "" {
		return nil, "", nil
	}
	if problem := models.PresentationProblem(fh.Filename, fh.Size); problem != "" {
		return nil, problem, nil
	}
	f, err := fh.Open()
	if err != nil {
		return nil, "", err
	}
	defer f.Close()
	content, err := io.ReadAll(io.LimitReader(f, models.MaxPresentationSize+1))
	if err != nil {
		return nil, "", err
	}
	if problem := models.PresentationProblem(fh.Filename, int64(len(content))); problem != "" {
		return nil, problem, nil
	}
	if problem := uploads.Problem(fh.Filename, content); problem != "" {
		return nil, problem, nil
	}
	return &Upload{Name: path.Base(fh.Filename), Content: content}, "", nil
}

// RoomChange is a room form that passed its own checks.
type RoomChange struct {
	Name               string
	TemplateID         uint
	CoOwners           []uint
	MaxDurationMinutes int
	AttendeesMayStart  bool              // attendee links start the meeting (the portal's rule, not BBB's)
	Options            createopts.Values // as submitted, metadata as meta_<name>
	Presentation       *Upload
	RemovePresentation bool
}

// RoomCheck is what checking a change against its template found.
type RoomCheck struct {
	// Template is the chosen template, or the room's own when the chosen one cannot be used.
	Template        *models.Template
	TemplateInvalid bool
	Overrides       createopts.Values
	Errors          createopts.Errors
}

// OK reports whether the change may be saved.
func (c RoomCheck) OK() bool { return !c.TemplateInvalid && len(c.Errors) == 0 }

// CheckRoom checks ch against the template it chooses: the user must be allowed to use the
// template, and the options must respect its policies.
func (s *Service) CheckRoom(u *models.User, room *models.Room, ch RoomChange) (RoomCheck, error) {
	check := RoomCheck{Template: &room.Template}
	if ch.TemplateID != room.TemplateID || room.ID == 0 {
		chosen, err := models.TemplateFor(s.db, ch.TemplateID, u)
		switch {
		case errors.Is(err, models.ErrNotFound):
			check.TemplateInvalid = true
		case err != nil:
			return check, err
		default:
			check.Template = chosen
		}
	}
	check.Overrides, check.Errors = s.validator(createopts.ScopeRoom).Room(context.Background(), check.Template.Settings, ch.Options)
	return check, nil
}

// SaveRoom stores a checked change of room (new when its ID is 0), its presentation and its
// audit entry in one transaction. who carries the actor's fields.
func (s *Service) SaveRoom(who audit.Record, room *models.Room, ch RoomChange, check RoomCheck) error {
	if !check.OK() {
		return errors.New("rooms: saving an unchecked room")
	}
	owner := room.OwnerID
	// Only the ticked accounts are read: a school's whole user list is never loaded to save a room.
	chosen, err := models.CoOwnerCandidates(s.db, owner, ch.CoOwners)
	if err != nil {
		return err
	}
	coOwners := make([]models.User, 0, len(chosen))
	for _, p := range chosen {
		coOwners = append(coOwners, models.User{ID: p.ID, DisplayName: p.DisplayName})
	}
	before := *room
	room.Name, room.TemplateID, room.Template, room.Overrides = ch.Name, check.Template.ID, *check.Template, check.Overrides
	room.MaxDurationMinutes, room.CoOwners = ch.MaxDurationMinutes, coOwners
	room.AttendeesMayStart = ch.AttendeesMayStart

	return s.inTx(func(tx *gorm.DB) (audit.Record, error) {
		if before.ID == 0 {
			if err := checkQuota(tx, "rooms", s.rules.RoomsPerUser, &models.Room{}, "owner_id = ?", room.OwnerID); err != nil {
				return who, err
			}
		}
		if err := models.SaveRoom(tx, room); err != nil {
			return who, err
		}
		if before.ID == 0 && s.links != nil {
			var creator *models.User
			if who.ActorID != 0 {
				creator = &models.User{ID: who.ActorID}
			}
			if _, err := s.links.CreateDefaultTx(tx, room, creator); err != nil {
				return who, err
			}
		}
		var details map[string]any
		who.Action, who.TargetType, who.Result = "room.update", "room", audit.ResultOK
		if before.ID == 0 {
			who.Action = "room.create"
			details = map[string]any{"name": room.Name, "template": room.Template.Name, "co_owners": userNames(room.CoOwners),
				"changes": optionChanges(createopts.Values{}, room.Overrides), "attendees_may_start": room.AttendeesMayStart}
		} else {
			details = roomDiff(&before, room)
		}
		who.TargetID, who.Details = fmt.Sprint(room.ID), details
		return who, savePresentation(tx, room.ID, ch.Presentation, ch.RemovePresentation && before.ID != 0, details)
	})
}

// roomDiff describes an update of a room for the audit log.
func roomDiff(before, room *models.Room) map[string]any {
	details := map[string]any{"name": room.Name, "changes": optionChanges(before.Overrides, room.Overrides)}
	if before.Name != room.Name {
		details["renamed_from"] = before.Name
	}
	if before.TemplateID != room.TemplateID {
		details["template"] = map[string]any{"before": before.Template.Name, "after": room.Template.Name}
	}
	if b, a := userNames(before.CoOwners), userNames(room.CoOwners); !slices.Equal(b, a) {
		details["co_owners"] = map[string]any{"before": b, "after": a}
	}
	if before.MaxDurationMinutes != room.MaxDurationMinutes {
		details["max_duration_minutes"] = map[string]any{"before": before.MaxDurationMinutes, "after": room.MaxDurationMinutes}
	}
	if before.AttendeesMayStart != room.AttendeesMayStart {
		details["attendees_may_start"] = map[string]any{"before": before.AttendeesMayStart, "after": room.AttendeesMayStart}
	}
	return details
}

// savePresentation stores an uploaded presentation (or removes the old one) and notes the change.
func savePresentation(tx *gorm.DB, roomID uint, upload *Upload, remove bool, details map[string]any) error {
	if upload == nil && !remove {
		return nil
	}
	old, err := models.PresentationOf(tx, roomID)
	if err != nil {
		return err
	}
	change := map[string]any{}
	if old != nil {
		change["before"] = old.Name
	}
	if upload != nil {
		if _, err := models.SetPresentation(tx, roomID, upload.Name, upload.Content); err != nil {
			return err
		}
		change["after"] = upload.Name
	} else if err := models.RemovePresentation(tx, roomID); err != nil {
		return err
	}
	details["presentation"] = change
	return nil
}

// DeleteRoom deletes room after ending its meeting when it runs (or BBB cannot say), and
// records it. The end is confirmed in the background by the meetings service.
func (s *Service) DeleteRoom(ctx context.Context, who audit.Record, room *models.Room) error {
	details := map[string]any{"name": room.Name, "meeting_id": room.MeetingID, "changes": optionChanges(room.Overrides, createopts.Values{})}
	if s.MeetingMayRun(ctx, room) {
		roomID := room.ID
		if _, err := s.meetings.RequestEnd(ctx, meetings.EndRequest{MeetingID: room.MeetingID,
			MeetingName: room.Name, RoomID: &roomID, Reason: meetings.ReasonManual, Who: who}); err != nil {
			return err
		}
		details["ended_meeting"] = true
	}
	who.Action, who.TargetType, who.TargetID, who.Details, who.Result = "room.delete", "room", fmt.Sprint(room.ID), details, audit.ResultOK
	return s.inTx(func(tx *gorm.DB) (audit.Record, error) { return who, models.DeleteRoom(tx, room) })
}

// MeetingMayRun reports whether the room's meeting exists on BBB, or might (BBB cannot be asked).
func (s *Service) MeetingMayRun(ctx context.Context, room *models.Room) bool {
	_, err := s.meetings.Info(ctx, room.MeetingID)
	return !bbb.IsKey(err, bbb.KeyNotFound)
}
