package audit

import (
	"context"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The benchmarks run over the shared database of 1,000,000 rows (see
// millionRows); each reports p50 and p99 of its page loads in ms:
//
//	go test ./audit/ -run '^$' -bench . -benchtime 200x
func benchPages(b *testing.B, f func(i int) Filter, wantRows bool) {
	db := millionRows(b)
	ctx := context.Background()
	durations := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		p, err := Find(ctx, db, f(i))
		durations = append(durations, time.Since(start))
		if err != nil {
			b.Fatal(err)
		}
		if wantRows && len(p.Entries) == 0 {
			b.Fatalf("filter %+v found nothing", f(i))
		}
	}
	b.StopTimer()
	p50, p99 := percentiles(durations)
	b.ReportMetric(p50, "p50-ms")
	b.ReportMetric(p99, "p99-ms")
}

func BenchmarkFirstPage(b *testing.B) {
	benchPages(b, func(int) Filter { return Filter{} }, true)
}

func BenchmarkFilteredPageRareAction(b *testing.B) {
	benchPages(b, func(int) Filter { return Filter{Action: rareAction} }, true)
}

func BenchmarkFilteredPageActor(b *testing.B) {
	benchPages(b, func(i int) Filter { return Filter{Actor: fmt.Sprintf("teacher%d@school.test", i%seedActors+1)} }, true)
}

func BenchmarkFilteredPageActionPrefix(b *testing.B) {
	benchPages(b, func(int) Filter { return Filter{Action: "meeting."} }, true)
}

func BenchmarkFilteredPageDenied(b *testing.B) {
	benchPages(b, func(int) Filter { return Filter{Result: ResultDenied, Action: "room."} }, true)
}

func BenchmarkFilteredPageText(b *testing.B) {
	benchPages(b, func(int) Filter { return Filter{Text: `Room 4217"`} }, false)
}

// BenchmarkDeepPage starts pages at random depths (keyset: the cost must not grow with depth).
func BenchmarkDeepPage(b *testing.B) {
	benchPages(b, func(i int) Filter { return Filter{BeforeID: uint(1 + (i*7919)%million)} }, false)
}

func BenchmarkDeepPageActor(b *testing.B) {
	benchPages(b, func(i int) Filter {
		return Filter{Actor: "teacher7@school.test", BeforeID: uint(1000 + (i*7919)%(million-1000))}
	}, true)
}

// BenchmarkExportCSV exports all 1,000,000 rows per iteration and reports rows/s
// and the peak resident memory of the export (VmHWM after resetting it).
func BenchmarkExportCSV(b *testing.B) {
	db := millionRows(b)
	runtime.GC()
	debug.FreeOSMemory()
	rssBefore := statusKB("VmRSS:")
	resetPeakRSS()
	b.ResetTimer()
	start := time.Now()
	rows := 0
	for i := 0; i < b.N; i++ {
		n, err := Export(context.Background(), db, Filter{}, io.Discard)
		if err != nil {
			b.Fatal(err)
		}
		rows += n
	}
	b.StopTimer()
	b.ReportMetric(float64(rows)/time.Since(start).Seconds(), "rows/s")
	peak := statusKB("VmHWM:")
	b.ReportMetric(float64(peak)/1024, "peak-RSS-MB")
	b.ReportMetric(float64(peak-rssBefore)/1024, "RSS-growth-MB")
}

// resetPeakRSS resets the kernel's high-water mark of this process's RSS (Linux).
func resetPeakRSS() { os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) }

// statusKB reads a kB value of /proc/self/status ("VmRSS:", "VmHWM:").
func statusKB(field string) int {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, field); ok {
			n, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(v), " kB"))
			return n
		}
	}
	return 0
}
