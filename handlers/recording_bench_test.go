package handlers_test

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"bbbportal/bbb"
	"bbbportal/bbb/bbbsim"
	"bbbportal/config"
	"bbbportal/paths"
	"bbbportal/portal"
)

const benchSecret = "0123456789abcdef0123456789abcdef"

// BenchmarkAdminRecordingsFirstPage: 10,000 recordings on a simulator over loopback HTTP, the
// portal in front of it as serve builds it. "cold-http" is GET /admin/recordings on a portal
// just started (its cache empty: it reads the whole server in pages of 100, 4 at a time);
// "warm-http" the same page from the cache; "raw-pages" the getRecordings calls a cold list
// needs (100 pages of 100, 4 in parallel) and "raw-all" the one unpaginated getRecordings of
// everything, "raw-page" one page of 100. Each reports p50 and p99 in ms; the ratio of
// cold-http to raw-pages and of warm-http to raw-page is the portal's cost.
// Run: go test ./handlers -run - -bench AdminRecordingsFirstPage -benchtime 10x
func BenchmarkAdminRecordingsFirstPage(b *testing.B) {
	sim := bbbsim.New(bbbsim.Options{Secret: benchSecret, Seed: 7})
	ts := httptest.NewServer(sim)
	defer func() { ts.Close(); sim.Close() }()
	sim.SeedRecordings(10_000, bbbsim.SeedOptions{BaseURL: ts.URL})
	endpoint := ts.URL + "/bigbluebutton/api/"
	dataDir := b.TempDir()
	open := func(b *testing.B) (*portal.Portal, *http.Client, string) {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			b.Fatal(err)
		}
		base := "http://" + ln.Addr().String()
		env := map[string]string{"DATA_DIR": dataDir, "BASE_URL": base, "LISTEN_ADDR": ln.Addr().String(),
			"BIGBLUEBUTTON_ENDPOINT": endpoint, "BIGBLUEBUTTON_SECRET": benchSecret,
			"BBBPORTAL_ADMIN_EMAIL": "it@school.test", "BBBPORTAL_ADMIN_PASSWORD": testPassword}
		cfg, err := config.LoadFrom(func(k string) string { return env[k] })
		if err != nil {
			b.Fatal(err)
		}
		p, err := portal.Open(cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), portal.WithBBBOptions(), portal.WithoutJobs())
		if err != nil {
			b.Fatal(err)
		}
		go p.Serve(ln)
		jar, _ := cookiejar.New(nil)
		client := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		login, err := client.Get(base + paths.Login)
		if err != nil {
			b.Fatal(err)
		}
		body, _ := io.ReadAll(login.Body)
		login.Body.Close()
		token := csrfInput.FindStringSubmatch(string(body))
		resp, err := client.PostForm(base+paths.Login, url.Values{"_csrf": {token[1]}, "email": {"it@school.test"}, "password": {testPassword}})
		if err != nil || resp.StatusCode != http.StatusSeeOther {
			b.Fatalf("login: %v %v", resp, err)
		}
		resp.Body.Close()
		return p, client, base
	}
	firstPage := func(b *testing.B, client *http.Client, base string) {
		resp, err := client.Get(base + paths.AdminRecordings)
		if err != nil {
			b.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), "(10000 recordings)") {
			b.Fatalf("admin list: %d", resp.StatusCode)
		}
	}
	client, err := bbb.New(endpoint, benchSecret)
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	all := []bbb.RecordingState{bbb.StateAny}

	b.Run("cold-http", func(b *testing.B) {
		var ds []time.Duration
		for range b.N {
			p, c, base := open(b)
			start := time.Now()
			firstPage(b, c, base)
			ds = append(ds, time.Since(start))
			p.App.Shutdown()
			p.Close()
		}
		report(b, ds)
	})
	b.Run("warm-http", func(b *testing.B) {
		p, c, base := open(b)
		defer func() { p.App.Shutdown(); p.Close() }()
		firstPage(b, c, base)
		measureEach(b, func() { firstPage(b, c, base) })
	})
	b.Run("raw-pages", func(b *testing.B) {
		measureEach(b, func() {
			offsets := make(chan int)
			var wg sync.WaitGroup
			for range 4 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for off := range offsets {
						if _, err := client.GetRecordings(ctx, bbb.RecordingsQuery{States: all, Offset: off, Limit: 100}); err != nil {
							b.Error(err)
						}
					}
				}()
			}
			for off := 0; off < 10_000; off += 100 {
				offsets <- off
			}
			close(offsets)
			wg.Wait()
		})
	})
	b.Run("raw-all", func(b *testing.B) {
		measureEach(b, func() {
			if _, err := client.GetRecordings(ctx, bbb.RecordingsQuery{States: all}); err != nil {
				b.Fatal(err)
			}
		})
	})
	b.Run("raw-page", func(b *testing.B) {
		measureEach(b, func() {
			if _, err := client.GetRecordings(ctx, bbb.RecordingsQuery{States: all, Limit: 100}); err != nil {
				b.Fatal(err)
			}
		})
	})
}

func measureEach(b *testing.B, f func()) {
	var ds []time.Duration
	b.ResetTimer()
	for range b.N {
		start := time.Now()
		f()
		ds = append(ds, time.Since(start))
	}
	report(b, ds)
}

func report(b *testing.B, ds []time.Duration) {
	slices.Sort(ds)
	b.ReportMetric(float64(ds[len(ds)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(ds[min(len(ds)-1, len(ds)*99/100)].Microseconds())/1000, "p99-ms")
	b.ReportMetric(0, "ns/op")
}
