package cli

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"bbbportal/config"
)

// runMainEnv makes the test binary behave as the bbbportal program, so that
// tests run the real command line: flags, environment, signals, exit codes.
const runMainEnv = "GO_TEST_RUN_BBBPORTAL_MAIN"

func TestMain(m *testing.M) {
	if os.Getenv(runMainEnv) == "1" {
		os.Exit(Run(os.Args[1:]))
	}
	os.Exit(m.Run())
}

// program returns "bbbportal ARGS" with only the given configuration in its environment.
func program(t *testing.T, env map[string]string, args ...string) *exec.Cmd {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, args...)
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		if !isPortalVariable(name) {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, runMainEnv+"=1")
	if _, ok := env["DATA_DIR"]; !ok {
		cmd.Env = append(cmd.Env, "DATA_DIR="+t.TempDir())
	}
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	return cmd
}

func isPortalVariable(name string) bool {
	return slices.Contains(config.Variables, name) || strings.HasPrefix(name, "BBBPORTAL_") || strings.HasPrefix(name, "BIGBLUEBUTTON_")
}

// runProgram runs "bbbportal ARGS" to its end and returns its exit code, stdout and stderr.
func runProgram(t *testing.T, env map[string]string, stdin string, args ...string) (int, string, string) {
	t.Helper()
	cmd := program(t, env, args...)
	var out, errOut bytes.Buffer
	cmd.Stdin, cmd.Stdout, cmd.Stderr = strings.NewReader(stdin), &out, &errOut
	var exit *exec.ExitError
	if err := cmd.Run(); err != nil && !errors.As(err, &exit) {
		t.Fatalf("bbbportal %v: %v", args, err)
	}
	return cmd.ProcessState.ExitCode(), out.String(), errOut.String()
}

func TestEveryCommandHasHelp(t *testing.T) {
	t.Parallel()
	for _, name := range commandOrder {
		for _, flag := range []string{"--help", "-h"} {
			code, out, errOut := runProgram(t, nil, "", name, flag)
			if code != 0 || !strings.Contains(errOut, "usage: bbbportal "+name) {
				t.Errorf("bbbportal %s %s: exit %d, stderr %q", name, flag, code, errOut)
			}
			if out != "" {
				t.Errorf("bbbportal %s %s printed on stdout: %q", name, flag, out)
			}
		}
	}
	code, _, errOut := runProgram(t, nil, "", "--help")
	for _, name := range commandOrder {
		if code != 0 || !strings.Contains(errOut, "  "+name+" ") {
			t.Errorf("bbbportal --help: exit %d, %q not listed:\n%s", code, name, errOut)
		}
	}
	if code, _, errOut := runProgram(t, nil, "", "frobnicate"); code != 2 || !strings.Contains(errOut, `unknown command "frobnicate"`) {
		t.Errorf("unknown command: exit %d, %q", code, errOut)
	}
}

// TestInvalidConfigurationStopsWithOneLine starts the portal and the users command with a wrong
// value of every variable: each stops before doing anything, with exit status 2 and one line
// that names the variable.
func TestInvalidConfigurationStopsWithOneLine(t *testing.T) {
	t.Parallel()
	notAFolder := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(notAFolder, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		env  map[string]string
		name string // the variable the line must name
	}{
		{map[string]string{"LISTEN_ADDR": "8080"}, "LISTEN_ADDR"},
		{map[string]string{"BASE_URL": "portal.example.org"}, "BASE_URL"},
		{map[string]string{"DATA_DIR": filepath.Join(notAFolder, "data")}, "DATA_DIR"},
		{map[string]string{"DATABASE_URL": "postgres://db/portal"}, "DATABASE_URL"},
		{map[string]string{"SESSION_KEYS": "too short"}, "SESSION_KEYS"},
		{map[string]string{"SESSION_LIFETIME": "forever"}, "SESSION_LIFETIME"},
		{map[string]string{"BIGBLUEBUTTON_ENDPOINT": "bbb.example.org"}, "BIGBLUEBUTTON_ENDPOINT"},
		{map[string]string{"BIGBLUEBUTTON_ENDPOINT": "https://bbb.example.org/bigbluebutton/"}, "BIGBLUEBUTTON_SECRET"},
		{map[string]string{"END_CONFIRM_TIMEOUT": "soon"}, "END_CONFIRM_TIMEOUT"},
		{map[string]string{"LOG_FORMAT": "xml"}, "LOG_FORMAT"},
		{map[string]string{"TRUSTED_PROXIES": "proxy.local"}, "TRUSTED_PROXIES"},
		{map[string]string{"BBBPORTAL_ADMIN_PASSWORD": "a long password"}, "BBBPORTAL_ADMIN_EMAIL"},
		{map[string]string{"BBBPORTAL_ADMIN_EMIAL": "admin@example.org"}, "BBBPORTAL_ADMIN_EMIAL"},
		{map[string]string{"SESSION_IDLE_TIMEOUT": "10s"}, "SESSION_IDLE_TIMEOUT"},
		{map[string]string{"BIGBLUEBUTTON_CHECKSUM": "md5"}, "BIGBLUEBUTTON_CHECKSUM"},
		{map[string]string{"BBB_FETCH_ALLOWED_HOSTS": "https://files.example.org/"}, "BBB_FETCH_ALLOWED_HOSTS"},
		{map[string]string{"METRICS_TOKEN": "short"}, "METRICS_TOKEN"},
		{map[string]string{"MAX_ROOMS_PER_USER": "-1"}, "MAX_ROOMS_PER_USER"},
		{map[string]string{"MAX_TEMPLATES_PER_USER": "many"}, "MAX_TEMPLATES_PER_USER"},
		{map[string]string{"MAX_SCHEDULES_PER_USER": "1.5"}, "MAX_SCHEDULES_PER_USER"},
		{map[string]string{"MAX_LINKS_PER_ROOM": "-3"}, "MAX_LINKS_PER_ROOM"},
		{map[string]string{"AUDIT_RETENTION": "1h"}, "AUDIT_RETENTION"},
		{map[string]string{"AUDIT_SHORTEN_IPS": "maybe"}, "AUDIT_SHORTEN_IPS"},
	}
	named := map[string]bool{}
	for _, tc := range cases {
		named[tc.name] = true
		for _, args := range [][]string{{}, {"serve"}, {"users", "list"}} {
			code, out, errOut := runProgram(t, tc.env, "", args...)
			lines := strings.Split(strings.TrimSuffix(errOut, "\n"), "\n")
			if code != 2 || len(lines) != 1 || !strings.HasPrefix(lines[0], "bbbportal: "+tc.name+": ") || out != "" {
				t.Errorf("%v bbbportal %v: exit %d, stdout %q, stderr %q; want 2 and one line naming %s",
					tc.env, args, code, out, errOut, tc.name)
			}
		}
	}
	for _, v := range config.Variables {
		if !named[v] && v != "BBBPORTAL_ADMIN_PASSWORD" { // set alone, it is BBBPORTAL_ADMIN_EMAIL that is missing
			t.Errorf("no case with a wrong %s", v)
		}
	}
}

func TestUsersCommandOnTheDataFolder(t *testing.T) {
	t.Parallel()
	env := map[string]string{"DATA_DIR": t.TempDir()}
	if code, out, errOut := runProgram(t, env, "a long password\n", "users", "create", "--email", "ada@example.org", "--name", "Ada", "--role", "admin", "--password-stdin"); code != 0 || !strings.Contains(out, "created ada@example.org (admin)") {
		t.Fatalf("users create: exit %d %q %q", code, out, errOut)
	}
	code, out, _ := runProgram(t, env, "", "users", "list")
	if code != 0 || !regexp.MustCompile(`(?m)^1\s+ada@example.org\s+Ada\s+admin\s+active$`).MatchString(out) {
		t.Errorf("users list: exit %d\n%s", code, out)
	}
	if code, _, errOut := runProgram(t, env, "", "users"); code != 2 || !strings.Contains(errOut, "set-password --email E") {
		t.Errorf("users without a command: exit %d %q", code, errOut)
	}
	if code, _, errOut := runProgram(t, env, "", "users", "rename"); code != 2 || !strings.Contains(errOut, "usage: bbbportal users") {
		t.Errorf("users rename: exit %d %q", code, errOut)
	}
}

func TestHealthcheckExitCodes(t *testing.T) {
	answering := func(status int) string {
		return httpServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path != "/healthz" {
				http.NotFound(w, r)
				return
			}
			w.WriteHeader(status)
		}))
	}
	healthy, degraded := answering(http.StatusOK), answering(http.StatusServiceUnavailable)
	closed := freeAddr(t)
	for _, tc := range []struct {
		args     []string
		env      map[string]string
		code     int
		inStderr string
	}{
		{[]string{"--url", "http://" + healthy + "/healthz"}, nil, 0, ""},
		{nil, map[string]string{"LISTEN_ADDR": healthy}, 0, ""},
		{nil, map[string]string{"LISTEN_ADDR": degraded}, 1, "answered 503"},
		{nil, map[string]string{"LISTEN_ADDR": closed}, 1, "no answer from http://" + closed + "/healthz"},
		{[]string{"--bogus"}, nil, 2, "flag provided but not defined"},
	} {
		code, _, errOut := runProgram(t, tc.env, "", append([]string{"healthcheck"}, tc.args...)...)
		if code != tc.code || !strings.Contains(errOut, tc.inStderr) {
			t.Errorf("healthcheck %v %v: exit %d, stderr %q; want %d and %q", tc.args, tc.env, code, errOut, tc.code, tc.inStderr)
		}
	}
}

// TestServeLifecycle runs the portal as a process: it becomes healthy, keeps sessions across
// a restart and a rotation of SESSION_KEYS, and on SIGTERM finishes the request in flight,
// closes the database cleanly and exits 0. Sessions are kept on the server (the cookie is a
// random token), so the keys do not sign them: they sign the state cookie, which holds the
// sign-in form's CSRF token and notices. Dropping a key refuses sign-in forms opened under it.
func TestServeLifecycle(t *testing.T) {
	keyA, keyB := strings.Repeat("a", 32), strings.Repeat("b", 32)
	addr := freeAddr(t)
	env := map[string]string{
		"DATA_DIR": t.TempDir(), "LISTEN_ADDR": addr, "BASE_URL": "http://" + addr, "SESSION_KEYS": keyA,
		"BBBPORTAL_ADMIN_EMAIL": "admin@example.org", "BBBPORTAL_ADMIN_PASSWORD": "a long password",
	}
	portal := startServe(t, env)
	if code, _, errOut := runProgram(t, map[string]string{"LISTEN_ADDR": addr}, "", "healthcheck"); code != 0 {
		t.Fatalf("healthcheck of the running portal: exit %d %q", code, errOut)
	}
	c := newClient(t, "http://"+addr)
	c.login("admin@example.org", "a long password")
	signedWithA := c.cookies()
	// Two sign-in forms opened while only key A signs the state cookie.
	formA1, formA2 := newClient(t, "http://"+addr), newClient(t, "http://"+addr)
	tokenA1, tokenA2 := formA1.csrfToken("/login"), formA2.csrfToken("/login")
	if r := c.get("/"); r.status != http.StatusOK || !strings.Contains(r.body, `lang="en"`) {
		t.Fatalf("dashboard after login: HTTP %d", r.status)
	}

	// A request is in flight (its body half sent) when SIGTERM arrives.
	form := url.Values{"_csrf": {c.csrfToken("/account")}, "language": {"de"}}.Encode()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "POST /account/language HTTP/1.1\r\nHost: %s\r\nContent-Type: application/x-www-form-urlencoded\r\n"+
		"Content-Length: %d\r\nCookie: %s\r\nConnection: close\r\n\r\n%s", addr, len(form), c.cookieHeader(), form[:5])
	time.Sleep(100 * time.Millisecond) // let the server start reading it
	if err := portal.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the portal to stop accepting connections", func() bool {
		probe, err := net.DialTimeout("tcp", addr, 100*time.Millisecond)
		if err == nil {
			probe.Close()
		}
		return err != nil
	})
	time.Sleep(500 * time.Millisecond) // the request is still in flight well after the signal
	io.WriteString(conn, form[5:])
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("the request in flight got no answer: %v\n%s", err, portal.stderr.String())
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Errorf("the request in flight: HTTP %d, want 303", resp.StatusCode)
	}
	if code := portal.wait(t); code != 0 {
		t.Errorf("exit status after SIGTERM: %d\n%s", code, portal.stderr.String())
	}
	for _, want := range []string{"shutting down", "database closed"} {
		if !strings.Contains(portal.stderr.String(), want) {
			t.Errorf("log lacks %q:\n%s", want, portal.stderr.String())
		}
	}
	if _, err := os.Stat(filepath.Join(env["DATA_DIR"], "bbbportal.db-wal")); !os.IsNotExist(err) {
		t.Errorf("the write-ahead log is still there after the shutdown (%v): the database was not closed cleanly", err)
	}
	if code, _, _ := runProgram(t, map[string]string{"LISTEN_ADDR": addr}, "", "healthcheck"); code != 1 {
		t.Errorf("healthcheck of the stopped portal: exit %d, want 1", code)
	}

	// Restarted with a new key first and the old one still accepted: the session lives on,
	// with the change the request in flight made.
	env["SESSION_KEYS"] = keyB + "," + keyA
	portal = startServe(t, env)
	if r := c.get("/"); r.status != http.StatusOK || !strings.Contains(r.body, `lang="de"`) {
		t.Errorf("after a restart with rotated keys: HTTP %d, want the dashboard in German", r.status)
	}
	if r := formA1.postLogin(tokenA1, "admin@example.org", "a long password"); r.status != http.StatusSeeOther || r.location != "/" {
		t.Errorf("a sign-in form opened under the old key, sent while it is still accepted: HTTP %d to %q, want a redirect to /", r.status, r.location)
	}
	c.useCookies(nil)
	c.login("admin@example.org", "a long password")
	signedWithB := c.cookies()
	portal.stop(t)

	// The old key dropped: a sign-in form it signed is refused and signs nobody in; a form
	// opened again works. Sessions started under either key live on.
	env["SESSION_KEYS"] = keyB
	startServe(t, env)
	if r := formA2.postLogin(tokenA2, "admin@example.org", "a long password"); r.status != http.StatusForbidden || r.location != "" {
		t.Errorf("a sign-in form signed with the dropped key: HTTP %d to %q, want 403", r.status, r.location)
	}
	if r := formA2.get("/"); r.status != http.StatusSeeOther || !strings.HasPrefix(r.location, "/login") {
		t.Errorf("after the refused sign-in form: HTTP %d to %q, want a redirect to /login", r.status, r.location)
	}
	formA2.login("admin@example.org", "a long password")
	for name, cookies := range map[string][]*http.Cookie{"the old key": signedWithA, "the new key": signedWithB} {
		c.useCookies(cookies)
		if r := c.get("/"); r.status != http.StatusOK || !strings.Contains(r.body, `lang="de"`) {
			t.Errorf("a session started under %s after the old key was dropped: HTTP %d to %q, want the dashboard", name, r.status, r.location)
		}
	}
}

// servedPortal is "bbbportal serve" running as a process.
type servedPortal struct {
	cmd    *exec.Cmd
	stderr *lockedBuffer
	done   chan struct{}
}

// startServe starts the portal and waits until /healthz answers 200.
func startServe(t *testing.T, env map[string]string) *servedPortal {
	t.Helper()
	p := &servedPortal{cmd: program(t, env, "serve"), stderr: &lockedBuffer{}, done: make(chan struct{})}
	p.cmd.Stderr = p.stderr
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { p.cmd.Wait(); close(p.done) }()
	t.Cleanup(func() {
		select {
		case <-p.done:
		default:
			p.stop(t)
		}
	})
	health := "http://" + env["LISTEN_ADDR"] + "/healthz"
	waitFor(t, "/healthz to answer 200", func() bool {
		select {
		case <-p.done:
			t.Fatalf("the portal exited with %d:\n%s", p.cmd.ProcessState.ExitCode(), p.stderr.String())
		default:
		}
		resp, err := http.Get(health)
		if err != nil {
			return false
		}
		resp.Body.Close()
		return resp.StatusCode == http.StatusOK
	})
	return p
}

// wait returns the exit code once the process has ended.
func (p *servedPortal) wait(t *testing.T) int {
	t.Helper()
	select {
	case <-p.done:
		return p.cmd.ProcessState.ExitCode()
	case <-time.After(20 * time.Second):
		p.cmd.Process.Kill()
		t.Fatalf("the portal did not exit:\n%s", p.stderr.String())
		return -1
	}
}

// stop sends SIGTERM and expects a clean exit.
func (p *servedPortal) stop(t *testing.T) {
	t.Helper()
	p.cmd.Process.Signal(syscall.SIGTERM)
	if code := p.wait(t); code != 0 {
		t.Errorf("exit status after SIGTERM: %d\n%s", code, p.stderr.String())
	}
}

// client is a cookie-keeping HTTP client that does not follow redirects.
type client struct {
	t    *testing.T
	base *url.URL
	http *http.Client
}

type answer struct {
	status   int
	location string
	body     string
}

func newClient(t *testing.T, base string) *client {
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	c := &client{t: t, base: u, http: &http.Client{
		Timeout:       10 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
	c.useCookies(nil)
	return c
}

func (c *client) do(req *http.Request) answer {
	c.t.Helper()
	resp, err := c.http.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return answer{resp.StatusCode, resp.Header.Get("Location"), string(body)}
}

func (c *client) get(path string) answer {
	c.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, c.base.String()+path, nil)
	return c.do(req)
}

var csrfField = regexp.MustCompile(`name="_csrf" value="([^"]+)"`)

// csrfToken returns the CSRF token of the form on page path.
func (c *client) csrfToken(path string) string {
	c.t.Helper()
	m := csrfField.FindStringSubmatch(c.get(path).body)
	if m == nil {
		r := c.get(path)
		c.t.Fatalf("no CSRF field on %s: HTTP %d %q\n%s", path, r.status, r.location, r.body)
	}
	return m[1]
}

func (c *client) login(email, password string) {
	c.t.Helper()
	if r := c.postLogin(c.csrfToken("/login"), email, password); r.status != http.StatusSeeOther || r.location != "/" {
		c.t.Fatalf("login as %s: HTTP %d to %q", email, r.status, r.location)
	}
}

// postLogin sends the sign-in form with the given CSRF token.
func (c *client) postLogin(csrf, email, password string) answer {
	c.t.Helper()
	form := url.Values{"_csrf": {csrf}, "email": {email}, "password": {password}}
	req, _ := http.NewRequest(http.MethodPost, c.base.String()+"/login", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return c.do(req)
}

func (c *client) cookies() []*http.Cookie { return c.http.Jar.Cookies(c.base) }

// useCookies replaces every cookie of the client.
func (c *client) useCookies(cookies []*http.Cookie) {
	jar, _ := cookiejar.New(nil)
	jar.SetCookies(c.base, cookies)
	c.http.Jar = jar
}

func (c *client) cookieHeader() string {
	var parts []string
	for _, k := range c.cookies() {
		parts = append(parts, k.Name+"="+k.Value)
	}
	return strings.Join(parts, "; ")
}

// freeAddr returns a loopback address nothing listens on.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// httpServer serves h on a loopback address until the test ends and returns the address.
func httpServer(t *testing.T, h http.Handler) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: h}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return ln.Addr().String()
}

func waitFor(t *testing.T, what string, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
