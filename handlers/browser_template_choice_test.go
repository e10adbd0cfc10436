package handlers_test

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"bbbportal/models"
)

// TestBrowserNewRoomTemplateChoiceWithJavaScript: choosing another template in the new-room
// form swaps in that template's settings in place (htmx), the typed name stays, and Save
// creates the room from the chosen template.
func TestBrowserNewRoomTemplateChoiceWithJavaScript(t *testing.T) {
	ctx := newChromium(t)
	f := newRoomsFixture(t)
	standard, lecture, _ := starterIDs(t, f)

	do(t, ctx, "log in", colorScheme("light"),
		chromedp.Navigate(f.URL+"/login"), chromedp.WaitVisible(chromedp.CSS("#email")),
		chromedp.SendKeys(chromedp.CSS("#email"), f.ada.Email),
		chromedp.SendKeys(chromedp.CSS("#password"), testPassword),
		chromedp.Click(chromedp.CSS(`form[action="/login"] button`)),
		chromedp.WaitVisible(chromedp.CSS(`nav a[href="/account"]`)),
		chromedp.Navigate(f.URL+"/rooms/new"), chromedp.WaitVisible(chromedp.CSS("#room-name")),
		chromedp.SendKeys(chromedp.CSS("#room-name"), "Biologie 8a"),
	)
	if got, _ := chromedp.Run(ctx, chromedp.Value(chromedp.CSS("#room-template"))); got != itoa(standard) {
		t.Fatalf("the form opens on template %s, want Standard %d", got, standard)
	}
	do(t, ctx, "choose the lecture template",
		chromedp.SetValue(chromedp.CSS("#room-template"), itoa(lecture)),
	)
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[any](`document.querySelector("#room-template").dispatchEvent(new Event("change", {bubbles: true})), 0`)); err != nil {
		t.Fatal(err)
	}
	// htmx swaps the settings: the hidden field says whose they are.
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.querySelector('input[name="shown_template_id"]').value === "`+itoa(lecture)+`"`,
		chromedp.WithPollingInterval(50*time.Millisecond), chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		t.Fatalf("the lecture's settings never appeared: %v", err)
	}
	if got, _ := chromedp.Run(ctx, chromedp.Value(chromedp.CSS("#room-name"))); got != "Biologie 8a" {
		t.Errorf("switching the template changed the typed name to %q", got)
	}
	mute, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('[data-option="muteOnStart"]').innerText`))
	if err != nil || !strings.Contains(mute, "Everyone joins muted") {
		t.Errorf("the lecture's forced mute is not shown after switching: %q %v", mute, err)
	}
	axeCheck(t, ctx, "new room form after switching the template")
	do(t, ctx, "save", chromedp.Click(chromedp.CSS(`form.options-form button[type="submit"]:not([name])`)),
		chromedp.WaitVisible(chromedp.CSS(".flash-success")))
	var room models.Room
	if err := f.DB.Where("name = ?", "Biologie 8a").First(&room).Error; err != nil {
		t.Fatal(err)
	}
	if room.TemplateID != lecture {
		t.Errorf("room created from template %d, want the chosen lecture %d", room.TemplateID, lecture)
	}
}
