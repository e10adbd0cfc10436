package recordings

import (
	"sync"
	"testing"
	"time"

	"bbbportal/bbb/bbbsim"
	"bbbportal/models"
)

// The badge's count is remembered between pages and read again after every write of notices
// through the service: a new notice and a notice seen show at once, and a count read while
// notices are written is never served after them.
func TestUnseenCountFollowsEveryWrite(t *testing.T) {
	t.Parallel()
	e := newEnv(t, bbbsim.Options{})
	room := e.room("History 9", e.kim)
	if n, _ := e.svc.Unseen(e.kim.ID); n != 0 {
		t.Fatalf("%d unseen before any notice", n)
	}
	// Written behind the service's back, a notice is not seen: the count is remembered.
	if err := models.Notify(e.db, []uint{e.kim.ID}, models.NoticeRecordingReady, "behind", &room.ID, "x", time.Now()); err != nil {
		t.Fatal(err)
	}
	if n, _ := e.svc.Unseen(e.kim.ID); n != 0 {
		t.Errorf("%d unseen: the count was read again without a write through the service", n)
	}
	if err := e.svc.notify([]uint{e.kim.ID, e.lee.ID}, models.NoticeRecordingReady, "r1", &room.ID, "History 9"); err != nil {
		t.Fatal(err)
	}
	if n, _ := e.svc.Unseen(e.kim.ID); n != 2 {
		t.Errorf("after a notice: %d unseen, want 2", n)
	}
	if n, _ := e.svc.Unseen(e.lee.ID); n != 1 {
		t.Errorf("lee: %d unseen, want 1", n)
	}
	if err := e.svc.MarkSeen(e.kim.ID); err != nil {
		t.Fatal(err)
	}
	if n, _ := e.svc.Unseen(e.kim.ID); n != 0 {
		t.Errorf("after seeing: %d unseen, want 0", n)
	}

	var wg sync.WaitGroup
	for i := range 20 {
		wg.Add(2)
		go func() {
			defer wg.Done()
			e.svc.notify([]uint{e.kim.ID}, models.NoticeRecordingReady, "burst"+string(rune('a'+i)), &room.ID, "x")
		}()
		go func() {
			defer wg.Done()
			e.svc.Unseen(e.kim.ID)
		}()
	}
	wg.Wait()
	want, err := models.UnseenNotifications(e.db, e.kim.ID)
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := e.svc.Unseen(e.kim.ID); n != want || want != 20 {
		t.Errorf("after concurrent notices and reads: %d unseen, the database has %d, want 20", n, want)
	}
}
