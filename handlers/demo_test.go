package handlers_test

import (
	"crypto/sha1"
	"encoding/hex"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"testing"

	"bbbportal/config"
	"bbbportal/portal"
)

// TestDemoServerIsMountedOutsidePortalSecurity checks that in demo mode the
// simulator answers signed API calls on the portal's listener, without the
// portal's CSRF check or login, and that the layout says it is a demo.
func TestDemoServerIsMountedOutsidePortalSecurity(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + ln.Addr().String()
	vars := map[string]string{"DATA_DIR": t.TempDir(), "BASE_URL": base}
	cfg, err := config.LoadFrom(func(k string) string { return vars[k] })
	if err != nil {
		t.Fatal(err)
	}
	if !cfg.Demo || cfg.BBBEndpoint != base+"/bigbluebutton/api/" {
		t.Fatalf("Demo=%v endpoint=%q", cfg.Demo, cfg.BBBEndpoint)
	}
	p, err := portal.Open(cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), portal.WithoutJobs())
	if err != nil {
		t.Fatal(err)
	}
	go p.Serve(ln)
	t.Cleanup(func() { p.App.Shutdown(); p.Close() })

	query := "meetingID=demo-room&name=Demo"
	sum := sha1.Sum([]byte("create" + query + cfg.BBBSecret))
	resp, err := http.Post(cfg.BBBEndpoint+"create?"+query+"&checksum="+hex.EncodeToString(sum[:]), "application/x-www-form-urlencoded", nil)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), "<returncode>SUCCESS</returncode>") {
		t.Fatalf("signed POST create through the portal: %d %s", resp.StatusCode, body)
	}
	if resp.Header.Get("Set-Cookie") != "" {
		t.Error("the BBB API sets portal cookies")
	}

	newBrowser(t, base).get("/login").contains(t, "Demo server — not a real conference.")
}

func TestDemoBannerOnEverySignedInPage(t *testing.T) {
	t.Parallel()
	p := startPortal(t, nil)
	p.createUser("admin@school.test", "admin", "admin password 1")
	b := newBrowser(t, p.URL)
	b.login("admin@school.test", "admin password 1")
	for _, path := range []string{"/", "/rooms", "/templates", "/admin/meetings", "/admin/users", "/admin/audit", "/account"} {
		pg := b.get(path)
		if pg.Status != 200 {
			t.Errorf("GET %s: status %d", path, pg.Status)
			continue
		}
		pg.contains(t, "Demo server — not a real conference.")
	}

	real := startPortal(t, map[string]string{"BIGBLUEBUTTON_ENDPOINT": "https://bbb.example.org/bigbluebutton/", "BIGBLUEBUTTON_SECRET": "a-secret-of-the-real-server"})
	real.createUser("admin@school.test", "admin", "admin password 1")
	rb := newBrowser(t, real.URL)
	rb.login("admin@school.test", "admin password 1")
	if pg := rb.get("/"); strings.Contains(pg.Body, "Demo server") {
		t.Error("banner shown with a real BBB server configured")
	}
}
