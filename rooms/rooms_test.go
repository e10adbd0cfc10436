package rooms_test

import (
	"io"
	"log/slog"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"bbbportal/audit"
	"bbbportal/bbb"
	"bbbportal/bbb/bbbsim"
	"bbbportal/createopts"
	"bbbportal/meetings"
	"bbbportal/models"
	"bbbportal/rooms"

	"gorm.io/gorm"
)

const secret = "0123456789abcdef0123456789abcdef"

func newService(t *testing.T) (*rooms.Service, *gorm.DB, *models.User, *models.Template) {
	t.Helper()
	db, err := models.Open(filepath.Join(t.TempDir(), "portal.db"))
	if err != nil {
		t.Fatal(err)
	}
	w := audit.NewWriter(db)
	sim := bbbsim.New(bbbsim.Options{Secret: secret})
	ts := httptest.NewServer(sim)
	client, err := bbb.New(ts.URL+"/bigbluebutton/api/", secret)
	if err != nil {
		t.Fatal(err)
	}
	m := meetings.New(db, client, w, meetings.Config{BaseURL: "http://127.0.0.1:1"}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	t.Cleanup(func() { m.Close(); ts.Close(); sim.Close(); w.Close(); models.Close(db) })
	owner, err := models.CreateUser(db, models.NewUser{Email: "kim@school.test", DisplayName: "Kim", Role: models.RoleTeacher, Password: "teacher password 1"})
	if err != nil {
		t.Fatal(err)
	}
	tpl := &models.Template{Name: "Lecture", OwnerID: &owner.ID}
	if err := models.SaveTemplate(db, tpl); err != nil {
		t.Fatal(err)
	}
	return rooms.New(db, w, m, client), db, owner, tpl
}

func count(t *testing.T, db *gorm.DB, model any) int64 {
	t.Helper()
	var n int64
	if err := db.Model(model).Count(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}

// TestSaveRoomIsOneTransaction: a room, its presentation and its audit entry are stored
// together, and an audit entry that cannot be written leaves neither room nor file behind.
func TestSaveRoomIsOneTransaction(t *testing.T) {
	t.Parallel()
	svc, db, owner, tpl := newService(t)
	who := audit.Record{ActorID: owner.ID, ActorEmail: owner.Email}
	save := func(name string) error {
		ch := rooms.RoomChange{Name: name, TemplateID: tpl.ID, Options: createopts.Values{},
			Presentation: &rooms.Upload{Name: "slides.pdf", Content: []byte("%PDF-1.4 slides")}}
		room := &models.Room{OwnerID: owner.ID}
		check, err := svc.CheckRoom(owner, room, ch)
		if err != nil || !check.OK() {
			t.Fatalf("check: %+v %v", check, err)
		}
		return svc.SaveRoom(who, room, ch, check)
	}
	if err := save("Maths 7b"); err != nil {
		t.Fatal(err)
	}
	var entries []audit.Entry
	if err := db.Find(&entries).Error; err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 || entries[0].Action != "room.create" || !strings.Contains(entries[0].Details, `"after":"slides.pdf"`) {
		t.Fatalf("audit entries %+v", entries)
	}
	if count(t, db, &models.Room{}) != 1 || count(t, db, &models.Presentation{}) != 1 {
		t.Fatal("the room or its presentation was not stored")
	}

	if err := db.Migrator().RenameTable("audit_entries", "audit_entries_away"); err != nil {
		t.Fatal(err)
	}
	if err := save("Physics 8a"); err == nil {
		t.Fatal("saved a room whose audit entry could not be written")
	}
	if n, p := count(t, db, &models.Room{}), count(t, db, &models.Presentation{}); n != 1 || p != 1 {
		t.Errorf("after a failed audit entry: %d rooms, %d presentations; want the first only", n, p)
	}
}
