package models

import (
	"reflect"
	"testing"
	"time"
)

// UnlistedExpectedRecordings reads the expected recordings BBB does not list yet that ended
// after since, newest first, as stored but for when they were noted (a recording that became
// ready is listed, so it is not among them).
func TestUnlistedExpectedRecordingsReadWhatTheListsShow(t *testing.T) {
	t.Parallel()
	db, _ := openTestDB(t)
	base := time.Date(2026, 4, 1, 10, 0, 0, 0, time.UTC)
	yes, no := true, false
	note := func(room uint, id string, endedAfter time.Duration, marks *bool) *ExpectedRecording {
		e := &ExpectedRecording{RoomID: room, MeetingID: "m" + id, InternalMeetingID: id, StartedAt: base,
			EndedAt: base.Add(endedAfter), Marks: marks}
		if err := NoteExpectedRecording(db, e); err != nil {
			t.Fatal(err)
		}
		return e
	}
	a1 := note(1, "a1", time.Hour, &yes)
	a2 := note(1, "a2", 3*time.Hour, nil)
	note(1, "a-old", -time.Hour, &yes)
	listed := note(1, "a-listed", 2*time.Hour, &yes)
	b1 := note(2, "b1", 2*time.Hour+time.Minute, &no)
	c1 := note(3, "c1", time.Hour, &yes)
	if err := MarkExpectedListed(db, []string{listed.InternalMeetingID}, base.Add(4*time.Hour)); err != nil {
		t.Fatal(err)
	}
	// A recording that became ready is listed.
	if _, err := MarkExpectedReady(db, c1.InternalMeetingID, base.Add(5*time.Hour)); err != nil {
		t.Fatal(err)
	}
	want := func(es ...*ExpectedRecording) []ExpectedRecording {
		var out []ExpectedRecording
		for _, e := range es {
			var stored ExpectedRecording
			if err := db.First(&stored, e.ID).Error; err != nil {
				t.Fatal(err)
			}
			stored.ReadyAt, stored.CreatedAt = nil, time.Time{}
			out = append(out, stored)
		}
		return out
	}
	for _, tc := range []struct {
		rooms []uint
		want  []ExpectedRecording
	}{
		{[]uint{1}, want(a2, a1)},
		{[]uint{1, 2}, want(a2, b1, a1)},
		{[]uint{}, nil},
		{[]uint{4}, nil},
	} {
		got, err := UnlistedExpectedRecordings(db, tc.rooms, base)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("rooms %v:\n%+v\nwant\n%+v", tc.rooms, got, tc.want)
		}
	}
	if all, err := UnlistedExpectedRecordings(db, nil, base); err != nil || !reflect.DeepEqual(all, want(a2, b1, a1)) {
		t.Errorf("every room: %+v, %v; want a2, b1, a1", all, err)
	}
}
