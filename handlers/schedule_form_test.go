package handlers

import (
	"strings"
	"testing"
	"time"
)

func TestScheduleFormParse(t *testing.T) {
	loc := time.FixedZone("CET", 3600)
	base := scheduleForm{Date: "2026-11-23", Start: "10:00", End: "11:30"}
	with := func(f func(*scheduleForm)) scheduleForm { c := base; f(&c); return c }
	cases := []struct {
		name    string
		form    scheduleForm
		problem string
	}{
		{"once", base, ""},
		{"weekly until", with(func(f *scheduleForm) { f.Weekly, f.RepeatUntil = "on", "2027-01-31" }), ""},
		{"no date", with(func(f *scheduleForm) { f.Date = "" }), "schedules.error.when"},
		{"bad time", with(func(f *scheduleForm) { f.Start = "25:00" }), "schedules.error.when"},
		{"end before start", with(func(f *scheduleForm) { f.End = "09:00" }), "schedules.error.order"},
		{"empty", with(func(f *scheduleForm) { f.End = "10:00" }), "schedules.error.order"},
		{"too long", with(func(f *scheduleForm) { f.Start, f.End = "06:00", "19:00" }), "schedules.error.order"},
		{"until without weekly", with(func(f *scheduleForm) { f.RepeatUntil = "2027-01-31" }), "schedules.error.until_without_weekly"},
		{"until before start", with(func(f *scheduleForm) { f.Weekly, f.RepeatUntil = "on", "2026-11-01" }), "schedules.error.until"},
		{"long title", with(func(f *scheduleForm) { f.Title = strings.Repeat("x", 201) }), "schedules.error.title"},
		{"200 umlauts", with(func(f *scheduleForm) { f.Title = strings.Repeat("ü", 200) }), ""},
		{"an hour ago", with(func(f *scheduleForm) { f.Date, f.Start, f.End = "2026-11-22", "23:00", "23:59" }), "schedules.error.past"},
		{"yesterday", with(func(f *scheduleForm) { f.Date = "2026-11-22" }), "schedules.error.past"},
	}
	now := time.Date(2026, 11, 23, 0, 0, 0, 0, loc)
	for _, c := range cases {
		sc, problem := c.form.parse(loc, now)
		if problem != c.problem {
			t.Errorf("%s: problem %q, want %q", c.name, problem, c.problem)
			continue
		}
		if problem == "" && (!sc.StartsAt.Equal(time.Date(2026, 11, 23, 10, 0, 0, 0, loc)) || sc.EndsAt.Sub(sc.StartsAt) != 90*time.Minute) {
			t.Errorf("%s: %v – %v", c.name, sc.StartsAt, sc.EndsAt)
		}
	}
	sc, _ := cases[1].form.parse(loc, now)
	if sc.RepeatUntil == nil || sc.RepeatUntil.Day() != 31 || sc.RepeatUntil.Hour() != 23 {
		t.Errorf("repeat until should cover the whole last day: %v", sc.RepeatUntil)
	}
}
