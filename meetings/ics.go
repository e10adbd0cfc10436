package meetings

import (
	"strconv"
	"strings"
	"time"

	"bbbportal/models"
)

// ICS returns a schedule as an RFC 5545 calendar with one event (weekly ones with an RRULE),
// CRLF line endings and lines folded at 75 octets. joinURL is where the invited join: the
// room's attendee link (the room's page on the portal when it has none).
func ICS(sc *models.Schedule, roomName, joinURL, host string, stamp time.Time) []byte {
	const utc = "20060102T150405Z"
	var b strings.Builder
	line := func(name, value string) { b.WriteString(fold(name + ":" + value)) }
	line("BEGIN", "VCALENDAR")
	line("VERSION", "2.0")
	line("PRODID", "-//bbbportal//schedules//EN")
	line("CALSCALE", "GREGORIAN")
	line("METHOD", "PUBLISH")
	line("BEGIN", "VEVENT")
	line("UID", "schedule-"+strconv.FormatUint(uint64(sc.ID), 10)+"@"+host)
	line("DTSTAMP", stamp.UTC().Format(utc))
	if zone := time.Local.String(); sc.Weekly && zone != "Local" && zone != "UTC" {
		// A weekly event keeps its local time across DST only when anchored in the zone.
		const local = "20060102T150405"
		line("DTSTART;TZID="+zone, sc.StartsAt.In(time.Local).Format(local))
		line("DTEND;TZID="+zone, sc.EndsAt.In(time.Local).Format(local))
	} else {
		line("DTSTART", sc.StartsAt.UTC().Format(utc))
		line("DTEND", sc.EndsAt.UTC().Format(utc))
	}
	if sc.Weekly {
		rule := "FREQ=WEEKLY"
		if sc.RepeatUntil != nil {
			rule += ";UNTIL=" + sc.RepeatUntil.UTC().Format(utc)
		}
		line("RRULE", rule)
	}
	summary := roomName
	if sc.Title != "" {
		summary = sc.Title + " (" + roomName + ")"
	}
	line("SUMMARY", escapeText(summary))
	line("LOCATION", escapeText(joinURL))
	line("URL", joinURL)
	line("END", "VEVENT")
	line("END", "VCALENDAR")
	return []byte(b.String())
}

// escapeText escapes a TEXT value (RFC 5545 §3.3.11).
func escapeText(s string) string {
	return strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\r\n", `\n`, "\n", `\n`, "\r", `\n`).Replace(s)
}

// fold ends a content line with CRLF, folding it into lines of at most 75 octets without
// splitting a UTF-8 character (RFC 5545 §3.1).
func fold(s string) string {
	var b strings.Builder
	limit := 75
	for len(s) > limit {
		cut := limit
		for cut > 0 && !utf8Start(s[cut]) {
			cut--
		}
		b.WriteString(s[:cut] + "\r\n ")
		s = s[cut:]
		limit = 74 // the leading space of a continuation line counts
	}
	b.WriteString(s + "\r\n")
	return b.String()
}

func utf8Start(c byte) bool { return c&0xC0 != 0x80 }
