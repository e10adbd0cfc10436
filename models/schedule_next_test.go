package models

import (
	"testing"
	"time"
)

func TestNextOccurrencesPerRoom(t *testing.T) {
	t.Parallel()
	db, _ := openTestDB(t)
	now := time.Now().Truncate(time.Minute)
	tpl := Template{Name: "T"}
	if err := SaveTemplate(db, &tpl); err != nil {
		t.Fatal(err)
	}
	owner, err := CreateUser(db, NewUser{Email: "ada@example.org", DisplayName: "Ada", Role: RoleTeacher, Password: "long enough pw"})
	if err != nil {
		t.Fatal(err)
	}
	var rooms []Room
	for _, name := range []string{"weekly", "once", "over", "none"} {
		r := Room{Name: name, TemplateID: tpl.ID, OwnerID: owner.ID}
		if err := SaveRoom(db, &r); err != nil {
			t.Fatal(err)
		}
		rooms = append(rooms, r)
	}
	// Weekly since three weeks, an hour from now: the next is today's.
	weeklyStart := now.AddDate(0, 0, -21).Add(time.Hour)
	soon := now.Add(2 * time.Hour)
	for _, s := range []Schedule{
		{RoomID: rooms[0].ID, Title: "Maths", StartsAt: weeklyStart, EndsAt: weeklyStart.Add(time.Hour), Weekly: true},
		{RoomID: rooms[1].ID, Title: "Later", StartsAt: now.AddDate(0, 0, 3), EndsAt: now.AddDate(0, 0, 3).Add(time.Hour)},
		{RoomID: rooms[1].ID, Title: "Sooner", StartsAt: soon, EndsAt: soon.Add(time.Hour)},
		{RoomID: rooms[2].ID, Title: "Past", StartsAt: now.AddDate(0, 0, -1), EndsAt: now.AddDate(0, 0, -1).Add(time.Hour)},
	} {
		if err := SaveSchedule(db, &s); err != nil {
			t.Fatal(err)
		}
	}
	next, err := NextOccurrences(db, []uint{rooms[0].ID, rooms[1].ID, rooms[2].ID, rooms[3].ID}, now)
	if err != nil {
		t.Fatal(err)
	}
	if o := next[rooms[0].ID]; o.Title != "Maths" || !o.Start.Equal(now.Add(time.Hour)) {
		t.Errorf("weekly: %+v, want today's at %v", o, now.Add(time.Hour))
	}
	if o := next[rooms[1].ID]; o.Title != "Sooner" || !o.Start.Equal(soon) {
		t.Errorf("two dates: %+v, want the sooner", o)
	}
	if _, ok := next[rooms[2].ID]; ok {
		t.Error("a schedule that is over shows as next")
	}
	if _, ok := next[rooms[3].ID]; ok {
		t.Error("a room without schedules has a next time")
	}
}
