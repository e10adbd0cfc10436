package audit

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"bbbportal/models"
)

func TestPrunerDeletesOldEntriesAndAuditsItself(t *testing.T) {
	t.Parallel()
	w, list := openDB(t)
	ctx := context.Background()
	now := time.Now().UTC()
	// 12,000 entries from 400 days ago to yesterday, oldest first (ids grow with time).
	old := make([]Entry, 12_000)
	for i := range old {
		old[i] = Entry{At: now.Add(-400 * 24 * time.Hour).Add(time.Duration(i) * 48 * time.Minute), Action: "room.update", Result: ResultOK, Details: "{}"}
	}
	if err := w.db.CreateInBatches(old, 500).Error; err != nil {
		t.Fatal(err)
	}
	cutoff := now.Add(-365 * 24 * time.Hour)
	wantDeleted := 0
	for _, e := range old {
		if e.At.Before(cutoff) {
			wantDeleted++
		}
	}
	p := &Pruner{DB: w.db, Writer: w, Retention: 365 * 24 * time.Hour, Now: func() time.Time { return now }}
	n, err := p.RunOnce(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if n != int64(wantDeleted) {
		t.Errorf("deleted %d, want %d", n, wantDeleted)
	}
	entries := list()
	var left int64
	w.db.Model(&Entry{}).Count(&left)
	if left != int64(len(old)-wantDeleted+1) {
		t.Errorf("%d entries left, want %d", left, len(old)-wantDeleted+1)
	}
	for _, e := range entries {
		if e.At.Before(cutoff) {
			t.Fatalf("entry %d of %v survived", e.ID, e.At)
		}
	}
	if e := entries[0]; e.Action != "audit.pruned" || !strings.Contains(e.Details, fmt.Sprintf(`"deleted":%d`, wantDeleted)) {
		t.Errorf("the job did not audit itself: %+v", e)
	}
	if n, _ := p.RunOnce(ctx); n != 0 {
		t.Errorf("second run deleted %d", n)
	}
	for _, tc := range []struct {
		in   string
		want time.Duration
		ok   bool
	}{{"", DefaultRetention, true}, {"30", 30 * 24 * time.Hour, true}, {"90d", 90 * 24 * time.Hour, true},
		{"0", 0, true}, {"off", 0, true}, {"720h", 720 * time.Hour, true}, {"-3", 0, false}, {"soon", 0, false}, {"5m", 0, false}} {
		got, err := ParseRetention(tc.in)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("ParseRetention(%q) = %v, %v", tc.in, got, err)
		}
	}
}

func TestWriterShortensClientIPs(t *testing.T) {
	t.Parallel()
	db, err := models.Open(t.TempDir() + "/a.db")
	if err != nil {
		t.Fatal(err)
	}
	w := NewWriter(db, WithShortIPs(true))
	t.Cleanup(func() { w.Close(); models.Close(db) })
	for in, want := range map[string]string{
		"192.0.2.133": "192.0.2.0", "2001:db8:abcd:12:1:2:3:4": "2001:db8:abcd::", "::ffff:198.51.100.7": "198.51.100.0",
		"fe80::1%eth0": "fe80::", "shell": "shell", "": "",
	} {
		if err := w.Write(context.Background(), Record{Action: "t", Result: ResultOK, ClientIP: in, TargetID: in}); err != nil {
			t.Fatal(err)
		}
		var e Entry
		db.Where("target_id = ?", in).Take(&e)
		if e.ClientIP != want {
			t.Errorf("%q stored as %q, want %q", in, e.ClientIP, want)
		}
	}
}

func TestWriteTxCommitsWithTheChangeOrNotAtAll(t *testing.T) {
	t.Parallel()
	w, list := openDB(t)
	boom := errors.New("boom")
	err := w.db.Transaction(func(tx *gorm.DB) error {
		if err := models.SetSetting(tx, "hooks.receive", "on"); err != nil {
			return err
		}
		if err := w.WriteTx(tx, Record{Action: "hooks.receive", Result: ResultOK}); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatal(err)
	}
	if _, ok, _ := models.GetSetting(w.db, "hooks.receive"); ok || len(list()) != 0 {
		t.Fatal("a rolled back change left its setting or its audit entry")
	}
	err = w.db.Transaction(func(tx *gorm.DB) error {
		if err := models.SetSetting(tx, "hooks.receive", "on"); err != nil {
			return err
		}
		return w.WriteTx(tx, Record{Action: "hooks.receive", Result: ResultOK, Details: map[string]any{"token": "x"}})
	})
	if err != nil {
		t.Fatal(err)
	}
	v, ok, _ := models.GetSetting(w.db, "hooks.receive")
	entries := list()
	if !ok || v != "on" || len(entries) != 1 || entries[0].Details != `{"token":"[redacted]"}` {
		t.Fatalf("setting %q %v, entries %+v", v, ok, entries)
	}
}

func TestExportWritesSafeCSVOfTheFilter(t *testing.T) {
	t.Parallel()
	w, _ := openDB(t)
	ctx := context.Background()
	for i := range 2500 {
		r := Record{ActorEmail: "kim@school.test", Action: "room.update", TargetID: fmt.Sprint(i), Result: ResultOK,
			Details: map[string]any{"name": "Room"}}
		if i%500 == 0 {
			r.Action, r.TargetID = "room.create", "=HYPERLINK(\"http://evil.example\")"
			r.ActorEmail = "@evil"
		}
		if err := w.Write(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	var out strings.Builder
	n, err := Export(ctx, w.db, Filter{Action: "room.create"}, &out)
	if err != nil || n != 5 {
		t.Fatalf("exported %d, %v", n, err)
	}
	rows, err := csv.NewReader(strings.NewReader(out.String())).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 6 || strings.Join(rows[0], ",") != strings.Join(CSVHeader, ",") {
		t.Fatalf("rows %q", rows)
	}
	for _, r := range rows[1:] {
		if r[4] != "room.create" || r[6] != `'=HYPERLINK("http://evil.example")` || r[3] != "'@evil" {
			t.Errorf("row %q", r)
		}
	}
	out.Reset()
	if n, err := Export(ctx, w.db, Filter{}, &out); err != nil || n != 2500 || strings.Count(out.String(), "\n") != 2501 {
		t.Fatalf("full export %d rows, %v", n, err)
	}
	for _, s := range []string{"-1+1", "+1", "\tx", "\r=x"} {
		if SafeCell(s)[0] != '\'' {
			t.Errorf("%q not defused", s)
		}
	}
}

// peakHeap is an io.Writer that samples the heap as the export writes.
type peakHeap struct {
	n, bytes int
	peak     uint64
}

func (p *peakHeap) Write(b []byte) (int, error) {
	p.bytes += len(b)
	if p.n++; p.n%64 == 0 {
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		p.peak = max(p.peak, m.HeapInuse)
	}
	return len(b), nil
}

var _ io.Writer = (*peakHeap)(nil)

func TestWriteAllTxStoresEveryRecordRedactedAndShortenedWithTheChange(t *testing.T) {
	t.Parallel()
	db, err := models.Open(filepath.Join(t.TempDir(), "portal.db"))
	if err != nil {
		t.Fatal(err)
	}
	w := NewWriter(db, WithShortIPs(true))
	t.Cleanup(func() { w.Close(); models.Close(db) })
	records := make([]Record, 250) // more than one INSERT's worth
	for i := range records {
		records[i] = Record{Action: "link.use", TargetType: "link", TargetID: fmt.Sprint(i), Result: ResultOK,
			ClientIP: "192.0.2.77", Details: map[string]any{"name": fmt.Sprint("guest ", i), "joinToken": "t0k3n"}}
	}
	boom := errors.New("boom")
	err = db.Transaction(func(tx *gorm.DB) error {
		if err := w.WriteAllTx(tx, records); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatal(err)
	}
	var n int64
	db.Model(&Entry{}).Count(&n)
	if n != 0 {
		t.Fatalf("a rolled back batch left %d entries", n)
	}
	before := time.Now().UTC()
	err = db.Transaction(func(tx *gorm.DB) error {
		if err := models.SetSetting(tx, "links.batch", "on"); err != nil {
			return err
		}
		return w.WriteAllTx(tx, records)
	})
	if err != nil {
		t.Fatal(err)
	}
	var entries []Entry
	if err := db.Order("id").Find(&entries).Error; err != nil {
		t.Fatal(err)
	}
	if len(entries) != len(records) {
		t.Fatalf("%d entries stored, want %d", len(entries), len(records))
	}
	for i, e := range entries {
		if e.TargetID != fmt.Sprint(i) || e.ClientIP != "192.0.2.0" || e.At.Before(before) ||
			e.Details != fmt.Sprintf(`{"joinToken":"[redacted]","name":"guest %d"}`, i) {
			t.Fatalf("entry %d stored as %+v", i, e)
		}
	}
	if err := w.WriteAllTx(db, []Record{{Action: "link.use"}}); err == nil {
		t.Error("a record without a result was stored")
	}
}
