package handlers_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"bbbportal/audit"
	"bbbportal/bbb/bbbsim"
	"bbbportal/createopts"
	"bbbportal/meetings"
	"bbbportal/models"
)

// recPortal is a portal on the simulator's clock with two teachers, each with a recorded room.
type recPortal struct {
	*meetingPortal
	lee              *models.User
	kimRoom, leeRoom *models.Room
}

var recordedRoom = createopts.Values{"record": "true", "autoStartRecording": "true"}

func startRecPortal(t *testing.T, simOpts bbbsim.Options) *recPortal {
	t.Helper()
	if simOpts.Seed == 0 {
		simOpts.Seed = 11
	}
	p := &recPortal{meetingPortal: startMeetingPortal(t, simOpts, meetings.Config{})}
	p.lee = p.createUser("lee@example.org", models.RoleTeacher, testPassword)
	p.kimRoom = p.room(p.teacher, "Maths 7b", recordedRoom)
	p.leeRoom = p.room(p.lee, "History 9a", recordedRoom)
	return p
}

// seed adds n finished recordings to each room (states mixed, see bbbsim.SeedRecordings) and
// returns them by room.
func (p *recPortal) seed(n int, end time.Time, rooms ...*models.Room) map[uint][]string {
	p.t.Helper()
	out := map[uint][]string{}
	for _, r := range rooms {
		out[r.ID] = p.Sim.SeedRecordings(n, bbbsim.SeedOptions{MeetingIDs: []string{r.MeetingID}, BaseURL: p.URL, End: end})
	}
	return out
}

// inState returns the recordings of ids the simulator has in state.
func (p *recPortal) inState(ids []string, state string) []string {
	var out []string
	for _, id := range ids {
		if info, ok := p.Sim.Recording(id); ok && info.State == state {
			out = append(out, id)
		}
	}
	return out
}

func (p *recPortal) simState(id string) string {
	p.t.Helper()
	info, ok := p.Sim.Recording(id)
	if !ok {
		p.t.Fatalf("the simulator does not know %s", id)
	}
	return info.State
}

// recordedMeeting runs a recorded meeting of the room for span through the portal's meetings
// service and ends it on BBB; the simulator then lists its recording as processing.
func (p *recPortal) recordedMeeting(room *models.Room, owner *models.User, span time.Duration) string {
	p.t.Helper()
	ctx := context.Background()
	if _, err := p.Meet.Start(ctx, room, owner, audit.Record{ActorID: owner.ID}); err != nil {
		p.t.Fatal(err)
	}
	info, _ := p.Sim.Meeting(room.MeetingID)
	uid, err := p.Sim.AddUser(room.MeetingID, "Student One", "VIEWER")
	if err != nil {
		p.t.Fatal(err)
	}
	if err := p.Sim.EnterUser(room.MeetingID, uid); err != nil {
		p.t.Fatal(err)
	}
	p.clock.Advance(span)
	if err := p.BBB.End(ctx, room.MeetingID); err != nil {
		p.t.Fatal(err)
	}
	p.clock.Advance(2 * time.Second) // the simulator's end delay
	return info.InternalMeetingID
}

// publishPending lets the simulator process and publish every pending recording and waits
// for the recording-ready callbacks it sends to the portal.
func (p *recPortal) publishPending() {
	p.clock.Advance(6 * time.Second)
	p.clock.Advance(6 * time.Second)
	p.Sim.FlushCallbacks()
}

// act posts a recordings form the way the list page does (CSRF token from the list).
func act(b *browser, listPath, action string, form url.Values) page {
	b.t.Helper()
	if form.Get("return") == "" {
		form.Set("return", listPath)
	}
	return b.submit(listPath, action, form)
}

// follow loads the page a 303 points to (its flashes show once).
func follow(t *testing.T, b *browser, pg page) page {
	t.Helper()
	if pg.Status != http.StatusSeeOther {
		t.Fatalf("status %d, want 303:\n%s", pg.Status, pg.Body)
	}
	return b.get(pg.Header.Get("Location"))
}

func rowOf(t *testing.T, body, recordID string) string {
	t.Helper()
	i := strings.Index(body, `id="rec-`+recordID+`"`)
	if i < 0 {
		t.Fatalf("the list has no row for %s", recordID)
	}
	j := strings.Index(body[i:], "</tr>")
	return body[i : i+j]
}

func bbbsimOptions() bbbsim.Options { return bbbsim.Options{} }
