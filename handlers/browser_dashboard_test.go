package handlers_test

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"bbbportal/bbb/bbbsim"
	"bbbportal/meetings"
)

// TestBrowserDashboardCardShowsAStartElsewhere: a teacher keeps the dashboard open; when the
// room's meeting is started elsewhere (a co-teacher, a pupil's link), the room's card says
// "Running" with its people and offers Join, without the page being reloaded.
func TestBrowserDashboardCardShowsAStartElsewhere(t *testing.T) {
	ctx := newChromium(t)
	p := startMeetingPortal(t, bbbsim.Options{}, meetings.Config{})
	room := p.room(p.teacher, "Maths 7b", nil)
	p.room(p.teacher, "Physics 9c", nil)
	state := "#room-state-" + itoa(room.ID)

	do(t, ctx, "log in", colorScheme("light"), chromedp.Navigate(p.URL+"/login"), chromedp.WaitVisible(chromedp.CSS("#email")),
		chromedp.SendKeys(chromedp.CSS("#email"), p.teacher.Email),
		chromedp.SendKeys(chromedp.CSS("#password"), testPassword),
		chromedp.Click(chromedp.CSS(`form[action="/login"] button`)),
		chromedp.WaitVisible(chromedp.CSS(state+"-start")))
	if got := text(t, ctx, state); !strings.Contains(got, "Not running") {
		t.Fatalf("card before the start: %q", got)
	}
	axeCheck(t, ctx, "dashboard cards")
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool]("window.stillThisPage = true")); err != nil {
		t.Fatal(err)
	}

	p.start(room, p.teacher, "Kim Teacher", "Ada", "Bo")
	p.clock.Advance(2 * time.Second) // the live cache's answer is older than its minimum age
	do(t, ctx, "wait for the card to say running", chromedp.WaitVisible(chromedp.CSS(state+"-join")))
	if got := text(t, ctx, state); !strings.Contains(got, "Running") || !strings.Contains(got, "3 people are in it.") {
		t.Errorf("card after the start: %q", got)
	}
	same, err := chromedp.Run(ctx, chromedp.Evaluate[bool]("window.stillThisPage === true"))
	if err != nil || !same {
		t.Errorf("the page was reloaded to show the start (%v)", err)
	}
	axeCheck(t, ctx, "dashboard cards, running")
	screenshot(t, ctx, "dashboard-cards")
}
