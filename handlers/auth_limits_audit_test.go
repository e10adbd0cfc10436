package handlers_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"bbbportal/handlers"
	"bbbportal/models"
)

// TestRefusedSignInsAreAuditedOncePerAddressAndMinute: sign-ins refused by the limits (429)
// leave a trace in the audit log, folded into one entry per address and minute with their
// count, so a guessing run does not write one row per guess.
func TestRefusedSignInsAreAuditedOncePerAddressAndMinute(t *testing.T) {
	t.Parallel()
	p := startPortal(t, map[string]string{"TRUSTED_PROXIES": "127.0.0.1"})
	p.createUser("ada@example.org", models.RoleTeacher, testPassword)
	attacker := newBrowser(t, p.URL)
	const refused = 40
	for i := range handlers.LoginAttemptsPerAccountAndIP + refused {
		pg := loginFrom(attacker, "203.0.113.7", "ada@example.org", fmt.Sprintf("guess %d", i))
		if i >= handlers.LoginAttemptsPerAccountAndIP && pg.Status != http.StatusTooManyRequests {
			t.Fatalf("guess %d: %d, want 429", i+1, pg.Status)
		}
	}
	if err := p.P.Refusals.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}

	count, minutes := 0, 0
	for _, e := range p.auditEntries("auth.login") {
		var d struct {
			Reason string `json:"reason"`
			Email  string `json:"email"`
			Count  int    `json:"count"`
		}
		if err := json.Unmarshal([]byte(e.Details), &d); err != nil {
			t.Fatal(err)
		}
		if d.Reason != "too_many_attempts" {
			continue
		}
		minutes++
		count += d.Count
		if e.ClientIP != "203.0.113.7" || e.Result != "denied" || d.Email != "ada@example.org" {
			t.Errorf("refusal entry: %+v", e)
		}
		if strings.Contains(e.Details, "guess") {
			t.Errorf("a refusal entry holds a password: %s", e.Details)
		}
	}
	// The guesses take well under a minute; they may still straddle a minute's end.
	if count != refused || minutes < 1 || minutes > 2 {
		t.Errorf("%d refused sign-ins audited as %d in %d entries, want %d in one entry per minute", refused, count, minutes, refused)
	}
}
