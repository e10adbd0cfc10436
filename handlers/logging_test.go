package handlers_test

import (
	"bytes"
	"net/http"
	"strings"
	"sync"
	"testing"

	"bbbportal/bbb/bbbsim"
	"bbbportal/meetings"
	"bbbportal/models"
)

// logBuffer collects log output written from the server's goroutines.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// TestRequestLogHoldsNoCredential: the presentation token in a path and the end-callback token
// in a query are bearer credentials; the request log names the request without them.
func TestRequestLogHoldsNoCredential(t *testing.T) {
	t.Parallel()
	var logs logBuffer
	p := startPortalLogging(t, nil, bbbsim.Options{}, meetings.Config{}, &logs)
	owner := p.createUser("kim@example.org", models.RoleTeacher, testPassword)
	tpl := &models.Template{Name: "Plain"}
	if err := models.SaveTemplate(p.DB, tpl); err != nil {
		t.Fatal(err)
	}
	room := &models.Room{Name: "Slides", OwnerID: owner.ID, TemplateID: tpl.ID}
	if err := models.SaveRoom(p.DB, room); err != nil {
		t.Fatal(err)
	}
	pres, err := models.SetPresentation(p.DB, room.ID, "deck.pdf", []byte("%PDF-1.4 deck"))
	if err != nil {
		t.Fatal(err)
	}
	anon := newBrowser(t, p.URL)
	if pg := anon.get("/presentations/" + pres.Token); pg.Status != http.StatusOK {
		t.Fatalf("fetching the presentation: %d", pg.Status)
	}
	endToken := strings.Repeat("e", 64)
	if pg := anon.get("/callbacks/end?token=" + endToken + "&meetingID=" + room.MeetingID); pg.Status != http.StatusForbidden {
		t.Fatalf("end callback with an unknown token: %d", pg.Status)
	}

	out := logs.String()
	if !strings.Contains(out, "/presentations/") || !strings.Contains(out, "/callbacks/end") {
		t.Fatalf("the requests were not logged:\n%s", out)
	}
	for name, secret := range map[string]string{"presentation token": pres.Token, "end-callback token": endToken} {
		if strings.Contains(out, secret) {
			t.Errorf("the log holds the %s:\n%s", name, out)
		}
	}
}
