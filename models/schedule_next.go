package models

import (
	"database/sql"
	"time"

	"gorm.io/gorm"

	"bbbportal/txstmt"
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
	// Plain SQL with the ids as one JSON argument: one prepared statement serves every page,
	// without gorm's query building on every dashboard view. CROSS JOIN keeps json_each outer
	// and INDEXED BY makes each id one lookup in the index on room_id, even where the
	// statistics of a school with few schedules would have SQLite read them all.
	var list []Schedule
	err := txstmt.Each(db, func(rows *sql.Rows) error {
		var sc Schedule
		var until sql.NullTime
		err := rows.Scan(&sc.ID, &sc.RoomID, &sc.Title, &sc.StartsAt, &sc.EndsAt, &sc.Weekly, &until)
		if until.Valid {
			sc.RepeatUntil = &until.Time
		}
		list = append(list, sc)
		return err
	}, `SELECT s.id, s.room_id, s.title, s.starts_at, s.ends_at, s.weekly, s.repeat_until
		FROM json_each(?) AS j CROSS JOIN schedules AS s INDEXED BY idx_schedules_room_id ON s.room_id = j.value
		WHERE s.ends_at > ? OR (s.weekly AND (s.repeat_until IS NULL OR s.repeat_until > ?))
		LIMIT ?`, txstmt.IDList(roomIDs), now.UTC(), now.UTC().Add(-week), maxNextSchedules)
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
