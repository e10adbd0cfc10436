package handlers_test

import (
	"bufio"
	"net/http"
	"os"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"bbbportal/bench"
	"bbbportal/handlers"
)

// TestAuditPagesOverAMillionRows seeds 1,000,000 audit rows into a running portal and reads
// the audit log through HTTP as an admin does: the first page, filtered pages and a page a
// million rows deep stay fast, and the CSV export of every row streams in constant memory.
// It logs the benchmark numbers (p50/p99 per kind of page, CSV rows/s and memory).
func TestAuditPagesOverAMillionRows(t *testing.T) {
	if testing.Short() {
		t.Skip("1,000,000 rows: not with -short")
	}
	if raceDetector {
		t.Skip("1,000,000 rows and time limits: not under -race, where seeding alone passes go test's 10 minutes")
	}
	const rows = 1_000_000
	p := startPortal(t, nil)
	start := time.Now()
	seeded, err := bench.Seed(p.DB, bench.Size{Rooms: 100, Users: 500, Audit: rows})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("seeded %d audit rows in %v", rows, time.Since(start).Round(time.Millisecond))
	b := newBrowser(t, p.URL)
	b.login(seeded.AdminEmail, bench.SeedPassword)

	pages := []struct{ name, query, want string }{
		{"first page", "", "<code>auth.login</code>"},
		{"action prefix", "action=template.", "<code>template.update</code>"},
		{"actor", "actor=user000007@school.test", "user000007@school.test"},
		{"actor and dates", "actor=user000007@school.test&from=" + time.Now().AddDate(0, 0, -3).Format(time.DateOnly), "user000007@school.test"},
		{"deep page", "before=1000", "<code>"},
		{"deep filtered page", "action=meeting.&before=5000", "<code>meeting."},
		{"text in details", "q=%22n%22:999999", "999999"},
	}
	for _, pg := range pages {
		var took []time.Duration
		for i := range 40 {
			t0 := time.Now()
			got := b.get("/admin/audit?" + pg.query)
			took = append(took, time.Since(t0))
			if got.Status != http.StatusOK || !strings.Contains(got.Body, pg.want) {
				t.Fatalf("%s: status %d, %q missing", pg.name, got.Status, pg.want)
			}
			if i == 0 && pg.name != "text in details" && strings.Count(got.Body, "<tr>") != handlers.AuditPageSize+1 {
				t.Errorf("%s: %d rows, want a full page of %d", pg.name, strings.Count(got.Body, "<tr>")-1, handlers.AuditPageSize)
			}
		}
		p50, p99 := percentilesMS(took)
		t.Logf("%-20s p50 %6.2f ms  p99 %6.2f ms", pg.name, p50, p99)
		if p99 > 1000 {
			t.Errorf("%s: p99 %.0f ms through HTTP", pg.name, p99)
		}
	}

	// The whole log as CSV: rows per second, and how much the process grows while streaming.
	runtime.GC()
	base := rssKB(t, "VmRSS")
	var peak atomic.Int64
	stop := make(chan struct{})
	go func() {
		for {
			select {
			case <-stop:
				return
			case <-time.After(5 * time.Millisecond):
				if v := rssKB(t, "VmRSS"); v > peak.Load() {
					peak.Store(v)
				}
			}
		}
	}()
	t0 := time.Now()
	resp, err := http.DefaultClient.Do(b.request("/admin/audit.csv"))
	if err != nil {
		t.Fatal(err)
	}
	n := -1 // the header
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		n++
	}
	resp.Body.Close()
	close(stop)
	elapsed := time.Since(t0)
	if n < rows {
		t.Fatalf("the export has %d rows, want at least %d (%v)", n, rows, sc.Err())
	}
	growthMB := float64(peak.Load()-base) / 1024
	t.Logf("CSV: %d rows in %v = %.0f rows/s; RSS %d MB before, grew by at most %.1f MB (process peak %d MB)",
		n, elapsed.Round(time.Millisecond), float64(n)/elapsed.Seconds(), base>>10, growthMB, rssKB(t, "VmHWM")>>10)
	if growthMB > 64 {
		t.Errorf("the process grew by %.0f MB while exporting: the export holds rows in memory", growthMB)
	}
}

// request is a GET with the browser's cookies, for reading a long body as a stream.
func (b *browser) request(path string) *http.Request {
	req, _ := http.NewRequest(http.MethodGet, b.base+path, nil)
	for _, c := range b.client.Jar.Cookies(req.URL) {
		req.AddCookie(c)
	}
	return req
}

func percentilesMS(d []time.Duration) (float64, float64) {
	sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
	ms := func(x time.Duration) float64 { return float64(x) / float64(time.Millisecond) }
	return ms(d[len(d)/2]), ms(d[min(len(d)-1, len(d)*99/100)])
}

// rssKB reads a memory figure of this process (kB) from /proc/self/status.
func rssKB(t *testing.T, field string) int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Skip("no /proc/self/status")
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, field+":"); ok {
			n, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return n
		}
	}
	return 0
}
