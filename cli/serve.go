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

	"bbbportal/config"
	"bbbportal/portal"
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

	p, err := portal.Open(cfg, log)
	if err != nil {
		var cerr *config.Error
		if errors.As(err, &cerr) {
			fmt.Fprintln(os.Stderr, "bbbportal:", cerr)
			return 2
		}
		log.Error("cannot start", "error", err)
		return 1
	}
	defer func() {
		if err := p.Close(); err != nil {
			log.Error("closing the database", "error", err)
			return
		}
		log.Info("database closed")
	}()
	if cfg.Demo {
		log.Warn("BIGBLUEBUTTON_ENDPOINT is not set: using the built-in demo BBB server, not a real conference", "endpoint", cfg.BBBEndpoint)
	}
	if url := p.SetupURL(); url != "" {
		log.Warn("no account exists yet: open this one-time link to create the first admin", "url", url)
	}

	ln, err := net.Listen("tcp", cfg.ListenAddr)
	if err != nil {
		fmt.Fprintf(os.Stderr, "bbbportal: LISTEN_ADDR: cannot listen on %s: %v\n", cfg.ListenAddr, err)
		return 2
	}
	served := make(chan error, 1)
	go func() { served <- p.Serve(ln) }()
	log.Info("portal listening", "addr", ln.Addr().String(), "base_url", cfg.BaseURL.String(), "demo", cfg.Demo)

	stop, cancel := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer cancel()
	select {
	case err := <-served:
		log.Error("server stopped", "error", err)
		return 1
	case <-stop.Done():
	}
	log.Info("shutting down: finishing requests in flight")
	if err := p.Shutdown(shutdownGrace); err != nil {
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
