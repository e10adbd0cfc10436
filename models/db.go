// Package models holds the portal's stored entities, their migrations and the
// queries over them, one file per entity.
package models

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"

	"gorm.io/driver/sqlite"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
	_ "modernc.org/sqlite" // registers the pure-Go driver "sqlite"
)

// ErrNotFound is returned by lookups that find nothing.
var ErrNotFound = errors.New("not found")

// MaxOpenConns bounds the connections to the database file.
const MaxOpenConns = 8

// Open opens (creating it if needed) the SQLite database file at path and
// applies every pending migration.
func Open(path string) (*gorm.DB, error) {
	// WAL lets readers run beside the writer; _txlock=immediate takes the write
	// lock at BEGIN so read-then-write transactions wait instead of failing with
	// SQLITE_BUSY; synchronous(FULL) makes a commit durable before it returns.
	q := url.Values{}
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "synchronous(FULL)")
	// 1 MB of page cache per connection (SQLite's default is 2 MB): with MaxOpenConns
	// connections that is 8 MB of the process; the OS caches the file as well.
	q.Add("_pragma", "cache_size(-1024)")
	q.Set("_txlock", "immediate")
	dsn := "file:" + path + "?" + q.Encode()

	db, err := gorm.Open(sqlite.Dialector{DriverName: "sqlite", DSN: dsn}, &gorm.Config{
		Logger:                 logger.Discard,
		SkipDefaultTransaction: true,
		PrepareStmt:            true, // parse each query's SQL once, not on every request
	})
	if err != nil {
		return nil, fmt.Errorf("models: open %s: %w", path, err)
	}
	sqlDB, err := db.DB()
	if err != nil {
		return nil, fmt.Errorf("models: open %s: %w", path, err)
	}
	// A bounded pool: SQLite has one writer anyway, and every connection is an open file
	// with its own page cache; idle connections stay open so that none is reopened per request.
	sqlDB.SetMaxOpenConns(MaxOpenConns)
	sqlDB.SetMaxIdleConns(MaxOpenConns)
	if err := sqlDB.Ping(); err != nil {
		sqlDB.Close()
		return nil, fmt.Errorf("models: open %s: %w", path, err)
	}
	if err := Migrate(db); err != nil {
		sqlDB.Close()
		return nil, err
	}
	return db, nil
}

// Close closes the database, checkpointing the WAL.
func Close(db *gorm.DB) error {
	sqlDB, err := db.DB()
	if err != nil {
		return err
	}
	return sqlDB.Close()
}

// Ping reports whether the database answers.
func Ping(ctx context.Context, db *gorm.DB) error {
	sqlDB, err := db.DB()
	if err != nil {
		return err
	}
	return sqlDB.PingContext(ctx)
}

// scanOne scans the first of rows into dest and closes rows; no row is sql.ErrNoRows.
func scanOne(rows *sql.Rows, dest ...any) error {
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return err
		}
		return sql.ErrNoRows
	}
	if err := rows.Scan(dest...); err != nil {
		return err
	}
	return rows.Close()
}
