package audit

import (
	"context"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"
)

// DefaultRetention is how long entries are kept when AUDIT_RETENTION is not set.
const DefaultRetention = 365 * 24 * time.Hour

// pruneBatch bounds one delete transaction, so that writers wait at most one batch.
const pruneBatch = 5000

// ParseRetention reads AUDIT_RETENTION: a number of days ("365", "365d") or a
// Go duration ("720h"); "0" or "off" keeps entries forever (returned as 0).
func ParseRetention(s string) (time.Duration, error) {
	s = strings.TrimSpace(strings.ToLower(s))
	switch s {
	case "":
		return DefaultRetention, nil
	case "0", "off", "forever":
		return 0, nil
	}
	if days, err := strconv.Atoi(strings.TrimSuffix(s, "d")); err == nil && days > 0 {
		return time.Duration(days) * 24 * time.Hour, nil
	}
	if d, err := time.ParseDuration(s); err == nil && d >= time.Hour {
		return d, nil
	}
	return 0, fmt.Errorf("a number of days such as 365 (or 0 to keep entries forever), not %q", s)
}

// Prune deletes the entries older than cutoff, pruneBatch at a time, each
// batch in its own transaction. It returns how many it deleted.
func Prune(ctx context.Context, db *gorm.DB, cutoff time.Time) (int64, error) {
	var total int64
	for {
		if err := ctx.Err(); err != nil {
			return total, fmt.Errorf("audit: prune: %w", err)
		}
		res := db.WithContext(ctx).Exec(`DELETE FROM audit_entries WHERE id IN
			(SELECT id FROM audit_entries WHERE at < ? ORDER BY at LIMIT ?)`, cutoff.UTC(), pruneBatch)
		if res.Error != nil {
			return total, fmt.Errorf("audit: prune: %w", res.Error)
		}
		total += res.RowsAffected
		if res.RowsAffected < pruneBatch {
			return total, nil
		}
	}
}

// Pruner is the daily retention job: it deletes entries older than Retention
// and records that it did ("audit.pruned" with the count and the cutoff).
type Pruner struct {
	DB        *gorm.DB
	Writer    *Writer
	Retention time.Duration // 0: keep forever, the job does nothing
	Interval  time.Duration // 0: daily
	Logger    *slog.Logger  // nil: slog.Default()
	Now       func() time.Time
}

// RunOnce prunes once and audits it.
func (p *Pruner) RunOnce(ctx context.Context) (int64, error) {
	if p.Retention <= 0 {
		return 0, nil
	}
	now := time.Now
	if p.Now != nil {
		now = p.Now
	}
	cutoff := now().UTC().Add(-p.Retention)
	n, err := Prune(ctx, p.DB, cutoff)
	r := Record{ActorEmail: "system", Action: "audit.pruned", TargetType: "audit", Result: ResultOK,
		Details: map[string]any{"deleted": n, "older_than": cutoff.Format(time.RFC3339),
			"retention_days": int(p.Retention / (24 * time.Hour))}}
	if err != nil {
		r.Result, r.Details["problem"] = ResultFailed, "the database refused the delete; it is tried again at the next run"
	}
	if werr := p.Writer.Write(ctx, r); werr != nil && err == nil {
		err = werr
	}
	return n, err
}

// Run prunes at once and then every Interval until ctx ends.
func (p *Pruner) Run(ctx context.Context) {
	interval := p.Interval
	if interval <= 0 {
		interval = 24 * time.Hour
	}
	logger := p.Logger
	if logger == nil {
		logger = slog.Default()
	}
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if n, err := p.RunOnce(ctx); err != nil && ctx.Err() == nil {
			logger.Error("audit retention failed", "deleted", n, "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
