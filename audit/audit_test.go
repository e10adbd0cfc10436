package audit

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"bbbportal/models"
)

func TestRedactHidesSecretsAtAnyDepth(t *testing.T) {
	t.Parallel()
	type callback struct {
		URL         string `json:"url"`
		BearerToken string `json:"bearerToken"`
	}
	in := map[string]any{
		"email":    "ada@example.org",
		"Password": "hunter2hunter2",
		"nested": map[string]any{
			"checksum":   "abc123",
			"BBB_SECRET": "s3cret",
			"room":       "Physics",
			"list":       []any{map[string]any{"joinToken": "t0k3n"}, "plain"},
			"session_id": "cookie-value",
			"meta":       map[string]string{"apiSecret": "x"},
		},
		"callback": callback{URL: "https://example.org/cb", BearerToken: "jwt"},
	}
	out := Redact(in)
	got := fmt.Sprint(out)
	for _, secret := range []string{"hunter2hunter2", "abc123", "s3cret", "t0k3n", "cookie-value", "apiSecret:x", "jwt"} {
		if strings.Contains(got, secret) {
			t.Errorf("redacted details still contain %q: %s", secret, got)
		}
	}
	for _, kept := range []string{"ada@example.org", "Physics", "plain", "https://example.org/cb"} {
		if !strings.Contains(got, kept) {
			t.Errorf("redaction removed %q: %s", kept, got)
		}
	}
	if in["Password"] != "hunter2hunter2" {
		t.Error("Redact changed its input")
	}
}

func openDB(t *testing.T) (*Writer, func() []Entry) {
	db, err := models.Open(filepath.Join(t.TempDir(), "audit.db"))
	if err != nil {
		t.Fatal(err)
	}
	w := NewWriter(db)
	t.Cleanup(func() { w.Close(); models.Close(db) })
	return w, func() []Entry {
		entries, err := List(db, 10000)
		if err != nil {
			t.Fatal(err)
		}
		return entries
	}
}

func TestWriteIsStoredWhenItReturns(t *testing.T) {
	t.Parallel()
	w, list := openDB(t)
	err := w.Write(context.Background(), Record{ActorID: 7, ActorEmail: "ada@example.org", Action: "user.password",
		TargetType: "user", TargetID: "7", Details: map[string]any{"new_password": "hunter2hunter2"},
		Result: ResultOK, ClientIP: "192.0.2.1", RequestID: "req-1"})
	if err != nil {
		t.Fatal(err)
	}
	entries := list()
	if len(entries) != 1 {
		t.Fatalf("%d entries, want 1", len(entries))
	}
	e := entries[0]
	if e.ActorID == nil || *e.ActorID != 7 || e.Action != "user.password" || e.ClientIP != "192.0.2.1" || e.RequestID != "req-1" || e.At.IsZero() {
		t.Errorf("entry %+v", e)
	}
	if e.Details != `{"new_password":"[redacted]"}` {
		t.Errorf("details %s", e.Details)
	}
	if err := w.Write(context.Background(), Record{Action: "x"}); err == nil {
		t.Error("a record without result was accepted")
	}
}

func TestConcurrentWritesAllLand(t *testing.T) {
	t.Parallel()
	w, list := openDB(t)
	const n = 200
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			errs <- w.Write(context.Background(), Record{Action: "test.write", TargetID: fmt.Sprint(i), Result: ResultOK})
		}(i)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if got := len(list()); got != n {
		t.Errorf("%d entries stored, want %d", got, n)
	}
	w.Close()
	if err := w.Write(context.Background(), Record{Action: "late", Result: ResultOK}); err != ErrClosed {
		t.Errorf("write after Close: %v, want ErrClosed", err)
	}
}

func BenchmarkWriteParallel(b *testing.B) {
	db, err := models.Open(filepath.Join(b.TempDir(), "audit.db"))
	if err != nil {
		b.Fatal(err)
	}
	w := NewWriter(db)
	defer func() { w.Close(); models.Close(db) }()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if err := w.Write(context.Background(), Record{Action: "bench", Result: ResultOK}); err != nil {
				b.Error(err)
				return
			}
		}
	})
}
