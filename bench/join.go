package bench

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"runtime/pprof"
	"strings"
	"sync/atomic"
	"time"

	"bbbportal/audit"
	"bbbportal/bbb"
	"bbbportal/bbb/bbbsim"
	"bbbportal/config"
	"bbbportal/links"
	"bbbportal/models"
	"bbbportal/portal"
	"bbbportal/rooms"
)

// JoinOptions is one run of the join benchmark: a class's link posted in the chat at 8:00.
type JoinOptions struct {
	Guests      int // people who open the link and send their name
	Concurrency int // of them at the same time
	// BBBEndpoint and BBBSecret name a BBB server; "" runs the built-in simulator on loopback.
	BBBEndpoint, BBBSecret string
	Progress               io.Writer
	// CPUProfile names a file for a CPU profile of the guests' joins (portal and the
	// guests' clients, which run in the same process); "" for none.
	CPUProfile string
}

// JoinReport is what a run measured: every guest's GET of the join page and POST of the
// name, against a bare Fiber handler answering the same two requests with a fixed 302.
type JoinReport struct {
	Guests, Concurrency int
	Server              string // "built-in simulator" or the BBB server's host
	Portal, Bare        Result
	// Creates is the number of create calls BBB received (the simulator counts them; for
	// another server, the create calls the portal sent).
	Creates int64
}

// Join starts the portal on loopback in front of the simulator (or the given BBB server),
// creates a room whose teacher starts the meeting with a moderator link, and lets the guests
// join with the room's attendee link. Each guest comes from an address of its own (through
// X-Forwarded-For from a trusted proxy), as pupils joining from home do; links.Limits
// documents the numbers for a school behind one address.
func Join(ctx context.Context, o JoinOptions) (JoinReport, error) {
	rep := JoinReport{Guests: o.Guests, Concurrency: o.Concurrency, Server: "built-in simulator"}
	progress := func(format string, args ...any) {
		if o.Progress != nil {
			fmt.Fprintf(o.Progress, format+"\n", args...)
		}
	}
	dir, err := os.MkdirTemp("", "bbbportal-bench-join-")
	if err != nil {
		return rep, err
	}
	defer os.RemoveAll(dir)

	var creates atomic.Int64
	endpoint, secret := o.BBBEndpoint, o.BBBSecret
	alg := bbb.Auto
	transport := http.DefaultTransport
	if endpoint == "" {
		stop, simURL, simSecret, err := startCountingSimulator(&creates)
		if err != nil {
			return rep, err
		}
		defer stop()
		endpoint, secret, alg = simURL+"/bigbluebutton/api/", simSecret, bbb.SHA256
	} else {
		if u, err := url.Parse(endpoint); err == nil {
			rep.Server = u.Host
		}
		transport = countingTransport{next: http.DefaultTransport, creates: &creates}
	}

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return rep, err
	}
	base := "http://" + ln.Addr().String()
	vars := map[string]string{"DATA_DIR": dir, "BASE_URL": base, "LISTEN_ADDR": ln.Addr().String(),
		"BIGBLUEBUTTON_ENDPOINT": endpoint, "BIGBLUEBUTTON_SECRET": secret, "TRUSTED_PROXIES": "127.0.0.1"}
	cfg, err := config.LoadFrom(func(k string) string { return vars[k] })
	if err != nil {
		ln.Close()
		return rep, err
	}
	p, err := portal.Open(cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), portal.WithoutJobs(),
		portal.WithBBBOptions(bbb.WithChecksum(alg), bbb.WithRetry(3, 500*time.Millisecond),
			bbb.WithHTTPClient(&http.Client{Transport: transport})))
	if err != nil {
		ln.Close()
		return rep, err
	}
	go p.Serve(ln)
	defer func() { p.App.Shutdown(); p.Close() }()

	progress("creating the room and its links …")
	room, attendeeURL, moderatorURL, err := joinRoom(ctx, p)
	if err != nil {
		return rep, err
	}
	if o.BBBEndpoint != "" {
		defer func() {
			endCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			p.BBB.End(endCtx, room.MeetingID)
		}()
	}
	client := Client(o.Concurrency)
	defer client.CloseIdleConnections()
	progress("the teacher starts the meeting with the moderator link …")
	if err := joinOnce(ctx, client, moderatorURL, "Teacher", "192.0.2.1", endpoint+"join?"); err != nil {
		return rep, fmt.Errorf("bench: the teacher's start: %w", err)
	}

	bare, err := StartBare(0)
	if err != nil {
		return rep, err
	}
	progress("%d requests to a bare Fiber 302 …", 2*o.Guests)
	rep.Bare = guests(ctx, o, func(ctx context.Context, c *http.Client, i int, lat func(time.Duration)) error {
		return bareGuest(ctx, c, bare.URL+"/redirect", lat)
	})
	bare.Close()
	progress("%d guests join, %d at a time …", o.Guests, o.Concurrency)
	if o.CPUProfile != "" {
		stop, err := startCPUProfile(o.CPUProfile)
		if err != nil {
			return rep, err
		}
		defer stop()
	}
	rep.Portal = guests(ctx, o, func(ctx context.Context, c *http.Client, i int, lat func(time.Duration)) error {
		return joinGuest(ctx, c, attendeeURL, fmt.Sprintf("Student %04d", i), guestAddress(i), endpoint+"join?", lat)
	})
	rep.Creates = creates.Load()
	return rep, ctx.Err()
}

func startCPUProfile(path string) (stop func(), err error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}

// joinRoom creates a teacher and a room (its attendee link comes with it) and a moderator
// link for the teacher.
func joinRoom(ctx context.Context, p *portal.Portal) (*models.Room, string, string, error) {
	teacher, err := models.CreateUser(p.DB, models.NewUser{Email: "teacher@bench.test", DisplayName: "Teacher",
		Role: models.RoleTeacher, Password: SeedPassword})
	if err != nil {
		return nil, "", "", err
	}
	var tpl models.Template
	if err := p.DB.Where("owner_id IS NULL").Order("id").First(&tpl).Error; err != nil {
		return nil, "", "", fmt.Errorf("bench: a starter template: %w", err)
	}
	who := audit.Record{ActorID: teacher.ID, ActorEmail: teacher.Email}
	room := &models.Room{OwnerID: teacher.ID, Owner: *teacher}
	ch := rooms.RoomChange{Name: "Class 7b at 8:00", TemplateID: tpl.ID}
	check, err := p.Rooms.CheckRoom(teacher, room, ch)
	if err != nil {
		return nil, "", "", err
	}
	if err := p.Rooms.SaveRoom(who, room, ch, check); err != nil {
		return nil, "", "", err
	}
	if room, err = models.RoomFor(p.DB, room.ID, teacher); err != nil {
		return nil, "", "", err
	}
	attendee, err := models.DefaultLinkOfRoom(p.DB, room.ID)
	if err != nil {
		return nil, "", "", fmt.Errorf("bench: the room's attendee link: %w", err)
	}
	mod, err := p.Links.Create(ctx, room, teacher, links.Spec{Role: models.LinkModerator, Label: "Teacher"}, who)
	if err != nil {
		return nil, "", "", err
	}
	return room, p.Links.URL(attendee), p.Links.URL(mod), nil
}

// guests runs o.Guests guest functions, o.Concurrency at a time, and measures each request.
func guests(ctx context.Context, o JoinOptions, guest func(context.Context, *http.Client, int, func(time.Duration)) error) Result {
	return Load{Concurrency: o.Concurrency, Requests: o.Guests, Steps: guest}.Run(ctx)
}

// joinGuest is one guest: open the link's page, send the name (and the recording consent the
// starter templates ask for), expect the redirect to BBB's join.
func joinGuest(ctx context.Context, client *http.Client, linkURL, name, addr, joinPrefix string, lat func(time.Duration)) error {
	t0 := time.Now()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, linkURL, nil)
	req.Header.Set("X-Forwarded-For", addr)
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	lat(time.Since(t0))
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET the join page: status %d", resp.StatusCode)
	}
	csrf := CSRFToken(string(body))
	if csrf == "" {
		return fmt.Errorf("GET the join page: no CSRF token")
	}
	var cookies []string
	for _, c := range resp.Cookies() {
		cookies = append(cookies, c.Name+"="+c.Value)
	}
	form := url.Values{"name": {name}, "consent": {"yes"}, "_csrf": {csrf}}
	t0 = time.Now()
	req, _ = http.NewRequestWithContext(ctx, http.MethodPost, linkURL, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Cookie", strings.Join(cookies, "; "))
	req.Header.Set("X-Forwarded-For", addr)
	resp, err = client.Do(req)
	if err != nil {
		return err
	}
	n, _ := io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	lat(time.Since(t0))
	if loc := resp.Header.Get("Location"); resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, joinPrefix) {
		return fmt.Errorf("POST the name: status %d (%d bytes), want 303 to BBB's join", resp.StatusCode, n)
	}
	return nil
}

// joinOnce is joinGuest without measuring.
func joinOnce(ctx context.Context, client *http.Client, linkURL, name, addr, joinPrefix string) error {
	return joinGuest(ctx, client, linkURL, name, addr, joinPrefix, func(time.Duration) {})
}

// bareGuest sends the bare handler the same two requests: a GET and a small form POST.
func bareGuest(ctx context.Context, client *http.Client, target string, lat func(time.Duration)) error {
	t0 := time.Now()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, target, nil)
	if err := Expect(client.Do(req))(http.StatusFound); err != nil {
		return err
	}
	lat(time.Since(t0))
	t0 = time.Now()
	req, _ = http.NewRequestWithContext(ctx, http.MethodPost, target, strings.NewReader("name=Student&consent=yes"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if err := Expect(client.Do(req))(http.StatusFound); err != nil {
		return err
	}
	lat(time.Since(t0))
	return nil
}

// guestAddress is guest i's own address (10.0.0.0/8).
func guestAddress(i int) string { return fmt.Sprintf("10.%d.%d.%d", i>>16&255, i>>8&255, i&255) }

// startCountingSimulator serves the BBB simulator on loopback and counts the create calls it
// receives.
func startCountingSimulator(creates *atomic.Int64) (stop func(), baseURL, secret string, err error) {
	b := make([]byte, 20)
	rand.Read(b)
	secret = hex.EncodeToString(b)
	sim := bbbsim.New(bbbsim.Options{Secret: secret})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		sim.Close()
		return nil, "", "", err
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/create") {
			creates.Add(1)
		}
		sim.ServeHTTP(w, r)
	}), ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	return func() { srv.Close(); sim.Close() }, "http://" + ln.Addr().String(), secret, nil
}

// countingTransport counts the create calls the portal sends to a BBB server.
type countingTransport struct {
	next    http.RoundTripper
	creates *atomic.Int64
}

func (t countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if strings.HasSuffix(r.URL.Path, "/create") {
		t.creates.Add(1)
	}
	return t.next.RoundTrip(r)
}

// Targets of the join benchmark (issue 12).
const (
	joinMinRatio = 0.5
	joinMaxP99   = 50 * time.Millisecond
)

// Missed lists the targets the run missed; none means it met them all.
func (r JoinReport) Missed() []string {
	var missed []string
	if b := r.Bare.RPS(); b > 0 && r.Portal.RPS() < joinMinRatio*b {
		missed = append(missed, fmt.Sprintf("throughput %.0f req/s is below half the bare handler's %.0f", r.Portal.RPS(), b))
	}
	if r.Portal.P99 >= joinMaxP99 {
		missed = append(missed, fmt.Sprintf("p99 %s ms is not under %s ms", ms(r.Portal.P99), ms(joinMaxP99)))
	}
	if r.Portal.Errors > 0 {
		missed = append(missed, fmt.Sprintf("%d guests failed, first: %s", r.Portal.Errors, r.Portal.FirstError))
	}
	if r.Creates != 1 {
		missed = append(missed, fmt.Sprintf("BBB received %d create calls, want exactly 1", r.Creates))
	}
	return missed
}

// PrintJoin writes the report as a table with the targets.
func PrintJoin(w io.Writer, r JoinReport) {
	fmt.Fprintf(w, "%d guests, %d at a time, each GET /j/{token} and POST a name (%s); the teacher started the meeting first\n",
		r.Guests, r.Concurrency, r.Server)
	Print(w, []Row{{Name: "join", Result: r.Portal, Baseline: r.Bare}})
	fmt.Fprintf(w, "create calls BBB received: %d\n", r.Creates)
	if missed := r.Missed(); len(missed) > 0 {
		fmt.Fprintf(w, "targets missed: %s\n", strings.Join(missed, "; "))
	} else {
		fmt.Fprintln(w, "targets met: ≥ half the bare throughput, p99 < 50 ms, no errors, exactly one create")
	}
}

// JoinFigures are one side of the JSON report.
type JoinFigures struct {
	RPS        float64 `json:"rps"`
	P50ms      float64 `json:"p50_ms"`
	P99ms      float64 `json:"p99_ms"`
	Errors     int     `json:"errors"`
	Creates    int64   `json:"creates"`
	FirstError string  `json:"first_error,omitempty"`
}

func figures(r Result, creates int64) JoinFigures {
	return JoinFigures{RPS: r.RPS(), P50ms: msf(r.P50), P99ms: msf(r.P99), Errors: r.Errors, Creates: creates, FirstError: r.FirstError}
}

// PrintJoinJSON writes {"portal": {...}, "bare": {...}}.
func PrintJoinJSON(w io.Writer, r JoinReport) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(struct {
		Portal JoinFigures `json:"portal"`
		Bare   JoinFigures `json:"bare"`
	}{figures(r.Portal, r.Creates), figures(r.Bare, 0)})
}
