package models

import (
	"testing"
	"time"
)

func TestSessionsLifecycle(t *testing.T) {
	t.Parallel()
	db, _ := openTestDB(t)
	u, err := CreateUser(db, NewUser{Email: "s@example.org", DisplayName: "S", Role: RoleTeacher, Password: "long enough pw"})
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC)
	lim := SessionLimits{Lifetime: 12 * time.Hour, Idle: 2 * time.Hour}

	s, token, err := CreateSession(db, u, "Firefox", "192.0.2.1", now, lim)
	if err != nil {
		t.Fatal(err)
	}
	if s.TokenHash == token || s.CSRFToken == "" || len(token) < 43 {
		t.Fatalf("token %q hash %q csrf %q", token, s.TokenHash, s.CSRFToken)
	}
	got, err := SessionByToken(db, token)
	if err != nil || got.ID != s.ID || got.UserID != u.ID {
		t.Fatalf("SessionByToken = %+v, %v", got, err)
	}
	if _, err := SessionByToken(db, s.TokenHash); err != ErrNotFound {
		t.Fatalf("the stored hash must not work as a token: %v", err)
	}

	// Idle timeout and absolute lifetime.
	if !got.Active(now.Add(time.Hour), lim) || got.Active(now.Add(2*time.Hour), lim) {
		t.Fatal("idle timeout not applied")
	}
	for h := 1; h < 12; h++ {
		if err := TouchSession(db, got, now.Add(time.Duration(h)*time.Hour)); err != nil {
			t.Fatal(err)
		}
	}
	if !got.Active(now.Add(11*time.Hour+30*time.Minute), lim) || got.Active(now.Add(12*time.Hour), lim) {
		t.Fatal("absolute lifetime must not slide with activity")
	}
	reread, _ := SessionByToken(db, token)
	if !reread.LastSeen.Equal(now.Add(11 * time.Hour)) {
		t.Fatalf("last seen stored %v", reread.LastSeen)
	}

	// Listing and ending.
	other, _, _ := CreateSession(db, u, "Chromium", "192.0.2.2", now.Add(time.Minute), lim)
	list, err := SessionsOf(db, u.ID, now)
	if err != nil || len(list) != 2 || list[0].ID != s.ID || list[1].ID != other.ID {
		t.Fatalf("SessionsOf = %+v, %v", list, err)
	}
	stranger, _ := CreateUser(db, NewUser{Email: "t@example.org", DisplayName: "T", Role: RoleTeacher, Password: "long enough pw"})
	if ok, _ := DeleteSession(db, stranger.ID, s.ID); ok {
		t.Fatal("another user ended the session")
	}
	if ok, _ := DeleteSession(db, u.ID, s.ID); !ok {
		t.Fatal("own session not ended")
	}
	if _, err := SessionByToken(db, token); err != ErrNotFound {
		t.Fatalf("ended session still found: %v", err)
	}
	if err := DeleteSessionsOf(db, u.ID); err != nil {
		t.Fatal(err)
	}
	if list, _ := SessionsOf(db, u.ID, now); len(list) != 0 {
		t.Fatalf("sessions left: %d", len(list))
	}

	// Expired sessions are purged.
	CreateSession(db, u, "", "", now, lim)
	CreateSession(db, u, "", "", now.Add(10*time.Hour), lim)
	n, err := DeleteExpiredSessions(db, now.Add(11*time.Hour), lim)
	if err != nil || n != 1 {
		t.Fatalf("DeleteExpiredSessions = %d, %v", n, err)
	}
}
