package models

import (
	"testing"
	"time"
)

func TestDashboardRoomsSayWhichHaveEndWatchesSchedulesAndDefaultLinks(t *testing.T) {
	t.Parallel()
	db, _ := openTestDB(t)
	kim, err := CreateUser(db, NewUser{Email: "kim@school.test", DisplayName: "Kim", Role: RoleTeacher, Password: "teacher password 1"})
	if err != nil {
		t.Fatal(err)
	}
	lee, err := CreateUser(db, NewUser{Email: "lee@school.test", DisplayName: "Lee", Role: RoleTeacher, Password: "teacher password 1"})
	if err != nil {
		t.Fatal(err)
	}
	tpl := &Template{Name: "Standard"}
	if err := SaveTemplate(db, tpl); err != nil {
		t.Fatal(err)
	}
	ended := &Room{Name: "A ended", OwnerID: kim.ID, TemplateID: tpl.ID}
	linked := &Room{Name: "B linked", OwnerID: kim.ID, TemplateID: tpl.ID}
	revoked := &Room{Name: "C revoked", OwnerID: kim.ID, TemplateID: tpl.ID}
	shared := &Room{Name: "D shared", OwnerID: lee.ID, TemplateID: tpl.ID, CoOwners: []User{*kim}}
	for _, r := range []*Room{ended, linked, revoked, shared} {
		if err := SaveRoom(db, r); err != nil {
			t.Fatal(err)
		}
	}
	now := time.Now()
	if err := CreateEndWatch(db, &EndWatch{MeetingID: ended.MeetingID, State: WatchRequested, RequestedAt: now, Deadline: now, Reason: "manual"}); err != nil {
		t.Fatal(err)
	}
	links := []*Link{
		{RoomID: linked.ID, Role: LinkAttendee, IsDefault: true, CreatedAt: now},
		{RoomID: ended.ID, Role: LinkAttendee, CreatedAt: now}, // not the default
		{RoomID: revoked.ID, Role: LinkAttendee, IsDefault: true, CreatedAt: now, RevokedAt: &now},
		{RoomID: shared.ID, Role: LinkAttendee, IsDefault: true, CreatedAt: now},
	}
	for _, l := range links {
		if err := CreateLinkTx(db, l); err != nil {
			t.Fatal(err)
		}
	}
	for _, sc := range []*Schedule{{RoomID: linked.ID, Title: "Maths", StartsAt: now.Add(time.Hour), EndsAt: now.Add(2 * time.Hour)},
		{RoomID: shared.ID, Title: "Past", StartsAt: now.Add(-48 * time.Hour), EndsAt: now.Add(-47 * time.Hour)}} {
		if err := SaveSchedule(db, sc); err != nil {
			t.Fatal(err)
		}
	}
	rooms, _, err := DashboardRoomsPage(db, kim, RoomQuery{})
	if err != nil {
		t.Fatal(err)
	}
	type flags struct{ watched, scheduled, linked bool }
	want := []flags{{true, false, false}, {false, true, true}, {false, false, false}, {false, true, true}}
	wantLink := map[string]string{"B linked": links[0].PublicID, "D shared": links[3].PublicID}
	if len(rooms) != len(want) {
		t.Fatalf("dashboard rooms = %+v, want 4", rooms)
	}
	for i, r := range rooms {
		if got := (flags{r.EndWatched, r.Scheduled, r.DefaultLinkPublicID != ""}); got != want[i] {
			t.Errorf("%s: end watched %v, scheduled %v, default link %v; want %+v", r.Name, got.watched, got.scheduled, got.linked, want[i])
		}
		if r.DefaultLinkPublicID != wantLink[r.Name] {
			t.Errorf("%s: default link %q, want %q", r.Name, r.DefaultLinkPublicID, wantLink[r.Name])
		}
	}
}
