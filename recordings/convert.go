package recordings

import (
	"strconv"
	"strings"
	"time"

	"bbbportal/bbb"
	"bbbportal/models"
)

// Metadata keys the portal writes when a recording is renamed: meta_name is what Greenlight
// writes and shows, so both portals on one server agree; Moodle's keys are read as fallbacks.
const (
	MetaName        = "name"
	MetaDescription = "description"
)

var (
	nameKeys        = []string{MetaName, "bbb-recording-name"}
	descriptionKeys = []string{MetaDescription, "bbb-recording-description"}
)

func firstMeta(meta map[string]string, keys []string) string {
	for _, k := range keys {
		if v := strings.TrimSpace(meta[k]); v != "" {
			return v
		}
	}
	return ""
}

// minProcessing is the shortest processing time the portal announces.
const minProcessing = 5 * time.Minute

// readyBy estimates when a recording that ended at end after lasting span is ready: BBB's
// processing takes roughly as long as the meeting (the presentation and video formats
// replay it), and a few minutes at least.
func readyBy(end time.Time, span time.Duration) time.Time {
	return end.Add(max(span, minProcessing))
}

// item turns a BBB recording into what the portal lists.
func item(r bbb.Recording) models.RecordingItem {
	it := models.RecordingItem{
		RecordID: r.RecordID, MeetingID: r.MeetingID, Breakout: r.IsBreakout,
		Name:        firstMeta(r.Metadata, nameKeys),
		Description: firstMeta(r.Metadata, descriptionKeys),
		Start:       r.StartTime, End: r.EndTime, Size: r.Size, Participants: r.Participants,
		State: string(r.State), Metadata: r.Metadata,
	}
	if it.Name == "" {
		it.Name = r.Name
	}
	if it.State == "" {
		it.State = models.RecProcessing
		if r.Published {
			it.State = models.RecPublished
		}
	}
	seen := map[string]bool{}
	for _, f := range r.Playback {
		it.Length = max(it.Length, f.Length)
		key := f.Type + "\x00" + f.URL
		if f.URL == "" || seen[key] {
			continue
		}
		seen[key] = true
		it.Formats = append(it.Formats, models.PlaybackLink{Type: f.Type, URL: f.URL, Length: f.Length})
		if len(it.Preview) == 0 {
			for _, img := range f.Preview {
				it.Preview = append(it.Preview, models.PreviewImage{URL: img.URL, Alt: img.Alt, Width: img.Width, Height: img.Height})
			}
		}
	}
	if it.Size == 0 {
		for _, f := range r.Playback {
			it.Size += f.Size
		}
	}
	if it.State == models.RecProcessing || it.State == models.RecProcessed {
		it.ProcessingSince = r.EndTime
		it.ReadyBy = readyBy(r.EndTime, r.EndTime.Sub(r.StartTime))
	}
	return it
}

// expectedItem is a recording the portal expects and BBB does not list (yet).
func expectedItem(e models.ExpectedRecording, room models.RoomRef) models.RecordingItem {
	it := models.RecordingItem{
		RecordID: e.InternalMeetingID, MeetingID: e.MeetingID, Name: room.Name,
		RoomID: room.ID, RoomName: room.Name, Start: e.StartedAt, End: e.EndedAt,
		Length: e.EndedAt.Sub(e.StartedAt).Truncate(time.Minute),
	}
	if e.Marks != nil && !*e.Marks {
		it.State = models.RecNone
		return it
	}
	it.State, it.Expected = models.RecProcessing, true
	it.ProcessingSince = e.EndedAt
	it.ReadyBy = readyBy(e.EndedAt, e.EndedAt.Sub(e.StartedAt))
	return it
}

// createTimeOf reads BBB's createTime from a recordID (sha1hex(meetingID)-createTime).
func createTimeOf(recordID string) (time.Time, bool) {
	_, ms, ok := strings.Cut(recordID, "-")
	if !ok {
		return time.Time{}, false
	}
	n, err := strconv.ParseInt(ms, 10, 64)
	if err != nil || n <= 0 {
		return time.Time{}, false
	}
	return time.UnixMilli(n), true
}
