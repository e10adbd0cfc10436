// Package bench drives the portal on loopback and prints how it compares with a bare Fiber
// handler measured in the same run: this machine is shared, so only ratios are meaningful.
package bench

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// Load is one measurement: Concurrency workers send requests until Duration has passed or
// Requests have been sent (whichever is set; Requests wins when both are).
type Load struct {
	Concurrency int
	Duration    time.Duration
	Requests    int
	// Do sends request number i with client and reports whether the answer was the one
	// expected; it must read and close the body.
	Do func(ctx context.Context, client *http.Client, i int) error
	// Steps, when set instead of Do, is one visitor making several requests: it times each
	// of them itself and hands the durations to record.
	Steps func(ctx context.Context, client *http.Client, i int, record func(time.Duration)) error
}

// Result is what a Load measured.
type Result struct {
	Requests int
	Errors   int
	Elapsed  time.Duration
	P50, P99 time.Duration
	// FirstError describes one failed request, for the report.
	FirstError string
}

// RPS is the throughput of the measurement.
func (r Result) RPS() float64 {
	if r.Elapsed <= 0 {
		return 0
	}
	return float64(r.Requests) / r.Elapsed.Seconds()
}

// Client returns an HTTP client that keeps up to n connections to one host alive and never
// follows redirects (a redirect is an answer to check, not to chase).
func Client(n int) *http.Client {
	tr := &http.Transport{
		DialContext:         (&net.Dialer{Timeout: 5 * time.Second}).DialContext,
		MaxIdleConns:        n,
		MaxIdleConnsPerHost: n,
		MaxConnsPerHost:     n,
		IdleConnTimeout:     time.Minute,
	}
	return &http.Client{
		Transport:     tr,
		Timeout:       30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// Run performs the load and returns its figures.
func (l Load) Run(ctx context.Context) Result {
	if l.Concurrency <= 0 {
		l.Concurrency = 1
	}
	client := Client(l.Concurrency)
	defer client.CloseIdleConnections()
	var (
		next     atomic.Int64
		errs     atomic.Int64
		firstErr atomic.Value
		mu       sync.Mutex
		lat      []time.Duration
		wg       sync.WaitGroup
	)
	deadline := time.Now().Add(l.Duration)
	start := time.Now()
	for range l.Concurrency {
		wg.Add(1)
		go func() {
			defer wg.Done()
			own := make([]time.Duration, 0, 1024)
			for ctx.Err() == nil {
				i := int(next.Add(1)) - 1
				if l.Requests > 0 && i >= l.Requests || l.Requests <= 0 && time.Now().After(deadline) {
					break
				}
				if err := l.step(ctx, client, i, func(d time.Duration) { own = append(own, d) }); err != nil {
					errs.Add(1)
					firstErr.CompareAndSwap(nil, err.Error())
				}
			}
			mu.Lock()
			lat = append(lat, own...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	r := Result{Requests: len(lat), Errors: int(errs.Load()), Elapsed: time.Since(start)}
	if s, ok := firstErr.Load().(string); ok {
		r.FirstError = s
	}
	r.P50, r.P99 = percentile(lat, 50), percentile(lat, 99)
	return r
}

// step runs visitor i and records how long each of its requests took.
func (l Load) step(ctx context.Context, client *http.Client, i int, record func(time.Duration)) error {
	if l.Steps != nil {
		return l.Steps(ctx, client, i, record)
	}
	t0 := time.Now()
	err := l.Do(ctx, client, i)
	record(time.Since(t0))
	return err
}

func percentile(d []time.Duration, p int) time.Duration {
	if len(d) == 0 {
		return 0
	}
	s := slices.Clone(d)
	slices.Sort(s)
	i := (len(s)*p + 99) / 100
	return s[max(0, min(len(s)-1, i-1))]
}

// Get returns a Do that GETs url with the given cookie and expects status want.
func Get(url, cookie string, want int) func(context.Context, *http.Client, int) error {
	return func(ctx context.Context, client *http.Client, _ int) error {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if err != nil {
			return err
		}
		if cookie != "" {
			req.Header.Set("Cookie", cookie)
		}
		return Expect(client.Do(req))(want)
	}
}

// Expect drains and closes a response and checks its status.
func Expect(resp *http.Response, err error) func(want int) error {
	return func(want int) error {
		if err != nil {
			return err
		}
		n, _ := io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != want {
			return fmt.Errorf("%s %s: status %d, want %d (%d bytes)", resp.Request.Method, resp.Request.URL.Path, resp.StatusCode, want, n)
		}
		return nil
	}
}
