package handlers_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"bbbportal/audit"
	"bbbportal/bbb/bbbsim"
	"bbbportal/meetings"
	"bbbportal/models"
)

// dbBytes is the size of the portal's database file with its write-ahead log.
func dbBytes(p *testPortal) int64 {
	var n int64
	for _, f := range []string{p.Config.SQLitePath, p.Config.SQLitePath + "-wal"} {
		if st, err := os.Stat(f); err == nil {
			n += st.Size()
		}
	}
	return n
}

// TestForgedEndCallbacksCannotFillTheDisk: a flood of forged end callbacks with 3,000-character
// meeting IDs from one address is limited (429 past the burst) and folded into one audit entry
// per address and minute, whose count says how many were refused; nothing long is stored.
func TestForgedEndCallbacksCannotFillTheDisk(t *testing.T) {
	t.Parallel()
	p := startMeetingPortal(t, bbbsim.Options{}, meetings.Config{})
	long := strings.Repeat("x", 3000)
	before := dbBytes(p.testPortal)
	var forbidden, limited, other atomic.Int64
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 8}}
	const workers, perWorker = 8, 400
	start := time.Now()
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < perWorker; i++ {
				resp, err := client.Get(p.URL + "/callbacks/end?token=forged&recordingmarks=true&meetingID=" + long)
				if err != nil {
					other.Add(1)
					continue
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				switch resp.StatusCode {
				case http.StatusForbidden:
					forbidden.Add(1)
				case http.StatusTooManyRequests:
					limited.Add(1)
				default:
					other.Add(1)
				}
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	total := int64(workers * perWorker)
	if other.Load() != 0 || forbidden.Load()+limited.Load() != total {
		t.Fatalf("%d forbidden, %d limited, %d other of %d", forbidden.Load(), limited.Load(), other.Load(), total)
	}
	if limited.Load() == 0 {
		t.Errorf("%d callbacks from one address in %v and none limited", total, elapsed)
	}
	if err := p.P.Refusals.Flush(t.Context()); err != nil { // writes the folded counts
		t.Fatal(err)
	}
	entries := p.auditEntries("meeting.end.callback")
	if len(entries) == 0 || len(entries) > 2 { // 2 when the flood spans a minute boundary
		t.Fatalf("%d audit entries for %d refused callbacks, want one per address and minute", len(entries), total)
	}
	var counted int64
	for _, e := range entries {
		if e.Result != audit.ResultDenied || len(e.TargetID) > audit.RefusalTargetMax || strings.Contains(e.Details, long[:300]) {
			t.Errorf("refusal entry stores too much or the wrong result: %s %q (%d bytes) %s", e.Result, e.TargetID[:min(len(e.TargetID), 80)], len(e.TargetID), e.Details[:min(len(e.Details), 200)])
		}
		var d struct{ Count int64 }
		if err := json.Unmarshal([]byte(e.Details), &d); err != nil {
			t.Fatal(err)
		}
		counted += d.Count
	}
	if counted != total {
		t.Errorf("the folded entries count %d refusals, want %d", counted, total)
	}
	growth := dbBytes(p.testPortal) - before
	t.Logf("forged end callbacks: %d in %v = %.0f req/s (%d refused with 403, %d limited with 429); audit: %d entries, database growth %d KB (%.1f bytes per request)",
		total, elapsed.Round(time.Millisecond), float64(total)/elapsed.Seconds(), forbidden.Load(), limited.Load(), len(entries), growth/1024, float64(growth)/float64(total))
}

// TestEndCallbackWithTheRightTokenIsStillOnlyAHint: the token travels in metadata, which
// recordings copy. Presented while the meeting runs, it changes nothing: the run stays open,
// the on-time end stays due, the end page does not say "ended".
func TestEndCallbackWithTheRightTokenIsStillOnlyAHint(t *testing.T) {
	t.Parallel()
	p := startMeetingPortal(t, bbbsim.Options{EndDelay: time.Second}, meetings.Config{FirstCheck: time.Hour, MaxInterval: time.Hour})
	room := p.room(p.teacher, "Latin 11", map[string]string{"duration": "45"})
	p.start(room, p.teacher, "Kim", "Ada")
	meta, err := url.Parse(p.Sim.LastCreateQuery(room.MeetingID).Get("meta_endCallbackUrl"))
	if err != nil {
		t.Fatal(err)
	}
	anon := newBrowser(t, p.URL)
	pg := anon.get("/callbacks/end?token=" + meta.Query().Get("token") + "&recordingmarks=false&meetingID=" + url.QueryEscape(room.MeetingID))
	if pg.Status != http.StatusAccepted {
		t.Errorf("hint for a running meeting answered %d, want 202", pg.Status)
	}
	run, err := models.ActiveRun(p.DB, room.MeetingID)
	if err != nil || run.EndDue == nil {
		t.Fatalf("the run or its on-time end is gone after a hint: %+v %v", run, err)
	}
	if _, ok := p.Sim.Meeting(room.MeetingID); !ok {
		t.Fatal("the meeting is gone")
	}

	// When BBB really ends it, its own callbacks (meta_endCallbackUrl and meetingEndedURL) confirm.
	if err := p.BBB.End(t.Context(), room.MeetingID); err != nil {
		t.Fatal(err)
	}
	p.clock.Advance(time.Second)
	p.Sim.FlushCallbacks()
	if _, err := models.ActiveRun(p.DB, room.MeetingID); err == nil {
		t.Error("the run is open after BBB's end callbacks")
	}
	ok := 0
	for _, e := range p.auditEntries("meeting.end.callback") {
		if e.Result == audit.ResultOK {
			ok++
		}
	}
	if ok != 1 {
		t.Errorf("%d accepted callback entries, want 1 (two URLs, each probed and called)", ok)
	}
}
