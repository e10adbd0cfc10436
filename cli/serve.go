package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"syscall"
	"time"

	"bbbportal/audit"
	"bbbportal/bbb"
	"bbbportal/bbb/bbbsim"
	"bbbportal/config"
	"bbbportal/handlers"
	"bbbportal/meetings"
	"bbbportal/models"
)

const shutdownGrace = 30 * time.Second

func runServe(args []string) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: bbbportal serve\n\nRuns the portal. It is configured by environment variables; see README.md.")
	}
	if err := fs.Parse(args); err != nil {
		return exitCodeForFlagError(err)
	}
	cfg, log, ok := loadConfig()
	if !ok {
		return 2
	}

	db, err := models.Open(cfg.SQLitePath)
	if err != nil {
		log.Error("cannot open the database", "error", err)
		return 1
	}
	defer func() {
		if err := models.Close(db); err != nil {
			log.Error("closing the database", "error", err)
			return
		}
		log.Info("database closed")
	}()
	auditWriter := audit.NewWriter(db)
	defer auditWriter.Close()

	if err := models.SeedTemplates(db); err != nil {
		log.Error("cannot create the starter templates", "error", err)
		return 1
	}
	client, err := newBBBClient(cfg)
	if err != nil {
		fmt.Fprintln(os.Stderr, "bbbportal: BIGBLUEBUTTON_ENDPOINT:", err)
		return 2
	}
	meetingService := meetings.New(db, client, auditWriter, meetings.Config{BaseURL: cfg.BaseURL.String(), EndTimeout: cfg.EndTimeout}, log)
	defer meetingService.Close()

	deps := handlers.Deps{Config: cfg, DB: db, Audit: auditWriter, Log: log, BBB: client, Meetings: meetingService}
	if demo := demoServer(cfg, log); demo != nil {
		defer demo.Close()
		deps.BBBServer = demo
		log.Warn("BIGBLUEBUTTON_ENDPOINT is not set: using the built-in demo BBB server, not a real conference", "endpoint", cfg.BBBEndpoint)
	}
	h, err := handlers.New(deps)
	if err != nil {
		var cerr *config.Error
		if errors.As(err, &cerr) {
			fmt.Fprintln(os.Stderr, "bbbportal:", cerr)
			return 2
		}
		log.Error("cannot start", "error", err)
		return 1
	}
	if url := h.SetupURL(); url != "" {
		log.Warn("no account exists yet: open this one-time link to create the first admin", "url", url)
	}

	ln, err := net.Listen("tcp", cfg.ListenAddr)
	if err != nil {
		fmt.Fprintf(os.Stderr, "bbbportal: LISTEN_ADDR: cannot listen on %s: %v\n", cfg.ListenAddr, err)
		return 2
	}
	app := h.App()
	served := make(chan error, 1)
	go func() { served <- app.Listener(ln) }()
	log.Info("portal listening", "addr", ln.Addr().String(), "base_url", cfg.BaseURL.String(), "demo", cfg.Demo)
	if err := meetingService.Resume(); err != nil {
		log.Error("cannot resume watching meeting ends", "error", err)
	}
	meetingService.RunScheduler(context.Background())
	if !cfg.Demo {
		go detectChecksum(client, log)
	}

	stop, cancel := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer cancel()
	select {
	case err := <-served:
		log.Error("server stopped", "error", err)
		return 1
	case <-stop.Done():
	}
	log.Info("shutting down: finishing requests in flight")
	if err := app.ShutdownWithTimeout(shutdownGrace); err != nil {
		log.Error("shutdown", "error", err)
	}
	return 0
}

// loadConfig reads the configuration and makes the logger. An invalid
// setting is reported on one line naming the variable.
func loadConfig() (config.Config, *slog.Logger, bool) {
	cfg, err := config.Load()
	if err != nil {
		fmt.Fprintln(os.Stderr, "bbbportal:", err)
		return cfg, nil, false
	}
	var handler slog.Handler = slog.NewTextHandler(os.Stderr, nil)
	if cfg.LogFormat == "json" {
		handler = slog.NewJSONHandler(os.Stderr, nil)
	}
	log := slog.New(handler)
	slog.SetDefault(log)
	return cfg, log, true
}

func exitCodeForFlagError(err error) int {
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	return 2
}

// demoServer returns the built-in BBB simulator when no BBB server is
// configured, or nil. The portal serves it under /bigbluebutton/.
func demoServer(cfg config.Config, log *slog.Logger) *bbbsim.Server {
	if !cfg.Demo {
		return nil
	}
	return bbbsim.New(bbbsim.Options{
		Secret: cfg.BBBSecret,
		Logf:   func(format string, args ...any) { log.Debug("demo server: " + fmt.Sprintf(format, args...)) },
	})
}

// newBBBClient returns the client of the configured BBB server (the demo server
// on the portal's own listener when none is configured).
func newBBBClient(cfg config.Config) (*bbb.Client, error) {
	alg := bbb.SHA256
	if !cfg.Demo {
		alg = bbb.Auto
	}
	return bbb.New(cfg.BBBEndpoint, cfg.BBBSecret, bbb.WithChecksum(alg), bbb.WithRetry(3, 500*time.Millisecond))
}

// detectChecksum finds the strongest checksum algorithm the server accepts,
// retrying while the server cannot be reached.
func detectChecksum(client *bbb.Client, log *slog.Logger) {
	for wait := time.Second; ; wait = min(2*wait, 5*time.Minute) {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		alg, err := client.DetectChecksum(ctx)
		cancel()
		switch {
		case err == nil:
			log.Info("BBB server reached", "checksum", string(alg))
			return
		case errors.Is(err, bbb.ErrWrongSecret):
			log.Error("the BBB server refuses the secret: check BIGBLUEBUTTON_SECRET")
			return
		}
		log.Warn("BBB server not reachable yet; retrying", "in", wait.String())
		time.Sleep(wait)
	}
}
