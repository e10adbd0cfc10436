// Package paths is the one place that spells the portal's URLs. Handlers, views and the
// domain packages build every link and redirect with it; the route table in handlers uses
// the same patterns.
package paths

import (
	"net/url"
	"strconv"
)

func id(n uint) string { return strconv.FormatUint(uint64(n), 10) }

// Rooms is the list of rooms.
const Rooms = "/rooms"

// Room is the page of room id; rest adds sub-pages ("edit", "start", "schedules", …).
func Room(roomID uint, rest ...string) string {
	p := "/rooms/" + id(roomID)
	for _, r := range rest {
		p += "/" + r
	}
	return p
}

// Templates is the list of templates.
const Templates = "/templates"

// Template is the page of template id; rest adds actions ("clone", "delete").
func Template(templateID uint, rest ...string) string {
	p := "/templates/" + id(templateID)
	for _, r := range rest {
		p += "/" + r
	}
	return p
}

// Meeting is the portal page of a BBB meeting; rest adds sub-pages ("end", "watch", …).
func Meeting(meetingID string, rest ...string) string {
	p := "/meetings/" + url.PathEscape(meetingID)
	for _, r := range rest {
		p += "/" + url.PathEscape(r)
	}
	return p
}

// Watch is the status page of the end watch id of a meeting.
func Watch(meetingID string, watchID uint) string { return Meeting(meetingID, "watch", id(watchID)) }

// Schedules is the schedule page of a room.
func Schedules(roomID uint) string { return Room(roomID, "schedules") }

// Schedule is one schedule of a room; rest adds actions ("delete").
func Schedule(roomID, scheduleID uint, rest ...string) string {
	p := Schedules(roomID) + "/" + id(scheduleID)
	for _, r := range rest {
		p += "/" + r
	}
	return p
}

// ScheduleICS is the calendar file of a schedule.
func ScheduleICS(roomID, scheduleID uint) string {
	return Schedules(roomID) + "/" + id(scheduleID) + ".ics"
}

// Portal pages outside rooms and templates.
const (
	Home         = "/"
	Login        = "/login"
	Setup        = "/setup"
	Account      = "/account"
	AdminUsers   = "/admin/users"
	AdminAudit   = "/admin/audit"
	LiveMeetings = "/admin/meetings"
)

// Callbacks BBB calls.
const (
	EndCallback            = "/callbacks/end"
	RecordingReadyCallback = "/callbacks/recording-ready"
)

// Presentation is the URL BBB fetches an uploaded presentation from; the token is its credential.
func Presentation(token string) string { return "/presentations/" + token }
