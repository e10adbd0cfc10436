package portal

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"bbbportal/audit"
	"bbbportal/meetings"
	"bbbportal/paths"
	"bbbportal/recordings"
	"bbbportal/webhooks"
)

// Events is the portal's side of bbb-webhooks: the admin's view of the hooks on the BBB
// server, the keeper of the portal's own hook and the receiver of its events.
type Events struct {
	Hooks    *webhooks.Service
	Keeper   *webhooks.Keeper
	Receiver *webhooks.Receiver

	reactor *reactor
}

// hintTimeout bounds the BBB calls one event starts.
const hintTimeout = 30 * time.Second

// openEvents builds the refusal folding, the audit retention job and the webhooks parts.
// Called by Open once the services exist.
func (p *Portal) openEvents() {
	p.Refusals = audit.NewRefusals(p.Audit)
	p.Pruner = &audit.Pruner{DB: p.DB, Writer: p.Audit, Retention: p.Config.AuditRetention, Logger: p.Log}
	callbackURL := p.Config.URL(paths.HooksCallback)
	r := newReactor(p.Meetings, p.Recordings, p.Log)
	p.Events = &Events{
		Hooks:    &webhooks.Service{BBB: p.BBB, Audit: p.Audit},
		Keeper:   &webhooks.Keeper{DB: p.DB, BBB: p.BBB, Audit: p.Audit, CallbackURL: callbackURL, Logger: p.Log},
		Receiver: &webhooks.Receiver{Secret: p.Config.BBBSecret, CallbackURL: callbackURL, Reactor: r, Refusals: p.Refusals},
		reactor:  r,
	}
	if p.opts.sim != nil && p.opts.sim.Clock != nil {
		p.Events.Receiver.Now = p.opts.sim.Clock.Now // the simulator stamps events with its clock
	}
}

// startEventJobs runs the daily audit pruning and the own-hook keeper until ctx ends.
func (p *Portal) startEventJobs(ctx context.Context) {
	r := p.Events.reactor
	r.wg.Add(2)
	go func() { defer r.wg.Done(); p.Pruner.Run(ctx) }()
	go func() { defer r.wg.Done(); p.Events.Keeper.Run(ctx) }()
}

// closeEvents stops the jobs and the reactions to events still running, and writes the last
// refusal counts. Called before the services and the audit writer close.
func (p *Portal) closeEvents() {
	if p.Events != nil {
		p.Events.reactor.close()
	}
	if p.Refusals != nil {
		if err := p.Refusals.Close(); err != nil {
			p.Log.Error("cannot write the last refusal counts", "error", err)
		}
	}
}

// reactor turns verified events into hints for the services. Each reaction runs off the
// request (bbb-webhooks waits for the answer) and at most once per meeting at a time, so a
// burst of events costs a few BBB calls, not one per event.
type reactor struct {
	meetings *meetings.Service
	recs     *recordings.Service
	log      *slog.Logger

	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup
	mu     sync.Mutex
	busy   map[string]bool // "end:<meeting>", "rec:<meeting>" reactions in flight
}

// maxReactions bounds the reactions in flight; events beyond it are dropped (polling remains).
const maxReactions = 64

func newReactor(m *meetings.Service, recs *recordings.Service, log *slog.Logger) *reactor {
	ctx, cancel := context.WithCancel(context.Background())
	return &reactor{meetings: m, recs: recs, log: log, ctx: ctx, cancel: cancel, busy: map[string]bool{}}
}

func (r *reactor) EndHint(meetingID string) {
	r.async("end:"+meetingID, func(ctx context.Context) {
		if _, err := r.meetings.Hint(ctx, meetingID); err != nil && ctx.Err() == nil {
			r.log.Warn("meeting-ended event: cannot confirm with BBB; the end watcher keeps polling", "error", err)
		}
	})
}

func (r *reactor) LiveChanged() { r.meetings.Live.Refresh() }

func (r *reactor) RecordingsChanged(meetingID string) {
	r.async("rec:"+meetingID, func(ctx context.Context) {
		if err := r.recs.RecordingsChanged(ctx, meetingID); err != nil && ctx.Err() == nil {
			r.log.Warn("recording event: cannot read the recordings from BBB; the list refreshes later", "error", err)
		}
	})
}

func (r *reactor) async(key string, react func(ctx context.Context)) {
	r.mu.Lock()
	if r.busy[key] || len(r.busy) >= maxReactions || r.ctx.Err() != nil {
		r.mu.Unlock()
		return
	}
	r.busy[key] = true
	r.wg.Add(1)
	r.mu.Unlock()
	go func() {
		defer r.wg.Done()
		defer func() { r.mu.Lock(); delete(r.busy, key); r.mu.Unlock() }()
		ctx, cancel := context.WithTimeout(r.ctx, hintTimeout)
		defer cancel()
		react(ctx)
	}()
}

func (r *reactor) close() {
	r.mu.Lock()
	r.cancel()
	r.mu.Unlock()
	r.wg.Wait()
}
