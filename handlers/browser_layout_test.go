package handlers_test

import (
	"context"
	"fmt"
	"net/url"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"bbbportal/bbb/bbbsim"
	"bbbportal/meetings"
	"bbbportal/models"
	"bbbportal/paths"
)

// longChromium is newChromium for a walk over many pages: the same browser, a longer budget.
func longChromium(t *testing.T, budget time.Duration) context.Context {
	t.Helper()
	if _, err := exec.LookPath("chromium"); err != nil {
		newChromium(t) // skips, or fails under CI
	}
	path, _ := exec.LookPath("chromium")
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(path), chromedp.Headless, chromedp.NoSandbox, chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-gpu", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1280, 900))
	ctx, cancelCtx := chromedp.NewContext(allocCtx)
	ctx, cancelTimeout := context.WithTimeout(ctx, budget)
	t.Cleanup(func() { cancelTimeout(); cancelCtx(); cancelAlloc() })
	return ctx
}

// offScreen lists what makes the page wider than the window: the page's own horizontal
// scroll, and every visible control or text cell that lies (even partly) outside the window,
// also inside a scrolling table.
const offScreen = `(() => {
  const w = document.documentElement.clientWidth, out = [];
  if (document.documentElement.scrollWidth > w + 1) out.push("page scrolls sideways: " + document.documentElement.scrollWidth + " > " + w);
  for (const el of document.querySelectorAll("a, button, input, select, textarea, summary, th, td, h1, h2, label")) {
    if (el.closest(".visually-hidden, .skip-link, [hidden], details:not([open]) > :not(summary)")) continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    if (r.right > w + 1 || r.left < -1) {
      const name = (el.innerText || el.value || el.getAttribute("aria-label") || "").trim().slice(0, 40);
      out.push(el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + " " + JSON.stringify(name) + " spans " + Math.round(r.left) + ".." + Math.round(r.right));
    }
  }
  return out.slice(0, 8);
})()`

// TestBrowserLayoutFitsPhoneAndDesktop walks every main page at 390 and 1280 px, in English
// and German: nothing lies outside the window (no sideways scrolling, no button or column
// off-screen), and axe-core finds no violation. With UPDATE_SCREENSHOTS=1 it photographs the
// pages for the README.
func TestBrowserLayoutFitsPhoneAndDesktop(t *testing.T) {
	ctx := longChromium(t, 9*time.Minute)
	p := startMeetingPortal(t, bbbsim.Options{}, meetings.Config{})
	room := p.room(p.admin, "Physik 10c – Wellen, Schwingungen und Akustik", nil)
	p.start(room, p.admin, "Administrator", "Kim Schulze", "Lea Wagner")
	if err := p.DB.First(room, room.ID).Error; err != nil {
		t.Fatal(err)
	}
	api := p.as(p.admin)
	sched := paths.Schedules(room.ID)
	if pg := api.submit(sched, sched, url.Values{"title": {strings.Repeat("Wiederholung Wellenoptik ", 8)},
		"date": {testStart.AddDate(0, 0, 3).Format("2006-01-02")}, "start": {"10:00"}, "end": {"10:45"}}); pg.Status != 303 {
		t.Fatalf("schedule: %d", pg.Status)
	}
	pages := []struct{ name, path string }{
		{"dashboard", "/"},
		{"rooms", "/rooms"},
		{"room", paths.Room(room.ID)},
		{"room-form", "/rooms/new"},
		{"room-edit", paths.Room(room.ID, "edit")},
		{"schedules", sched},
		{"meeting", "/meetings/" + room.MeetingID},
		{"templates", "/templates"},
		{"template-form", "/templates/new"},
		{"recordings", "/recordings"},
		{"account", "/account"},
		{"users", "/admin/users"},
		{"live", "/admin/meetings"},
		{"audit", "/admin/audit"},
		{"hooks", "/admin/hooks"},
	}

	do(t, ctx, "log in", colorScheme("light"),
		chromedp.Navigate(p.URL+"/login"), chromedp.WaitVisible(chromedp.CSS("#email")),
		chromedp.SendKeys(chromedp.CSS("#email"), p.admin.Email),
		chromedp.SendKeys(chromedp.CSS("#password"), testPassword),
		chromedp.Click(chromedp.CSS(`form[action="/login"] button`)),
		chromedp.WaitVisible(chromedp.CSS(`nav a[href="/account"]`)))
	for _, lang := range []string{"en", "de"} {
		do(t, ctx, "language "+lang, chromedp.Navigate(p.URL+"/account"), chromedp.WaitVisible(chromedp.CSS("#language")),
			chromedp.SetValue(chromedp.CSS("#language"), lang),
			chromedp.Click(chromedp.CSS(`form[action="/account/language"] button`)),
			chromedp.WaitVisible(chromedp.CSS(".flash-success")))
		for _, width := range []int64{390, 1280} {
			do(t, ctx, "window", chromedp.EmulateViewport(width, 900))
			for _, pg := range pages {
				where := fmt.Sprintf("%s (%s, %d px)", pg.name, lang, width)
				do(t, ctx, "open "+where, chromedp.Navigate(p.URL+pg.path), chromedp.WaitReady(chromedp.CSS("main")))
				problems, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](offScreen))
				if err != nil {
					t.Fatalf("%s: %v", where, err)
				}
				for _, pr := range problems {
					t.Errorf("%s: %s", where, pr)
				}
				if width == 390 || lang == "de" {
					axeCheck(t, ctx, where)
				}
				if lang == "en" && width == 1280 {
					screenshot(t, ctx, "page-"+pg.name)
				}
				if lang == "en" && width == 390 && (pg.name == "room" || pg.name == "dashboard" || pg.name == "rooms") {
					screenshot(t, ctx, "phone-"+pg.name)
				}
			}
		}
	}
	do(t, ctx, "dark", chromedp.EmulateViewport(1280, 900), colorScheme("dark"), chromedp.Navigate(p.URL+paths.Room(room.ID)),
		chromedp.WaitReady(chromedp.CSS("main")), colorScheme("dark"))
	axeCheck(t, ctx, "room (dark)")
	screenshot(t, ctx, "page-room-dark")

	// Every page names the favicon, and the browser's own request for /favicon.ico finds one.
	fav := newBrowser(t, p.URL).get("/favicon.ico")
	if fav.Status != 200 || fav.Header.Get("Content-Type") != "image/x-icon" || !strings.HasPrefix(fav.Body, "\x00\x00\x01\x00") {
		t.Errorf("/favicon.ico: %d %s", fav.Status, fav.Header.Get("Content-Type"))
	}
	_ = models.RoleAdmin
}
