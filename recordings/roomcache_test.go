package recordings

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"bbbportal/bbb"
	"bbbportal/bbb/bbbsim"
	"bbbportal/models"
)

// countingBBB is the real client, counting its getRecordings calls.
type countingBBB struct {
	BBB
	lists atomic.Int32
}

func (c *countingBBB) GetRecordings(ctx context.Context, q bbb.RecordingsQuery) (*bbb.RecordingList, error) {
	c.lists.Add(1)
	return c.BBB.GetRecordings(ctx, q)
}

func TestRoomListIsKeptUntilSomethingChangesIt(t *testing.T) {
	t.Parallel()
	e := newEnv(t, bbbsim.Options{})
	ctx := context.Background()
	id := e.meeting(e.kimRoom, 20*time.Minute, true)
	other := e.meeting(e.leeRoom, 20*time.Minute, true)
	e.publish()
	server := &countingBBB{BBB: e.client}
	svc := New(e.db, server, e.audit, Config{Secret: testSecret, Now: e.clock.Now}, nil)
	t.Cleanup(svc.Close)

	state := func(want string) {
		t.Helper()
		page, err := svc.ForRoom(ctx, e.kim, e.kimRoom.ID, Query{})
		if err != nil {
			t.Fatal(err)
		}
		if len(page.Items) != 1 || page.Items[0].RecordID != id || page.Items[0].State != want {
			t.Fatalf("room page lists %+v, want %s %s", page.Items, id, want)
		}
	}
	state(models.RecPublished)
	state(models.RecPublished)
	if n := server.lists.Load(); n != 1 {
		t.Fatalf("two views asked BBB %d times, want once", n)
	}

	// The portal's own action shows at once.
	if _, err := svc.Publish(ctx, e.kim, []string{id}, false, e.who(e.kim)); err != nil {
		t.Fatal(err)
	}
	state(models.RecUnpublished)
	// An action in another room leaves this room's list alone.
	if _, err := svc.Publish(ctx, e.lee, []string{other}, false, e.who(e.lee)); err != nil {
		t.Fatal(err)
	}
	before := server.lists.Load()
	state(models.RecUnpublished)
	if n := server.lists.Load(); n != before {
		t.Errorf("another room's action made this room's view ask BBB (%d calls)", n-before)
	}

	// A change made behind the portal's back shows once a webhook event says so …
	if err := e.client.PublishRecordings(ctx, []string{id}, true); err != nil {
		t.Fatal(err)
	}
	state(models.RecUnpublished)
	if err := svc.RecordingsChanged(ctx, e.kimRoom.MeetingID); err != nil {
		t.Fatal(err)
	}
	state(models.RecPublished)
	// … or, without one, within the room cache's lifetime.
	if err := e.client.PublishRecordings(ctx, []string{id}, false); err != nil {
		t.Fatal(err)
	}
	e.clock.Advance(31 * time.Second)
	state(models.RecUnpublished)
}
