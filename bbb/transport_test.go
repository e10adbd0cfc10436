package bbb_test

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"bbbportal/bbb"
	"bbbportal/bbb/bbbsim"
)

// TestClientKeepsConnectionsForABurst: after 20 calls at once, the next 20 at once reuse the
// connections instead of opening new ones (against a real server, a TLS handshake each).
func TestClientKeepsConnectionsForABurst(t *testing.T) {
	t.Parallel()
	const n = 20
	sim := bbbsim.New(bbbsim.Options{Secret: docsSecret})
	var (
		mu      sync.Mutex
		arrived int
		all     = make(chan struct{})
	)
	// Each burst's requests are answered once all n are in flight: n connections at once.
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		if arrived++; arrived == n {
			close(all)
		}
		wait := all
		mu.Unlock()
		select {
		case <-wait:
		case <-time.After(5 * time.Second):
		}
		sim.ServeHTTP(w, r)
	}))
	var opened atomic.Int64
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			opened.Add(1)
		}
	}
	srv.Start()
	t.Cleanup(srv.Close)
	c, err := bbb.New(srv.URL+"/bigbluebutton/api/", docsSecret)
	if err != nil {
		t.Fatal(err)
	}
	burst := func() {
		var wg sync.WaitGroup
		for range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, err := c.IsMeetingRunning(context.Background(), "maths"); err != nil {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		mu.Lock()
		arrived, all = 0, make(chan struct{})
		mu.Unlock()
	}
	burst()
	if got := opened.Load(); got != n {
		t.Fatalf("first burst opened %d connections, want %d", got, n)
	}
	burst()
	if got := opened.Load() - n; got != 0 {
		t.Errorf("the second burst opened %d new connections, want 0 (the first burst's kept idle)", got)
	}
}
