// Package recordings lists a BBB server's recordings for the portal's users, acts on them
// (publish, unpublish, rename, delete) with all-or-nothing authorization, verifies the
// recording-ready callback, notifies room owners, remembers the recordings it expects after a
// meeting ended, and applies each template's retention rule.
package recordings

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"

	"bbbportal/audit"
	"bbbportal/bbb"
	"bbbportal/models"
	"gorm.io/gorm"
)

// BBB is what the recordings logic needs of a BBB server.
type BBB interface {
	GetRecordings(ctx context.Context, q bbb.RecordingsQuery) (*bbb.RecordingList, error)
	PublishRecordings(ctx context.Context, ids []string, publish bool) error
	DeleteRecordings(ctx context.Context, ids []string) error
	UpdateRecordings(ctx context.Context, ids []string, meta map[string]string) error
}

// Auditor stores audit records durably.
type Auditor interface {
	Write(ctx context.Context, r audit.Record) error
}

// Config holds the secret for the callback and the timings.
type Config struct {
	Secret        string           // the shared secret, to verify the recording-ready JWT
	CallTimeout   time.Duration    // one BBB call (default 20 s: a page of 100 recordings can be large)
	CacheTTL      time.Duration    // how long the server-wide listing is served without re-reading (default 2 min)
	RoomCacheTTL  time.Duration    // how long one room's list is served without asking BBB (default 30 s)
	PageWorkers   int              // parallel getRecordings pages when reading the whole server (default 4)
	RetentionTick time.Duration    // how often retention runs (default 24 h)
	Now           func() time.Time // the clock (default time.Now; tests pass the simulator's)
}

func (c *Config) applyDefaults() {
	if c.CallTimeout <= 0 {
		c.CallTimeout = 20 * time.Second
	}
	if c.CacheTTL <= 0 {
		c.CacheTTL = 2 * time.Minute
	}
	if c.RoomCacheTTL <= 0 {
		c.RoomCacheTTL = 30 * time.Second
	}
	if c.PageWorkers <= 0 {
		c.PageWorkers = 4
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.RetentionTick <= 0 {
		c.RetentionTick = 24 * time.Hour
	}
}

// Errors of the service. A foreign or missing recording is ErrNotFound (the pages answer 404).
var (
	ErrNotFound     = models.ErrNotFound
	ErrBadSignature = errors.New("recordings: the recording-ready signature does not verify")
	ErrInvalid      = errors.New("recordings: invalid request")
)

// StateError refuses an action that BBB cannot carry out in a recording's state.
type StateError struct {
	RecordID, Name, State string
}

func (e *StateError) Error() string {
	return "recordings: " + e.Name + " is " + e.State
}

// Service is the recordings logic. Create it with New, stop it with Close.
type Service struct {
	db    *gorm.DB
	bbb   BBB
	audit Auditor
	cfg   Config
	log   *slog.Logger
	now   func() time.Time

	cache  *listing
	rooms  *roomLists
	unseen unseenCounts

	wg     sync.WaitGroup
	ctx    context.Context
	cancel context.CancelFunc
}

// New returns the service.
func New(db *gorm.DB, server BBB, auditor Auditor, cfg Config, log *slog.Logger) *Service {
	cfg.applyDefaults()
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	ctx, cancel := context.WithCancel(context.Background())
	s := &Service{db: db, bbb: server, audit: auditor, cfg: cfg, log: log, now: cfg.Now, ctx: ctx, cancel: cancel}
	s.cache = newListing(s)
	s.rooms = newRoomLists(cfg.RoomCacheTTL, func() time.Time { return s.now() })
	return s
}

// Close stops the background work.
func (s *Service) Close() {
	s.cancel()
	s.wg.Wait()
}

func (s *Service) call(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(ctx, s.cfg.CallTimeout)
}

func (s *Service) record(ctx context.Context, who audit.Record, action, target, result string, details map[string]any) {
	who.Action, who.TargetType, who.TargetID, who.Result, who.Details = action, "recording", target, result, details
	if err := s.audit.Write(ctx, who); err != nil {
		s.log.Error("audit write failed", "action", action, "err", err)
	}
}
