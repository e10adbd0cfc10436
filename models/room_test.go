package models

import (
	"testing"
	"time"

	"bbbportal/createopts"
)

func TestOwnRoomsAndLatestEndWatches(t *testing.T) {
	t.Parallel()
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

func TestRoomForReadsOwnerTemplateAndCoOwners(t *testing.T) {
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
	sam, err := CreateUser(db, NewUser{Email: "sam@school.test", DisplayName: "Sam", Role: RoleTeacher, Password: "teacher password 1"})
	if err != nil {
		t.Fatal(err)
	}
	tpl := &Template{Name: "Recorded", MaxDurationMinutes: 90,
		Settings: createopts.Settings{"record": {Value: "true", Policy: createopts.PolicyForced}}}
	if err := SaveTemplate(db, tpl); err != nil {
		t.Fatal(err)
	}
	room := &Room{Name: "Maths", OwnerID: kim.ID, TemplateID: tpl.ID, CoOwners: []User{*lee}}
	if err := SaveRoom(db, room); err != nil {
		t.Fatal(err)
	}
	for _, u := range []*User{kim, lee} {
		got, err := RoomFor(db, room.ID, u)
		if err != nil {
			t.Fatalf("%s: %v", u.Email, err)
		}
		if got.Owner.Email != "kim@school.test" || got.Template.Name != "Recorded" || got.MaxDuration() != 90*time.Minute ||
			got.Effective()["record"] != "true" || got.MeetingID != room.MeetingID {
			t.Errorf("%s reads %+v", u.Email, got)
		}
		if len(got.CoOwners) != 1 || got.CoOwners[0].Email != "lee@school.test" || !got.ManagedBy(lee) {
			t.Errorf("%s: co-owners %+v, want Lee", u.Email, got.CoOwners)
		}
	}
	if _, err := RoomFor(db, room.ID, sam); err != ErrNotFound {
		t.Errorf("another teacher's read: %v, want ErrNotFound", err)
	}
}
