package views

import (
	"context"
	"fmt"
	"io"
	"testing"
	"time"

	"bbbportal/bbb"
	"bbbportal/i18n"
	"bbbportal/models"
)

// BenchmarkDashboardPage renders a full page of room cards, half of them live, as the
// dashboard does at a school's scale.
func BenchmarkDashboardPage(b *testing.B) {
	now := time.Now()
	v := DashboardView{Status: BBBStatus{Now: now, FetchedAt: now}, RefreshURL: "/"}
	for i := range models.PageSize {
		r := DashboardRoom{Room: models.Room{ID: uint(1000 + i), Name: fmt.Sprintf("Room %06d", i), MeetingID: fmt.Sprint("m", i)},
			InviteURL: fmt.Sprintf("http://portal.test/j/%032d", i)}
		if i%2 == 0 {
			r.Meeting = &bbb.Meeting{MeetingID: r.Room.MeetingID, CreateTime: now.Add(-time.Hour), ParticipantCount: 25}
		}
		if i%3 == 0 {
			r.Next = &models.Occurrence{Start: now.Add(time.Hour), Title: "Maths"}
		}
		v.Rooms = append(v.Rooms, r)
	}
	p := Page{Title: "Dashboard", User: &models.User{ID: 2, DisplayName: "Kim", Role: models.RoleTeacher}, CSRFToken: "token", Nav: "dashboard"}
	ctx := i18n.WithLanguage(context.Background(), i18n.Default)
	for b.Loop() {
		if err := DashboardPage(p, v).Render(ctx, io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}
