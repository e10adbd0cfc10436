package models

import (
	"fmt"
	"testing"
	"time"
)

// BenchmarkPageQueries reads what the dashboard and a room page read for a teacher with 10
// rooms: the page of rooms, their next occurrences, the unseen notices, and a room with its
// links and expected recordings.
func BenchmarkPageQueries(b *testing.B) {
	db, _ := openTestDB(b)
	kim, err := CreateUser(db, NewUser{Email: "kim@school.test", DisplayName: "Kim", Role: RoleTeacher, Password: "teacher password 1"})
	if err != nil {
		b.Fatal(err)
	}
	tpl := &Template{Name: "Standard"}
	if err := SaveTemplate(db, tpl); err != nil {
		b.Fatal(err)
	}
	ids := make([]uint, 10)
	for i := range ids {
		r := &Room{Name: fmt.Sprintf("Room %02d", i), OwnerID: kim.ID, TemplateID: tpl.ID}
		if err := SaveRoom(db, r); err != nil {
			b.Fatal(err)
		}
		ids[i] = r.ID
	}
	now := time.Now()
	b.Run("rooms", func(b *testing.B) {
		for b.Loop() {
			if rooms, _, err := DashboardRoomsPage(db, kim, RoomQuery{}); err != nil || len(rooms) != 10 {
				b.Fatal(len(rooms), err)
			}
		}
	})
	b.Run("next", func(b *testing.B) {
		for b.Loop() {
			if _, err := NextOccurrences(db, ids, now); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("room", func(b *testing.B) {
		for b.Loop() {
			if _, err := RoomFor(db, ids[0], kim); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("links", func(b *testing.B) {
		for b.Loop() {
			if _, err := LinksOfRoom(db, ids[0]); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("expected", func(b *testing.B) {
		for b.Loop() {
			if _, err := UnlistedExpectedRecordings(db, ids[:1], now.Add(-time.Hour)); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("unseen", func(b *testing.B) {
		for b.Loop() {
			if _, err := UnseenNotifications(db, kim.ID); err != nil {
				b.Fatal(err)
			}
		}
	})
}
