// Package txstmt runs hot SQL statements inside gorm transactions without parsing them
// again each time.
//
// A statement stays prepared for the life of the process, keyed by its text: pass values
// as arguments, never in the text, so that the statements are a fixed set.
//
// gorm's prepared statement cache prepares a statement it first meets inside a
// transaction on that transaction, and database/sql must prepare such a statement again
// in every later transaction. A statement prepared on the *sql.DB instead is kept per
// connection and reused by every transaction on it.
package txstmt

import (
	"context"
	"database/sql"
	"strconv"
	"sync"
	"time"

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
	sqlTx, db := unwrap(tx)
	if sqlTx == nil {
		r := tx.Exec(query, args...)
		return rowsResult(r.RowsAffected), r.Error
	}
	ctx := contextOf(tx)
	defer trace(tx, ctx, time.Now(), query, args)
	st, err := prepared(ctx, db, query)
	if err != nil {
		return nil, err
	}
	return sqlTx.StmtContext(ctx, st).ExecContext(ctx, args...)
}

// Query runs the read query with args on db, in db's transaction if it is one, with a
// statement prepared once per connection and none of gorm's query building: for the reads
// every page view makes, whose rows the caller scans itself.
func Query(db *gorm.DB, query string, args ...any) (*sql.Rows, error) {
	sqlTx, sqlDB := unwrap(db)
	if _, inTx := db.Statement.ConnPool.(gorm.TxCommitter); inTx && sqlTx == nil {
		return db.Raw(query, args...).Rows() // a transaction txstmt cannot see into
	}
	ctx := contextOf(db)
	defer trace(db, ctx, time.Now(), query, args)
	if sqlTx != nil {
		st, err := prepared(ctx, sqlDB, query)
		if err != nil {
			return nil, err
		}
		return sqlTx.StmtContext(ctx, st).QueryContext(ctx, args...)
	}
	sqlDB, err := db.DB()
	if err != nil {
		return nil, err
	}
	st, err := prepared(ctx, sqlDB, query)
	if err != nil {
		return nil, err
	}
	return st.QueryContext(ctx, args...)
}

// Each runs the read query with args as Query does and calls each for every row.
func Each(db *gorm.DB, each func(*sql.Rows) error, query string, args ...any) error {
	rows, err := Query(db, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := each(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// trace hands the statement to db's logger, as gorm does with its own: the SQL with its
// arguments in place is only built when the logger asks for it.
func trace(db *gorm.DB, ctx context.Context, begin time.Time, query string, args []any) {
	db.Logger.Trace(ctx, begin, func() (string, int64) { return db.Dialector.Explain(query, args...), -1 }, nil)
}

func contextOf(db *gorm.DB) context.Context {
	if ctx := db.Statement.Context; ctx != nil {
		return ctx
	}
	return context.Background()
}

// prepared returns query prepared on db, preparing it the first time.
func prepared(ctx context.Context, db *sql.DB, query string) (*sql.Stmt, error) {
	k := key{db, query}
	if st, ok := cache.Load(k); ok {
		return st.(*sql.Stmt), nil
	}
	st, err := db.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	if old, loaded := cache.LoadOrStore(k, st); loaded {
		st.Close()
		return old.(*sql.Stmt), nil
	}
	return st, nil
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

// IDList is ids as one SQL argument, a JSON array for json_each(?): one prepared statement
// serves any number of ids.
func IDList(ids []uint) string {
	b := make([]byte, 0, 2+8*len(ids))
	b = append(b, '[')
	for i, id := range ids {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendUint(b, uint64(id), 10)
	}
	return string(append(b, ']'))
}
