package bench

import (
	"bytes"
	"context"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"bbbportal/models"
)

func TestLoadAgainstBare(t *testing.T) {
	t.Parallel()
	bare, err := StartBare(5 << 10)
	if err != nil {
		t.Fatal(err)
	}
	defer bare.Close()
	ctx := context.Background()

	ok := Load{Concurrency: 4, Requests: 200, Do: Get(bare.URL+"/page", "", http.StatusOK)}.Run(ctx)
	if ok.Requests != 200 || ok.Errors != 0 || ok.P50 <= 0 || ok.P99 < ok.P50 || ok.RPS() <= 0 {
		t.Fatalf("bare page: %+v", ok)
	}
	redirect := Load{Concurrency: 2, Requests: 10, Do: Get(bare.URL+"/redirect", "", http.StatusFound)}.Run(ctx)
	if redirect.Errors != 0 {
		t.Fatalf("redirects were followed or failed: %+v", redirect)
	}
	wrong := Load{Concurrency: 2, Requests: 10, Do: Get(bare.URL+"/missing", "", http.StatusOK)}.Run(ctx)
	if wrong.Errors != 10 || !strings.Contains(wrong.FirstError, "status 404") {
		t.Fatalf("wrong answers not counted: %+v", wrong)
	}
	timed := Load{Concurrency: 2, Duration: 100 * time.Millisecond, Do: Get(bare.URL+"/page", "", http.StatusOK)}.Run(ctx)
	if timed.Requests == 0 || timed.Elapsed < 100*time.Millisecond {
		t.Fatalf("timed load: %+v", timed)
	}

	var out bytes.Buffer
	Print(&out, []Row{{Name: "bare", Result: ok, Baseline: ok}})
	if !strings.Contains(out.String(), "1.00") || !strings.Contains(out.String(), "req/s") {
		t.Fatalf("table:\n%s", out.String())
	}
}

func TestPercentile(t *testing.T) {
	t.Parallel()
	var d []time.Duration
	for i := 1; i <= 100; i++ {
		d = append(d, time.Duration(i)*time.Millisecond)
	}
	if p := percentile(d, 50); p != 50*time.Millisecond {
		t.Errorf("p50 = %v", p)
	}
	if p := percentile(d, 99); p != 99*time.Millisecond {
		t.Errorf("p99 = %v", p)
	}
	if p := percentile(nil, 99); p != 0 {
		t.Errorf("empty p99 = %v", p)
	}
}

func TestSeed(t *testing.T) {
	t.Parallel()
	db, err := models.Open(filepath.Join(t.TempDir(), "portal.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer models.Close(db)
	s, err := Seed(db, Size{Rooms: 1001, Users: 30, Audit: 1200})
	if err != nil {
		t.Fatal(err)
	}
	var users, rooms, teacherRooms, audit int64
	db.Table("users").Count(&users)
	db.Table("rooms").Count(&rooms)
	db.Table("audit_entries").Count(&audit)
	teacher, err := models.UserByEmail(db, s.TeacherEmail)
	if err != nil || !teacher.CheckPassword(SeedPassword) {
		t.Fatalf("teacher %v: %v", teacher, err)
	}
	db.Table("rooms").Where("owner_id = ?", teacher.ID).Count(&teacherRooms)
	if users != 30 || rooms != 1001 || audit != 1200 || teacherRooms < 500 || s.TeacherRoomID == 0 {
		t.Fatalf("users %d rooms %d (teacher %d) audit %d room %d", users, rooms, teacherRooms, audit, s.TeacherRoomID)
	}
}
