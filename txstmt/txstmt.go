// Package txstmt runs hot SQL statements inside gorm transactions without parsing them
// again each time.
//
// gorm's prepared statement cache prepares a statement it first meets inside a
// transaction on that transaction, and database/sql must prepare such a statement again
// in every later transaction. A statement prepared on the *sql.DB instead is kept per
// connection and reused by every transaction on it.
package txstmt

import (
	"context"
	"database/sql"
	"sync"

	"gorm.io/gorm"
)

type key struct {
	db    *sql.DB
	query string
}

var cache sync.Map // key → *sql.Stmt

// Exec runs query with args inside tx, with a statement prepared once per connection.
// A tx that is no database/sql transaction runs it through gorm.
func Exec(tx *gorm.DB, query string, args ...any) (sql.Result, error) {
	ctx := tx.Statement.Context
	if ctx == nil {
		ctx = context.Background()
	}
	sqlTx, db := unwrap(tx)
	if sqlTx == nil {
		r := tx.Exec(query, args...)
		return rowsResult(r.RowsAffected), r.Error
	}
	k := key{db, query}
	st, ok := cache.Load(k)
	if !ok {
		prepared, err := db.PrepareContext(ctx, query)
		if err != nil {
			return nil, err
		}
		var loaded bool
		if st, loaded = cache.LoadOrStore(k, prepared); loaded {
			prepared.Close()
		}
	}
	return sqlTx.StmtContext(ctx, st.(*sql.Stmt)).ExecContext(ctx, args...)
}

// unwrap finds the database/sql transaction under tx and its database.
func unwrap(tx *gorm.DB) (*sql.Tx, *sql.DB) {
	var sqlTx *sql.Tx
	switch p := tx.Statement.ConnPool.(type) {
	case *sql.Tx:
		sqlTx = p
	case *gorm.PreparedStmtTX:
		sqlTx, _ = p.Tx.(*sql.Tx)
	}
	if sqlTx == nil {
		return nil, nil
	}
	db, err := tx.DB()
	if err != nil {
		return nil, nil
	}
	return sqlTx, db
}

type rowsResult int64

func (r rowsResult) LastInsertId() (int64, error) { return 0, nil }
func (r rowsResult) RowsAffected() (int64, error) { return int64(r), nil }
