package cli

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"bbbportal/bbb/bbbsim"
)

const simulatorUsage = `usage: bbbportal simulator [flags]

Serve the built-in BigBlueButton simulator: the BBB API (bbb-web and
bbb-webhooks) at /bigbluebutton/api/, meetings and recordings that go through
their real life cycle, callbacks, and a simulated client page to "enter"
meetings from a browser. Point any BBB integration at the printed endpoint
and secret to test it without a real server.

The secret comes from --secret or $BIGBLUEBUTTON_SECRET; without either a
random one is made and printed.

With --control, /bigbluebutton/sim/control/ACTION (signed like an API call
named ACTION) lets a test suite drive the simulator: enter, leave, approve,
deny, record, breakouts, fault, clearFaults, and advance (with --manual-clock).

Examples:
  bbbportal simulator --listen 127.0.0.1:8090 --secret s3cret
  bbbportal simulator --end-delay 0s --processing-delay 2s --checksums sha256,sha512
  bbbportal simulator --bbb-version 2.7 --control --manual-clock
  bbbportal simulator --profile scalelite
  bbbportal simulator --profile b3scale

Profiles (--profile) behave like a kind of server: bbb-2.7, bbb-3.0 (the
default), bbb-4.0, scalelite (getMeetings lists nothing, getRecordings needs a
meetingID, no hooks, sendChatMessage, text tracks or getSessions, meetings
forgotten 24 h after create) and b3scale (SHA-1 and SHA-256 only, checksum
errors as HTTP 500, no hooks, sendChatMessage or insertDocument).

Flags:`

// runSimulator implements "bbbportal simulator".
func runSimulator(args []string) int {
	return simulatorCommand(context.Background(), args, os.Stdout, os.Stderr)
}

func simulatorCommand(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("simulator", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, simulatorUsage)
		fs.PrintDefaults()
	}
	listen := fs.String("listen", "127.0.0.1:8090", "address to listen on (port 0 picks a free port)")
	secret := fs.String("secret", "", "shared secret (default $BIGBLUEBUTTON_SECRET, else random)")
	endDelay := fs.Duration("end-delay", time.Second, "time between an end call and the meeting really ending")
	processing := fs.Duration("processing-delay", 5*time.Second, "time a recording stays in state processing")
	publish := fs.Duration("publish-delay", 5*time.Second, "time a recording stays in state processed before it is published")
	checksums := fs.String("checksums", checksumsDefault, "accepted checksum algorithms, comma-separated")
	ignoreDuration := fs.Bool("ignore-duration", false, "ignore create's duration parameter, as some hosting providers do")
	seed := fs.Uint64("seed", 0, "seed for passwords, voice bridges and IDs (0: random)")
	control := fs.Bool("control", false, "enable the control endpoint /bigbluebutton/sim/control/")
	manualClock := fs.Bool("manual-clock", false, "freeze the clock; it moves only through the control action advance (needs --control)")
	autoEnter := fs.Bool("auto-enter", false, "users enter the meeting as soon as they join, without opening the client page")
	quiet := fs.Bool("quiet", false, "do not log meeting events")
	bbbVersion := fs.String("bbb-version", "", "BBB release to behave like: 2.7, 3.0 or 4.0 (default: the profile's, 3.0 behind a load balancer)")
	profileName := fs.String("profile", "", "kind of server to behave like: bbb-2.7, bbb-3.0, bbb-4.0, scalelite or b3scale (default bbb-3.0, or the --bbb-version's)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "bbbportal simulator: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	if *secret == "" {
		*secret = os.Getenv("BIGBLUEBUTTON_SECRET")
	}
	if *secret == "" {
		b := make([]byte, 20)
		rand.Read(b)
		*secret = hex.EncodeToString(b)
	}
	var accepted []string
	for _, a := range strings.Split(*checksums, ",") {
		switch a = strings.ToLower(strings.TrimSpace(a)); a {
		case "sha1", "sha256", "sha384", "sha512":
			accepted = append(accepted, a)
		case "":
		default:
			fmt.Fprintf(stderr, "bbbportal simulator: --checksums: unknown algorithm %q (use sha1, sha256, sha384, sha512)\n", a)
			return 2
		}
	}
	if len(accepted) == 0 {
		fmt.Fprintln(stderr, "bbbportal simulator: --checksums: name at least one algorithm")
		return 2
	}
	if v := *bbbVersion; v != "" && v != bbbsim.Version27 && v != bbbsim.Version30 && v != bbbsim.Version40 {
		fmt.Fprintf(stderr, "bbbportal simulator: --bbb-version: %q is not 2.7, 3.0 or 4.0\n", v)
		return 2
	}
	var profile bbbsim.Profile
	if *profileName != "" {
		p, err := bbbsim.ParseProfile(*profileName)
		if err != nil {
			fmt.Fprintf(stderr, "bbbportal simulator: --profile: %q is not one of bbb-2.7, bbb-3.0, bbb-4.0, scalelite, b3scale\n", *profileName)
			return 2
		}
		profile = p
	}
	if profile == bbbsim.ProfileB3scale && *checksums != checksumsDefault {
		fmt.Fprintln(stderr, "bbbportal simulator: --checksums: b3scale accepts SHA-1 and SHA-256 only; the profile sets them")
		return 2
	}
	if *manualClock && !*control {
		fmt.Fprintln(stderr, "bbbportal simulator: --manual-clock needs --control (the clock moves only through it)")
		return 2
	}
	opts := bbbsim.Options{
		Secret:            *secret,
		EndDelay:          orNone(*endDelay),
		ProcessingDelay:   orNone(*processing),
		PublishDelay:      orNone(*publish),
		AcceptedChecksums: accepted,
		IgnoreDuration:    *ignoreDuration,
		Seed:              *seed,
		Control:           *control,
		AutoEnter:         *autoEnter,
		Version:           *bbbVersion,
		Profile:           profile,
	}
	if profile == bbbsim.ProfileB3scale {
		opts.AcceptedChecksums = nil // the profile's: SHA-1 and SHA-256
	}
	logger := log.New(stderr, "", log.LstdFlags)
	if !*quiet {
		opts.Logf = logger.Printf
	}
	if *manualClock {
		opts.Clock = bbbsim.NewManualClock(time.Now())
	}
	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		fmt.Fprintf(stderr, "bbbportal simulator: cannot listen on %s: %v\n", *listen, err)
		return 1
	}
	sim := bbbsim.New(opts)
	defer sim.Close()
	srv := &http.Server{Handler: sim, ReadHeaderTimeout: 10 * time.Second, ErrorLog: logger}
	fmt.Fprintf(stdout, "BBB simulator — not a real conference server\nendpoint: http://%s/bigbluebutton/api/\nsecret:   %s\nprofile:  %s\n", ln.Addr(), *secret, sim.Profile())
	if *control {
		fmt.Fprintf(stdout, "control:  http://%s/bigbluebutton/sim/control/\n", ln.Addr())
	}

	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		fmt.Fprintf(stderr, "bbbportal simulator: %v\n", err)
		return 1
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	srv.Shutdown(shutdown)
	return 0
}

const checksumsDefault = "sha1,sha256,sha384,sha512"

// orNone maps a zero flag value to the simulator's "no delay" (its zero means "default").
func orNone(d time.Duration) time.Duration {
	if d <= 0 {
		return -1
	}
	return d
}
