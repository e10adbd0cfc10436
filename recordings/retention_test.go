package recordings

import (
	"context"
	"strings"
	"testing"
	"time"

	"bbbportal/bbb/bbbsim"
	"bbbportal/models"
)

func TestRetentionDryRunListsAndRealRunDeletes(t *testing.T) {
	t.Parallel()
	e := newEnv(t, bbbsim.Options{})
	ctx := context.Background()
	now := e.clock.Now()
	// kim's room: ten recordings, one an hour, the last ending now; lee's three, a month old.
	old := e.sim.SeedRecordings(10, bbbsim.SeedOptions{MeetingIDs: []string{e.kimRoom.MeetingID}})
	leeIDs := e.sim.SeedRecordings(3, bbbsim.SeedOptions{MeetingIDs: []string{e.leeRoom.MeetingID}, End: now.Add(-30 * 24 * time.Hour)})
	if err := models.SetRecordingRetention(e.db, models.RecordingRetention{TemplateID: e.kimRoom.TemplateID, Days: 7, Action: models.RetainDelete}); err != nil {
		t.Fatal(err)
	}
	e.clock.Advance(7*24*time.Hour - 5*time.Hour)
	cutoff := now.Add(-5 * time.Hour)
	before := map[string]string{}
	var want []string
	page, err := e.svc.ForRoom(ctx, e.kim, e.kimRoom.ID, Query{PerPage: 100})
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range page.Items {
		before[it.RecordID] = it.State
		if it.End.Before(cutoff) && it.State != "deleted" && it.State != "processing" {
			want = append(want, it.RecordID)
		}
	}
	leeStart := map[string]string{}
	for _, id := range leeIDs {
		leeStart[id] = e.state(id)
	}
	if len(before) != len(old) || len(want) == 0 || len(want) >= len(old) {
		t.Fatalf("seeded %d, listed %d, %d old enough", len(old), len(before), len(want))
	}

	dry, err := e.svc.RunRetention(ctx, true, e.who(e.admin))
	if err != nil {
		t.Fatal(err)
	}
	got := dry.Results[0].Candidates
	if len(got) != len(want) {
		t.Fatalf("dry run lists %d, want %d (%v)", len(got), len(want), before)
	}
	for _, c := range got {
		if c.RoomName != "Maths 7b" || c.Name == "" {
			t.Errorf("candidate %+v", c)
		}
	}
	for id, s := range before {
		if e.state(id) != s {
			t.Errorf("the dry run changed %s", id)
		}
	}
	run, err := e.svc.RunRetention(ctx, false, e.who(e.admin))
	if err != nil {
		t.Fatal(err)
	}
	if run.Count() != len(want) {
		t.Errorf("real run: %d, want %d", run.Count(), len(want))
	}
	for _, id := range want {
		if e.state(id) != "deleted" {
			t.Errorf("%s is %s, want deleted", id, e.state(id))
		}
	}
	wanted := idScope(want)
	for id, st := range before {
		if !wanted(id) && e.state(id) != st {
			t.Errorf("a young recording changed: %s %s → %s", id, st, e.state(id))
		}
	}
	for id, st := range leeStart {
		if e.state(id) != st {
			t.Errorf("lee's template has no rule, yet %s went %s → %s", id, st, e.state(id))
		}
	}
	entries := e.entries("recording.retention")
	if len(entries) != 2 || !strings.Contains(entries[0].Details, `"dry_run":true`) || !strings.Contains(entries[1].Details, `"dry_run":false`) {
		t.Fatalf("retention audit = %+v", entries)
	}
	// An unpublish rule takes only published recordings.
	if err := models.SetRecordingRetention(e.db, models.RecordingRetention{TemplateID: e.leeRoom.TemplateID, Days: 7, Action: models.RetainUnpublish}); err != nil {
		t.Fatal(err)
	}
	leeBefore := map[string]string{}
	for _, id := range leeIDs {
		leeBefore[id] = e.state(id)
	}
	if _, err := e.svc.RunRetention(ctx, false, e.who(e.admin)); err != nil {
		t.Fatal(err)
	}
	for _, id := range leeIDs {
		want := leeBefore[id]
		if want == "published" {
			want = "unpublished"
		}
		if e.state(id) != want {
			t.Errorf("lee's %s: %s → %s, want %s", id, leeBefore[id], e.state(id), want)
		}
	}
}
