package models

import (
	"fmt"
	"time"

	"gorm.io/gorm"
)

// Schedule is a planned meeting of a room, once or every week until RepeatUntil.
type Schedule struct {
	ID          uint
	RoomID      uint
	Room        Room `gorm:"foreignKey:RoomID"`
	Title       string
	StartsAt    time.Time
	EndsAt      time.Time
	Weekly      bool
	RepeatUntil *time.Time
	// HandledEnd is the end of the last occurrence the portal has ended (or found not running).
	HandledEnd  *time.Time
	CreatedByID *uint
	CreatedAt   time.Time
}

const week = 7 * 24 * time.Hour

// Occurrence returns the n-th occurrence (0 = the first) and whether it exists.
func (s *Schedule) Occurrence(n int) (start, end time.Time, ok bool) {
	if n < 0 || (!s.Weekly && n > 0) {
		return time.Time{}, time.Time{}, false
	}
	// Calendar weeks in the portal's time zone keep the wall-clock time across a DST change
	// (the database hands times back in UTC).
	start = s.StartsAt.In(time.Local).AddDate(0, 0, 7*n)
	end = start.Add(s.EndsAt.Sub(s.StartsAt))
	if s.RepeatUntil != nil && start.After(*s.RepeatUntil) {
		return time.Time{}, time.Time{}, false
	}
	return start, end, true
}

// LastEndBefore returns the end of the latest occurrence that ended at or before now.
func (s *Schedule) LastEndBefore(now time.Time) (time.Time, bool) {
	if now.Before(s.EndsAt) {
		return time.Time{}, false
	}
	n := 0
	if s.Weekly {
		n = int(now.Sub(s.EndsAt) / week)
	}
	for ; n >= 0; n-- {
		_, end, ok := s.Occurrence(n)
		if ok && !end.After(now) {
			return end, true
		}
	}
	return time.Time{}, false
}

// Current returns the occurrence that contains now, if any.
func (s *Schedule) Current(now time.Time) (start, end time.Time, ok bool) {
	n := 0
	if s.Weekly && now.After(s.StartsAt) {
		n = int(now.Sub(s.StartsAt) / week)
	}
	for _, i := range []int{n - 1, n, n + 1} {
		if start, end, ok := s.Occurrence(i); ok && !now.Before(start) && now.Before(end) {
			return start, end, true
		}
	}
	return time.Time{}, time.Time{}, false
}

// SaveSchedule creates or updates a schedule.
func SaveSchedule(db *gorm.DB, s *Schedule) error {
	if err := db.Omit("Room").Save(s).Error; err != nil {
		return fmt.Errorf("models: save schedule: %w", err)
	}
	return nil
}

// SchedulesOfRoom lists a room's schedules by start.
func SchedulesOfRoom(db *gorm.DB, roomID uint) ([]Schedule, error) {
	var list []Schedule
	err := db.Where("room_id = ?", roomID).Order("starts_at").Find(&list).Error
	return list, err
}

// AllSchedules lists every schedule with its room.
func AllSchedules(db *gorm.DB) ([]Schedule, error) {
	var list []Schedule
	err := db.Preload("Room").Find(&list).Error
	return list, err
}

// MarkScheduleHandled records that the occurrence ending at end has been dealt with.
func MarkScheduleHandled(db *gorm.DB, id uint, end time.Time) error {
	return db.Model(&Schedule{}).Where("id = ?", id).Update("handled_end", end).Error
}

// DeleteSchedule removes a schedule of a room.
func DeleteSchedule(db *gorm.DB, roomID, id uint) error {
	return db.Where("room_id = ? AND id = ?", roomID, id).Delete(&Schedule{}).Error
}

// SchedulesPage is one page of a room's schedules, by start.
func SchedulesPage(db *gorm.DB, roomID uint, k Keyset) ([]Schedule, Pager, error) {
	l := keysetList{
		cols:     "s.*",
		key:      []string{"s.starts_at", "s.id"},
		branches: []listBranch{{from: "schedules AS s", where: "s.room_id = ?", args: []any{roomID}}},
		cursor:   "SELECT s.starts_at, s.id FROM schedules AS s WHERE s.id = ?",
	}
	return keysetPage(db, l, k, keysetRows[Schedule]{id: func(s *Schedule) uint { return s.ID }})
}
