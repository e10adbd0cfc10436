package handlers_test

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"bbbportal/bbb"
	"bbbportal/bbb/bbbsim"
	"bbbportal/meetings"
	"bbbportal/models"
)

// TestBrowserLiveViewEndConfirmed: an admin opens the live view, ends a meeting through the
// confirmation and sees the confirmation appear on the page without reloading it.
func TestBrowserLiveViewEndConfirmed(t *testing.T) {
	ctx := newChromium(t)
	p := startMeetingPortal(t, bbbsim.Options{EndDelay: 2 * time.Second}, meetings.Config{})
	lee := p.createUser("lee.berger@example.org", models.RoleTeacher, testPassword)
	maths := p.room(p.teacher, "Maths 7b", nil)
	p.start(maths, p.teacher, "Kim Teacher", "Ada", "Bo")
	p.clock.Advance(7 * time.Minute)
	p.start(p.room(lee, "Physics 9c", nil), lee, "Lee Berger", "Cem", "Dana", "Eli", "Fay")
	p.clock.Advance(25 * time.Minute)
	if _, err := p.BBB.Create(t.Context(), bbb.CreateParams{Name: "Staff meeting", MeetingID: "staff-weekly"}); err != nil {
		t.Fatal(err)
	}
	p.Sim.AddUser("staff-weekly", "Principal", "MODERATOR")
	p.clock.Advance(3 * time.Minute)

	do(t, ctx, "log in", chromedp.Navigate(p.URL+"/login"), chromedp.WaitVisible(chromedp.CSS("#email")),
		chromedp.SendKeys(chromedp.CSS("#email"), p.admin.Email),
		chromedp.SendKeys(chromedp.CSS("#password"), testPassword),
		chromedp.Click(chromedp.CSS(`form[action="/login"] button`)),
		chromedp.WaitVisible(chromedp.CSS(`nav a[href="/admin/meetings"]`)),
	)
	do(t, ctx, "open the live view", chromedp.Click(chromedp.CSS(`nav a[href="/admin/meetings"]`)), chromedp.WaitVisible(chromedp.CSS("#live-rows tr")))
	table := text(t, ctx, "#live-rows")
	for _, want := range []string{"Maths 7b", "Physics 9c", "Staff meeting", "not from this portal"} {
		if !strings.Contains(table, want) {
			t.Errorf("live view lacks %q: %q", want, table)
		}
	}
	do(t, ctx, "light", colorScheme("light"))
	axeCheck(t, ctx, "live view")
	screenshot(t, ctx, "live-meetings")

	do(t, ctx, "ask to end Maths 7b",
		chromedp.Click(chromedp.CSS(`a[href="/meetings/`+maths.MeetingID+`/end"]`)),
		chromedp.WaitVisible(chromedp.CSS(`form[action="/meetings/`+maths.MeetingID+`/end"] button`)),
	)
	if got := text(t, ctx, "main p"); got != "End «Maths 7b» now? 3 people are in it." {
		t.Errorf("confirmation = %q", got)
	}
	axeCheck(t, ctx, "end confirmation")
	do(t, ctx, "confirm",
		chromedp.Click(chromedp.CSS(`form[action="/meetings/`+maths.MeetingID+`/end"] button`)),
		chromedp.WaitVisible(chromedp.CSS(".watch-requested")),
	)
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool]("window.stillThisPage = true")); err != nil {
		t.Fatal(err)
	}
	w, err := models.LatestEndWatch(p.DB, maths.MeetingID)
	if err != nil {
		t.Fatal(err)
	}
	p.waitChecks(w.ID, 1)
	p.clock.Advance(2 * time.Second) // BBB ends the meeting
	do(t, ctx, "wait for the confirmation", chromedp.WaitVisible(chromedp.CSS(".watch-confirmed")))
	if got := text(t, ctx, ".watch-confirmed"); !strings.Contains(got, "Ended — confirmed at") || !strings.Contains(got, "2.0 s after the request") {
		t.Errorf("status = %q", got)
	}
	same, err := chromedp.Run(ctx, chromedp.Evaluate[bool]("window.stillThisPage === true"))
	if err != nil || !same {
		t.Errorf("the page was reloaded to show the confirmation (%v)", err)
	}
	axeCheck(t, ctx, "meeting page after the end")
	screenshot(t, ctx, "meeting-ended")
}
