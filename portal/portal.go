// Package portal is the one wiring of bbbportal: it opens the database and the audit writer,
// connects the BBB client (or the built-in demo server), builds the domain services and the
// Fiber app, and runs the background jobs. The serve command and every end-to-end test use it.
package portal

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"
	"gorm.io/gorm"

	"bbbportal/audit"
	"bbbportal/bbb"
	"bbbportal/bbb/bbbsim"
	"bbbportal/config"
	"bbbportal/handlers"
	"bbbportal/links"
	"bbbportal/meetings"
	"bbbportal/models"
	"bbbportal/recordings"
	"bbbportal/rooms"
)

// Portal is a built portal: everything serve runs, ready to listen.
type Portal struct {
	Config     config.Config
	Log        *slog.Logger
	DB         *gorm.DB
	Audit      *audit.Writer
	BBB        *bbb.Client
	Sim        *bbbsim.Server // the BBB simulator served under /bigbluebutton/, or nil
	Meetings   *meetings.Service
	Rooms      *rooms.Service
	Recordings *recordings.Service
	Links      *links.Service  // join links and the public join pages
	Refusals   *audit.Refusals // refused anonymous requests, one audit entry per address and minute
	Pruner     *audit.Pruner   // AUDIT_RETENTION's daily job
	Events     *Events         // bbb-webhooks: hooks, the own hook, incoming events
	Handler    *handlers.Handler
	App        *fiber.App

	opts   options
	cancel context.CancelFunc
	jobs   sync.WaitGroup // background jobs that use the database; Close waits for them
}

type options struct {
	sim     *bbbsim.Options // serve a simulator even with a configured BBB server
	meet    meetings.Config
	bbbOpts []bbb.Option
	ownBBB  bool
	noJobs  bool
}

// Option changes how Open builds the portal (tests use them).
type Option func(*options)

// WithSimulator serves the BBB simulator with these options under /bigbluebutton/, also when
// a BBB server is configured. The secret is the configured one. When the options have a
// clock, the meetings service uses it too.
func WithSimulator(o bbbsim.Options) Option { return func(p *options) { p.sim = &o } }

// WithMeetings sets the timings of the meetings service; zero fields keep the defaults.
func WithMeetings(c meetings.Config) Option { return func(p *options) { p.meet = c } }

// WithBBBOptions replaces the BBB client's default options (checksum and retries).
func WithBBBOptions(o ...bbb.Option) Option {
	return func(p *options) { p.bbbOpts, p.ownBBB = o, true }
}

// WithoutJobs leaves the background jobs (resuming end watches, the scheduler, checksum
// detection) off: tests drive them themselves.
func WithoutJobs() Option { return func(p *options) { p.noJobs = true } }

// Open builds the portal. A *config.Error means a setting is wrong (exit status 2).
func Open(cfg config.Config, log *slog.Logger, opts ...Option) (*Portal, error) {
	if log == nil {
		log = slog.Default()
	}
	p := &Portal{Config: cfg, Log: log}
	for _, o := range opts {
		o(&p.opts)
	}
	ok := false
	defer func() {
		if !ok {
			p.Close()
		}
	}()

	db, err := models.Open(cfg.SQLitePath)
	if err != nil {
		return nil, fmt.Errorf("cannot open the database: %w", err)
	}
	p.DB = db
	p.Audit = audit.NewWriter(db, audit.WithShortIPs(cfg.AuditShortenIPs))
	if err := models.SeedTemplates(db); err != nil {
		return nil, fmt.Errorf("cannot create the starter templates: %w", err)
	}
	if p.BBB, err = newBBBClient(cfg, p.opts); err != nil {
		return nil, &config.Error{Var: "BIGBLUEBUTTON_ENDPOINT", Problem: err.Error()}
	}
	p.Sim = p.simulator()

	meetCfg := p.opts.meet
	meetCfg.BaseURL = cfg.BaseURL.String()
	if meetCfg.EndTimeout == 0 {
		meetCfg.EndTimeout = cfg.EndTimeout
	}
	if p.opts.sim != nil && p.opts.sim.Clock != nil {
		meetCfg.Now = p.opts.sim.Clock.Now
	}
	p.Meetings = meetings.New(db, p.BBB, p.Audit, meetCfg, log)
	p.Rooms = rooms.New(db, p.Audit, p.Meetings, p.BBB)
	p.Rooms.SetRules(rooms.Rules{RoomsPerUser: cfg.Quotas.RoomsPerUser, TemplatesPerUser: cfg.Quotas.TemplatesPerUser,
		SchedulesPerUser: cfg.Quotas.SchedulesPerUser, FetchAllowedHosts: cfg.FetchAllowedHosts})

	recCfg := recordings.Config{Secret: cfg.BBBSecret}
	if p.opts.sim != nil && p.opts.sim.Clock != nil {
		recCfg.Now = p.opts.sim.Clock.Now
	}
	p.Recordings = recordings.New(db, p.BBB, p.Audit, recCfg, log)
	p.Meetings.OnEnd(p.Recordings) // a confirmed end tells recordings what to expect
	if err := p.openLinks(); err != nil {
		return nil, err
	}
	p.openEvents()

	deps := handlers.Deps{Config: cfg, DB: db, Audit: p.Audit, Log: log, BBB: p.BBB, Meetings: p.Meetings, Rooms: p.Rooms,
		Recordings: p.Recordings, Hooks: p.Events.Hooks, Keeper: p.Events.Keeper, Receiver: p.Events.Receiver, Refusals: p.Refusals}
	deps.Links = p.Links
	if p.Sim != nil {
		deps.BBBServer = p.Sim
	}
	if p.Handler, err = handlers.New(deps); err != nil {
		return nil, err
	}
	p.App = p.Handler.App()
	ok = true
	return p, nil
}

// simulator returns the BBB simulator the portal serves: the demo server when no BBB server
// is configured, the test's one when asked for, else nil.
func (p *Portal) simulator() *bbbsim.Server {
	switch {
	case p.opts.sim != nil:
		o := *p.opts.sim
		o.Secret = p.Config.BBBSecret
		return bbbsim.New(o)
	case p.Config.Demo:
		log := p.Log
		return bbbsim.New(bbbsim.Options{
			Secret: p.Config.BBBSecret,
			Logf:   func(format string, args ...any) { log.Debug("demo server: " + fmt.Sprintf(format, args...)) },
		})
	}
	return nil
}

// SetupURL is the one-time link that creates the first admin, or "" when an account exists.
func (p *Portal) SetupURL() string { return p.Handler.SetupURL() }

// Serve answers requests on ln until Shutdown, and starts the background jobs once it
// listens (in demo mode the BBB server they call is this listener).
func (p *Portal) Serve(ln net.Listener) error {
	if !p.opts.noJobs {
		p.startJobs()
	}
	return p.App.Listener(ln)
}

func (p *Portal) startJobs() {
	ctx, cancel := context.WithCancel(context.Background())
	p.cancel = cancel
	if err := p.Meetings.Resume(); err != nil {
		p.Log.Error("cannot resume watching meeting ends", "error", err)
	}
	p.Meetings.RunScheduler(ctx)
	p.Recordings.StartRetention()
	go func() {
		if err := p.Recordings.Refresh(ctx); err != nil {
			p.Log.Warn("cannot read the recordings of the BBB server yet", "error", err)
		}
	}()
	go p.watchServer(ctx)
	p.startEventJobs(ctx)
	p.jobs.Add(1)
	go func() { defer p.jobs.Done(); p.purgeSessions(ctx) }()
}

// Shutdown stops accepting requests and waits up to grace for those in flight.
func (p *Portal) Shutdown(grace time.Duration) error {
	return p.App.ShutdownWithTimeout(grace)
}

// Close stops the background jobs and closes the services and the database. The app must
// be shut down first.
func (p *Portal) Close() error {
	if p.cancel != nil {
		p.cancel()
	}
	p.jobs.Wait()
	p.closeEvents()
	if p.Meetings != nil {
		p.Meetings.Close()
	}
	if p.Recordings != nil {
		p.Recordings.Close()
	}
	if p.Links != nil {
		p.Links.Close() // counts the last uses before the database closes
	}
	if p.Sim != nil {
		p.Sim.Close()
	}
	if p.Audit != nil {
		p.Audit.Close()
	}
	if p.DB != nil {
		return models.Close(p.DB)
	}
	return nil
}
