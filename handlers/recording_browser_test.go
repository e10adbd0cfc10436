package handlers_test

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"bbbportal/paths"
)

// TestBrowserRecordingProcessingThenPublished: a recorded meeting ends; the teacher's list
// shows it "processing" with an explanation; once BBB has published it the list shows it
// published, the notice badge appears, and the playback link opens the recording.
func TestBrowserRecordingProcessingThenPublished(t *testing.T) {
	ctx := newChromium(t)
	p := startRecPortal(t, bbbsimOptions())
	do(t, ctx, "log in", chromedp.Navigate(p.URL+"/login"), chromedp.WaitVisible(chromedp.CSS("#email")),
		chromedp.SendKeys(chromedp.CSS("#email"), p.teacher.Email),
		chromedp.SendKeys(chromedp.CSS("#password"), testPassword),
		chromedp.Click(chromedp.CSS(`form[action="/login"] button`)),
		chromedp.WaitVisible(chromedp.CSS(`nav a[href="`+paths.MyRecordings+`"]`)),
	)
	id := p.recordedMeeting(p.kimRoom, p.teacher, 40*time.Minute)
	row := `tr[id="rec-` + id + `"]`

	do(t, ctx, "open my recordings", chromedp.Click(chromedp.CSS(`nav a[href="`+paths.MyRecordings+`"]`)),
		chromedp.WaitVisible(chromedp.CSS(row)))
	if got := text(t, ctx, row+" .rec-state"); got != "Processing" {
		t.Errorf("state after the end = %q, want Processing", got)
	}
	if got := text(t, ctx, row); !strings.Contains(got, "BBB is turning the meeting into playback formats") || !strings.Contains(got, "Maths 7b") {
		t.Errorf("processing row = %q", got)
	}
	do(t, ctx, "light", colorScheme("light"))
	axeCheck(t, ctx, "recordings, processing")

	p.publishPending()
	do(t, ctx, "reload", chromedp.Navigate(p.URL+paths.MyRecordings), chromedp.WaitVisible(chromedp.CSS(row+" .rec-published")))
	do(t, ctx, "the notice badge", chromedp.WaitVisible(chromedp.CSS(".notice-badge")))
	axeCheck(t, ctx, "recordings, published")
	screenshot(t, ctx, "recordings")
	href, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('`+row+` .rec-formats a').href`))
	if err != nil || !strings.Contains(href, "/playback/presentation/") {
		t.Fatalf("playback link %q (%v)", href, err)
	}
	do(t, ctx, "open the playback", chromedp.Navigate(href), chromedp.WaitVisible(chromedp.CSS("body")))
	if got := text(t, ctx, "body"); !strings.Contains(got, "simulated playback of the recording") || !strings.Contains(got, "Maths 7b") {
		t.Errorf("playback page = %q", got)
	}
}
