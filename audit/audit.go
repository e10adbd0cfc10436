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
	"unicode/utf8"

	"gorm.io/gorm"

	"bbbportal/txstmt"
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
	db        *gorm.DB
	queue     chan pending
	done      chan struct{}
	closing   sync.Once
	shortenIP bool
}

// WriterOption changes how a Writer stores entries.
type WriterOption func(*Writer)

// WithShortIPs stores client addresses shortened to their network (IPv4 /24,
// IPv6 /48), as many European schools' data protection officers require.
func WithShortIPs(on bool) WriterOption { return func(w *Writer) { w.shortenIP = on } }

type pending struct {
	entry *Entry
	err   chan error
}

// maxBatch bounds how many entries one transaction commits.
const maxBatch = 256

// NewWriter starts a writer on db. Close it before closing db.
func NewWriter(db *gorm.DB, opts ...WriterOption) *Writer {
	w := &Writer{db: db, queue: make(chan pending, maxBatch), done: make(chan struct{})}
	for _, o := range opts {
		o(w)
	}
	go w.run()
	return w
}

// ErrClosed is returned by Write after Close.
var ErrClosed = errors.New("audit: writer closed")

// Write stores r durably and returns when it is committed (or ctx ends).
func (w *Writer) Write(ctx context.Context, r Record) error {
	_, err := w.write(ctx, r)
	return err
}

// ShortIPs reports whether the writer stores shortened client addresses.
func (w *Writer) ShortIPs() bool { return w.shortenIP }

// WriteTx stores r inside the caller's transaction tx, so that a change and
// its audit entry commit together or not at all.
func (w *Writer) WriteTx(tx *gorm.DB, r Record) error {
	e, err := w.entry(r)
	if err != nil {
		return err
	}
	e.At = stamp()
	if err := tx.Create(e).Error; err != nil {
		return fmt.Errorf("audit: write: %w", err)
	}
	return nil
}

// WriteAllTx stores records inside the caller's transaction tx like WriteTx, with one
// multi-row INSERT for all of them (a batch of joins writes its entries at once). On an
// error, roll tx back: some of the records may be stored.
func (w *Writer) WriteAllTx(tx *gorm.DB, records []Record) error {
	if len(records) == 0 {
		return nil
	}
	entries := make([]*Entry, len(records))
	for i, r := range records {
		e, err := w.entry(r)
		if err != nil {
			return err
		}
		entries[i] = e
	}
	now := stamp()
	for _, e := range entries {
		e.At = now
	}
	// Rows go in chunks of 64, 32, …, 1, so that a few statements serve every batch size,
	// each parsed once per connection (SQLite's parser is a large part of a multi-row
	// INSERT's cost) and kept prepared by txstmt. Their SQL is written once, and the rows'
	// values are bound directly: a batch of joins is committed by one goroutine that the
	// whole class waits for, and gorm's reflective statement building would run on it.
	args := make([]any, 0, insertCols*min(len(entries), maxInsertRows))
	for len(entries) > 0 {
		n := maxInsertRows
		for n > len(entries) {
			n /= 2
		}
		args = args[:0]
		for _, e := range entries[:n] {
			var actor any
			if e.ActorID != nil {
				actor = *e.ActorID
			}
			args = append(args, e.At, actor, e.ActorEmail, e.Action, e.TargetType, e.TargetID, e.Details,
				e.Result, e.ClientIP, e.RequestID)
		}
		if _, err := txstmt.Exec(tx, insertSQL(n), args...); err != nil {
			return fmt.Errorf("audit: write: %w", err)
		}
		entries = entries[n:]
	}
	return nil
}

// insertCols are the columns WriteAllTx writes (the id is assigned by the database).
const insertCols = 10

// insertSQLs holds the multi-row INSERT of 1, 2, 4, …, maxInsertRows rows. OR FAIL spares
// SQLite the statement journal a multi-row INSERT otherwise keeps to undo the statement
// alone (the copies of every index page it touches, written to a temporary file): a row it
// refused would leave the rows before it in place, and WriteAllTx's caller rolls the whole
// transaction back on any error anyway, as a change and its audit entries belong together.
var insertSQLs = func() map[int]string {
	m := map[int]string{}
	for n := 1; n <= maxInsertRows; n *= 2 {
		var b strings.Builder
		b.WriteString("INSERT OR FAIL INTO audit_entries (at, actor_id, actor_email, action, target_type, target_id, details, result, client_ip, request_id) VALUES ")
		for i := 0; i < n; i++ {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString("(?,?,?,?,?,?,?,?,?,?)")
		}
		m[n] = b.String()
	}
	return m
}()

func insertSQL(n int) string { return insertSQLs[n] }

// maxInsertRows is the most rows of one INSERT: 64 rows of 11 columns stay far below
// SQLite's limit of bound variables.
const maxInsertRows = 64

func (w *Writer) entry(r Record) (*Entry, error) {
	e, err := newEntry(r)
	if err != nil {
		return nil, err
	}
	if w.shortenIP {
		e.ClientIP = ShortenIP(e.ClientIP)
	}
	return e, nil
}

func (w *Writer) write(ctx context.Context, r Record) (e *Entry, err error) {
	e, err = w.entry(r)
	if err != nil {
		return nil, err
	}
	p := pending{entry: e, err: make(chan error, 1)}
	defer func() {
		if recover() != nil { // the queue was closed under us
			e, err = nil, ErrClosed
		}
	}()
	select {
	case w.queue <- p:
	case <-ctx.Done():
		return nil, fmt.Errorf("audit: %w", ctx.Err())
	}
	select {
	case err := <-p.err:
		return e, err
	case <-ctx.Done():
		return nil, fmt.Errorf("audit: %w", ctx.Err())
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
		err := w.db.Transaction(func(tx *gorm.DB) error {
			// Stamped under the write lock: at never decreases as id grows,
			// which the date filter relies on.
			now := stamp()
			for _, e := range entries {
				e.At = now
			}
			return tx.Create(entries).Error
		})
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
		At: time.Now().UTC(), ActorEmail: clip(r.ActorEmail, 254), Action: clip(r.Action, 64),
		TargetType: clip(r.TargetType, 32), TargetID: clip(r.TargetID, 128), Details: string(details),
		Result: clip(r.Result, 16), ClientIP: clip(r.ClientIP, 64), RequestID: clip(r.RequestID, 64),
	}
	if r.ActorID != 0 {
		id := r.ActorID
		e.ActorID = &id
	}
	return e, nil
}

var (
	stampMu   sync.Mutex
	lastStamp time.Time
)

// stamp is the current time, never earlier than the one it returned before
// (the wall clock may step back; the log's order must not).
func stamp() time.Time {
	stampMu.Lock()
	defer stampMu.Unlock()
	now := time.Now().UTC()
	if now.Before(lastStamp) {
		now = lastStamp
	}
	lastStamp = now
	return now
}

// clip cuts s to at most n bytes without splitting a UTF-8 sequence; the
// columns have these sizes, and PostgreSQL refuses longer values.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
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
