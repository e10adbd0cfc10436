package audit

import (
	"context"
	"os"
	"runtime"
	"slices"
	"sort"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm"
)

const million = 1_000_000

var (
	millionOnce sync.Once
	millionDB   *gorm.DB
	millionDir  string
)

// millionRows is one database of 1,000,000 seeded rows shared by the tests
// and benchmarks of a run (seeding takes a while).
func millionRows(tb testing.TB) *gorm.DB {
	if testing.Short() {
		tb.Skip("1,000,000 rows: not with -short")
	}
	if raceDetector {
		tb.Skip("1,000,000 rows and a memory bound: not under -race, which multiplies both")
	}
	millionOnce.Do(func() {
		dir, err := os.MkdirTemp("", "audit-million-")
		if err != nil {
			tb.Fatal(err)
		}
		millionDir = dir
		start := time.Now()
		millionDB = openSeededNoCleanup(tb, dir, million)
		tb.Logf("seeded %d rows in %v", million, time.Since(start).Round(time.Millisecond))
	})
	if millionDB == nil {
		tb.Fatal("seeding failed")
	}
	return millionDB
}

func TestMain(m *testing.M) {
	code := m.Run()
	if millionDir != "" {
		os.RemoveAll(millionDir)
	}
	os.Exit(code)
}

func TestMillionRowsFilterAndPage(t *testing.T) {
	db := millionRows(t)
	ctx := context.Background()
	// The rare action: every 10,000th row, so 100 of them over the whole table.
	p, err := Find(ctx, db, Filter{Action: rareAction, Limit: 60})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Entries) != 60 || p.Entries[0].ID != million || p.Next != p.Entries[59].ID {
		t.Fatalf("rare action page: %d entries, first %d, next %d", len(p.Entries), p.Entries[0].ID, p.Next)
	}
	p, _ = Find(ctx, db, Filter{Action: rareAction, Limit: 60, BeforeID: p.Next})
	if len(p.Entries) != 40 || p.Next != 0 || p.Entries[39].ID != rareEvery {
		t.Fatalf("second rare page: %d entries, next %d", len(p.Entries), p.Next)
	}
	// A deep page of an actor, and a date window in the middle of the year.
	p, _ = Find(ctx, db, Filter{Actor: "teacher7@school.test", BeforeID: 1000, Limit: 3})
	if ids := ids(p.Entries); !slices.Equal(ids, []uint{506, 6}) {
		t.Errorf("deep actor page %v", ids)
	}
	from := seedStart.Add(500_000 * seedStep)
	p, _ = Find(ctx, db, Filter{From: from, To: from.Add(15 * seedStep), Action: "room."})
	for _, e := range p.Entries {
		if e.ID < 500_000 || e.ID >= 500_015 {
			t.Errorf("entry %d outside the date window", e.ID)
		}
	}
	if len(p.Entries) != 3 {
		t.Errorf("%d room entries in a window of 15, want 3", len(p.Entries))
	}
}

func ids(es []Entry) []uint {
	out := make([]uint, len(es))
	for i, e := range es {
		out[i] = e.ID
	}
	return out
}

func TestMillionRowsExportInConstantMemory(t *testing.T) {
	db := millionRows(t)
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	before := m.HeapInuse
	out := &peakHeap{}
	n, err := Export(context.Background(), db, Filter{}, out)
	if err != nil || n != million {
		t.Fatalf("exported %d rows, %v", n, err)
	}
	growth := int64(out.peak) - int64(before)
	t.Logf("exported %d rows, %d MB of CSV; heap grew by at most %d MB", n, out.bytes>>20, growth>>20)
	if growth > 32<<20 {
		t.Errorf("the heap grew by %d MB while exporting: the export holds rows in memory", growth>>20)
	}
}

// percentiles returns p50 and p99 of durations in ms.
func percentiles(d []time.Duration) (float64, float64) {
	sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
	ms := func(x time.Duration) float64 { return float64(x) / float64(time.Millisecond) }
	return ms(d[len(d)/2]), ms(d[min(len(d)-1, len(d)*99/100)])
}
