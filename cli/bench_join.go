package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"

	"bbbportal/bench"
)

// runBenchJoin is `bbbportal bench join`: a class's guests joining through one link.
func runBenchJoin(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("bench join", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var o bench.JoinOptions
	fs.IntVar(&o.Guests, "guests", 1000, "guests who open the link and send their name")
	fs.IntVar(&o.Concurrency, "concurrency", 100, "guests joining at the same time")
	fs.StringVar(&o.BBBEndpoint, "bbb-endpoint", "", "BBB API URL, e.g. https://bbb.example.org/bigbluebutton/api/ (default: the built-in simulator)")
	fs.StringVar(&o.BBBSecret, "bbb-secret", "", "the BBB server's shared secret (with --bbb-endpoint)")
	fs.StringVar(&o.CPUProfile, "cpuprofile", "", "write a CPU profile of the guests' joins to this file")
	asJSON := fs.Bool("json", false, `print {"portal": {...}, "bare": {...}} as JSON`)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: bbbportal bench join [flags]\n\nStarts the portal on loopback in front of the built-in BBB simulator (or the given server),\nlets a teacher start a room's meeting with a moderator link, then lets the guests open the\nroom's attendee link and send their names, and measures the same requests against a bare\nFiber handler answering a fixed 302.\n\nflags:")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return exitCodeForFlagError(err)
	}
	if o.Guests < 1 || o.Concurrency < 1 || (o.BBBEndpoint == "") != (o.BBBSecret == "") {
		fmt.Fprintln(stderr, "bbbportal bench join: need --guests ≥ 1, --concurrency ≥ 1, and --bbb-endpoint with --bbb-secret or neither")
		return 2
	}
	if !*asJSON {
		o.Progress = stderr
	}
	ctx, cancel := signal.NotifyContext(context.Background(), os.Interrupt)
	defer cancel()
	rep, err := bench.Join(ctx, o)
	if err != nil {
		fmt.Fprintln(stderr, "bbbportal bench join:", err)
		return 1
	}
	if *asJSON {
		if err := bench.PrintJoinJSON(stdout, rep); err != nil {
			fmt.Fprintln(stderr, "bbbportal bench join:", err)
			return 1
		}
	} else {
		bench.PrintJoin(stdout, rep)
	}
	if rep.Portal.Errors > 0 || rep.Bare.Errors > 0 {
		return 1
	}
	return 0
}
