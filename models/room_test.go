package models

import (
	"errors"
	"reflect"
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

// roomShownPart is what RoomShownFor promises of a room RoomFor reads in full.
func roomShownPart(r *Room) *Room {
	s := &Room{ID: r.ID, Name: r.Name, OwnerID: r.OwnerID, TemplateID: r.TemplateID, Overrides: r.Overrides,
		MeetingID: r.MeetingID, MaxDurationMinutes: r.MaxDurationMinutes, AttendeesMayStart: r.AttendeesMayStart,
		Owner: User{ID: r.Owner.ID, DisplayName: r.Owner.DisplayName},
		Template: Template{ID: r.Template.ID, Name: r.Template.Name, OwnerID: r.Template.OwnerID,
			Settings: r.Template.Settings, MaxDurationMinutes: r.Template.MaxDurationMinutes}}
	for _, c := range r.CoOwners {
		s.CoOwners = append(s.CoOwners, User{ID: c.ID, DisplayName: c.DisplayName})
	}
	return s
}

func TestRoomShownForIsWhatRoomForReadsOfTheRoomPage(t *testing.T) {
	t.Parallel()
	db, _ := openTestDB(t)
	newUser := func(email, name, role string) *User {
		u, err := CreateUser(db, NewUser{Email: email, DisplayName: name, Role: role, Password: "long enough password 1"})
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	admin := newUser("admin@school.test", "Admin", RoleAdmin)
	kim := newUser("kim@school.test", "Kim \"K\" <Ö>", RoleTeacher)
	zoe := newUser("zoe@school.test", "Zoë, the second", RoleTeacher)
	lee := newUser("lee@school.test", "Lee", RoleTeacher)
	sam := newUser("sam@school.test", "Sam", RoleTeacher)
	global := &Template{Name: "Recorded", MaxDurationMinutes: 90, Description: "with recording",
		Settings: createopts.Settings{"record": {Value: "true", Policy: createopts.PolicyForced}}}
	own := &Template{Name: "Kim's", OwnerID: &kim.ID}
	for _, tpl := range []*Template{global, own} {
		if err := SaveTemplate(db, tpl); err != nil {
			t.Fatal(err)
		}
	}
	// Co-owners are saved out of their ID order: both reads list them by ID.
	shared := &Room{Name: "Shared", OwnerID: kim.ID, TemplateID: global.ID, CoOwners: []User{*lee, *zoe},
		Overrides: createopts.Values{"welcome": "Hi"}, MaxDurationMinutes: 30, AttendeesMayStart: true}
	alone := &Room{Name: "Alone", OwnerID: kim.ID, TemplateID: own.ID}
	for _, r := range []*Room{shared, alone} {
		if err := SaveRoom(db, r); err != nil {
			t.Fatal(err)
		}
	}
	for _, room := range []*Room{shared, alone} {
		for _, u := range []*User{kim, lee, zoe, admin, sam} {
			full, fullErr := RoomFor(db, room.ID, u)
			shown, shownErr := RoomShownFor(db, room.ID, u)
			if fullErr != nil || shownErr != nil {
				if !errors.Is(fullErr, ErrNotFound) || !errors.Is(shownErr, ErrNotFound) {
					t.Errorf("%s, %s: RoomFor %v, RoomShownFor %v", room.Name, u.Email, fullErr, shownErr)
				}
				continue
			}
			if want := roomShownPart(full); !reflect.DeepEqual(shown, want) {
				t.Errorf("%s, %s: RoomShownFor\n%+v\nwant\n%+v", room.Name, u.Email, shown, want)
			}
			if !shown.ManagedBy(u) {
				t.Errorf("%s, %s: the room read is not managed by its reader", room.Name, u.Email)
			}
		}
	}
	if got, _ := RoomFor(db, shared.ID, lee); len(got.CoOwners) != 2 || got.CoOwners[0].ID > got.CoOwners[1].ID {
		t.Errorf("co-owners %+v, want Zoë and Lee by ID", got.CoOwners)
	}
	for _, u := range []*User{lee, zoe, sam} {
		if _, err := RoomShownFor(db, alone.ID, u); !errors.Is(err, ErrNotFound) {
			t.Errorf("%s reads Kim's unshared room: %v, want ErrNotFound", u.Email, err)
		}
	}
	if _, err := RoomShownFor(db, shared.ID+alone.ID, admin); !errors.Is(err, ErrNotFound) {
		t.Errorf("a missing room: %v, want ErrNotFound", err)
	}
}
