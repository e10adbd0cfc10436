package models

import (
	"testing"
	"time"
)

func TestScheduleOccurrences(t *testing.T) {
	start := time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC) // a Monday
	until := start.AddDate(0, 0, 14)
	weekly := Schedule{StartsAt: start, EndsAt: start.Add(90 * time.Minute), Weekly: true, RepeatUntil: &until}
	once := Schedule{StartsAt: start, EndsAt: start.Add(90 * time.Minute)}

	cases := []struct {
		name        string
		s           Schedule
		now         time.Time
		current     bool
		lastEnd     time.Time // zero: none yet
		description string
	}{
		{"before the first", weekly, start.Add(-time.Hour), false, time.Time{}, ""},
		{"inside the first", weekly, start.Add(30 * time.Minute), true, time.Time{}, ""},
		{"just after the first", weekly, start.Add(91 * time.Minute), false, start.Add(90 * time.Minute), ""},
		{"inside the second week", weekly, start.AddDate(0, 0, 7).Add(time.Minute), true, start.Add(90 * time.Minute), ""},
		{"after the third (last) week", weekly, start.AddDate(0, 0, 30), false, start.AddDate(0, 0, 14).Add(90 * time.Minute), ""},
		{"once: a week later nothing repeats", once, start.AddDate(0, 0, 7).Add(time.Minute), false, start.Add(90 * time.Minute), ""},
	}
	for _, c := range cases {
		_, _, cur := c.s.Current(c.now)
		if cur != c.current {
			t.Errorf("%s: current = %v, want %v", c.name, cur, c.current)
		}
		last, ok := c.s.LastEndBefore(c.now)
		if ok != !c.lastEnd.IsZero() || (ok && !last.Equal(c.lastEnd)) {
			t.Errorf("%s: last end = %v (%v), want %v", c.name, last, ok, c.lastEnd)
		}
	}
}

func TestWeeklyScheduleKeepsLocalTimeAcrossDST(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Skip("no time zone database")
	}
	saved := time.Local
	time.Local = berlin
	defer func() { time.Local = saved }()

	// 10:00 in Berlin on the Monday before the change to winter time (25 Oct 2026), stored as UTC.
	start := time.Date(2026, 10, 19, 10, 0, 0, 0, berlin).UTC()
	s := Schedule{StartsAt: start, EndsAt: start.Add(time.Hour), Weekly: true}
	next, _, ok := s.Occurrence(1)
	if !ok {
		t.Fatal("no second occurrence")
	}
	if got := next.In(berlin); got.Hour() != 10 || got.Day() != 26 {
		t.Errorf("second occurrence at %v, want Monday 26 Oct 10:00 Berlin time", got)
	}
}
