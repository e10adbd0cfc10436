package handlers_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"bbbportal/models"
)

// screenshotDir receives the pages the browser tests see when UPDATE_SCREENSHOTS=1;
// README.md shows them. Otherwise they go to a temporary folder, so a test run leaves
// the work tree unchanged.
const screenshotDir = "../docs/screenshots"

// saveScreenshot stores a PNG taken by a browser test.
func saveScreenshot(t *testing.T, name string, png []byte) {
	t.Helper()
	if len(png) == 0 {
		t.Fatalf("screenshot %s is empty", name)
	}
	dir := t.TempDir()
	if os.Getenv("UPDATE_SCREENSHOTS") == "1" {
		dir = screenshotDir
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// newChromium starts headless Debian chromium. Without it the test is
// skipped, except under CI=true, where a missing browser is a failure.
func newChromium(t *testing.T) context.Context {
	t.Helper()
	path, err := exec.LookPath("chromium")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("chromium is not installed; .ci/run installs it with apt-get install -y chromium")
		}
		t.Skip("chromium is not installed (apt-get install chromium)")
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Headless, chromedp.NoSandbox, chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(allocCtx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 2*time.Minute)
	t.Cleanup(func() { cancelTimeout(); cancelCtx(); cancelAlloc() })
	return ctx
}

type axeViolation struct {
	ID    string `json:"id"`
	Help  string `json:"help"`
	Nodes []struct {
		Target []any `json:"target"`
	} `json:"nodes"`
}

// axeCheck runs axe-core on the current page and fails on any WCAG 2 A/AA violation.
// DevTools evaluation is not subject to the page's Content-Security-Policy.
func axeCheck(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	src, err := os.ReadFile("testdata/axe.min.js")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[any](string(src)+";0")); err != nil {
		t.Fatalf("%s: loading axe-core: %v", name, err)
	}
	run := `axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}).then(r => r.violations)`
	violations, err := chromedp.Run(ctx, chromedp.Evaluate[[]axeViolation](run, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("%s: axe: %v", name, err)
	}
	for _, v := range violations {
		var targets []string
		for _, n := range v.Nodes {
			targets = append(targets, fmt.Sprint(n.Target...))
		}
		t.Errorf("%s: axe %s: %s (%s)", name, v.ID, v.Help, strings.Join(targets, ", "))
	}
}

func screenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	saveScreenshot(t, name, png)
}

func text(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		t.Fatalf("text of %s: %v", sel, err)
	}
	return s
}

func do(t *testing.T, ctx context.Context, what string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

func colorScheme(scheme string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}},
		})
		time.Sleep(500 * time.Millisecond) // let Pico's colour transitions finish before measuring contrast
		return err
	})
}

// TestBrowserLoginLanguageLogout walks the portal in a real browser: log in,
// see the dashboard, switch to German, log out; axe-core checks each page.
func TestBrowserLoginLanguageLogout(t *testing.T) {
	ctx := newChromium(t)
	p := startPortal(t, map[string]string{"BBBPORTAL_ADMIN_EMAIL": "admin@example.org", "BBBPORTAL_ADMIN_PASSWORD": testPassword})
	p.createUser("ada@example.org", models.RoleTeacher, testPassword)

	for _, scheme := range []string{"light", "dark"} {
		do(t, ctx, "open login page", colorScheme(scheme), chromedp.Navigate(p.URL+"/login"), chromedp.WaitVisible(chromedp.CSS("#email")))
		axeCheck(t, ctx, "login page ("+scheme+")")
	}
	do(t, ctx, "light", colorScheme("light"))
	screenshot(t, ctx, "login")

	do(t, ctx, "log in",
		chromedp.SendKeys(chromedp.CSS("#email"), "admin@example.org"),
		chromedp.SendKeys(chromedp.CSS("#password"), testPassword),
		chromedp.Click(chromedp.CSS(`form[action="/login"] button`)),
		chromedp.WaitVisible(chromedp.CSS(`nav a[href="/account"]`)),
	)
	if got := text(t, ctx, "main h1"); got != "Dashboard" {
		t.Fatalf("after login the page heading is %q, want Dashboard", got)
	}
	if got := text(t, ctx, "main"); !strings.Contains(got, "Welcome, Administrator.") {
		t.Errorf("dashboard text %q lacks the welcome", got)
	}
	for _, scheme := range []string{"light", "dark"} {
		do(t, ctx, scheme, colorScheme(scheme))
		axeCheck(t, ctx, "dashboard ("+scheme+")")
	}
	screenshot(t, ctx, "dashboard-dark")
	do(t, ctx, "light", colorScheme("light"))
	screenshot(t, ctx, "dashboard")

	do(t, ctx, "open users", chromedp.Click(chromedp.CSS(`nav a[href="/admin/users"]`)), chromedp.WaitVisible(chromedp.CSS("table")))
	if got := text(t, ctx, "table"); !strings.Contains(got, "ada@example.org") {
		t.Errorf("users page lacks ada: %q", got)
	}
	axeCheck(t, ctx, "users page")
	screenshot(t, ctx, "users")

	do(t, ctx, "switch to German",
		chromedp.Click(chromedp.CSS(`a[href="/account"]`)),
		chromedp.WaitVisible(chromedp.CSS("#language")),
		chromedp.SetValue(chromedp.CSS("#language"), "de"),
		chromedp.Click(chromedp.CSS(`form[action="/account/language"] button`)),
		chromedp.WaitVisible(chromedp.CSS(".flash-success")),
	)
	if got := text(t, ctx, ".flash-success"); got != "Ihre Sprache wurde gespeichert." {
		t.Errorf("flash after switching language = %q", got)
	}
	if got := text(t, ctx, "main h1"); got != "Ihr Konto" {
		t.Errorf("account heading in German = %q, want Ihr Konto", got)
	}
	axeCheck(t, ctx, "account page (German)")
	screenshot(t, ctx, "account-de")

	do(t, ctx, "log out",
		chromedp.Click(chromedp.CSS(`form[action="/logout"] button`)),
		chromedp.WaitVisible(chromedp.CSS("#email")),
	)
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil || !strings.HasSuffix(loc, "/login") {
		t.Errorf("after logout the browser is at %q (%v), want /login", loc, err)
	}
	do(t, ctx, "open dashboard after logout", chromedp.Navigate(p.URL+"/"), chromedp.WaitVisible(chromedp.CSS("#email")))
	if loc, _ := chromedp.Run(ctx, chromedp.Location()); !strings.HasSuffix(loc, "/login") {
		t.Errorf("dashboard after logout shows %q, want the login page", loc)
	}
}
