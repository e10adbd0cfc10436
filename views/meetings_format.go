package views

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/a-h/templ"

	"bbbportal/bbb"
	"bbbportal/i18n"
	"bbbportal/models"
	"bbbportal/paths"
)

// BBBStatus is what pages say about the BBB server: its problem, since when, and how old
// the data shown is.
type BBBStatus struct {
	Problem   string // a meetings problem ID; "" while the server answers
	DownSince time.Time
	FetchedAt time.Time // when the data shown was read; zero if never
	Now       time.Time
}

// Down reports whether the server is not answering.
func (s BBBStatus) Down() bool { return s.Problem != "" }

// MeetingPath is the portal page of a meeting.
func MeetingPath(meetingID string, rest ...string) templ.SafeURL {
	return templ.SafeURL(meetingPathString(meetingID, rest...))
}

func meetingPathString(meetingID string, rest ...string) string {
	return paths.Meeting(meetingID, rest...)
}

func watchPath(w *models.EndWatch, rest ...string) string {
	return paths.Meeting(w.MeetingID, append([]string{"watch", strconv.FormatUint(uint64(w.ID), 10)}, rest...)...)
}

func roomPagePath(id uint, rest ...string) templ.SafeURL {
	return templ.SafeURL(paths.Room(id, rest...))
}

// timeOfDay shows a time of day in the portal's time zone.
func timeOfDay(t time.Time) string { return t.Local().Format("15:04:05") }

// shortTimeOfDay shows hours and minutes.
func shortTimeOfDay(t time.Time) string { return t.Local().Format("15:04") }

// localDateTime shows a date and time in the request's language.
func localDateTime(ctx context.Context, t time.Time) string {
	if i18n.Lang(ctx) == "de" {
		return t.Local().Format("02.01.2006, 15:04")
	}
	return t.Local().Format("2 Jan 2006, 15:04")
}

func isoTimestamp(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// durationText shows a duration as "1 h 12 min", "12 min" or "45 s".
func durationText(ctx context.Context, d time.Duration) string {
	if d < 0 {
		d = 0
	}
	switch {
	case d < time.Minute:
		return i18n.T(ctx, "time.seconds", "N", int(d.Seconds()))
	case d < time.Hour:
		return i18n.T(ctx, "time.minutes", "N", int(d.Minutes()))
	}
	return i18n.T(ctx, "time.hours_minutes", "H", int(d.Hours()), "M", int(d.Minutes())%60)
}

// agoText shows how long ago something was: "3 min ago".
func agoText(ctx context.Context, d time.Duration) string {
	return i18n.T(ctx, "time.ago", "Span", durationText(ctx, d))
}

// elapsedText shows how long an end took: "2.5 s" with one decimal in the request's
// language under a minute, otherwise as durationText ("12 min").
func elapsedText(ctx context.Context, d time.Duration) string {
	if d >= time.Minute {
		return durationText(ctx, d)
	}
	s := strconv.FormatFloat(d.Seconds(), 'f', 1, 64)
	if i18n.Lang(ctx) == "de" {
		s = strings.Replace(s, ".", ",", 1)
	}
	return i18n.T(ctx, "time.seconds", "N", s)
}

// peopleText says how many people are in a meeting.
func peopleText(ctx context.Context, n int) string {
	switch n {
	case 0:
		return i18n.T(ctx, "meetings.people_none")
	case 1:
		return i18n.T(ctx, "meetings.people_one")
	}
	return i18n.T(ctx, "meetings.people_many", "N", n)
}

func yesNoText(ctx context.Context, b bool) string {
	if b {
		return i18n.T(ctx, "meetings.yes")
	}
	return i18n.T(ctx, "meetings.no")
}

func countText(n int) string { return strconv.Itoa(n) }

// meetingStart is when a meeting started (its create time if BBB gave no start time).
func meetingStart(m *bbb.Meeting) time.Time {
	if !m.StartTime.IsZero() {
		return m.StartTime
	}
	return m.CreateTime
}

// meetingRowID is a stable element id for a meeting row (internal meeting IDs are hex and digits).
func meetingRowID(prefix string, m *bbb.Meeting) string {
	return prefix + strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' {
			return r
		}
		return '_'
	}, m.InternalMeetingID)
}
