package handlers_test

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"bbbportal/handlers"
	"bbbportal/models"
)

// repeatReader yields n bytes of "a=1&a=1&…" without holding them.
type repeatReader struct{ left int }

func (r *repeatReader) Read(p []byte) (int, error) {
	if r.left == 0 {
		return 0, io.EOF
	}
	n := min(len(p), r.left)
	for i := range n {
		p[i] = "a=1&"[i%4]
	}
	r.left -= n
	return n, nil
}

// rawPost sends a POST over its own connection, streaming size bytes of a=1& fields (or
// chunked when size < 0), and returns the status the server answered, or 0 when it closed
// the connection without an answer.
func rawPost(t *testing.T, base, path string, size int) int {
	u, _ := url.Parse(base)
	conn, err := net.Dial("tcp", u.Host)
	if err != nil {
		t.Error(err)
		return 0
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(30 * time.Second))
	header := "POST " + path + " HTTP/1.1\r\nHost: " + u.Host + "\r\nContent-Type: application/x-www-form-urlencoded\r\n"
	if size >= 0 {
		header += "Content-Length: " + strconv.Itoa(size) + "\r\n\r\n"
	} else {
		header += "Transfer-Encoding: chunked\r\n\r\n"
	}
	go func() {
		if _, err := io.WriteString(conn, header); err != nil {
			return
		}
		body := io.Reader(&repeatReader{left: size})
		if size < 0 {
			chunk := strings.Repeat("a=1&", 4096)
			for range 2048 { // 32 MB in 16 KB chunks, until the server stops reading
				if _, err := fmt.Fprintf(conn, "%x\r\n%s\r\n", len(chunk), chunk); err != nil {
					return
				}
			}
			return
		}
		_, _ = io.Copy(conn, body)
	}()
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		return 0
	}
	resp.Body.Close()
	return resp.StatusCode
}

// memoryKB reads a field (VmRSS, VmHWM) of this process from /proc/self/status.
func memoryKB(t *testing.T, field string) int {
	t.Helper()
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Skip("no /proc/self/status:", err)
	}
	for _, line := range strings.Split(string(status), "\n") {
		if v, ok := strings.CutPrefix(line, field+":"); ok {
			kb, _ := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")))
			return kb
		}
	}
	t.Fatalf("no %s in /proc/self/status", field)
	return 0
}

// TestHugeFormBodiesDoNotExhaustMemory is the review's attack: eight parallel 8 MB bodies of
// two million "a=1&" fields to /login and eight to /rooms (no CSRF token). Before, the body
// was read and parsed into arguments before any check (386 MB for one login). Not parallel:
// it measures this process's memory, where the server runs.
func TestHugeFormBodiesDoNotExhaustMemory(t *testing.T) {
	p := startPortal(t, nil)
	const size = 2_000_000 * 4
	rawPost(t, p.URL, "/login", 100) // warm up: connections, templates, pools

	runtime.GC()
	before := memoryKB(t, "VmRSS")
	resetPeak := os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) == nil // VmHWM := VmRSS
	var wg sync.WaitGroup
	statuses := make(chan int, 16)
	for _, path := range []string{"/login", "/rooms"} {
		for range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				statuses <- rawPost(t, p.URL, path, size)
			}()
		}
	}
	wg.Wait()
	close(statuses)
	after := memoryKB(t, "VmRSS")
	peak := memoryKB(t, "VmHWM")
	growth := after - before
	if resetPeak {
		growth = max(growth, peak-before)
	}
	t.Logf("RSS before %d kB, after %d kB, peak %d kB (peak reset: %v): growth %d kB", before, after, peak, resetPeak, growth)
	if growth > 50<<10 {
		t.Errorf("memory grew by %d kB under 16 oversized bodies, want under 50 MB", growth)
	}
	for status := range statuses {
		if status != http.StatusRequestEntityTooLarge && status != 0 {
			t.Errorf("oversized body answered %d, want 413", status)
		}
	}
	// The same with a chunked body, which has no Content-Length to refuse it by.
	if status := rawPost(t, p.URL, "/login", -1); status != http.StatusRequestEntityTooLarge {
		t.Errorf("chunked oversized body: %d, want 413", status)
	}
}

func TestBodyLimitsPerRoute(t *testing.T) {
	t.Parallel()
	p := startPortal(t, nil)
	p.createUser("ada@example.org", models.RoleTeacher, testPassword)
	anon := newBrowser(t, p.URL)
	anon.header.Set("Accept-Language", "de")

	// Over the login form's limit: refused with a translated page, before any password check.
	pg := anon.submit("/login", "/login", url.Values{"email": {"ada@example.org"}, "password": {strings.Repeat("x", handlers.AnonymousFormBytes)}})
	if pg.Status != http.StatusRequestEntityTooLarge {
		t.Fatalf("login with a %d byte body: %d, want 413", handlers.AnonymousFormBytes, pg.Status)
	}
	pg.contains(t, "Das Formular ist zu groß")

	// Small enough, but too many fields: counted before parsing.
	pg = anon.submit("/login", "/login", url.Values{"email": {"ada@example.org"}, "password": {"x"}, "a": make([]string, handlers.AnonymousFormFields)})
	if pg.Status != http.StatusBadRequest {
		t.Fatalf("login with %d fields: %d, want 400", handlers.AnonymousFormFields+3, pg.Status)
	}
	pg.contains(t, "Das Formular hat zu viele Felder")
	if n := len(p.auditEntries("auth.login")); n != 0 {
		t.Errorf("%d login attempts audited for refused bodies, want 0", n)
	}

	// A multipart body to the login is held to the login's limit, not the upload limit.
	var mp bytes.Buffer
	mp.WriteString("--XYZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\n\r\n")
	mp.WriteString(strings.Repeat("%PDF", 16<<10))
	mp.WriteString("\r\n--XYZ--\r\n")
	req, _ := http.NewRequest(http.MethodPost, p.URL+"/login", &mp)
	req.Header.Set("Content-Type", "multipart/form-data; boundary=XYZ")
	if pg := anon.do(req); pg.Status != http.StatusRequestEntityTooLarge {
		t.Errorf("64 KB multipart to /login: %d, want 413", pg.Status)
	}

	// A signed-in teacher's room form with many options is within its route's limit.
	b := newBrowser(t, p.URL)
	b.login("ada@example.org", testPassword)
	pg = b.submit("/rooms/new", "/rooms", url.Values{"name": {"Big form"}, "template_id": {firstTemplateID(t, p.DB)},
		"welcome": {strings.Repeat("Hello. ", 100)}, "x": make([]string, 300)})
	if pg.Status != http.StatusSeeOther && pg.Status != http.StatusUnprocessableEntity {
		t.Errorf("room form of %d fields: %d, want it handled by the form", 303, pg.Status)
	}
	// The room form over its urlencoded limit.
	pg = b.submit("/rooms/new", "/rooms", url.Values{"name": {strings.Repeat("x", handlers.OptionsFormBytes)}})
	if pg.Status != http.StatusRequestEntityTooLarge {
		t.Errorf("room form over %d bytes: %d, want 413", handlers.OptionsFormBytes, pg.Status)
	}
}
