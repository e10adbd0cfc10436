package handlers

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"bbbportal/audit"
	"bbbportal/bbb"
	"bbbportal/bbb/bbbsim"
	"bbbportal/i18n"
	"bbbportal/meetings"
	"bbbportal/models"
	"bbbportal/views"
)

const benchSecret = "0123456789abcdef0123456789abcdef"

// benchEnv is the meetings service on a real SQLite file and the simulator over HTTP.
type benchEnv struct {
	h      *Handler
	svc    *meetings.Service
	client *bbb.Client
	sim    *bbbsim.Server
	owner  *models.User
}

func newBenchEnv(b *testing.B, simOpts bbbsim.Options) *benchEnv {
	b.Helper()
	db, err := models.Open(filepath.Join(b.TempDir(), "portal.db"))
	if err != nil {
		b.Fatal(err)
	}
	aw := audit.NewWriter(db)
	simOpts.Secret = benchSecret
	sim := bbbsim.New(simOpts)
	ts := httptest.NewServer(sim)
	client, err := bbb.New(ts.URL+"/bigbluebutton/api/", benchSecret)
	if err != nil {
		b.Fatal(err)
	}
	// Callbacks go to a closed port: only polling confirms here.
	svc := meetings.New(db, client, aw, meetings.Config{BaseURL: "http://127.0.0.1:1"}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	b.Cleanup(func() { svc.Close(); ts.Close(); sim.Close(); aw.Close(); models.Close(db) })
	owner, err := models.CreateUser(db, models.NewUser{Email: "kim@school.test", DisplayName: "Kim Teacher", Role: models.RoleTeacher, Password: "bench password 1"})
	if err != nil {
		b.Fatal(err)
	}
	return &benchEnv{h: &Handler{db: db, meetings: svc}, svc: svc, client: client, sim: sim, owner: owner}
}

// startRoom creates a room and starts its meeting with people in it.
func (e *benchEnv) startRoom(b *testing.B, name string, people int) *models.Room {
	b.Helper()
	tpl := &models.Template{Name: "tpl " + name}
	if err := models.SaveTemplate(e.h.db, tpl); err != nil {
		b.Fatal(err)
	}
	room := &models.Room{Name: name, OwnerID: e.owner.ID, TemplateID: tpl.ID}
	if err := models.SaveRoom(e.h.db, room); err != nil {
		b.Fatal(err)
	}
	room, err := models.RoomFor(e.h.db, room.ID, e.owner)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := e.svc.Start(context.Background(), room, e.owner, audit.Record{}); err != nil {
		b.Fatal(err)
	}
	e.addPeople(b, room.MeetingID, people)
	return room
}

func (e *benchEnv) addPeople(b *testing.B, meetingID string, n int) {
	for i := 0; i < n; i++ {
		role := "VIEWER"
		if i == 0 {
			role = "MODERATOR"
		}
		if _, err := e.sim.AddUser(meetingID, fmt.Sprintf("Student %02d", i), role); err != nil {
			b.Fatal(err)
		}
	}
}

func percentile(sorted []time.Duration, p float64) float64 {
	return float64(sorted[int(float64(len(sorted)-1)*p)].Microseconds()) / 1000
}

func reportPercentiles(b *testing.B, name string, samples []time.Duration) (p50 float64) {
	slices.Sort(samples)
	p50 = percentile(samples, 0.50)
	b.ReportMetric(p50, name+"-p50-ms")
	b.ReportMetric(percentile(samples, 0.99), name+"-p99-ms")
	return p50
}

// BenchmarkLiveView renders the live view's table (the htmx refresh) for 200 meetings with
// 25 attendees each, 150 of them the portal's, and decodes the same getMeetings XML alone.
// The ratio render/decode tells what the page costs beyond reading BBB's answer.
func BenchmarkLiveView(b *testing.B) {
	e := newBenchEnv(b, bbbsim.Options{})
	for i := 0; i < 150; i++ {
		e.startRoom(b, fmt.Sprintf("Room %03d", i), 25)
	}
	for i := 0; i < 50; i++ {
		id := fmt.Sprintf("other-%03d", i)
		if _, err := e.client.Create(context.Background(), bbb.CreateParams{Name: "Other " + id, MeetingID: id}); err != nil {
			b.Fatal(err)
		}
		e.addPeople(b, id, 25)
	}
	signed, err := e.client.SignedURL("getMeetings", url.Values{})
	if err != nil {
		b.Fatal(err)
	}
	resp, err := http.Get(signed)
	if err != nil {
		b.Fatal(err)
	}
	raw, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	snap := e.svc.Live.Get(context.Background())
	if len(snap.Meetings) != 200 || len(snap.Meetings[0].Attendees) != 25 {
		b.Fatalf("snapshot has %d meetings", len(snap.Meetings))
	}
	ctx := i18n.WithLanguage(context.Background(), "en")
	page := views.Page{Title: "Live meetings", User: e.owner}

	var render, decode []time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		v, err := e.h.buildLiveView(snap, "", views.LiveShowAll)
		if err != nil {
			b.Fatal(err)
		}
		if err := views.LiveRowsPartial(page, v).Render(ctx, io.Discard); err != nil {
			b.Fatal(err)
		}
		render = append(render, time.Since(start))

		start = time.Now()
		if _, err := bbb.ParseMeetings(raw); err != nil {
			b.Fatal(err)
		}
		decode = append(decode, time.Since(start))
	}
	b.StopTimer()
	r := reportPercentiles(b, "render", render)
	d := reportPercentiles(b, "decode", decode)
	b.ReportMetric(r/d, "render/decode")
	b.ReportMetric(float64(len(raw))/1024, "xml-KiB")
}

// BenchmarkEndConfirmation measures, with the simulator ending meetings d after end, the
// time from the end request to its confirmation by polling, minus d.
func BenchmarkEndConfirmation(b *testing.B) {
	const d = 100 * time.Millisecond
	e := newBenchEnv(b, bbbsim.Options{EndDelay: d})
	rooms := make([]*models.Room, b.N)
	for i := range rooms {
		rooms[i] = e.startRoom(b, fmt.Sprintf("Room %03d", i), 1)
	}
	var overhead []time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		w, err := e.svc.RequestEnd(context.Background(), meetings.EndRequest{MeetingID: rooms[i].MeetingID, MeetingName: rooms[i].Name, Reason: meetings.ReasonManual})
		if err != nil {
			b.Fatal(err)
		}
		for {
			got, err := models.EndWatchByID(e.h.db, w.ID)
			if err != nil {
				b.Fatal(err)
			}
			if got.State == models.WatchConfirmed {
				break
			}
			time.Sleep(time.Millisecond)
		}
		overhead = append(overhead, time.Since(start)-d)
	}
	b.StopTimer()
	reportPercentiles(b, "overhead", overhead)
}
