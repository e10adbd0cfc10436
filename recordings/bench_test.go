package recordings

import (
	"context"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"bbbportal/audit"
	"bbbportal/bbb"
	"bbbportal/bbb/bbbsim"
	"bbbportal/models"
)

// BenchmarkAdminList: 10,000 recordings on the simulator over loopback HTTP. "cold" is the
// admin list's first page on an empty cache (it reads the whole server in pages of 100),
// "warm" the first page from the cache, "raw-page" one getRecordings page of 100 and
// "raw-all" the single unpaginated getRecordings of all 10,000; each reports p50 and p99.
// Run: go test ./recordings -run - -bench AdminList -benchtime 20x
func BenchmarkAdminList(b *testing.B) {
	sim := bbbsim.New(bbbsim.Options{Secret: testSecret, Seed: 7})
	ts := httptest.NewServer(sim)
	defer func() { ts.Close(); sim.Close() }()
	sim.SeedRecordings(10_000, bbbsim.SeedOptions{BaseURL: ts.URL})
	client, err := bbb.New(ts.URL+"/bigbluebutton/api/", testSecret)
	if err != nil {
		b.Fatal(err)
	}
	db, err := models.Open(filepath.Join(b.TempDir(), "portal.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer models.Close(db)
	aw := audit.NewWriter(db)
	defer aw.Close()
	admin, err := models.CreateUser(db, models.NewUser{Email: "it@school.test", DisplayName: "IT", Role: models.RoleAdmin, Password: "correct horse battery"})
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	measure := func(b *testing.B, f func() error) {
		var ds []time.Duration
		b.ResetTimer()
		for range b.N {
			start := time.Now()
			if err := f(); err != nil {
				b.Fatal(err)
			}
			ds = append(ds, time.Since(start))
		}
		slices.Sort(ds)
		b.ReportMetric(float64(ds[len(ds)/2].Microseconds())/1000, "p50-ms")
		b.ReportMetric(float64(ds[min(len(ds)-1, len(ds)*99/100)].Microseconds())/1000, "p99-ms")
	}
	b.Run("cold", func(b *testing.B) {
		measure(b, func() error {
			svc := New(db, client, aw, Config{}, nil)
			defer svc.Close()
			p, err := svc.All(ctx, admin, Query{})
			if err == nil && p.Total < 9_000 {
				b.Fatalf("only %d recordings", p.Total)
			}
			return err
		})
	})
	warm := New(db, client, aw, Config{CacheTTL: time.Hour}, nil)
	defer warm.Close()
	if err := warm.Refresh(ctx); err != nil {
		b.Fatal(err)
	}
	b.Run("warm", func(b *testing.B) {
		measure(b, func() error { _, err := warm.All(ctx, admin, Query{}); return err })
	})
	b.Run("warm-filtered", func(b *testing.B) {
		measure(b, func() error {
			_, err := warm.All(ctx, admin, Query{Text: "course 3", State: models.RecPublished, Sort: SortSize})
			return err
		})
	})
	b.Run("raw-page", func(b *testing.B) {
		measure(b, func() error {
			_, err := client.GetRecordings(ctx, bbb.RecordingsQuery{States: allStates, Limit: 100})
			return err
		})
	})
	b.Run("raw-all", func(b *testing.B) {
		measure(b, func() error {
			_, err := client.GetRecordings(ctx, bbb.RecordingsQuery{States: allStates})
			return err
		})
	})
}
