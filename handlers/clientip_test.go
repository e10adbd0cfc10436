package handlers_test

import (
	"bbbportal/handlers"
	"fmt"
	"net/http"
	"net/url"
	"testing"
)

// failLogin posts a wrong password with X-Forwarded-For set as a proxy would pass it on.
func failLogin(b *browser, email, forwardedFor string) page {
	b.header.Set("X-Forwarded-For", forwardedFor)
	return b.submit("/login", "/login", url.Values{"email": {email}, "password": {"wrong password"}})
}

func TestClientIPIsTheAddressOurProxySaw(t *testing.T) {
	t.Parallel()
	// The test client connects from 127.0.0.1, which plays the trusted reverse proxy.
	p := startPortal(t, map[string]string{"TRUSTED_PROXIES": "127.0.0.1,10.0.0.0/8"})
	b := newBrowser(t, p.URL)

	failLogin(b, "a@school.test", "9.9.9.1, 203.0.113.7, 10.1.2.3")
	entries := p.auditEntries("auth.login")
	if got := entries[len(entries)-1].ClientIP; got != "203.0.113.7" {
		t.Fatalf("audited IP %q, want 203.0.113.7 (the right-most address that is not a proxy)", got)
	}

	// A client that writes a new address into the header on every attempt is still one client.
	var last page
	for i := range handlers.LoginAttemptsPerIP + 1 {
		last = failLogin(b, fmt.Sprintf("user%d@school.test", i), fmt.Sprintf("198.51.100.%d, 203.0.113.7", i))
	}
	if last.Status != http.StatusTooManyRequests {
		t.Fatalf("attempt %d with forged addresses: status %d, want 429", handlers.LoginAttemptsPerIP+2, last.Status)
	}
	if pg := failLogin(b, "other@school.test", "203.0.113.8"); pg.Status == http.StatusTooManyRequests {
		t.Error("another client behind the same proxy is limited too")
	}
}

func TestForwardedForIsIgnoredWithoutTrustedProxies(t *testing.T) {
	t.Parallel()
	p := startPortal(t, nil)
	b := newBrowser(t, p.URL)
	failLogin(b, "a@school.test", "203.0.113.7")
	entries := p.auditEntries("auth.login")
	if got := entries[len(entries)-1].ClientIP; got != "127.0.0.1" {
		t.Fatalf("audited IP %q, want the peer 127.0.0.1", got)
	}
}
