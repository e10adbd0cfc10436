package cli

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"time"

	"bbbportal/bench"
)

func runBench(args []string) int {
	return runBenchTo(args, os.Stdout, os.Stderr)
}

func runBenchTo(args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 && args[0] == "load" {
		return runBenchLoad(args[1:], stdout, stderr)
	}
	if len(args) > 0 && args[0] == "seed" {
		return runBenchSeed(args[1:], stdout, stderr)
	}
	if len(args) > 0 && args[0] == "join" {
		return runBenchJoin(args[1:], stdout, stderr)
	}
	if len(args) == 0 || args[0] != "pages" {
		fmt.Fprintln(stderr, "usage: bbbportal bench pages|join [flags]\n\nRun 'bbbportal bench pages --help' or 'bbbportal bench join --help' for the flags.")
		if len(args) > 0 && (args[0] == "-h" || args[0] == "-help" || args[0] == "--help" || args[0] == "help") {
			return 0
		}
		return 2
	}
	fs := flag.NewFlagSet("bench pages", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var o bench.PagesOptions
	fs.IntVar(&o.Size.Rooms, "rooms", 10, "rooms to seed")
	fs.IntVar(&o.Size.Users, "users", 10, "accounts to seed")
	fs.IntVar(&o.Size.Audit, "audit", 10, "audit rows to seed")
	fs.IntVar(&o.Meetings, "meetings", 200, "meetings running on the demo server (live rows)")
	fs.IntVar(&o.Attendees, "attendees", 25, "people in each meeting")
	fs.DurationVar(&o.Duration, "duration", 5*time.Second, "how long each page and each baseline is loaded")
	fs.IntVar(&o.Connections, "connections", 32, "connections kept busy at once")
	fs.IntVar(&o.Rounds, "rounds", 1, "split each page's duration into rounds of baseline then page, and report the round with the median ratio")
	fs.StringVar(&o.Dir, "dir", "", "data folder to seed (default: a temporary one, removed afterwards)")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	only := fs.String("pages", "", "comma-separated pages to measure (default: all), e.g. dashboard,rooms")
	profile := fs.String("cpuprofile", "", "write a CPU profile per page to `PREFIX`-<page>.pprof")
	heap := fs.String("memprofile", "", "write the portal's heap profile after the last page to `FILE`")
	inProcess := fs.Bool("in-process", false, "send the load from the portal's own process (its RSS then includes the driver's)")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: bbbportal bench pages [flags]\n\nSeeds a data folder, starts the portal on loopback with its demo BBB server, signs in\nand measures each main page against a bare Fiber page of the same size in the same run.\n\nflags:")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args[1:]); err != nil {
		return exitCodeForFlagError(err)
	}
	if o.Size.Rooms < 1 || o.Size.Users < 2 || o.Size.Audit < 0 || o.Connections < 1 || o.Duration <= 0 || o.Meetings < 0 || o.Attendees < 0 {
		fmt.Fprintln(stderr, "bbbportal bench: need --rooms ≥ 1, --users ≥ 2, --connections ≥ 1, a positive --duration and no negative counts")
		return 2
	}
	if !*asJSON {
		o.Progress = stderr
	}
	if !*inProcess {
		exe, err := os.Executable()
		if err != nil {
			fmt.Fprintln(stderr, "bbbportal bench:", err)
			return 1
		}
		o.Driver = bench.Process(exe, testMainEnv+"=1")
		o.Seeder = bench.SeedProcess(exe, testMainEnv+"=1")
	}
	if *only != "" {
		o.Only = strings.Split(*only, ",")
	}
	if *profile != "" {
		prefix := *profile
		o.CPUProfile = func(page string) (io.WriteCloser, error) {
			return os.Create(prefix + "-" + strings.ReplaceAll(page, " ", "-") + ".pprof")
		}
	}
	if *heap != "" {
		f, err := os.Create(*heap)
		if err != nil {
			fmt.Fprintln(stderr, "bbbportal bench:", err)
			return 1
		}
		defer f.Close()
		o.HeapProfile = f
	}
	ctx, cancel := signal.NotifyContext(context.Background(), os.Interrupt)
	defer cancel()
	rep, err := bench.Pages(ctx, o)
	if err != nil {
		fmt.Fprintln(stderr, "bbbportal bench:", err)
		return 1
	}
	if *asJSON {
		if err := bench.PrintPagesJSON(stdout, rep); err != nil {
			fmt.Fprintln(stderr, "bbbportal bench:", err)
			return 1
		}
	} else {
		bench.PrintPages(stdout, rep)
	}
	for _, p := range rep.Pages {
		if p.Result.Errors > 0 {
			fmt.Fprintf(stderr, "bbbportal bench: %s: %d errors, first: %s\n", p.Page, p.Result.Errors, p.Result.FirstError)
			return 1
		}
	}
	return 0
}

// testMainEnv makes a test binary run as the bbbportal program (TestMain in serve_test.go),
// so that the load driver process also starts under "go test"; the program ignores it.
const testMainEnv = "GO_TEST_RUN_BBBPORTAL_MAIN"

// runBenchLoad is the load driver process of "bench pages": it loads one URL and prints the
// result as JSON. The session cookie comes in the environment.
func runBenchLoad(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("bench load", flag.ContinueOnError)
	fs.SetOutput(stderr)
	target := fs.String("url", "", "URL to GET")
	connections := fs.Int("connections", 32, "connections kept busy at once")
	duration := fs.Duration("duration", 5*time.Second, "how long to load")
	if err := fs.Parse(args); err != nil {
		return exitCodeForFlagError(err)
	}
	if *target == "" || *connections < 1 || *duration <= 0 {
		fmt.Fprintln(stderr, "bbbportal bench load: need --url, --connections ≥ 1 and a positive --duration")
		return 2
	}
	ctx, cancel := signal.NotifyContext(context.Background(), os.Interrupt)
	defer cancel()
	r, _ := bench.InProcess(ctx, *target, os.Getenv(bench.CookieEnv), *connections, *duration)
	if err := json.NewEncoder(stdout).Encode(r); err != nil {
		fmt.Fprintln(stderr, "bbbportal bench load:", err)
		return 1
	}
	return 0
}

// runBenchSeed is the seeding process of "bench pages": it fills a database file and prints
// the accounts to sign in with as JSON.
func runBenchSeed(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("bench seed", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var size bench.Size
	path := fs.String("db", "", "database file to seed")
	fs.IntVar(&size.Rooms, "rooms", 10, "rooms to seed")
	fs.IntVar(&size.Users, "users", 10, "accounts to seed")
	fs.IntVar(&size.Audit, "audit", 10, "audit rows to seed")
	if err := fs.Parse(args); err != nil {
		return exitCodeForFlagError(err)
	}
	if *path == "" {
		fmt.Fprintln(stderr, "bbbportal bench seed: need --db")
		return 2
	}
	s, err := bench.SeedFile(*path, size)
	if err == nil {
		err = json.NewEncoder(stdout).Encode(s)
	}
	if err != nil {
		fmt.Fprintln(stderr, "bbbportal bench seed:", err)
		return 1
	}
	return 0
}
