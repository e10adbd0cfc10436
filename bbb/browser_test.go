package bbb_test

import (
	"context"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"bbbportal/bbb"
)

// A real browser's new URL(u).href leaves every signed join URL unchanged,
// and rewrites a naively signed one (so the comparison can fail).
func TestJoinURLInRealBrowser(t *testing.T) {
	path, err := exec.LookPath("chromium")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("chromium is not installed")
		}
		t.Skip("chromium is not installed")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(path), chromedp.NoSandbox,
		chromedp.Headless, chromedp.DisableGPU, chromedp.NoFirstRun, chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true))
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancel()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	ctx, cancel = context.WithTimeout(ctx, 60*time.Second)
	defer cancel()

	c, _ := bbb.New("https://BBB.example.com/bigbluebutton/", docsSecret, bbb.WithChecksum(bbb.SHA512))
	href := func(u string) string {
		out, err := chromedp.Run(ctx, chromedp.Evaluate[string](`new URL(`+jsString(u)+`).href`))
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	for _, v := range awkwardValues {
		u, err := c.JoinURL(bbb.JoinParams{FullName: v, MeetingID: "m", UserData: map[string]string{"bbb_client_title": v}})
		if err != nil {
			t.Fatal(err)
		}
		want := "https://bbb.example.com" + u[len("https://BBB.example.com"):] // hosts are lower-cased; not signed
		if got := href(u); got != want {
			t.Errorf("the browser rewrites the join URL for %q:\n%s\n%s", v, u, got)
		}
	}
	naive := `https://bbb.example.com/bigbluebutton/api/join?fullName=Zoë O'Neil&meetingID=m&checksum=0`
	if got := href(naive); got == naive || got != browserHref(naive) {
		t.Errorf("browser: %s\n  model: %s", got, browserHref(naive))
	}
}

func jsString(s string) string {
	b := []byte{'"'}
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b = append(b, '\\', byte(r))
		case r < 0x20:
			b = append(b, []byte(`\u00`+string("0123456789abcdef"[r>>4])+string("0123456789abcdef"[r&15]))...)
		default:
			b = append(b, string(r)...)
		}
	}
	return string(append(b, '"'))
}
