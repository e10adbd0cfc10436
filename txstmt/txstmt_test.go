package txstmt_test

import (
	"errors"
	"path/filepath"
	"testing"

	"gorm.io/gorm"

	"bbbportal/models"
	"bbbportal/txstmt"
)

// A statement run through txstmt belongs to its transaction: what a rolled back transaction
// wrote is gone, what a committed one wrote stays, however often the statement is reused
// and from however many transactions at once.
func TestExecBelongsToItsTransaction(t *testing.T) {
	db, err := models.Open(filepath.Join(t.TempDir(), "portal.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { models.Close(db) })
	const insert = "INSERT INTO settings (key, value) VALUES (?, ?)"
	boom := errors.New("boom")
	err = db.Transaction(func(tx *gorm.DB) error {
		if _, err := txstmt.Exec(tx, insert, "rolled.back", "x"); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatal(err)
	}
	errs := make(chan error)
	for i := range 20 {
		go func() {
			errs <- db.Transaction(func(tx *gorm.DB) error {
				res, err := txstmt.Exec(tx, insert, "kept."+string(rune('a'+i)), "y")
				if n, _ := res.RowsAffected(); err == nil && n != 1 {
					return errors.New("insert affected no row")
				}
				return err
			})
		}()
	}
	for range 20 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	if _, ok, _ := models.GetSetting(db, "rolled.back"); ok {
		t.Error("a rolled back transaction's row stayed")
	}
	var n int64
	db.Table("settings").Where("key LIKE ?", "kept.%").Count(&n)
	if n != 20 {
		t.Errorf("%d rows of 20 committed transactions stored", n)
	}
}

// Query reads inside a transaction what the transaction wrote, and outside only what was
// committed, with the same statement.
func TestQueryReadsInItsTransaction(t *testing.T) {
	db, err := models.Open(filepath.Join(t.TempDir(), "portal.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { models.Close(db) })
	const read = "SELECT value FROM settings WHERE key = ?"
	value := func(db *gorm.DB) (string, error) {
		rows, err := txstmt.Query(db, read, "greeting")
		if err != nil {
			return "", err
		}
		defer rows.Close()
		var v string
		if rows.Next() {
			err = rows.Scan(&v)
		}
		return v, errors.Join(err, rows.Err())
	}
	boom := errors.New("boom")
	err = db.Transaction(func(tx *gorm.DB) error {
		if _, err := txstmt.Exec(tx, "INSERT INTO settings (key, value) VALUES (?, ?)", "greeting", "hello"); err != nil {
			return err
		}
		if v, err := value(tx); err != nil || v != "hello" {
			t.Errorf("inside the transaction: %q, %v; want hello", v, err)
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatal(err)
	}
	if v, err := value(db); err != nil || v != "" {
		t.Errorf("after the rollback: %q, %v; want no row", v, err)
	}
}
