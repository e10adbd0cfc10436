// Package meetings starts room meetings, ends them with a confirmation, and ends them on
// time: the domain logic between the HTTP handlers, the database and the BBB server.
package meetings

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"bbbportal/audit"
	"bbbportal/bbb"
	"gorm.io/gorm"
)

// BBB is what the meetings logic needs of a BBB server.
type BBB interface {
	Create(ctx context.Context, p bbb.CreateParams) (*bbb.CreateResult, error)
	JoinURL(p bbb.JoinParams) (string, error)
	End(ctx context.Context, meetingID string) error
	GetMeetingInfo(ctx context.Context, meetingID string) (*bbb.Meeting, error)
	GetMeetings(ctx context.Context) ([]bbb.Meeting, error)
	SendChatMessage(ctx context.Context, meetingID, message, userName string) error
}

// Auditor stores audit records durably, alone or inside the transaction of the change.
type Auditor interface {
	Write(ctx context.Context, r audit.Record) error
	WriteTx(tx *gorm.DB, r audit.Record) error
}

// EndListener hears of every meeting end the portal confirmed with BBB (the recordings service
// expects a recording from it). recordingMarks is nil when BBB did not say.
type EndListener interface {
	NoteMeetingEnded(meetingID, internalMeetingID string, endedAt time.Time, recordingMarks *bool) error
}

// Config holds the timings of the watcher and the scheduler.
type Config struct {
	BaseURL     string           // the portal's public URL, for callbacks and logout
	EndTimeout  time.Duration    // how long to wait for an end to be confirmed (default 60 s)
	FirstCheck  time.Duration    // first poll after end (default 200 ms); doubles up to MaxInterval
	MaxInterval time.Duration    // longest pause between polls (default 2 s)
	CallTimeout time.Duration    // timeout of one BBB call (default 10 s)
	WarnBefore  time.Duration    // chat warning before an on-time end (default 5 min)
	Tick        time.Duration    // scheduler period (default 15 s)
	Now         func() time.Time // the clock (default time.Now); tests pass the simulator's
}

func (c *Config) applyDefaults() {
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	def(&c.EndTimeout, 60*time.Second)
	def(&c.FirstCheck, 200*time.Millisecond)
	def(&c.MaxInterval, 2*time.Second)
	def(&c.CallTimeout, 10*time.Second)
	def(&c.WarnBefore, 5*time.Minute)
	def(&c.Tick, 15*time.Second)
	if c.Now == nil {
		c.Now = time.Now
	}
}

// Service is the meetings logic. Its zero value is not usable: call New.
type Service struct {
	db    *gorm.DB
	bbb   BBB
	audit Auditor
	cfg   Config
	now   func() time.Time
	log   *slog.Logger

	starts   flight[time.Time] // one create per meeting under a burst of starts
	commits  *committer        // the start's short write transactions, committed together
	ended    EndListener       // nil: nobody listens
	mu       sync.Mutex        // guards watching
	watching map[uint]struct{} // end watches with a running goroutine
	wg       sync.WaitGroup
	ctx      context.Context // ends the watchers on Close
	cancel   context.CancelFunc

	Live *LiveCache

	server *serverState // what the BBB server offers (capabilities.go)
}

// New returns the service. Call Resume once at start-up and Close at shutdown.
func New(db *gorm.DB, server BBB, auditor Auditor, cfg Config, log *slog.Logger) *Service {
	cfg.applyDefaults()
	ctx, cancel := context.WithCancel(context.Background())
	s := &Service{db: db, bbb: server, audit: auditor, cfg: cfg, now: cfg.Now, log: log,
		watching: map[uint]struct{}{}, ctx: ctx, cancel: cancel, commits: newCommitter(db)}
	s.Live = newLiveCache(server, s.now, cfg.CallTimeout)
	s.initServer()
	return s
}

// OnEnd makes l hear of every confirmed end. Call it before the service runs.
func (s *Service) OnEnd(l EndListener) { s.ended = l }

// Close stops the watchers and the scheduler and waits for them.
func (s *Service) Close() {
	s.cancel()
	s.wg.Wait()
	s.commits.close()
}

func (s *Service) call() (context.Context, context.CancelFunc) {
	return context.WithTimeout(s.ctx, s.cfg.CallTimeout)
}

// record writes an audit entry on behalf of who (the actor fields of the request).
func (s *Service) record(ctx context.Context, who audit.Record, action, targetType, targetID, result string, details map[string]any) {
	who.Action, who.TargetType, who.TargetID, who.Result, who.Details = action, targetType, targetID, result, details
	if err := s.audit.Write(ctx, who); err != nil {
		s.log.Error("audit write failed", "action", action, "err", err)
	}
}
