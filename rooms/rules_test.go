package rooms_test

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"testing"
	"time"

	"bbbportal/audit"
	"bbbportal/createopts"
	"bbbportal/models"
	"bbbportal/rooms"
)

func TestQuotasPerAccount(t *testing.T) {
	t.Parallel()
	svc, db, owner, tpl := newService(t)
	svc.SetRules(rooms.Rules{RoomsPerUser: 2, TemplatesPerUser: 2, SchedulesPerUser: 3})
	who := audit.Record{ActorID: owner.ID}
	var last *models.Room
	for i := 0; i < 3; i++ {
		room := &models.Room{OwnerID: owner.ID}
		ch := rooms.RoomChange{Name: fmt.Sprintf("Room %d", i), TemplateID: tpl.ID, Options: createopts.Values{}}
		check, err := svc.CheckRoom(owner, room, ch)
		if err != nil {
			t.Fatal(err)
		}
		err = svc.SaveRoom(who, room, ch, check)
		if q, ok := rooms.AsQuota(err); i == 2 && (!ok || q.What != "rooms" || q.Max != 2) {
			t.Fatalf("third room: %v, want the rooms quota", err)
		} else if i < 2 && err != nil {
			t.Fatal(err)
		}
		if i < 2 {
			last = room
		}
	}
	if n := count(t, db, &models.Room{}); n != 2 {
		t.Errorf("%d rooms stored, want 2", n)
	}
	// An update of an existing room is not a new one.
	ch := rooms.RoomChange{Name: "Renamed", TemplateID: tpl.ID, Options: createopts.Values{}}
	check, _ := svc.CheckRoom(owner, last, ch)
	if err := svc.SaveRoom(who, last, ch, check); err != nil {
		t.Errorf("renaming a room at the quota: %v", err)
	}

	// One personal template exists (newService's); a second is allowed, a third is not, also as a copy.
	if _, err := svc.CreateTemplate(who, owner, rooms.TemplateChange{Name: "Second"}, createopts.Settings{}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.CreateTemplate(who, owner, rooms.TemplateChange{Name: "Third"}, createopts.Settings{}); !isQuota(err, "templates") {
		t.Errorf("third template: %v", err)
	}
	if _, err := svc.CloneTemplate(who, owner, tpl, func(i int) string { return fmt.Sprint("Copy ", i) }); !isQuota(err, "templates") {
		t.Errorf("copy past the quota: %v", err)
	}

	for i := 0; i < 4; i++ {
		start := time.Date(2026, 12, 1+i, 9, 0, 0, 0, time.UTC)
		err := svc.CreateSchedule(who, last, &models.Schedule{Title: "Lesson", StartsAt: start, EndsAt: start.Add(time.Hour)})
		if i < 3 && err != nil {
			t.Fatal(err)
		}
		if i == 3 && !isQuota(err, "schedules") {
			t.Errorf("fourth schedule: %v", err)
		}
	}
	var entries []audit.Entry
	db.Where("action = ?", "schedule.create").Find(&entries)
	if len(entries) != 3 {
		t.Errorf("%d schedule.create entries, want one per stored schedule", len(entries))
	}
}

func isQuota(err error, what string) bool {
	q, ok := rooms.AsQuota(err)
	return ok && q.What == what && errors.As(err, &q)
}

type fakeResolver map[string]string

func (r fakeResolver) LookupNetIP(_ context.Context, _, host string) ([]netip.Addr, error) {
	if a, ok := r[host]; ok {
		return []netip.Addr{netip.MustParseAddr(a)}, nil
	}
	return nil, errors.New("no such host")
}

// TestAdminOnlyOptionsByScope: a personal template and a room cannot set admin-only options;
// a global template can, but not to an internal address unless the host is allowed.
func TestAdminOnlyOptionsByScope(t *testing.T) {
	t.Parallel()
	svc, _, owner, tpl := newService(t)
	svc.SetRules(rooms.Rules{FetchAllowedHosts: []string{"files.school.internal"},
		Resolver: fakeResolver{"files.school.internal": "10.0.0.5", "intranet.school.test": "192.168.1.9", "cdn.example.org": "93.184.216.34"}})
	admin := &models.User{ID: 99, Role: models.RoleAdmin}
	bg := context.Background()
	manifests := `[{"url":"https://cdn.example.org/plugin.json"}]`
	_, errs := svc.CheckTemplateFor(bg, owner, tpl, rooms.TemplateChange{Options: createopts.Values{"pluginManifests": manifests}})
	if errs["pluginManifests"] == nil || errs["pluginManifests"].ID != "opt.err.adminOnly" {
		t.Errorf("personal template set pluginManifests: %v", errs)
	}
	_, errs = svc.CheckTemplateFor(bg, admin, nil, rooms.TemplateChange{Global: true, Options: createopts.Values{"pluginManifests": manifests}})
	if len(errs) != 0 {
		t.Errorf("global template refused pluginManifests: %v", errs)
	}
	for host, internal := range map[string]bool{"169.254.169.254": true, "intranet.school.test": true, "files.school.internal": false, "cdn.example.org": false} {
		_, errs = svc.CheckTemplateFor(bg, admin, nil, rooms.TemplateChange{Global: true,
			Options: createopts.Values{"preUploadedPresentation": "http://" + host + "/slides.pdf"}})
		if got := errs["preUploadedPresentation"] != nil; got != internal {
			t.Errorf("preUploadedPresentation on %s: errors %v, want refused=%v", host, errs, internal)
		}
	}
	room := &models.Room{OwnerID: owner.ID}
	check, err := svc.CheckRoom(owner, room, rooms.RoomChange{Name: "Room", TemplateID: tpl.ID, Options: createopts.Values{"logo": "https://cdn.example.org/l.png"}})
	if err != nil {
		t.Fatal(err)
	}
	if check.OK() || check.Errors["logo"] == nil {
		t.Errorf("a room set logo: %+v", check.Errors)
	}
}
