package portal

import (
	"io"
	"log/slog"
	"net"
	"testing"
	"time"

	"bbbportal/bbb/bbbsim"
	"bbbportal/config"
	"bbbportal/models"
)

// TestEndedSessionsArePurgedWhileNobodySignsIn: once the portal runs, the rows of sessions
// past their lifetime or idle timeout are deleted without waiting for a login; live ones stay.
func TestEndedSessionsArePurgedWhileNobodySignsIn(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	vars := map[string]string{"DATA_DIR": t.TempDir(), "BASE_URL": "http://" + ln.Addr().String(),
		"LISTEN_ADDR": ln.Addr().String(), "SESSION_LIFETIME": "12h", "SESSION_IDLE_TIMEOUT": "2h"}
	cfg, err := config.LoadFrom(func(k string) string { return vars[k] })
	if err != nil {
		t.Fatal(err)
	}
	p, err := Open(cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), WithSimulator(bbbsim.Options{}), WithBBBOptions())
	if err != nil {
		t.Fatal(err)
	}
	u, err := models.CreateUser(p.DB, models.NewUser{Email: "ada@example.org", DisplayName: "Ada", Role: models.RoleTeacher, Password: "a long password"})
	if err != nil {
		t.Fatal(err)
	}
	lim := models.SessionLimits{Lifetime: cfg.SessionLifetime, Idle: cfg.SessionIdle}
	now := time.Now()
	session := func(createdAgo, seenAgo time.Duration) uint {
		s, _, err := models.CreateSession(p.DB, u, "test", "192.0.2.1", now.Add(-createdAgo), lim)
		if err != nil {
			t.Fatal(err)
		}
		if err := p.DB.Model(s).Update("last_seen", now.Add(-seenAgo)).Error; err != nil {
			t.Fatal(err)
		}
		return s.ID
	}
	session(13*time.Hour, time.Minute) // past the lifetime although used a minute ago
	session(5*time.Hour, 3*time.Hour)  // idle for longer than the timeout
	live := session(time.Hour, time.Minute)

	go p.Serve(ln)
	t.Cleanup(func() { p.App.Shutdown(); p.Close() })
	deadline := time.Now().Add(10 * time.Second)
	for {
		var ids []uint
		if err := p.DB.Model(&models.Session{}).Order("id").Pluck("id", &ids).Error; err != nil {
			t.Fatal(err)
		}
		if len(ids) == 1 && ids[0] == live {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("sessions left: %v, want only the live one (%d)", ids, live)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
