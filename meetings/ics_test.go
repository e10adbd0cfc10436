package meetings

import (
	"strings"
	"testing"
	"time"

	"bbbportal/models"
)

// parseICS unfolds an iCalendar text and returns its content lines as name → value,
// failing on anything RFC 5545 forbids that the portal could get wrong.
func parseICS(t *testing.T, raw string) map[string]string {
	t.Helper()
	if !strings.HasSuffix(raw, "\r\n") || strings.Contains(strings.ReplaceAll(raw, "\r\n", ""), "\n") {
		t.Fatalf("lines must end with CRLF: %q", raw)
	}
	var lines []string
	for _, l := range strings.Split(strings.TrimSuffix(raw, "\r\n"), "\r\n") {
		if len(l) > 75 {
			t.Errorf("line longer than 75 octets: %q", l)
		}
		if strings.HasPrefix(l, " ") {
			lines[len(lines)-1] += l[1:]
			continue
		}
		lines = append(lines, l)
	}
	props := map[string]string{}
	depth := 0
	for _, l := range lines {
		name, value, ok := strings.Cut(l, ":")
		if !ok {
			t.Fatalf("not a content line: %q", l)
		}
		switch name {
		case "BEGIN":
			depth++
		case "END":
			depth--
		default:
			props[name] = value
		}
	}
	if depth != 0 || lines[0] != "BEGIN:VCALENDAR" || lines[len(lines)-1] != "END:VCALENDAR" {
		t.Errorf("unbalanced calendar: %q", lines)
	}
	return props
}

func TestICS(t *testing.T) {
	start := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	until := start.AddDate(0, 2, 0)
	long := strings.Repeat("Überlänge, mit; Zeichen ", 6)
	cases := []struct {
		name  string
		sc    models.Schedule
		rrule string
		sum   string
	}{
		{"once", models.Schedule{ID: 4, Title: "Exam", StartsAt: start, EndsAt: start.Add(90 * time.Minute)}, "", `Exam (Maths 7b)`},
		{"weekly", models.Schedule{ID: 5, StartsAt: start, EndsAt: start.Add(time.Hour), Weekly: true}, "FREQ=WEEKLY", "Maths 7b"},
		{"weekly until", models.Schedule{ID: 6, Title: long, StartsAt: start, EndsAt: start.Add(time.Hour), Weekly: true, RepeatUntil: &until}, "FREQ=WEEKLY;UNTIL=20270123T090000Z",
			strings.NewReplacer(",", `\,`, ";", `\;`).Replace(long) + " (Maths 7b)"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			raw := string(ICS(&c.sc, "Maths 7b", "https://portal.test/rooms/3", "portal.test", start))
			props := parseICS(t, raw)
			if props["DTSTART"] != "20261123T090000Z" || props["DTEND"] != c.sc.EndsAt.UTC().Format("20060102T150405Z") {
				t.Errorf("times: %v", props)
			}
			if props["RRULE"] != c.rrule {
				t.Errorf("RRULE = %q, want %q", props["RRULE"], c.rrule)
			}
			if props["SUMMARY"] != c.sum {
				t.Errorf("SUMMARY = %q, want %q", props["SUMMARY"], c.sum)
			}
			if !strings.HasPrefix(props["UID"], "schedule-") || props["URL"] != "https://portal.test/rooms/3" {
				t.Errorf("UID/URL: %v", props)
			}
		})
	}
}

func TestWeeklyICSIsAnchoredInThePortalsZone(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Skip("no time zone database")
	}
	saved := time.Local
	time.Local = berlin
	defer func() { time.Local = saved }()

	start := time.Date(2026, 10, 19, 10, 0, 0, 0, berlin).UTC()
	sc := models.Schedule{ID: 7, StartsAt: start, EndsAt: start.Add(90 * time.Minute), Weekly: true}
	props := parseICS(t, string(ICS(&sc, "Maths", "https://portal.test/rooms/1", "portal.test", start)))
	if props["DTSTART;TZID=Europe/Berlin"] != "20261019T100000" || props["DTEND;TZID=Europe/Berlin"] != "20261019T113000" {
		t.Errorf("weekly event not anchored in Europe/Berlin: %v", props)
	}
	once := models.Schedule{ID: 8, StartsAt: start, EndsAt: start.Add(time.Hour)}
	if props := parseICS(t, string(ICS(&once, "Maths", "https://portal.test/rooms/1", "portal.test", start))); props["DTSTART"] != "20261019T080000Z" {
		t.Errorf("single event not in UTC: %v", props)
	}
}
