// Package audit records who did what, when, from where and with what result.
//
// Every action of the portal that changes something, and every login or
// refusal, is written through one Writer. Details are redacted by
// construction: any key that names a password, secret, checksum, token or
// session is replaced before the entry is stored, however deeply nested.
package audit

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"gorm.io/gorm"
)

// Results of an action.
const (
	ResultOK     = "ok"     // the action was carried out
	ResultFailed = "failed" // it was attempted and did not work
	ResultDenied = "denied" // it was refused (wrong password, missing right, bad signature)
)

// Redacted replaces the value of a sensitive key in Details.
const Redacted = "[redacted]"

// Entry is one audit record.
type Entry struct {
	ID         uint      `gorm:"primaryKey"`
	At         time.Time // set by the writer
	ActorID    *uint     // nil for anonymous requests and the shell
	ActorEmail string
	Action     string // dotted verb: "auth.login", "user.create", "room.delete"
	TargetType string // "user", "room", …
	TargetID   string
	Details    string // JSON object, redacted
	Result     string
	ClientIP   string
	RequestID  string
}

// TableName keeps the table name stable whatever the type is called.
func (Entry) TableName() string { return "audit_entries" }

// Record is what a caller reports; the writer turns it into an Entry.
type Record struct {
	ActorID    uint // 0: anonymous
	ActorEmail string
	Action     string
	TargetType string
	TargetID   string
	Details    map[string]any
	Result     string
	ClientIP   string
	RequestID  string
}

// Writer stores audit entries. Write returns only once the entry is committed.
// Concurrent writes are grouped into one transaction (one fsync) each.
type Writer struct {
	db      *gorm.DB
	queue   chan pending
	done    chan struct{}
	closing sync.Once
}

type pending struct {
	entry *Entry
	err   chan error
}

// maxBatch bounds how many entries one transaction commits.
const maxBatch = 256

// NewWriter starts a writer on db. Close it before closing db.
func NewWriter(db *gorm.DB) *Writer {
	w := &Writer{db: db, queue: make(chan pending, maxBatch), done: make(chan struct{})}
	go w.run()
	return w
}

// ErrClosed is returned by Write after Close.
var ErrClosed = errors.New("audit: writer closed")

// Write stores r durably and returns when it is committed (or ctx ends).
func (w *Writer) Write(ctx context.Context, r Record) (err error) {
	e, err := newEntry(r)
	if err != nil {
		return err
	}
	p := pending{entry: e, err: make(chan error, 1)}
	defer func() {
		if recover() != nil { // the queue was closed under us
			err = ErrClosed
		}
	}()
	select {
	case w.queue <- p:
	case <-ctx.Done():
		return fmt.Errorf("audit: %w", ctx.Err())
	}
	select {
	case err := <-p.err:
		return err
	case <-ctx.Done():
		return fmt.Errorf("audit: %w", ctx.Err())
	}
}

// Close writes what is queued and stops the writer.
func (w *Writer) Close() {
	w.closing.Do(func() { close(w.queue) })
	<-w.done
}

func (w *Writer) run() {
	defer close(w.done)
	for first := range w.queue {
		batch := []pending{first}
	drain:
		for len(batch) < maxBatch {
			select {
			case p, ok := <-w.queue:
				if !ok {
					break drain
				}
				batch = append(batch, p)
			default:
				break drain
			}
		}
		entries := make([]*Entry, len(batch))
		for i, p := range batch {
			entries[i] = p.entry
		}
		err := w.db.Transaction(func(tx *gorm.DB) error { return tx.Create(entries).Error })
		if err != nil {
			err = fmt.Errorf("audit: write: %w", err)
		}
		for _, p := range batch {
			p.err <- err
		}
	}
}

func newEntry(r Record) (*Entry, error) {
	if r.Action == "" || r.Result == "" {
		return nil, errors.New("audit: a record needs an action and a result")
	}
	details, err := json.Marshal(Redact(r.Details))
	if err != nil {
		return nil, fmt.Errorf("audit: details of %s: %w", r.Action, err)
	}
	e := &Entry{
		At: time.Now().UTC(), ActorEmail: r.ActorEmail, Action: r.Action,
		TargetType: r.TargetType, TargetID: r.TargetID, Details: string(details),
		Result: r.Result, ClientIP: r.ClientIP, RequestID: r.RequestID,
	}
	if r.ActorID != 0 {
		id := r.ActorID
		e.ActorID = &id
	}
	return e, nil
}

var sensitiveWords = []string{"password", "passwd", "secret", "checksum", "token", "session", "cookie", "jwt", "signature"}

// Sensitive reports whether a details key names something that must never be stored.
func Sensitive(key string) bool {
	k := strings.ToLower(key)
	for _, w := range sensitiveWords {
		if strings.Contains(k, w) {
			return true
		}
	}
	return false
}

// Redact returns a copy of details with the value of every sensitive key,
// at any depth, replaced by Redacted. It never returns nil.
func Redact(details map[string]any) map[string]any {
	out := make(map[string]any, len(details))
	for k, v := range details {
		if Sensitive(k) {
			out[k] = Redacted
			continue
		}
		out[k] = redactValue(v)
	}
	return out
}

func redactValue(v any) any {
	switch v := v.(type) {
	case map[string]any:
		return Redact(v)
	case map[string]string:
		m := make(map[string]any, len(v))
		for k, s := range v {
			m[k] = s
		}
		return Redact(m)
	case []any:
		out := make([]any, len(v))
		for i, x := range v {
			out[i] = redactValue(x)
		}
		return out
	case string, bool, nil, int, int64, uint, uint64, float64, []string:
		return v
	default:
		// Structs and other values go through JSON so that their keys are checked too.
		b, err := json.Marshal(v)
		if err != nil {
			return fmt.Sprintf("%T", v)
		}
		var generic any
		if err := json.Unmarshal(b, &generic); err != nil {
			return string(b)
		}
		return redactValue(generic)
	}
}

// List returns the newest entries first, at most limit of them.
func List(db *gorm.DB, limit int) ([]Entry, error) {
	var entries []Entry
	if err := db.Order("id DESC").Limit(limit).Find(&entries).Error; err != nil {
		return nil, fmt.Errorf("audit: list: %w", err)
	}
	return entries, nil
}

// Filter narrows a search of the audit log. Empty fields match everything.
type Filter struct {
	Action   string // prefix: "meeting." matches every meeting action
	Actor    string // part of the actor's email
	Target   string // exact target ID
	Result   string
	BeforeID uint // for paging: only entries older than this one
	Limit    int
}

// Search returns the entries matching f, newest first.
func Search(db *gorm.DB, f Filter) ([]Entry, error) {
	q := db.Order("id DESC")
	if f.Action != "" {
		q = q.Where("action LIKE ? ESCAPE '\\'", escapeLike(f.Action)+"%")
	}
	if f.Actor != "" {
		q = q.Where("lower(actor_email) LIKE ? ESCAPE '\\'", "%"+escapeLike(strings.ToLower(f.Actor))+"%")
	}
	if f.Target != "" {
		q = q.Where("target_id = ?", f.Target)
	}
	if f.Result != "" {
		q = q.Where("result = ?", f.Result)
	}
	if f.BeforeID > 0 {
		q = q.Where("id < ?", f.BeforeID)
	}
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 50
	}
	var entries []Entry
	if err := q.Limit(f.Limit).Find(&entries).Error; err != nil {
		return nil, fmt.Errorf("audit: search: %w", err)
	}
	return entries, nil
}

func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}
