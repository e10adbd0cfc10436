package bench

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"time"

	"bbbportal/bbb"
	"bbbportal/config"
	"bbbportal/models"
	"bbbportal/paths"
	"bbbportal/portal"
)

// PagesOptions is one run of the page benchmark.
type PagesOptions struct {
	Size Size
	// Meetings running on the demo server for the live rows, each with Attendees people;
	// up to three quarters of them are the seeded rooms' meetings.
	Meetings, Attendees int
	Duration            time.Duration // per page and per baseline
	// Rounds splits each page's Duration into rounds, each a baseline followed by the page,
	// and reports the round with the middle ratio: a burst of load from elsewhere on a shared
	// machine then spoils one round instead of the figure. Below 1 means 1.
	Rounds      int
	Connections int
	// Dir is the data folder to seed; "" means a new temporary one, removed afterwards.
	Dir string
	// Progress, when set, receives a line before each step (seeding takes a while at scale).
	Progress io.Writer
	// Only, when not empty, names the pages to measure (by their names in the report).
	Only []string
	// CPUProfile, when set, returns where the CPU profile of the process goes while page is
	// loaded (one profile per page; none while seeding or measuring the baselines).
	CPUProfile func(page string) (io.WriteCloser, error)
	// HeapProfile, when set, receives the process's heap profile after the last page, while
	// the portal still runs (what holds its memory).
	HeapProfile io.Writer
	// Driver sends the load; nil means InProcess.
	Driver Driver
	// Seeder fills the database file at path; nil means SeedFile in this process.
	Seeder func(path string, size Size) (Seeded, error)
}

// PageResult is one page measured against a bare Fiber page of the same size.
type PageResult struct {
	Page  string
	Path  string
	Bytes int
	Row
}

// PagesReport is what a run measured.
type PagesReport struct {
	Size      Size
	Meetings  int
	Attendees int
	Seed      time.Duration
	Pages     []PageResult
	// RSSMB is the highest resident memory of this process while the pages were loaded: the
	// portal's (with its demo BBB server and the bare baseline server) when the driver runs as
	// its own process, the portal's and the driver's together when it runs InProcess.
	RSSMB float64
	// DriverApart: the load came from another process.
	DriverApart bool
}

// Pages seeds a data folder, starts the portal on loopback with its demo BBB server, signs in
// and measures each main page, each right after a bare Fiber page of the same size.
func Pages(ctx context.Context, o PagesOptions) (rep PagesReport, err error) {
	rep = PagesReport{Size: o.Size, Meetings: o.Meetings, Attendees: o.Attendees, DriverApart: o.Driver != nil}
	drive := o.Driver
	if drive == nil {
		drive = InProcess
	}
	progress := func(format string, args ...any) {
		if o.Progress != nil {
			fmt.Fprintf(o.Progress, format+"\n", args...)
		}
	}
	dir := o.Dir
	if dir == "" {
		tmp, err := os.MkdirTemp("", "bbbportal-bench-")
		if err != nil {
			return rep, err
		}
		defer os.RemoveAll(tmp)
		dir = tmp
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return rep, err
	}
	base := "http://" + ln.Addr().String()
	vars := map[string]string{"DATA_DIR": dir, "BASE_URL": base, "LISTEN_ADDR": ln.Addr().String()}
	cfg, err := config.LoadFrom(func(k string) string { return vars[k] })
	if err != nil {
		ln.Close()
		return rep, err
	}

	progress("seeding %d rooms, %d users, %d audit rows …", o.Size.Rooms, o.Size.Users, o.Size.Audit)
	start := time.Now()
	seed := o.Seeder
	if seed == nil {
		seed = SeedFile
	}
	seeded, err := seed(cfg.SQLitePath, o.Size)
	if err != nil {
		ln.Close()
		return rep, err
	}
	rep.Seed = time.Since(start)
	debug.FreeOSMemory() // what seeding used is not the portal's

	p, err := portal.Open(cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), portal.WithoutJobs())
	if err != nil {
		ln.Close()
		return rep, err
	}
	go p.Serve(ln)
	defer func() { p.App.Shutdown(); p.Close() }()

	progress("starting %d meetings with %d people each …", o.Meetings, o.Attendees)
	if err := startMeetings(ctx, p, o.Meetings, o.Attendees); err != nil {
		return rep, err
	}
	teacher, err := SignIn(ctx, base, seeded.TeacherEmail, SeedPassword)
	if err != nil {
		return rep, err
	}
	admin, err := SignIn(ctx, base, seeded.AdminEmail, SeedPassword)
	if err != nil {
		return rep, err
	}
	pages := []struct {
		name, path string
		who        *Browser
	}{
		{"dashboard", paths.Home, teacher},
		{"rooms", paths.Rooms, teacher},
		{"room page", paths.Room(seeded.TeacherRoomID), teacher},
		{"templates", paths.Templates, teacher},
		{"admin users", "/admin/users", admin},
		{"admin audit", "/admin/audit", admin},
		{"live rows", "/admin/meetings/rows", admin},
	}
	rss := watchRSS()
	defer func() { rep.RSSMB = rss() }()
	for _, pg := range pages {
		if len(o.Only) > 0 && !slices.Contains(o.Only, pg.name) {
			continue
		}
		body, err := pg.who.Page(ctx, pg.path)
		if err != nil {
			return rep, err
		}
		progress("measuring %s (%d bytes) …", pg.name, len(body))
		res, baseline, err := measurePage(ctx, o, drive, base+pg.path, pg.who.Cookie(), len(body), pg.name)
		if err != nil {
			return rep, err
		}
		rep.Pages = append(rep.Pages, PageResult{Page: pg.name, Path: pg.path, Bytes: len(body),
			Row: Row{Name: pg.name + " (" + sizeText(len(body)) + ")", Result: res, Baseline: baseline}})
	}
	progress("memory after the last page: %s", memSummary())
	if o.HeapProfile != nil {
		runtime.GC()
		if err := pprof.Lookup("heap").WriteTo(o.HeapProfile, 0); err != nil {
			return rep, err
		}
	}
	return rep, ctx.Err()
}

// measurePage loads the page at url and, before it in each round, a bare Fiber page of its
// size, and returns the page's and the baseline's results of the round whose ratio is the
// median. The CPU profile, if asked for, is of the page's last round.
func measurePage(ctx context.Context, o PagesOptions, drive Driver, url, cookie string, size int, name string) (Result, Result, error) {
	rounds := max(o.Rounds, 1)
	d := o.Duration / time.Duration(rounds)
	type round struct{ page, bare Result }
	var done []round
	for i := range rounds {
		bare, err := StartBare(size)
		if err != nil {
			return Result{}, Result{}, err
		}
		baseline, err := drive(ctx, bare.URL+"/page", "", o.Connections, d)
		bare.Close()
		if err != nil {
			return Result{}, Result{}, err
		}
		profile := o.CPUProfile
		if i < rounds-1 {
			profile = nil
		}
		stop, err := startProfile(profile, name)
		if err != nil {
			return Result{}, Result{}, err
		}
		res, err := drive(ctx, url, cookie, o.Connections, d)
		if serr := stop(); err == nil {
			err = serr
		}
		if err != nil {
			return Result{}, Result{}, err
		}
		done = append(done, round{res, baseline})
	}
	slices.SortFunc(done, func(a, b round) int { return cmp.Compare(ratio(a.page, a.bare), ratio(b.page, b.bare)) })
	mid := done[len(done)/2]
	return mid.page, mid.bare, nil
}

func ratio(page, bare Result) float64 {
	if bare.RPS() == 0 {
		return 0
	}
	return page.RPS() / bare.RPS()
}

// startProfile starts a CPU profile into open(page) and returns the function that ends it.
func startProfile(open func(string) (io.WriteCloser, error), page string) (func() error, error) {
	if open == nil {
		return func() error { return nil }, nil
	}
	w, err := open(page)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(w); err != nil {
		w.Close()
		return nil, err
	}
	return func() error { pprof.StopCPUProfile(); return w.Close() }, nil
}

// SeedFile seeds the database file at path (see Seed).
func SeedFile(path string, size Size) (Seeded, error) {
	db, err := models.Open(path)
	if err != nil {
		return Seeded{}, err
	}
	s, err := Seed(db, size)
	if cerr := models.Close(db); err == nil {
		err = cerr
	}
	return s, err
}

// startMeetings runs n meetings on the portal's demo server, the first ones in seeded rooms.
func startMeetings(ctx context.Context, p *portal.Portal, n, people int) error {
	if n <= 0 || p.Sim == nil {
		return nil
	}
	var ids []string
	if err := p.DB.Raw("SELECT meeting_id FROM rooms ORDER BY id LIMIT ?", n*3/4).Scan(&ids).Error; err != nil {
		return err
	}
	for i := len(ids); i < n; i++ {
		ids = append(ids, fmt.Sprintf("bench-other-%04d", i))
	}
	for i, id := range ids {
		if _, err := p.BBB.Create(ctx, bbb.CreateParams{Name: fmt.Sprintf("Meeting %04d", i), MeetingID: id}); err != nil {
			return fmt.Errorf("bench: create meeting: %w", err)
		}
		for j := range people {
			role := "VIEWER"
			if j == 0 {
				role = "MODERATOR"
			}
			if _, err := p.Sim.AddUser(id, fmt.Sprintf("Student %02d", j), role); err != nil {
				return fmt.Errorf("bench: add attendee: %w", err)
			}
		}
	}
	return nil
}

// PrintPages writes the report as a table.
func PrintPages(w io.Writer, r PagesReport) {
	fmt.Fprintf(w, "%d rooms, %d users, %d audit rows (seeded in %s); live: %d meetings × %d people\n",
		r.Size.Rooms, r.Size.Users, r.Size.Audit, r.Seed.Round(time.Millisecond), r.Meetings, r.Attendees)
	rows := make([]Row, len(r.Pages))
	for i, p := range r.Pages {
		rows[i] = p.Row
	}
	Print(w, rows)
	if r.DriverApart {
		fmt.Fprintf(w, "highest RSS of the portal's process (with its demo BBB server; load driver apart): %.0f MB\n", r.RSSMB)
	} else {
		fmt.Fprintf(w, "highest RSS of the process (portal and load driver): %.0f MB\n", r.RSSMB)
	}
}

// PrintPagesJSON writes the report as one JSON object.
func PrintPagesJSON(w io.Writer, r PagesReport) error {
	type page struct {
		Page      string  `json:"page"`
		Path      string  `json:"path"`
		Bytes     int     `json:"bytes"`
		RPS       float64 `json:"rps"`
		P50ms     float64 `json:"p50_ms"`
		P99ms     float64 `json:"p99_ms"`
		Errors    int     `json:"errors"`
		FirstErr  string  `json:"first_error,omitempty"`
		BareRPS   float64 `json:"bare_rps"`
		BareP50ms float64 `json:"bare_p50_ms"`
		BareP99ms float64 `json:"bare_p99_ms"`
		Ratio     float64 `json:"ratio"`
	}
	out := struct {
		Rooms     int     `json:"rooms"`
		Users     int     `json:"users"`
		Audit     int     `json:"audit"`
		Meetings  int     `json:"meetings"`
		Attendees int     `json:"attendees"`
		SeedMS    float64 `json:"seed_ms"`
		RSSMB     float64 `json:"rss_mb"`
		Pages     []page  `json:"pages"`
	}{r.Size.Rooms, r.Size.Users, r.Size.Audit, r.Meetings, r.Attendees, msf(r.Seed), r.RSSMB, nil}
	for _, p := range r.Pages {
		ratio := 0.0
		if b := p.Baseline.RPS(); b > 0 {
			ratio = p.Result.RPS() / b
		}
		out.Pages = append(out.Pages, page{p.Page, p.Path, p.Bytes, p.Result.RPS(), msf(p.Result.P50), msf(p.Result.P99),
			p.Result.Errors, p.Result.FirstError, p.Baseline.RPS(), msf(p.Baseline.P50), msf(p.Baseline.P99), ratio})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

func msf(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

func sizeText(n int) string {
	if n < 1024 {
		return strconv.Itoa(n) + " B"
	}
	return fmt.Sprintf("%.1f KB", float64(n)/1024)
}

// watchRSS samples the process's resident memory until the returned function is called,
// which returns the highest value seen.
func watchRSS() func() float64 {
	done := make(chan struct{})
	highest := make(chan float64)
	go func() {
		top := rssMB()
		tick := time.NewTicker(50 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-tick.C:
				top = max(top, rssMB())
			case <-done:
				highest <- max(top, rssMB())
				return
			}
		}
	}()
	return func() float64 { close(done); return <-highest }
}

// rssMB reads the process's resident memory from /proc (0 where there is none).
func rssMB() float64 {
	raw, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(raw), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, _ := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 64)
			return kb / 1024
		}
	}
	return 0
}

// memSummary says where the process's memory is: resident anonymous and file-backed pages
// (/proc), and the Go runtime's share of it.
func memSummary() string {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	out := fmt.Sprintf("Go heap in use %.1f MB, held %.1f MB, stacks %.1f MB, runtime total %.1f MB",
		mb(ms.HeapInuse), mb(ms.HeapSys-ms.HeapReleased), mb(ms.StackSys), mb(ms.Sys-ms.HeapReleased))
	if raw, err := os.ReadFile("/proc/self/status"); err == nil {
		for _, line := range strings.Split(string(raw), "\n") {
			for _, k := range []string{"RssAnon:", "RssFile:", "RssShmem:"} {
				if rest, ok := strings.CutPrefix(line, k); ok {
					kb, _ := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 64)
					out += fmt.Sprintf("; %s %.1f MB", strings.TrimSuffix(k, ":"), kb/1024)
				}
			}
		}
	}
	return out
}

func mb(b uint64) float64 { return float64(b) / (1 << 20) }
