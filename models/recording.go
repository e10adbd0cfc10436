package models

import (
	"database/sql"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"bbbportal/txstmt"
)

// Recording states as the portal shows them: BBB's five, plus StateNone for a meeting that
// ended without recording marks (no recording will appear).
const (
	RecProcessing  = "processing"
	RecProcessed   = "processed"
	RecPublished   = "published"
	RecUnpublished = "unpublished"
	RecDeleted     = "deleted"
	RecNone        = "none"
)

// RecordingItem is one recording as the portal lists it: what BBB reports, joined with the
// portal's room, or an expected recording BBB does not list yet. It is a display type shared
// by the recordings service and the views.
type RecordingItem struct {
	RecordID     string
	MeetingID    string // external meeting ID
	Name         string // meta name if renamed, else the meeting's name
	Description  string
	RoomID       uint // 0: not a meeting of this portal
	RoomName     string
	Foreign      bool // the portal did not create the meeting
	Breakout     bool
	Start, End   time.Time
	Length       time.Duration // longest format's length
	Size         int64         // bytes, all formats
	Participants int
	State        string
	Formats      []PlaybackLink
	Preview      []PreviewImage
	Metadata     map[string]string
	// Expected is set when BBB does not list the recording yet and the portal knows that the
	// meeting ended with recording marks.
	Expected bool
	// ProcessingSince and ReadyBy explain a processing (or expected) recording: since when, and
	// when it should be ready. Zero for other states.
	ProcessingSince time.Time
	ReadyBy         time.Time
}

// PlaybackLink is one playback format of a recording.
type PlaybackLink struct {
	Type   string // presentation, video, podcast, notes, screenshare, statistics or another name
	URL    string
	Length time.Duration
}

// PreviewImage is a thumbnail of a recording.
type PreviewImage struct {
	URL, Alt      string
	Width, Height int
}

// ExpectedRecording is a meeting of a room that ended while recording was possible: the
// portal's own knowledge, shown until BBB lists the recording.
type ExpectedRecording struct {
	ID                uint
	RoomID            uint
	MeetingID         string
	InternalMeetingID string // = the recordID BBB will use
	StartedAt         time.Time
	EndedAt           time.Time
	Marks             *bool // recording marks were set; nil if unknown
	ListedAt          *time.Time
	ReadyAt           *time.Time
	CreatedAt         time.Time
}

// NoteExpectedRecording stores e unless its internal meeting ID is known already; then it
// fills in what was unknown (marks).
func NoteExpectedRecording(db *gorm.DB, e *ExpectedRecording) error {
	err := db.Clauses(clause.OnConflict{DoNothing: true}).Create(e).Error
	if err != nil {
		return fmt.Errorf("models: note expected recording: %w", err)
	}
	if e.Marks != nil {
		err = db.Model(&ExpectedRecording{}).Where("internal_meeting_id = ? AND marks IS NULL", e.InternalMeetingID).
			Update("marks", *e.Marks).Error
	}
	if err != nil {
		return fmt.Errorf("models: note expected recording: %w", err)
	}
	return nil
}

// ExpectedRecordingByID returns the expected recording of an internal meeting ID.
func ExpectedRecordingByID(db *gorm.DB, internalMeetingID string) (*ExpectedRecording, error) {
	var e ExpectedRecording
	err := db.Where("internal_meeting_id = ?", internalMeetingID).First(&e).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("models: expected recording: %w", err)
	}
	return &e, nil
}

// UnlistedExpectedRecordings returns the expected recordings that BBB has not listed yet and
// that ended after since, of the given rooms (all rooms when roomIDs is nil), newest first.
// When they were noted is left out; ListedAt and ReadyAt are nil (a ready one is listed).
func UnlistedExpectedRecordings(db *gorm.DB, roomIDs []uint, since time.Time) ([]ExpectedRecording, error) {
	// Plain SQL with the rooms as one JSON argument: every room page asks this.
	q := "SELECT " + expectedCols + " FROM expected_recordings AS e WHERE e.listed_at IS NULL AND e.ended_at > ?"
	args := []any{since}
	switch {
	case roomIDs == nil:
	case len(roomIDs) == 0:
		return nil, nil
	case len(roomIDs) == 1: // a room page: read from the index in order, without a sort
		q += " AND e.room_id = ?"
		args = append(args, roomIDs[0])
	default: // as in NextOccurrences, each room is one lookup in the index
		q = "SELECT " + expectedCols + " FROM json_each(?) AS j CROSS JOIN expected_recordings AS e INDEXED BY idx_expected_unlisted" +
			" ON e.room_id = j.value WHERE e.listed_at IS NULL AND e.ended_at > ?"
		args = []any{txstmt.IDList(roomIDs), since}
	}
	var out []ExpectedRecording
	err := txstmt.Each(db, func(rows *sql.Rows) error {
		var e ExpectedRecording
		err := rows.Scan(&e.ID, &e.RoomID, &e.MeetingID, &e.InternalMeetingID, &e.StartedAt, &e.EndedAt, &e.Marks)
		out = append(out, e)
		return err
	}, q+" ORDER BY e.ended_at DESC LIMIT 1000", args...)
	if err != nil {
		return nil, fmt.Errorf("models: expected recordings: %w", err)
	}
	return out, nil
}

const expectedCols = "e.id, e.room_id, e.meeting_id, e.internal_meeting_id, e.started_at, e.ended_at, e.marks"

// MarkExpectedListed records that BBB lists these recordings now.
func MarkExpectedListed(db *gorm.DB, internalMeetingIDs []string, at time.Time) error {
	if len(internalMeetingIDs) == 0 {
		return nil
	}
	err := db.Model(&ExpectedRecording{}).Where("internal_meeting_id IN ? AND listed_at IS NULL", internalMeetingIDs).
		Update("listed_at", at).Error
	if err != nil {
		return fmt.Errorf("models: expected recordings listed: %w", err)
	}
	return nil
}

// MarkExpectedReady records the recording-ready callback; it reports whether this was the first.
func MarkExpectedReady(db *gorm.DB, internalMeetingID string, at time.Time) (bool, error) {
	res := db.Model(&ExpectedRecording{}).Where("internal_meeting_id = ? AND ready_at IS NULL", internalMeetingID).
		Updates(map[string]any{"ready_at": at, "listed_at": gorm.Expr("COALESCE(listed_at, ?)", at)})
	if res.Error != nil {
		return false, fmt.Errorf("models: expected recording ready: %w", res.Error)
	}
	return res.RowsAffected > 0, nil
}

// RoomRef is a room's identity for joining BBB's recordings with the portal's rooms.
type RoomRef struct {
	ID         uint
	Name       string
	MeetingID  string
	OwnerID    uint
	TemplateID uint
}

// RoomRefsFor returns the rooms u owns or co-owns (every room when all is set).
func RoomRefsFor(db *gorm.DB, u *User, all bool) ([]RoomRef, error) {
	q := db.Table("rooms").Select("id, name, meeting_id, owner_id, template_id").Order("id")
	if !all {
		q = q.Where("owner_id = ? OR id IN (SELECT room_id FROM room_co_owners WHERE user_id = ?)", u.ID, u.ID)
	}
	var out []RoomRef
	if err := q.Scan(&out).Error; err != nil {
		return nil, fmt.Errorf("models: room refs: %w", err)
	}
	return out, nil
}

// RoomRefsByMeetingIDs maps meeting IDs to the portal's rooms that have them.
func RoomRefsByMeetingIDs(db *gorm.DB, ids []string) (map[string]RoomRef, error) {
	out := map[string]RoomRef{}
	for len(ids) > 0 {
		n := min(len(ids), 500)
		var refs []RoomRef
		err := db.Table("rooms").Select("id, name, meeting_id, owner_id, template_id").
			Where("meeting_id IN ?", ids[:n]).Scan(&refs).Error
		if err != nil {
			return nil, fmt.Errorf("models: rooms by meeting: %w", err)
		}
		for _, r := range refs {
			out[r.MeetingID] = r
		}
		ids = ids[n:]
	}
	return out, nil
}

// RoomRefsWithTemplate returns the rooms made from a template.
func RoomRefsWithTemplate(db *gorm.DB, templateID uint) ([]RoomRef, error) {
	var out []RoomRef
	err := db.Table("rooms").Select("id, name, meeting_id, owner_id, template_id").
		Where("template_id = ?", templateID).Order("id").Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("models: rooms of template: %w", err)
	}
	return out, nil
}

// RoomManagerIDs returns the owner and co-owners of a room.
func RoomManagerIDs(db *gorm.DB, roomID uint) ([]uint, error) {
	var ids []uint
	err := db.Raw("SELECT owner_id FROM rooms WHERE id = ? UNION SELECT user_id FROM room_co_owners WHERE room_id = ?",
		roomID, roomID).Scan(&ids).Error
	if err != nil {
		return nil, fmt.Errorf("models: room managers: %w", err)
	}
	return ids, nil
}
