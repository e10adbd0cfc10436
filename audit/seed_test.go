package audit

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"bbbportal/models"
)

// seedActions are the actions of seeded rows; the last one is rare (1 in rareEvery).
var seedActions = []string{"auth.login", "auth.logout", "room.update", "room.create", "room.delete",
	"template.update", "template.create", "meeting.start", "meeting.end", "meeting.end.confirmed",
	"meeting.join", "link.create", "recording.publish", "user.create", "user.role"}

const (
	rareAction = "user.delete"
	rareEvery  = 10_000
	seedActors = 500
	seedStep   = 30 * time.Second
)

// seedStart is the time of the first seeded row; row i is at seedStart + i*seedStep.
var seedStart = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)

// seedRow is what row i (1-based, its id) holds; tests recompute it to know the expected answers.
func seedRow(i int) Entry {
	action := seedActions[i%len(seedActions)]
	if i%rareEvery == 0 {
		action = rareAction
	}
	actor := uint(i%seedActors + 1)
	result := ResultOK
	if i%17 == 0 {
		result = ResultDenied
	}
	return Entry{ID: uint(i), At: seedStart.Add(time.Duration(i) * seedStep), ActorID: &actor,
		ActorEmail: fmt.Sprintf("teacher%d@school.test", actor), Action: action,
		TargetType: []string{"room", "template", "user"}[i%3], TargetID: fmt.Sprint(i % 2000),
		Details: fmt.Sprintf(`{"name":"Room %d","changes":{"record":{"before":false,"after":true}}}`, i%5000),
		Result:  result, ClientIP: fmt.Sprintf("192.0.%d.%d", i%250, i%200+1), RequestID: fmt.Sprintf("req-%d", i)}
}

// seed inserts rows 1..n with multi-row INSERTs in one transaction, through
// database/sql directly (GORM's placeholder handling is slow at 5,500 arguments).
func seed(tb testing.TB, db *gorm.DB, n int) {
	tb.Helper()
	const perStmt = 500
	cols := "(id, at, actor_id, actor_email, action, target_type, target_id, details, result, client_ip, request_id)"
	one := "(?,?,?,?,?,?,?,?,?,?,?)"
	sqlDB, err := db.DB()
	if err != nil {
		tb.Fatal(err)
	}
	ctx := context.Background()
	conn, err := sqlDB.Conn(ctx)
	if err != nil {
		tb.Fatal(err)
	}
	defer conn.Close()
	// A large page cache for this connection: the indexes are written in random order.
	conn.ExecContext(ctx, "PRAGMA cache_size = -262144")
	conn.ExecContext(ctx, "PRAGMA synchronous = OFF") // test data: no fsync
	defer conn.ExecContext(ctx, "PRAGMA synchronous = FULL")
	defer conn.ExecContext(ctx, "PRAGMA cache_size = -2000")
	// The indexes are built after the rows: sorting once is faster than
	// inserting a million keys in random order into eight trees.
	var ddl []string
	rows, err := conn.QueryContext(ctx, "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'audit_entries' AND sql IS NOT NULL")
	if err != nil {
		tb.Fatal(err)
	}
	for rows.Next() {
		var s string
		rows.Scan(&s)
		ddl = append(ddl, s)
	}
	rows.Close()
	err = func() error {
		tx, err := conn.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		defer tx.Rollback()
		full, err := tx.Prepare("INSERT INTO audit_entries " + cols + " VALUES " + strings.Repeat(one+",", perStmt-1) + one)
		if err != nil {
			return err
		}
		for _, d := range ddl {
			name := strings.Fields(d)[2]
			if strings.EqualFold(name, "IF") {
				name = strings.Fields(d)[5]
			}
			if _, err := tx.Exec("DROP INDEX " + name); err != nil {
				return err
			}
		}
		args := make([]any, 0, perStmt*11)
		for start := 1; start <= n; start += perStmt {
			end := min(start+perStmt-1, n)
			args = args[:0]
			for i := start; i <= end; i++ {
				e := seedRow(i)
				args = append(args, e.ID, e.At, *e.ActorID, e.ActorEmail, e.Action, e.TargetType, e.TargetID,
					e.Details, e.Result, e.ClientIP, e.RequestID)
			}
			if end-start+1 == perStmt {
				_, err = full.Exec(args...)
			} else {
				_, err = tx.Exec("INSERT INTO audit_entries "+cols+" VALUES "+strings.Repeat(one+",", end-start)+one, args...)
			}
			if err != nil {
				return err
			}
		}
		for _, d := range ddl {
			if _, err := tx.Exec(d); err != nil {
				return err
			}
		}
		return tx.Commit()
	}()
	if err != nil {
		tb.Fatal(err)
	}
}

func openSeeded(tb testing.TB, dir string, n int) *gorm.DB {
	db := openSeededNoCleanup(tb, dir, n)
	tb.Cleanup(func() { models.Close(db) })
	return db
}

func openSeededNoCleanup(tb testing.TB, dir string, n int) *gorm.DB {
	tb.Helper()
	db, err := models.Open(filepath.Join(dir, "audit.db"))
	if err != nil {
		tb.Fatal(err)
	}
	seed(tb, db, n)
	return db
}
