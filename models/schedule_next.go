package models

import (
	"time"

	"gorm.io/gorm"
)

// maxNextSchedules bounds the schedules read for one page of rooms (the per-user schedule
// quota keeps real pages far below it).
const maxNextSchedules = 1000

// NextOccurrence returns the first occurrence that has not ended at now (the current one
// while it runs).
func (s *Schedule) NextOccurrence(now time.Time) (start, end time.Time, ok bool) {
	n := 0
	if s.Weekly && now.After(s.EndsAt) {
		n = int(now.Sub(s.EndsAt) / week)
	}
	// Start a week early: a change of daylight saving time moves occurrences by an hour.
	for i := max(n-1, 0); i <= n+2; i++ {
		start, end, ok := s.Occurrence(i)
		if !ok {
			return time.Time{}, time.Time{}, false
		}
		if end.After(now) {
			return start, end, true
		}
	}
	return time.Time{}, time.Time{}, false
}

// NextOccurrences maps each of the rooms that has one to its schedules' earliest occurrence
// not ended at now, read in one query.
func NextOccurrences(db *gorm.DB, roomIDs []uint, now time.Time) (map[uint]Occurrence, error) {
	next := map[uint]Occurrence{}
	if len(roomIDs) == 0 {
		return next, nil
	}
	// Sized for a schedule per room: GORM otherwise makes room for 20 Schedules per query.
	list := make([]Schedule, 0, min(len(roomIDs), maxNextSchedules))
	err := db.Select("id, room_id, title, starts_at, ends_at, weekly, repeat_until").
		Where("room_id IN ? AND (ends_at > ? OR (weekly AND (repeat_until IS NULL OR repeat_until > ?)))", roomIDs, now.UTC(), now.UTC().Add(-week)).
		Limit(maxNextSchedules).Find(&list).Error
	if err != nil {
		return nil, err
	}
	for i := range list {
		sc := &list[i]
		start, end, ok := sc.NextOccurrence(now)
		if !ok {
			continue
		}
		if o, seen := next[sc.RoomID]; !seen || start.Before(o.Start) {
			next[sc.RoomID] = Occurrence{Title: sc.Title, Start: start, End: end}
		}
	}
	return next, nil
}

// Occurrence is one meeting of a schedule.
type Occurrence struct {
	Title      string
	Start, End time.Time
}
