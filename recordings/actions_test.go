package recordings

import (
	"context"
	"testing"
	"time"

	"bbbportal/bbb/bbbsim"
	"bbbportal/models"
)

func TestPublishUnpublishRenameDeleteAreReadBack(t *testing.T) {
	t.Parallel()
	e := newEnv(t, bbbsim.Options{})
	ctx := context.Background()
	a := e.meeting(e.kimRoom, 30*time.Minute, true)
	b := e.meeting(e.kimRoom, 15*time.Minute, true)
	e.publish()

	items, err := e.svc.Publish(ctx, e.kim, []string{a, b}, false, e.who(e.kim))
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 2 || items[0].State != models.RecUnpublished || e.state(a) != "unpublished" || e.state(b) != "unpublished" {
		t.Fatalf("unpublish: %+v; simulator %s %s", items, e.state(a), e.state(b))
	}
	items, err = e.svc.Publish(ctx, e.kim, []string{a}, true, e.who(e.kim))
	if err != nil || items[0].State != models.RecPublished || e.state(a) != "published" {
		t.Fatalf("publish: %v %+v", err, items)
	}
	it, err := e.svc.Update(ctx, e.kim, a, Rename{Name: "  Fractions, part 1 ", Description: "Homework in the last ten minutes"}, e.who(e.kim))
	if err != nil {
		t.Fatal(err)
	}
	if it.Name != "Fractions, part 1" || it.Description != "Homework in the last ten minutes" {
		t.Errorf("after rename: %q / %q", it.Name, it.Description)
	}
	if meta := mustRecording(t, e, a).Metadata; meta["name"] != "Fractions, part 1" {
		t.Errorf("BBB's metadata: %v", meta)
	}
	it, err = e.svc.Update(ctx, e.kim, a, Rename{Name: "Fractions"}, e.who(e.kim))
	if err != nil || it.Description != "" {
		t.Errorf("an empty description removes it: %v %q", err, it.Description)
	}
	items, err = e.svc.Delete(ctx, e.kim, []string{a, b}, e.who(e.kim))
	if err != nil {
		t.Fatal(err)
	}
	// BBB's delete is soft: it stays listed, as deleted.
	if len(items) != 2 || items[0].State != models.RecDeleted || e.state(b) != "deleted" {
		t.Fatalf("delete: %+v", items)
	}
	page, _ := e.svc.ForRoom(ctx, e.kim, e.kimRoom.ID, Query{State: models.RecDeleted})
	if page.Total != 2 {
		t.Errorf("deleted recordings listed: %d, want 2", page.Total)
	}
	if _, err := e.svc.Publish(ctx, e.kim, []string{a}, true, e.who(e.kim)); Problem(err) != "recordings.problem.state.deleted" {
		t.Errorf("publishing a deleted recording: %v", err)
	}
	for action, want := range map[string]int{"recording.unpublish": 2, "recording.publish": 1, "recording.update": 2, "recording.delete": 2} {
		got := e.entries(action)
		if len(got) != want {
			t.Errorf("%s: %d audit entries, want %d", action, len(got), want)
			continue
		}
		if got[0].Result != "ok" || got[0].ActorID == nil || *got[0].ActorID != e.kim.ID || got[0].TargetID == "" {
			t.Errorf("%s audit entry = %+v", action, got[0])
		}
	}
}

func mustRecording(t *testing.T, e *env, id string) bbbsim.RecordingInfo {
	t.Helper()
	info, ok := e.sim.Recording(id)
	if !ok {
		t.Fatalf("no recording %s", id)
	}
	return info
}

func TestActionsOnProcessingRecordingsAreRefused(t *testing.T) {
	t.Parallel()
	e := newEnv(t, bbbsim.Options{})
	ctx := context.Background()
	id := e.meeting(e.kimRoom, 5*time.Minute, true)
	_, err := e.svc.Publish(ctx, e.kim, []string{id}, true, e.who(e.kim))
	if Problem(err) != "recordings.problem.state.processing" {
		t.Errorf("publishing while processing: %v", err)
	}
	if _, err := e.svc.Delete(ctx, e.kim, []string{id}, e.who(e.kim)); Problem(err) != "recordings.problem.state.processing" {
		t.Errorf("deleting while processing: %v", err)
	}
	if e.state(id) != "processing" {
		t.Errorf("state %s", e.state(id))
	}
}

func TestTeacherCannotTouchAnotherTeachersRecording(t *testing.T) {
	t.Parallel()
	e := newEnv(t, bbbsim.Options{})
	ctx := context.Background()
	mine := e.meeting(e.kimRoom, 10*time.Minute, true)
	theirs := e.meeting(e.leeRoom, 10*time.Minute, true)
	var foreign string
	for _, id := range e.sim.SeedRecordings(20, bbbsim.SeedOptions{MeetingIDs: []string{"not-a-portal-room"}}) {
		if e.state(id) == "published" {
			foreign = id
		}
	}
	e.publish()
	who := e.who(e.kim)

	if _, err := e.svc.ForRoom(ctx, e.kim, e.leeRoom.ID, Query{}); err != ErrNotFound {
		t.Errorf("listing lee's room: %v", err)
	}
	if _, err := e.svc.Mine(ctx, e.kim, Query{RoomID: e.leeRoom.ID}); err != ErrNotFound {
		t.Errorf("filtering by lee's room: %v", err)
	}
	page, _ := e.svc.Mine(ctx, e.kim, Query{})
	if page.Total != 1 || page.Items[0].RecordID != mine {
		t.Errorf("kim's list = %+v", page.Items)
	}
	cases := map[string]func(ids []string) error{
		"publish": func(ids []string) error { _, err := e.svc.Publish(ctx, e.kim, ids, false, who); return err },
		"delete":  func(ids []string) error { _, err := e.svc.Delete(ctx, e.kim, ids, who); return err },
		"rename": func(ids []string) error {
			_, err := e.svc.Update(ctx, e.kim, ids[len(ids)-1], Rename{Name: "x"}, who)
			return err
		},
		"confirm": func(ids []string) error { _, err := e.svc.Get(ctx, e.kim, ids); return err },
	}
	for name, act := range cases {
		for _, ids := range [][]string{{theirs}, {mine, theirs}, {mine, foreign}, {mine, theirs[:10]}, {mine, mine + "0"}} {
			if err := act(ids); err != ErrNotFound {
				t.Errorf("%s %v: %v, want ErrNotFound", name, ids, err)
			}
		}
	}
	if e.state(mine) != "published" || e.state(theirs) != "published" || e.state(foreign) == "deleted" {
		t.Errorf("something changed: %s %s %s", e.state(mine), e.state(theirs), e.state(foreign))
	}
	if info := mustRecording(t, e, theirs); info.Metadata["name"] != "" {
		t.Errorf("lee's recording was renamed: %v", info.Metadata)
	}
	if denied := e.entries("recording.delete"); len(denied) != 5 || denied[0].Result != "denied" {
		t.Errorf("refused deletes audited: %d", len(denied))
	}
	// A co-owner may; an admin may act on anything, foreign meetings included.
	shared := e.room("Physics 8c", e.lee, *e.kim)
	co := e.meeting(shared, 10*time.Minute, true)
	e.publish()
	if _, err := e.svc.Publish(ctx, e.kim, []string{co}, false, who); err != nil {
		t.Errorf("co-owner unpublishing: %v", err)
	}
	if _, err := e.svc.Delete(ctx, e.admin, []string{theirs, foreign}, e.who(e.admin)); err != nil {
		t.Errorf("admin deleting: %v", err)
	}
	if e.state(theirs) != "deleted" || e.state(foreign) != "deleted" {
		t.Errorf("admin delete: %s %s", e.state(theirs), e.state(foreign))
	}
}

func TestRenameValidation(t *testing.T) {
	t.Parallel()
	long := make([]rune, MaxNameLength+1)
	for i := range long {
		long[i] = 'a'
	}
	for _, tc := range []struct {
		form Rename
		bad  []string
	}{
		{Rename{Name: "Fractions"}, nil},
		{Rename{Name: "   "}, []string{"name"}},
		{Rename{Name: string(long)}, []string{"name"}},
		{Rename{Name: "a\x00b"}, []string{"name"}},
		{Rename{Name: "ok", Description: "line one\nline two"}, nil},
		{Rename{Name: "ok", Description: "bell\a"}, []string{"description"}},
	} {
		got := tc.form.Validate()
		if len(got) != len(tc.bad) {
			t.Errorf("%q: problems %v, want %v", tc.form.Name, got, tc.bad)
		}
		for _, f := range tc.bad {
			if got[f] == "" {
				t.Errorf("%q: no problem for %s", tc.form.Name, f)
			}
		}
	}
}
