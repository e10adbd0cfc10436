package audit

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"

	"bbbportal/txstmt"
)

// Filter narrows a search of the audit log. Empty fields match everything.
// Every field is served by an index ending in the id (migration 6), so a page
// costs the same at a thousand rows and at a million.
type Filter struct {
	Action     string    // prefix: "meeting." matches every meeting action
	Actor      string    // the actor's exact e-mail (any case), or an account number
	TargetType string    // "room", "user", …
	Target     string    // exact target ID
	Result     string    // ResultOK, ResultFailed, ResultDenied
	ClientIP   string    // exact address as stored (shortened if the writer shortens)
	From, To   time.Time // entries with From <= at < To; zero: unbounded
	// Text is searched in the details, case-insensitively for ASCII. It cannot
	// use an index, so one page looks at no more than TextWindow entries (by id)
	// below BeforeID; Page.Next then continues below the window.
	Text     string
	BeforeID uint // for paging: only entries older than this one
	Limit    int  // 0: DefaultLimit; at most MaxLimit
}

// Page is one page of a search, newest first.
type Page struct {
	Entries []Entry
	// Next is the BeforeID of the following page; 0 when nothing older matches.
	Next uint
	// SearchedFrom is, for a text search, the lowest id this page looked at:
	// older entries are not searched yet (the page should say so).
	SearchedFrom uint
	// SearchedTo is, for a text search, the highest id this page looked at.
	SearchedTo uint
}

const (
	DefaultLimit = 50
	MaxLimit     = 500
	// maxArms bounds the index range reads one page merges (the distinct
	// actions under a prefix).
	maxArms = 64
)

// Search returns the entries matching f, newest first (Find without the paging facts).
func Search(db *gorm.DB, f Filter) ([]Entry, error) {
	p, err := Find(context.Background(), db, f)
	return p.Entries, err
}

// Find returns one page of the entries matching f, newest first.
func Find(ctx context.Context, db *gorm.DB, f Filter) (Page, error) {
	q, err := plan(ctx, db, f)
	if err != nil || q == nil {
		return Page{}, err
	}
	ids, err := q.ids(ctx, db)
	if err != nil {
		return Page{}, err
	}
	page := Page{SearchedFrom: q.windowLow, SearchedTo: q.windowHigh}
	if len(ids) > q.limit {
		ids = ids[:q.limit]
		page.Next = ids[len(ids)-1]
	} else if q.windowLow > q.floor {
		page.Next = q.windowLow
	}
	if len(ids) == 0 {
		return page, nil
	}
	if page.Entries, err = entriesByID(db.WithContext(ctx), ids); err != nil {
		return Page{}, fmt.Errorf("audit: search: %w", err)
	}
	return page, nil
}

// entriesByID reads the entries ids, newest first: every view of the log reads a page of
// them, so as one prepared statement scanned by hand.
func entriesByID(db *gorm.DB, ids []uint) ([]Entry, error) {
	out := make([]Entry, 0, len(ids))
	err := txstmt.Each(db, func(rows *sql.Rows) error {
		var e Entry
		var actor sql.NullInt64
		if err := rows.Scan(&e.ID, &e.At, &actor, &e.ActorEmail, &e.Action, &e.TargetType, &e.TargetID, &e.Details,
			&e.Result, &e.ClientIP, &e.RequestID); err != nil {
			return err
		}
		if actor.Valid {
			id := uint(actor.Int64)
			e.ActorID = &id
		}
		out = append(out, e)
		return nil
	}, "SELECT e.id, e.at, e.actor_id, e.actor_email, e.action, e.target_type, e.target_id, e.details,"+
		" e.result, e.client_ip, e.request_id FROM json_each(?) AS j CROSS JOIN audit_entries AS e ON e.id = j.value", txstmt.IDList(ids))
	slices.SortFunc(out, func(a, b Entry) int { return cmp.Compare(b.ID, a.ID) })
	return out, err
}

// Get returns one entry; ErrNotFound when there is none with that id.
func Get(db *gorm.DB, id uint) (*Entry, error) {
	var e Entry
	err := db.Where("id = ?", id).Take(&e).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("audit: get %d: %w", id, err)
	}
	return &e, nil
}

// TextWindow bounds the ids one free-text page reads (a LIKE over the
// details): about 40 ms of SQLite work. A variable for tests.
var TextWindow uint = 50_000

// ErrNotFound is returned by Get for an id that does not exist (or was pruned).
var ErrNotFound = errors.New("audit: no such entry")

type cond struct {
	sql  string
	args []any
}

// query is a planned search: conditions every row must meet, and arms, each
// one more equality condition (one action of a prefix); the result is the
// union of the arms, which are disjoint, each read in id order from its own
// index range and merged. A prefix as one range condition would make SQLite
// sort every matching row to find the newest ones.
type query struct {
	base       []cond
	arms       [][]cond
	limit      int
	windowLow  uint // text search: the lowest id looked at (0: no window)
	windowHigh uint // text search: the highest id looked at
	floor      uint // the lowest id the filter can match at all
}

func plan(ctx context.Context, db *gorm.DB, f Filter) (*query, error) {
	db = db.WithContext(ctx)
	q := &query{limit: f.Limit}
	if q.limit <= 0 {
		q.limit = DefaultLimit
	}
	if q.limit > MaxLimit {
		q.limit = MaxLimit
	}
	add := func(sql string, args ...any) { q.base = append(q.base, cond{sql, args}) }

	if a := strings.TrimSpace(f.Actor); a != "" {
		if n, err := strconv.ParseUint(strings.TrimPrefix(a, "#"), 10, 32); err == nil {
			add("actor_id = ?", uint(n))
		} else {
			add("actor_email = ?", strings.ToLower(a))
		}
	}
	if f.Result != "" {
		add("result = ?", f.Result)
	}
	if f.ClientIP != "" {
		add("client_ip = ?", strings.TrimSpace(f.ClientIP))
	}
	if f.TargetType != "" {
		add("target_type = ?", f.TargetType)
	}
	if f.Target != "" {
		add("target_id = ?", f.Target)
	}
	if f.Action != "" {
		actions, err := distinct(db, "action", f.Action)
		if err != nil {
			return nil, err
		}
		if len(actions) == 0 {
			return nil, nil
		}
		if len(actions) > maxArms {
			add("action >= ? AND action < ?", f.Action, f.Action+"\xff")
		} else {
			for _, a := range actions {
				q.arms = append(q.arms, []cond{{"action = ?", []any{a}}})
			}
		}
	}

	// Dates become an id range as well: at never decreases as id grows (the
	// writer stamps entries under the write lock), so the range is exact and
	// combines with any index above.
	if !f.From.IsZero() || !f.To.IsZero() {
		if !f.To.IsZero() && !f.From.IsZero() && !f.From.Before(f.To) {
			return nil, nil
		}
		if !f.From.IsZero() {
			var lo []uint
			if err := db.Raw(sqlFirstAtOrAfter, f.From.UTC()).Scan(&lo).Error; err != nil {
				return nil, fmt.Errorf("audit: search: %w", err)
			}
			if len(lo) == 0 {
				return nil, nil
			}
			q.floor = lo[0]
			add("id >= ? AND at >= ?", lo[0], f.From.UTC())
		}
		if !f.To.IsZero() {
			var hi []uint
			if err := db.Raw(sqlLastBefore, f.To.UTC()).Scan(&hi).Error; err != nil {
				return nil, fmt.Errorf("audit: search: %w", err)
			}
			if len(hi) == 0 {
				return nil, nil
			}
			add("id <= ? AND at < ?", hi[0], f.To.UTC())
			if f.BeforeID == 0 || f.BeforeID > hi[0] {
				f.BeforeID = hi[0] + 1
			}
		}
	}
	if f.BeforeID > 0 {
		add("id < ?", f.BeforeID)
	}
	if t := strings.TrimSpace(f.Text); t != "" {
		top := f.BeforeID
		if top == 0 {
			var maxID []uint
			if err := db.Raw("SELECT MAX(id) FROM audit_entries").Scan(&maxID).Error; err != nil {
				return nil, fmt.Errorf("audit: search: %w", err)
			}
			if len(maxID) == 0 || maxID[0] == 0 {
				return nil, nil
			}
			top = maxID[0] + 1
		}
		low := uint(1)
		if top > TextWindow {
			low = top - TextWindow
		}
		q.floor = max(q.floor, 1)
		low = max(low, q.floor)
		q.windowLow, q.windowHigh = low, top-1
		if f.BeforeID == 0 {
			add("id < ?", top)
		}
		add("id >= ? AND details LIKE ? ESCAPE '\\'", low, "%"+escapeLike(t)+"%")
	}
	return q, nil
}

const (
	sqlFirstAtOrAfter = "SELECT id FROM audit_entries WHERE at >= ? ORDER BY at, id LIMIT 1"
	sqlLastBefore     = "SELECT id FROM audit_entries WHERE at < ? ORDER BY at DESC, id DESC LIMIT 1"
)

// statements returns the SQL (and arguments) of every arm, for ids and for EXPLAIN.
func (q *query) statements() []cond {
	arms := q.arms
	if len(arms) == 0 {
		arms = [][]cond{nil}
	}
	out := make([]cond, 0, len(arms))
	for _, arm := range arms {
		var where []string
		var args []any
		for _, c := range append(slices.Clip(q.base), arm...) {
			where = append(where, "("+c.sql+")")
			args = append(args, c.args...)
		}
		sql := "SELECT id FROM audit_entries"
		if len(where) > 0 {
			sql += " WHERE " + strings.Join(where, " AND ")
		}
		out = append(out, cond{sql + " ORDER BY id DESC LIMIT ?", append(args, q.limit+1)})
	}
	return out
}

// ids reads each arm's newest limit+1 ids and merges them, newest first.
func (q *query) ids(ctx context.Context, db *gorm.DB) ([]uint, error) {
	var all []uint
	for _, st := range q.statements() {
		var ids []uint
		if err := db.WithContext(ctx).Raw(st.sql, st.args...).Scan(&ids).Error; err != nil {
			return nil, fmt.Errorf("audit: search: %w", err)
		}
		all = append(all, ids...)
	}
	slices.SortFunc(all, func(a, b uint) int { return int(int64(b) - int64(a)) })
	if len(all) > q.limit+1 {
		all = all[:q.limit+1]
	}
	return all, nil
}

// distinct lists the distinct values of an indexed column that start with
// prefix, by one index seek per value (no scan of the rows in between).
// It stops after maxArms+1 values.
func distinct(db *gorm.DB, column, prefix string) ([]string, error) {
	var out []string
	first := "SELECT " + column + " FROM audit_entries WHERE " + column + " >= ? AND " + column + " < ? ORDER BY " + column + " LIMIT 1"
	next := "SELECT " + column + " FROM audit_entries WHERE " + column + " > ? AND " + column + " < ? ORDER BY " + column + " LIMIT 1"
	upper := prefix + "\xff"
	from, sql := prefix, first
	for len(out) <= maxArms {
		var v []string
		if err := db.Raw(sql, from, upper).Scan(&v).Error; err != nil {
			return nil, fmt.Errorf("audit: search: %w", err)
		}
		if len(v) == 0 {
			break
		}
		out = append(out, v[0])
		from, sql = v[0], next
	}
	return out, nil
}

func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}
