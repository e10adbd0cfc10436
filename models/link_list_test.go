package models

import (
	"reflect"
	"testing"
	"time"
)

// LinksOfRoom lists a room's links as the room page shows them: the active ones first, the
// default first among them, then the newest; each as stored, but for who created or revoked
// it and when it was made.
func TestLinksOfRoomListsActiveDefaultNewestWithWhatThePageShows(t *testing.T) {
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
	room, other := &Room{Name: "Maths", OwnerID: kim.ID, TemplateID: tpl.ID}, &Room{Name: "Art", OwnerID: kim.ID, TemplateID: tpl.ID}
	for _, r := range []*Room{room, other} {
		if err := SaveRoom(db, r); err != nil {
			t.Fatal(err)
		}
	}
	at := time.Date(2026, 5, 6, 7, 8, 9, 0, time.UTC)
	lookup := "lookup"
	newLink := func(roomID uint, l Link) *Link {
		l.RoomID, l.CreatedByID = roomID, &kim.ID
		if l.Role == "" {
			l.Role = LinkAttendee
		}
		if err := CreateLinkTx(db, &l); err != nil {
			t.Fatal(err)
		}
		return &l
	}
	revokedOld := newLink(room.ID, Link{Label: "old"})
	def := newLink(room.ID, Link{IsDefault: true, CodeLookup: &lookup})
	limited := newLink(room.ID, Link{Label: "limited", FixedName: "Guest", MaxUses: 3, Uses: 3, ExpiresAt: &at, LastUsedAt: &at,
		AccessCodeHash: "hash", Role: LinkGuest})
	newLink(other.ID, Link{Label: "elsewhere"})
	revokedNew := newLink(room.ID, Link{Label: "new", Role: LinkModerator})
	newest := newLink(room.ID, Link{Label: "newest"})
	for _, l := range []*Link{revokedOld, revokedNew} {
		if err := RevokeLinkTx(db, room.ID, l.ID, &kim.ID, at); err != nil {
			t.Fatal(err)
		}
	}

	got, err := LinksOfRoom(db, room.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := []*Link{def, newest, limited, revokedNew, revokedOld}
	if len(got) != len(want) {
		t.Fatalf("%d links, want %d: %+v", len(got), len(want), got)
	}
	for i, w := range want {
		var stored Link
		if err := db.First(&stored, w.ID).Error; err != nil {
			t.Fatal(err)
		}
		stored.CreatedByID, stored.RevokedByID, stored.CreatedAt = nil, nil, time.Time{}
		if !reflect.DeepEqual(got[i], stored) {
			t.Errorf("link %d:\n%+v\nwant\n%+v", i, got[i], stored)
		}
	}
}
