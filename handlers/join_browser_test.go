package handlers_test

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserWaitingPageJoinsWhenTheMeetingStarts: a student opens the class's link before
// the teacher has started, types a name and waits on a page that says so; when the teacher
// starts the meeting, the page joins by itself within two seconds, without reloading.
func TestBrowserWaitingPageJoinsWhenTheMeetingStarts(t *testing.T) {
	ctx := newChromium(t)
	f := newLinkPortal(t)
	room := f.newRoom(f.adaB, "Maths 7b", nil)
	invite := f.defaultLinkURL(f.adaB, room)
	const name = "Ana <b>Lima</b>"

	do(t, ctx, "open the link", colorScheme("light"), chromedp.Navigate(invite), chromedp.WaitVisible(chromedp.CSS("#join-name")))
	if got := text(t, ctx, "main h1"); got != "Join Maths 7b" {
		t.Errorf("join page heading %q", got)
	}
	axeCheck(t, ctx, "join page")
	screenshot(t, ctx, "join-page")
	do(t, ctx, "type a name, agree to the recording, join",
		chromedp.SendKeys(chromedp.CSS("#join-name"), name),
		chromedp.Click(chromedp.CSS(`input[name="consent"]`)),
		chromedp.Click(chromedp.CSS(`form[action^="/j/"] button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS("#join-status")),
	)
	if got := text(t, ctx, "#join-status"); !strings.Contains(got, "Still waiting") {
		t.Errorf("waiting page status %q", got)
	}
	axeCheck(t, ctx, "waiting page")
	screenshot(t, ctx, "join-waiting")
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool]("window.stillThisPage = true; document.getElementById('join-status').dataset.first = 'yes'; true")); err != nil {
		t.Fatal(err)
	}
	// The page polls: the next status answer replaces the box, and the page stays.
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.getElementById("join-status") && !document.getElementById("join-status").dataset.first`,
		chromedp.WithPollingInterval(50*time.Millisecond))); err != nil {
		t.Fatalf("the status box was never polled: %v", err)
	}
	if got := text(t, ctx, "#join-status"); !strings.Contains(got, "Still waiting") {
		t.Errorf("polled status %q", got)
	}
	same, err := chromedp.Run(ctx, chromedp.Evaluate[bool]("window.stillThisPage === true"))
	if err != nil || !same {
		t.Fatalf("the waiting page reloaded itself (%v)", err)
	}
	if m, ok := f.Sim.Meeting(room.MeetingID); ok {
		t.Fatalf("the attendee link started the meeting: %+v", m)
	}

	f.startRoom(f.adaB, room)
	started := time.Now()
	joined := time.Duration(0)
	for time.Since(started) < 10*time.Second {
		if m, ok := f.Sim.Meeting(room.MeetingID); ok {
			for _, u := range m.Users {
				if u.FullName == name && u.Role == "VIEWER" {
					joined = time.Since(started)
				}
			}
		}
		if joined > 0 {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	switch {
	case joined == 0:
		t.Fatal("the waiting page never joined the meeting")
	case joined > 2500*time.Millisecond:
		t.Errorf("the waiting page joined %s after the start, want about two seconds at most", joined)
	}
	t.Logf("joined %s after the start", joined)
	m, _ := f.Sim.Meeting(room.MeetingID)
	n := 0
	for _, u := range m.Users {
		if u.FullName == name {
			n++
		}
	}
	if n != 1 {
		t.Errorf("the student joined %d times, want once", n)
	}
}
