package cli

import (
	"context"
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
	if len(args) > 0 && args[0] == "join" {
		return runBenchJoin(args[1:], stdout, stderr)
	}
	if len(args) == 0 || args[0] != "pages" {
		fmt.Fprintln(stderr, "usage: bbbportal bench pages|join [flags]\n\nRun 'bbbportal bench pages --help' or 'bbbportal bench join --help' for the flags.")
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
	fs.StringVar(&o.Dir, "dir", "", "data folder to seed (default: a temporary one, removed afterwards)")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	only := fs.String("pages", "", "comma-separated pages to measure (default: all), e.g. dashboard,rooms")
	profile := fs.String("cpuprofile", "", "write a CPU profile per page to `PREFIX`-<page>.pprof")
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
	if *only != "" {
		o.Only = strings.Split(*only, ",")
	}
	if *profile != "" {
		prefix := *profile
		o.CPUProfile = func(page string) (io.WriteCloser, error) {
			return os.Create(prefix + "-" + strings.ReplaceAll(page, " ", "-") + ".pprof")
		}
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
