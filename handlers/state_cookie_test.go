package handlers_test

import (
	"net/url"
	"strings"
	"testing"

	"bbbportal/models"
)

// A signed-in browser carries the state cookie only while it holds something (a message for
// the next page): pages do not decode an empty one on every request, and a message still
// shows exactly once.
func TestStateCookieOnlyWhileItHoldsSomething(t *testing.T) {
	t.Parallel()
	p := startPortal(t, nil)
	ada := p.createUser("ada@example.org", models.RoleTeacher, testPassword)
	b := newBrowser(t, p.URL)
	b.login(ada.Email, testPassword)
	if c := b.cookie("bbbportal_state"); c != nil {
		t.Fatalf("after sign-in the browser keeps an empty state cookie: %v", c)
	}
	if pg := b.submit("/account", "/account/language", url.Values{"language": {"en"}}); pg.Status != 303 {
		t.Fatalf("language: status %d", pg.Status)
	}
	if b.cookie("bbbportal_state") == nil {
		t.Fatal("the message for the next page is not kept")
	}
	b.get("/account").contains(t, "Your language has been saved.")
	if c := b.cookie("bbbportal_state"); c != nil {
		t.Errorf("the state cookie stays after its message was shown: %v", c)
	}
	if pg := b.get("/account"); strings.Contains(pg.Body, "Your language has been saved.") {
		t.Error("the message shows twice")
	}
}
