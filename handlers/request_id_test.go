package handlers_test

import (
	"net/http"
	"regexp"
	"testing"
)

// wellFormedRequestID is what the portal accepts from a proxy, and so what it must send.
var wellFormedRequestID = regexp.MustCompile(`^[A-Za-z0-9._-]{8,64}$`)

// Every response names its request: a proxy's well-formed X-Request-ID is kept, and otherwise
// each request gets an ID of its own.
func TestEveryRequestHasItsOwnID(t *testing.T) {
	t.Parallel()
	p := startPortal(t, nil)
	b := newBrowser(t, p.URL)
	seen := map[string]bool{}
	for range 50 {
		id := b.get("/login").Header.Get("X-Request-ID")
		if !wellFormedRequestID.MatchString(id) || seen[id] {
			t.Fatalf("request ID %q: malformed or given twice (%d seen)", id, len(seen))
		}
		seen[id] = true
	}
	req, _ := http.NewRequest(http.MethodGet, p.URL+"/login", nil)
	req.Header.Set("X-Request-ID", "proxy-abc-123")
	if got := b.do(req).Header.Get("X-Request-ID"); got != "proxy-abc-123" {
		t.Errorf("the proxy's request ID came back as %q", got)
	}
	req.Header.Set("X-Request-ID", "<bad id>")
	if got := b.do(req).Header.Get("X-Request-ID"); got == "<bad id>" || !wellFormedRequestID.MatchString(got) {
		t.Errorf("a malformed request ID came back as %q", got)
	}
}
