package models

import (
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// States of an end watch.
const (
	WatchRequested = "requested" // end was sent; checking until the meeting is gone
	WatchConfirmed = "confirmed" // the meeting is gone
	WatchTimedOut  = "timeout"   // still running when the deadline passed
)

// How an end was confirmed.
const (
	ConfirmedByPoll     = "poll"
	ConfirmedByCallback = "callback"
	ConfirmedByHook     = "hook" // a bbb-webhooks meeting-ended event made the portal ask BBB at once
)

// EndWatch follows one request to end a meeting until BBB confirms it.
// It lives in the database so that a restart resumes watching.
type EndWatch struct {
	ID            uint
	MeetingID     string
	MeetingName   string
	RoomID        *uint
	RequestedByID *uint
	Reason        string // manual, bulk, on-time, schedule
	RequestedAt   time.Time
	Deadline      time.Time
	State         string
	ConfirmedAt   *time.Time
	ConfirmedVia  string
	Checks        int
	LastError     string // a sentence for people, never a Go error string
	UpdatedAt     time.Time
}

// Elapsed is the time from the request to the confirmation.
func (w *EndWatch) Elapsed() time.Duration {
	if w.ConfirmedAt == nil {
		return 0
	}
	return w.ConfirmedAt.Sub(w.RequestedAt)
}

// CreateEndWatch stores a new watch.
func CreateEndWatch(db *gorm.DB, w *EndWatch) error {
	if err := db.Create(w).Error; err != nil {
		return fmt.Errorf("models: create end watch: %w", err)
	}
	return nil
}

// EndWatchByID returns one watch.
func EndWatchByID(db *gorm.DB, id uint) (*EndWatch, error) {
	var w EndWatch
	err := db.First(&w, id).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, ErrNotFound
	}
	return &w, err
}

// LatestEndWatch returns the newest watch of a meeting, or ErrNotFound.
func LatestEndWatch(db *gorm.DB, meetingID string) (*EndWatch, error) {
	var w EndWatch
	err := db.Where("meeting_id = ?", meetingID).Order("id DESC").First(&w).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, ErrNotFound
	}
	return &w, err
}

// LatestEndWatches returns the newest watch of each of the meetings that has one, in one query.
func LatestEndWatches(db *gorm.DB, meetingIDs []string) (map[string]EndWatch, error) {
	out := map[string]EndWatch{}
	if len(meetingIDs) == 0 {
		return out, nil
	}
	var ws []EndWatch
	newest := db.Model(&EndWatch{}).Select("MAX(id)").Where("meeting_id IN ?", meetingIDs).Group("meeting_id")
	if err := db.Where("id IN (?)", newest).Find(&ws).Error; err != nil {
		return nil, fmt.Errorf("models: latest end watches: %w", err)
	}
	for _, w := range ws {
		out[w.MeetingID] = w
	}
	return out, nil
}

// OpenEndWatches returns the watches still waiting for a confirmation.
func OpenEndWatches(db *gorm.DB) ([]EndWatch, error) {
	var ws []EndWatch
	err := db.Where("state = ?", WatchRequested).Order("id").Find(&ws).Error
	return ws, err
}

// ErrWatchConfirmed is returned when saving a watch that was confirmed meanwhile.
var ErrWatchConfirmed = errors.New("models: end watch already confirmed")

// SaveEndWatch writes a watch's progress unless the stored watch is confirmed already: the end
// callback may confirm it while the watcher waits for BBB, and the watcher's older view must not
// undo that. It then returns ErrWatchConfirmed and writes nothing.
func SaveEndWatch(db *gorm.DB, w *EndWatch) error {
	res := db.Model(w).Where("state <> ?", WatchConfirmed).Select("*").Updates(w)
	if res.Error != nil {
		return fmt.Errorf("models: save end watch: %w", res.Error)
	}
	if res.RowsAffected == 0 {
		return ErrWatchConfirmed
	}
	return nil
}

// ConfirmOpenWatches confirms every open watch of a meeting (used by the end callback).
// It returns how many it confirmed.
func ConfirmOpenWatches(db *gorm.DB, meetingID, via string, at time.Time) (int64, error) {
	res := db.Model(&EndWatch{}).Where("meeting_id = ? AND state IN ?", meetingID, []string{WatchRequested, WatchTimedOut}).
		Updates(map[string]any{"state": WatchConfirmed, "confirmed_at": at, "confirmed_via": via, "last_error": "", "updated_at": at})
	return res.RowsAffected, res.Error
}

// RecentEndWatches returns the watches requested since since, newest first, at most limit.
func RecentEndWatches(db *gorm.DB, since time.Time, limit int) ([]EndWatch, error) {
	var ws []EndWatch
	err := db.Where("requested_at >= ? OR state = ?", since, WatchRequested).Order("id DESC").Limit(limit).Find(&ws).Error
	if err != nil {
		return nil, fmt.Errorf("models: recent end watches: %w", err)
	}
	return ws, nil
}
