package handlers_test

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
)

// TestMetricsStayValidAfterManyDifferentRequests: the method and route labels were taken from
// fasthttp's reused buffers, so after mixed traffic the registry held labels like "GETT" or
// invalid UTF-8 and /metrics answered 500.
func TestMetricsStayValidAfterManyDifferentRequests(t *testing.T) {
	t.Parallel()
	p := startPortal(t, nil)
	methods := []string{"GET", "POST", "HEAD", "PUT", "DELETE", "OPTIONS", "PATCH", "BREW"}
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 60 {
				m := methods[(w+i)%len(methods)]
				path := []string{"/login", "/healthz", "/rooms", fmt.Sprintf("/nope/%d/%s", i, strings.Repeat("x", i)), "/static/app.css"}[i%5]
				req, _ := http.NewRequest(m, p.URL+path, nil)
				if resp, err := http.DefaultClient.Do(req); err == nil {
					resp.Body.Close()
				}
			}
		}()
	}
	wg.Wait()

	resp, err := http.Get(p.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("/metrics: %d", resp.StatusCode)
	}
	parser := expfmt.NewTextParser(model.UTF8Validation)
	families, err := parser.TextToMetricFamilies(resp.Body)
	if err != nil {
		t.Fatalf("/metrics does not parse: %v", err)
	}
	allowed := map[string]bool{"GET": true, "POST": true, "HEAD": true, "PUT": true, "DELETE": true, "OPTIONS": true, "PATCH": true, "OTHER": true}
	requests := families["bbbportal_http_requests_total"]
	if requests == nil {
		t.Fatal("no bbbportal_http_requests_total")
	}
	total := 0.0
	for _, m := range requests.Metric {
		total += m.GetCounter().GetValue()
		for _, l := range m.Label {
			if l.GetName() == "method" && !allowed[l.GetValue()] {
				t.Errorf("method label %q", l.GetValue())
			}
			if l.GetName() == "route" && strings.Contains(l.GetValue(), "nope") {
				t.Errorf("route label %q: an unknown path must be counted as unmatched", l.GetValue())
			}
		}
	}
	if total < 400 { // Fiber refuses the made-up method before the middleware
		t.Errorf("%v requests counted, want at least 400", total)
	}
}

func TestMetricsTokenProtectsMetrics(t *testing.T) {
	t.Parallel()
	p := startPortal(t, map[string]string{"METRICS_TOKEN": "scrape-secret-0123456789"})
	for _, tc := range []struct {
		auth string
		want int
	}{
		{"", http.StatusUnauthorized},
		{"Bearer wrong-secret-0123456789", http.StatusUnauthorized},
		{"Basic scrape-secret-0123456789", http.StatusUnauthorized},
		{"Bearer scrape-secret-0123456789", http.StatusOK},
	} {
		req, _ := http.NewRequest(http.MethodGet, p.URL+"/metrics", nil)
		if tc.auth != "" {
			req.Header.Set("Authorization", tc.auth)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != tc.want {
			t.Errorf("Authorization %q: %d, want %d", tc.auth, resp.StatusCode, tc.want)
		}
	}
}
