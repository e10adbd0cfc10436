package handlers

import (
	"maps"
	"strings"
	"testing"
	"time"
)

func TestScheduleFormValidate(t *testing.T) {
	t.Parallel()
	loc := time.FixedZone("CET", 3600)
	now := time.Date(2026, 11, 23, 0, 0, 0, 0, loc)
	base := scheduleForm{Date: "2026-11-23", Start: "10:00", End: "11:30", Loc: loc, Now: now}
	with := func(f func(*scheduleForm)) scheduleForm { c := base; f(&c); return c }
	type errs = map[string]string
	cases := []struct {
		name  string
		form  scheduleForm
		want  errs
		shown string // the one problem the page names
	}{
		{"once", base, errs{}, ""},
		{"weekly until", with(func(f *scheduleForm) { f.Weekly, f.RepeatUntil = "on", "2027-01-31" }), errs{}, ""},
		{"no date", with(func(f *scheduleForm) { f.Date = "" }), errs{"date": "schedules.error.when"}, "schedules.error.when"},
		{"bad time", with(func(f *scheduleForm) { f.Start = "25:00" }), errs{"date": "schedules.error.when"}, "schedules.error.when"},
		{"end before start", with(func(f *scheduleForm) { f.End = "09:00" }), errs{"end": "schedules.error.order"}, "schedules.error.order"},
		{"empty", with(func(f *scheduleForm) { f.End = "10:00" }), errs{"end": "schedules.error.order"}, "schedules.error.order"},
		{"too long", with(func(f *scheduleForm) { f.Start, f.End = "06:00", "19:00" }), errs{"end": "schedules.error.order"}, "schedules.error.order"},
		{"until without weekly", with(func(f *scheduleForm) { f.RepeatUntil = "2027-01-31" }),
			errs{"repeat_until": "schedules.error.until_without_weekly"}, "schedules.error.until_without_weekly"},
		{"until before start", with(func(f *scheduleForm) { f.Weekly, f.RepeatUntil = "on", "2026-11-01" }),
			errs{"repeat_until": "schedules.error.until"}, "schedules.error.until"},
		{"until not a date", with(func(f *scheduleForm) { f.Weekly, f.RepeatUntil = "on", "soon" }),
			errs{"repeat_until": "schedules.error.until"}, "schedules.error.until"},
		{"long title", with(func(f *scheduleForm) { f.Title = strings.Repeat("x", 201) }), errs{"title": "schedules.error.title"}, "schedules.error.title"},
		{"200 umlauts", with(func(f *scheduleForm) { f.Title = strings.Repeat("ü", 200) }), errs{}, ""},
		{"an hour ago", with(func(f *scheduleForm) { f.Date, f.Start, f.End = "2026-11-22", "23:00", "23:59" }),
			errs{"date": "schedules.error.past"}, "schedules.error.past"},
		{"yesterday", with(func(f *scheduleForm) { f.Date = "2026-11-22" }), errs{"date": "schedules.error.past"}, "schedules.error.past"},
		{"yesterday backwards", with(func(f *scheduleForm) { f.Date, f.End = "2026-11-22", "09:00" }),
			errs{"date": "schedules.error.past", "end": "schedules.error.order"}, "schedules.error.order"},
		{"long title, no date", with(func(f *scheduleForm) { f.Title, f.Date = strings.Repeat("x", 201), "" }),
			errs{"title": "schedules.error.title", "date": "schedules.error.when"}, "schedules.error.title"},
	}
	for _, c := range cases {
		got := c.form.Validate()
		if !maps.Equal(got, c.want) {
			t.Errorf("%s: problems %v, want %v", c.name, got, c.want)
		}
		if shown := firstProblem(got, scheduleFields...); shown != c.shown {
			t.Errorf("%s: the page names %q, want %q", c.name, shown, c.shown)
		}
		if len(got) == 0 {
			sc := c.form.schedule()
			if !sc.StartsAt.Equal(time.Date(2026, 11, 23, 10, 0, 0, 0, loc)) || sc.EndsAt.Sub(sc.StartsAt) != 90*time.Minute {
				t.Errorf("%s: %v – %v", c.name, sc.StartsAt, sc.EndsAt)
			}
		}
	}
	sc := cases[1].form.schedule()
	if sc.RepeatUntil == nil || sc.RepeatUntil.Day() != 31 || sc.RepeatUntil.Hour() != 23 || !sc.Weekly {
		t.Errorf("repeat until should cover the whole last day: %v", sc.RepeatUntil)
	}
	if sc := with(func(f *scheduleForm) { f.Title = "  Maths  " }).schedule(); sc.Title != "Maths" || sc.RepeatUntil != nil {
		t.Errorf("title %q, repeat until %v", sc.Title, sc.RepeatUntil)
	}
}
