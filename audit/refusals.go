package audit

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"sync"
	"time"
	"unicode/utf8"
)

// Bounds of what a refused (anonymous, possibly hostile) request may store.
const (
	RefusalTargetMax = 64  // bytes of the target ID
	RefusalStringMax = 200 // bytes of each string in the details
	refusalMapMax    = 16  // keys per object, items per list, in the details
	refusalDepthMax  = 3
)

// Capped returns r with the fields a caller copies from a request cut to
// size: the target ID, the request ID and every string, object and list in
// the details (a clipped string ends in "…"). Use it for whatever an
// anonymous request can make the portal store.
func Capped(r Record) Record {
	r.TargetID = clipMark(r.TargetID, RefusalTargetMax)
	r.RequestID = clip(r.RequestID, 64)
	r.ActorEmail = clipMark(r.ActorEmail, RefusalStringMax)
	if r.Details != nil {
		r.Details, _ = capValue(r.Details, 0).(map[string]any)
	}
	return r
}

func clipMark(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return clip(s, n-len("…")) + "…"
}

func capValue(v any, depth int) any {
	if depth >= refusalDepthMax {
		if _, ok := v.(string); !ok {
			return "…"
		}
	}
	switch v := v.(type) {
	case string:
		if !utf8.ValidString(v) {
			v = fmt.Sprintf("%q", v)
		}
		return clipMark(v, RefusalStringMax)
	case map[string]any:
		out := make(map[string]any, min(len(v), refusalMapMax))
		for k, x := range v {
			if len(out) == refusalMapMax {
				out["…"] = fmt.Sprintf("%d more", len(v)-refusalMapMax)
				break
			}
			out[clipMark(k, 64)] = capValue(x, depth+1)
		}
		return out
	case map[string]string:
		m := make(map[string]any, len(v))
		for k, s := range v {
			m[k] = s
		}
		return capValue(m, depth)
	case []string:
		l := make([]any, len(v))
		for i, s := range v {
			l[i] = s
		}
		return capValue(l, depth)
	case []any:
		n := min(len(v), refusalMapMax)
		out := make([]any, n)
		for i := range n {
			out[i] = capValue(v[i], depth+1)
		}
		return out
	}
	return redactValue(v)
}

// Refusals folds repeated refusals into one audit entry per client IP, action
// and minute, with a count: the first refusal of a minute is written at once
// (an auditor sees it), later ones only raise the count, which is written
// back every few seconds and when the minute is over. What a refusal stores is
// Capped, and the number of (IP, action) pairs tracked per minute is bounded:
// past MaxKeys, refusals from further addresses are folded under the IP "other".
type Refusals struct {
	w       *Writer
	now     func() time.Time
	maxKeys int
	logger  *slog.Logger

	mu   sync.Mutex
	keys map[refusalKey]*folded

	stop      chan struct{}
	done      chan struct{}
	closeOnce sync.Once
}

type refusalKey struct {
	ip, action string
	minute     int64
}

type folded struct {
	id            uint // 0 until the first entry is committed
	count, stored int
	details       map[string]any
	last          time.Time
}

// OverflowIP stands for every address beyond Refusals' key limit.
const OverflowIP = "other"

// DefaultRefusalKeys bounds the (IP, action) pairs a Refusals tracks.
const DefaultRefusalKeys = 10_000

// NewRefusals folds refusals into entries written by w. Close it before w.
func NewRefusals(w *Writer) *Refusals {
	r := &Refusals{w: w, now: time.Now, maxKeys: DefaultRefusalKeys, logger: slog.Default(),
		keys: map[refusalKey]*folded{}, stop: make(chan struct{}), done: make(chan struct{})}
	go r.run(5 * time.Second)
	return r
}

// Refuse records one refused request. rec.Result defaults to ResultDenied.
func (r *Refusals) Refuse(ctx context.Context, rec Record) error {
	rec = Capped(rec)
	if rec.Result == "" {
		rec.Result = ResultDenied
	}
	if r.w.shortenIP {
		rec.ClientIP = ShortenIP(rec.ClientIP)
	}
	now := r.now().UTC()
	key := refusalKey{ip: rec.ClientIP, action: rec.Action, minute: now.Unix() / 60}
	r.mu.Lock()
	if f, ok := r.keys[key]; ok {
		f.count++
		f.last = now
		r.mu.Unlock()
		return nil
	}
	if len(r.keys) >= r.maxKeys {
		key.ip = OverflowIP
		rec.ClientIP = OverflowIP
		rec.TargetID, rec.Details = "", map[string]any{"problem": "refusals from more addresses than the portal tracks"}
		if f, ok := r.keys[key]; ok {
			f.count++
			f.last = now
			r.mu.Unlock()
			return nil
		}
	}
	f := &folded{count: 1, stored: 1, last: now, details: rec.Details}
	r.keys[key] = f
	r.mu.Unlock()

	details := map[string]any{}
	for k, v := range rec.Details {
		details[k] = v
	}
	details["count"] = 1
	details["minute"] = time.Unix(key.minute*60, 0).UTC().Format("2006-01-02T15:04Z")
	rec.Details = details
	e, err := r.w.write(ctx, rec)
	r.mu.Lock()
	defer r.mu.Unlock()
	if err != nil {
		delete(r.keys, key) // the next refusal tries again
		return err
	}
	f.id, f.details = e.ID, details
	return nil
}

// Flush writes the counts that grew since the last flush and forgets the
// minutes that are over.
func (r *Refusals) Flush(ctx context.Context) error {
	type update struct {
		f       *folded
		count   int
		details map[string]any
	}
	current := r.now().UTC().Unix() / 60
	var updates []update
	r.mu.Lock()
	for k, f := range r.keys {
		if f.id != 0 && f.count > f.stored {
			d := make(map[string]any, len(f.details)+1)
			for k, v := range f.details {
				d[k] = v
			}
			d["count"] = f.count
			d["last"] = f.last.Format(time.RFC3339)
			updates = append(updates, update{f, f.count, d})
			f.stored = f.count
		}
		if k.minute < current && f.id != 0 && f.count == f.stored {
			delete(r.keys, k) // a late refusal of that minute starts a new entry
		}
	}
	r.mu.Unlock()
	var first error
	for _, u := range updates {
		b, err := json.Marshal(Redact(u.details))
		if err == nil {
			err = r.w.db.WithContext(ctx).Model(&Entry{}).Where("id = ?", u.f.id).Update("details", string(b)).Error
		}
		if err != nil && first == nil {
			first = fmt.Errorf("audit: refusal count: %w", err)
		}
	}
	return first
}

// Tracked is how many (IP, action, minute) keys are in memory.
func (r *Refusals) Tracked() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.keys)
}

func (r *Refusals) run(every time.Duration) {
	defer close(r.done)
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-r.stop:
			return
		case <-t.C:
			if err := r.Flush(context.Background()); err != nil {
				r.logger.Error("audit refusals", "err", err)
			}
		}
	}
}

// Close writes the last counts and stops the background flush.
func (r *Refusals) Close() error {
	r.closeOnce.Do(func() { close(r.stop) })
	<-r.done
	return r.Flush(context.Background())
}
