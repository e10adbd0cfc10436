package bench

import (
	"context"
	"strings"
	"testing"
	"time"
)

// With rounds, a page is reported by its round with the middle ratio, so that one round
// spoilt by load from elsewhere does not decide the figure; each round loads the baseline
// first, then the page, each for its share of the duration.
func TestMeasurePageReportsTheMiddleRound(t *testing.T) {
	pageRPS := []int{100, 900, 300, 500, 200} // per round; every baseline serves 1000
	var calls []string
	var durations []time.Duration
	drive := func(_ context.Context, url, _ string, _ int, d time.Duration) (Result, error) {
		durations = append(durations, d)
		if strings.HasSuffix(url, "/page") && !strings.Contains(url, "/portal") {
			calls = append(calls, "bare")
			return Result{Requests: 1000, Elapsed: time.Second}, nil
		}
		calls = append(calls, "page")
		return Result{Requests: pageRPS[len(calls)/2-1], Elapsed: time.Second, P50: time.Duration(len(calls))}, nil
	}
	o := PagesOptions{Rounds: 5, Duration: 5 * time.Second, Connections: 1}
	page, bare, err := measurePage(context.Background(), o, drive, "http://portal.test/portal", "", 100, "dashboard")
	if err != nil {
		t.Fatal(err)
	}
	if page.Requests != 300 || bare.Requests != 1000 {
		t.Errorf("reported %d page and %d bare requests, want the middle round's 300 and 1000", page.Requests, bare.Requests)
	}
	if page.P50 != 6 {
		t.Errorf("reported the page of call %d, want the third round's (call 6)", page.P50)
	}
	if got := strings.Join(calls, ","); got != "bare,page,bare,page,bare,page,bare,page,bare,page" {
		t.Errorf("calls %s, want baseline then page in each round", got)
	}
	for _, d := range durations {
		if d != time.Second {
			t.Errorf("a round lasted %s, want a fifth of 5s", d)
		}
	}
}
