package models

import (
	"reflect"
	"testing"
)

// FindAuditTargets reports exactly the rooms, templates, accounts and meetings of rooms that
// exist, whatever else a page of entries names.
func TestFindAuditTargets(t *testing.T) {
	t.Parallel()
	db, _ := openTestDB(t)
	kim, err := CreateUser(db, NewUser{Email: "kim@school.test", DisplayName: "Kim", Role: RoleTeacher, Password: "teacher password 1"})
	if err != nil {
		t.Fatal(err)
	}
	tpl := &Template{Name: "Standard"}
	if err := SaveTemplate(db, tpl); err != nil {
		t.Fatal(err)
	}
	room := &Room{Name: "Maths", OwnerID: kim.ID, TemplateID: tpl.ID}
	if err := SaveRoom(db, room); err != nil {
		t.Fatal(err)
	}
	got, err := FindAuditTargets(db, []uint{room.ID, room.ID + 100}, []uint{tpl.ID, tpl.ID + 100},
		[]uint{kim.ID, kim.ID + 100}, []string{room.MeetingID, "gone", `"; DROP TABLE rooms; --`})
	if err != nil {
		t.Fatal(err)
	}
	want := AuditTargets{Rooms: map[uint]bool{room.ID: true}, Templates: map[uint]bool{tpl.ID: true},
		UserEmails: map[uint]string{kim.ID: "kim@school.test"}, Meetings: map[string]bool{room.MeetingID: true}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("targets = %+v\nwant %+v", got, want)
	}
	none, err := FindAuditTargets(db, nil, nil, nil, nil)
	if err != nil || len(none.Rooms)+len(none.Templates)+len(none.UserEmails)+len(none.Meetings) != 0 {
		t.Errorf("no ids: %+v, %v", none, err)
	}
}
