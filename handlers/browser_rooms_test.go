package handlers_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"bbbportal/models"
)

// TestBrowserTemplateRoomStart: a teacher creates a template, a room from it, starts it and
// lands in the (simulated) BBB client as moderator. axe-core checks each page; the options
// form is photographed for the README.
func TestBrowserTemplateRoomStart(t *testing.T) {
	ctx := newChromium(t)
	p := startPortal(t, nil)
	p.createUser("ada@example.org", models.RoleTeacher, testPassword)

	do(t, ctx, "log in", colorScheme("light"),
		chromedp.Navigate(p.URL+"/login"), chromedp.WaitVisible(chromedp.CSS("#email")),
		chromedp.SendKeys(chromedp.CSS("#email"), "ada@example.org"),
		chromedp.SendKeys(chromedp.CSS("#password"), testPassword),
		chromedp.Click(chromedp.CSS(`form[action="/login"] button`)),
		chromedp.WaitVisible(chromedp.CSS(`nav a[href="/account"]`)),
	)

	do(t, ctx, "open the new template form",
		chromedp.Click(chromedp.CSS(`nav a[href="/templates"]`)),
		chromedp.WaitVisible(chromedp.CSS(`a[href="/templates/new"]`)),
	)
	axeCheck(t, ctx, "templates list")
	do(t, ctx, "fill in the template",
		chromedp.Click(chromedp.CSS(`a[href="/templates/new"]`)),
		chromedp.WaitVisible(chromedp.CSS("#template-name")),
		chromedp.SendKeys(chromedp.CSS("#template-name"), "Biology lessons"),
		chromedp.SendKeys(chromedp.CSS("#template-description"), "Lessons with experiments: viewers muted, recording allowed."),
		chromedp.SetValue(chromedp.CSS("#opt-welcome"), "Welcome to <b>%%CONFNAME%%</b>!"),
		chromedp.Click(chromedp.CSS("#group-audio-video > summary")),
		chromedp.SetValue(chromedp.CSS("#opt-muteOnStart"), "true"),
		chromedp.SetValue(chromedp.CSS("#policy-muteOnStart"), "forced"),
		chromedp.Click(chromedp.CSS("#group-recording > summary")),
		chromedp.SetValue(chromedp.CSS("#opt-record"), "true"),
		chromedp.Click(chromedp.CSS("#group-branding > summary")),
		chromedp.SendKeys(chromedp.CSS("#opt-bannerText"), "Biology 9c"),
		chromedp.SendKeys(chromedp.CSS("#opt-bannerColor"), "#2E7D32"),
		chromedp.SetValue(chromedp.CSS("#policy-copyright"), "hidden"),
	)
	axeCheck(t, ctx, "template form")
	elementScreenshot(t, ctx, "options-form", "#group-audio-video")
	do(t, ctx, "dark", colorScheme("dark"))
	axeCheck(t, ctx, "template form (dark)")
	do(t, ctx, "save the template", colorScheme("light"),
		chromedp.Click(chromedp.CSS(`form.options-form button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(".flash-success")),
	)
	if got := text(t, ctx, ".flash-success"); got != "The template Biology lessons has been created." {
		t.Errorf("after saving the template: %q", got)
	}

	do(t, ctx, "create a room from it",
		chromedp.Click(chromedp.CSS(`nav a[href="/templates"]`)),
		chromedp.WaitVisible(chromedp.CSS("table")),
		chromedp.Click(chromedp.Search(`//tr[td/a[text()="Biology lessons"]]//a[text()="Create a room"]`)),
		chromedp.WaitVisible(chromedp.CSS("#room-name")),
	)
	fixed, err := chromedp.Run(ctx, chromedp.TextContent(chromedp.CSS(`[data-option="muteOnStart"]`)))
	if err != nil || !strings.Contains(fixed, "fixed by the template") {
		t.Errorf("the forced option is not shown as fixed: %q (%v)", fixed, err)
	}
	axeCheck(t, ctx, "room form")
	elementScreenshot(t, ctx, "room-form", "main")
	do(t, ctx, "save the room",
		chromedp.SendKeys(chromedp.CSS("#room-name"), "Biology 9c"),
		chromedp.Click(chromedp.CSS(`form.options-form button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(".flash-success")),
	)
	if got := text(t, ctx, "main h1"); got != "Biology 9c" {
		t.Errorf("room page heading %q", got)
	}
	if got := text(t, ctx, "table.settings"); !strings.Contains(got, "Mute everyone on start") || !strings.Contains(got, "#2E7D32") {
		t.Errorf("room settings summary: %q", got)
	}
	axeCheck(t, ctx, "room page")
	screenshot(t, ctx, "room")

	do(t, ctx, "start the meeting",
		chromedp.Click(chromedp.CSS(`form[action$="/start"] button`)),
		chromedp.WaitVisible(chromedp.CSS("#meeting-name")),
	)
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil || !strings.Contains(loc, "/bigbluebutton/sim/client?sessionToken=") {
		t.Errorf("after Start the browser is at %q (%v), want the BBB client", loc, err)
	}
	if got := text(t, ctx, "#meeting-name"); got != "Biology 9c" {
		t.Errorf("meeting name in the client: %q", got)
	}
	if got := text(t, ctx, "#user-name"); got != "ada" {
		t.Errorf("user in the client: %q", got)
	}
	if got := text(t, ctx, "#user-role"); got != "Moderator" {
		t.Errorf("role in the client: %q", got)
	}

	do(t, ctx, "back to the rooms", chromedp.Navigate(p.URL+"/rooms"), chromedp.WaitVisible(chromedp.CSS("table")))
	axeCheck(t, ctx, "rooms list")
}

// elementScreenshot photographs one element of the page for the README.
func elementScreenshot(t *testing.T, ctx context.Context, name, selector string) {
	t.Helper()
	png, err := chromedp.Run(ctx, chromedp.Screenshot(chromedp.CSS(selector)))
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	saveScreenshot(t, name, png)
}
