package audit

import (
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
		Details:  fmt.Sprintf(`{"name":"Room %d","changes":{"record":{"before":false,"after":true}}}`, i%5000),
		Result:   result, ClientIP: fmt.Sprintf("192.0.%d.%d", i%250, i%200+1), RequestID: fmt.Sprintf("req-%d", i)}
}

// seed inserts rows 1..n with multi-row INSERTs in one transaction.
func seed(tb testing.TB, db *gorm.DB, n int) {
	tb.Helper()
	const perStmt = 500
	cols := "(id, at, actor_id, actor_email, action, target_type, target_id, details, result, client_ip, request_id)"
	one := "(?,?,?,?,?,?,?,?,?,?,?)"
	err := db.Transaction(func(tx *gorm.DB) error {
		for start := 1; start <= n; start += perStmt {
			end := min(start+perStmt-1, n)
			args := make([]any, 0, (end-start+1)*11)
			for i := start; i <= end; i++ {
				e := seedRow(i)
				args = append(args, e.ID, e.At, *e.ActorID, e.ActorEmail, e.Action, e.TargetType, e.TargetID,
					e.Details, e.Result, e.ClientIP, e.RequestID)
			}
			sql := "INSERT INTO audit_entries " + cols + " VALUES " + strings.Repeat(one+",", end-start) + one
			if err := tx.Session(&gorm.Session{PrepareStmt: false}).Exec(sql, args...).Error; err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
}

func openSeeded(tb testing.TB, dir string, n int) *gorm.DB {
	tb.Helper()
	db, err := models.Open(filepath.Join(dir, "audit.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { models.Close(db) })
	seed(tb, db, n)
	return db
}
