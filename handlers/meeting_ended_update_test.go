package handlers_test

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"bbbportal/bbb/bbbsim"
	"bbbportal/meetings"
)

// TestBrowserMeetingPageAfterConfirmedEnd: once the end is confirmed the meeting page stops
// saying that the meeting runs (time, people, End button), without a reload.
func TestBrowserMeetingPageAfterConfirmedEnd(t *testing.T) {
	ctx := newChromium(t)
	p := startMeetingPortal(t, bbbsim.Options{EndDelay: 3 * time.Second}, meetings.Config{})
	room := p.room(p.teacher, "Maths 7b", nil)
	p.start(room, p.teacher, "Kim", "Ada", "Bo")
	b := p.as(p.teacher)
	_, id := endThroughPages(t, b, room.MeetingID, "End «Maths 7b» now? 3 people are in it.")

	do(t, ctx, "log in", colorScheme("light"),
		chromedp.Navigate(p.URL+"/login"), chromedp.WaitVisible(chromedp.CSS("#email")),
		chromedp.SendKeys(chromedp.CSS("#email"), p.teacher.Email),
		chromedp.SendKeys(chromedp.CSS("#password"), testPassword),
		chromedp.Click(chromedp.CSS(`form[action="/login"] button`)),
		chromedp.WaitVisible(chromedp.CSS(`nav a[href="/account"]`)),
		chromedp.Navigate(p.URL+"/meetings/"+room.MeetingID), chromedp.WaitVisible(chromedp.CSS(".watch")))
	if got := text(t, ctx, "#meeting-details"); !strings.Contains(got, "3") {
		t.Fatalf("before the end the page shows %q", got)
	}
	p.waitChecks(id, 1)
	p.clock.Advance(3 * time.Second) // BBB ends the meeting now
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.querySelector(".watch").innerText.includes("Ended — confirmed")`,
		chromedp.WithPollingInterval(100*time.Millisecond), chromedp.WithPollingTimeout(15*time.Second))); err != nil {
		t.Fatalf("the end was never confirmed on the page: %v", err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.querySelector("#meeting-details").innerText.includes("has ended")`,
		chromedp.WithPollingInterval(100*time.Millisecond), chromedp.WithPollingTimeout(5*time.Second))); err != nil {
		t.Fatalf("the meeting's facts were not replaced: %v", err)
	}
	if main := text(t, ctx, "main"); strings.Contains(main, "running for") {
		t.Errorf("after the confirmed end the page still says it runs:\n%s", main)
	}
	if n, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('a[href$="/end"]').length`)); n != 0 {
		t.Errorf("after the confirmed end the page still offers %d End buttons", n)
	}
	axeCheck(t, ctx, "meeting page after the confirmed end")
}
