package models

import (
	"testing"
	"time"
)

func TestOwnRoomsAndLatestEndWatches(t *testing.T) {
	db, _ := openTestDB(t)
	admin, err := CreateUser(db, NewUser{Email: "admin@school.test", DisplayName: "Admin", Role: RoleAdmin, Password: "admin password 1"})
	if err != nil {
		t.Fatal(err)
	}
	kim, err := CreateUser(db, NewUser{Email: "kim@school.test", DisplayName: "Kim", Role: RoleTeacher, Password: "teacher password 1"})
	if err != nil {
		t.Fatal(err)
	}
	tpl := &Template{Name: "Standard"}
	if err := SaveTemplate(db, tpl); err != nil {
		t.Fatal(err)
	}
	kims := &Room{Name: "Kim's", OwnerID: kim.ID, TemplateID: tpl.ID}
	shared := &Room{Name: "Shared", OwnerID: kim.ID, TemplateID: tpl.ID, CoOwners: []User{*admin}}
	for _, r := range []*Room{kims, shared} {
		if err := SaveRoom(db, r); err != nil {
			t.Fatal(err)
		}
	}

	own, err := OwnRooms(db, admin)
	if err != nil || len(own) != 1 || own[0].ID != shared.ID {
		t.Fatalf("admin's own rooms = %v (%v), want only the co-owned one", own, err)
	}
	if all, _ := RoomsFor(db, admin, ""); len(all) != 2 {
		t.Fatalf("admin manages %d rooms, want 2", len(all))
	}

	now := time.Now()
	for _, w := range []*EndWatch{
		{MeetingID: kims.MeetingID, State: WatchTimedOut, RequestedAt: now, Deadline: now, Reason: "manual"},
		{MeetingID: kims.MeetingID, State: WatchRequested, RequestedAt: now, Deadline: now, Reason: "manual"},
		{MeetingID: "elsewhere", State: WatchRequested, RequestedAt: now, Deadline: now, Reason: "manual"},
	} {
		if err := CreateEndWatch(db, w); err != nil {
			t.Fatal(err)
		}
	}
	latest, err := LatestEndWatches(db, []string{kims.MeetingID, shared.MeetingID})
	if err != nil {
		t.Fatal(err)
	}
	if len(latest) != 1 || latest[kims.MeetingID].State != WatchRequested {
		t.Fatalf("latest watches = %+v, want the newest of Kim's room only", latest)
	}
}
