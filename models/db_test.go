package models

import (
	"sync"
	"testing"
)

func TestPoolIsBoundedAndStatementsPrepared(t *testing.T) {
	t.Parallel()
	db, _ := openTestDB(t)
	if !db.Config.PrepareStmt {
		t.Fatal("statements are parsed on every query")
	}
	sqlDB, _ := db.DB()
	var wg sync.WaitGroup
	for range 64 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			CountUsers(db)
		}()
	}
	wg.Wait()
	st := sqlDB.Stats()
	if st.MaxOpenConnections != MaxOpenConns || st.OpenConnections > MaxOpenConns {
		t.Fatalf("pool: max %d open %d, want at most %d", st.MaxOpenConnections, st.OpenConnections, MaxOpenConns)
	}
}
