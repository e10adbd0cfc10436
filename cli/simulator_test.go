package cli

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"bbbportal/bbb"
)

// lockedBuffer collects a running command's output.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// runningSimulator is "bbbportal simulator" running in-process on a free loopback port.
type runningSimulator struct {
	endpoint, secret, control string
	stderr                    *lockedBuffer
	stop                      func() int // stops it like Ctrl-C and returns its exit code
	banner                    string     // what it printed when it started
}

var (
	endpointLine = regexp.MustCompile(`(?m)^endpoint: (\S+)$`)
	secretLine   = regexp.MustCompile(`(?m)^secret:\s+(\S+)$`)
	controlLine  = regexp.MustCompile(`(?m)^control:\s+(\S+)$`)
)

func startSimulator(t *testing.T, args ...string) *runningSimulator {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	stdout, stderr := &lockedBuffer{}, &lockedBuffer{}
	exit := make(chan int, 1)
	go func() {
		exit <- simulatorCommand(ctx, append([]string{"--listen", "127.0.0.1:0"}, args...), stdout, stderr)
	}()
	var once sync.Once
	code := -1
	stop := func() int {
		once.Do(func() { cancel(); code = <-exit })
		return code
	}
	t.Cleanup(func() { stop() })

	deadline := time.Now().Add(10 * time.Second)
	for !secretLine.MatchString(stdout.String()) {
		select {
		case c := <-exit:
			t.Fatalf("simulator exited with %d before serving:\n%s%s", c, stdout.String(), stderr.String())
		case <-time.After(5 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("simulator printed no endpoint and secret:\n%s%s", stdout.String(), stderr.String())
		}
	}
	out := stdout.String()
	r := &runningSimulator{stderr: stderr, stop: stop, banner: out}
	if m := endpointLine.FindStringSubmatch(out); m != nil {
		r.endpoint = m[1]
	}
	r.secret = secretLine.FindStringSubmatch(out)[1]
	if m := controlLine.FindStringSubmatch(out); m != nil {
		r.control = m[1]
	}
	if !strings.HasPrefix(r.endpoint, "http://127.0.0.1:") || !strings.HasSuffix(r.endpoint, "/bigbluebutton/api/") {
		t.Fatalf("endpoint line: %q", out)
	}
	return r
}

func (r *runningSimulator) client(t *testing.T, opts ...bbb.Option) *bbb.Client {
	t.Helper()
	c, err := bbb.New(r.endpoint, r.secret, append([]bbb.Option{bbb.WithTimeout(5 * time.Second)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// controlCall sends a signed control action and returns the HTTP status and body.
func (r *runningSimulator) controlCall(t *testing.T, base, action string, params url.Values) (int, string) {
	t.Helper()
	query := bbb.EncodeQuery(params)
	sum, err := bbb.Checksum(bbb.SHA256, action, query, r.secret)
	if err != nil {
		t.Fatal(err)
	}
	if query != "" {
		query += "&"
	}
	resp, err := http.Get(base + action + "?" + query + "checksum=" + sum)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

func TestSimulatorCommandServesTheAPI(t *testing.T) {
	t.Setenv("BIGBLUEBUTTON_SECRET", "")
	ctx := context.Background()
	sim := startSimulator(t)
	if len(sim.secret) != 40 {
		t.Errorf("random secret %q, want 40 hex characters", sim.secret)
	}
	if sim.control != "" {
		t.Errorf("control endpoint announced without --control: %s", sim.control)
	}
	c := sim.client(t)
	created, err := c.Create(ctx, bbb.CreateParams{Name: "Physics 101", MeetingID: "phys"})
	if err != nil {
		t.Fatal(err)
	}
	info, err := c.GetMeetingInfo(ctx, "phys")
	if err != nil || info.InternalMeetingID != created.InternalMeetingID || info.Name != "Physics 101" {
		t.Fatalf("GetMeetingInfo: %+v, %v", info, err)
	}
	if !strings.Contains(sim.stderr.String(), `meeting "phys" created`) {
		t.Errorf("meeting events not logged:\n%s", sim.stderr.String())
	}
	if strings.Contains(sim.stderr.String(), sim.secret) {
		t.Errorf("the log contains the secret:\n%s", sim.stderr.String())
	}

	// The control endpoint is off by default.
	base := strings.TrimSuffix(sim.endpoint, "api/") + "sim/control/"
	if status, _ := sim.controlCall(t, base, "enter", url.Values{"meetingID": {"phys"}, "fullName": {"Ada"}, "role": {"MODERATOR"}}); status != http.StatusNotFound {
		t.Errorf("control endpoint without --control: HTTP %d, want 404", status)
	}
	if code := sim.stop(); code != 0 {
		t.Errorf("exit code after an interrupt: %d", code)
	}
	if _, err := http.Get(sim.endpoint); err == nil {
		t.Errorf("still serving after the interrupt")
	}
}

func TestSimulatorCommandSecretSources(t *testing.T) {
	t.Setenv("BIGBLUEBUTTON_SECRET", "from-the-environment")
	if sim := startSimulator(t, "--quiet"); sim.secret != "from-the-environment" {
		t.Errorf("secret = %q, want the environment's", sim.secret)
	}
	sim := startSimulator(t, "--secret", "from-the-flag")
	if sim.secret != "from-the-flag" {
		t.Errorf("secret = %q, want the flag's", sim.secret)
	}
	if _, err := sim.client(t).GetMeetings(context.Background()); err != nil {
		t.Errorf("calls signed with the flag's secret: %v", err)
	}
}

func TestSimulatorCommandChecksums(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	sim := startSimulator(t, "--checksums", "sha1", "--quiet")
	if _, err := sim.client(t, bbb.WithChecksum(bbb.SHA256)).GetMeetings(ctx); !bbb.IsKey(err, "checksumError") {
		t.Errorf("SHA-256 checksum with --checksums sha1: %v, want checksumError", err)
	}
	if _, err := sim.client(t, bbb.WithChecksum(bbb.SHA1)).GetMeetings(ctx); err != nil {
		t.Errorf("SHA-1 checksum with --checksums sha1: %v", err)
	}
	if alg, err := sim.client(t).DetectChecksum(ctx); err != nil || alg != bbb.SHA1 {
		t.Errorf("DetectChecksum = %s, %v; want sha1", alg, err)
	}
}

// TestSimulatorCommandControlAndDuration drives the manual clock through the control endpoint:
// a meeting of one minute ends after two, unless --ignore-duration.
func TestSimulatorCommandControlAndDuration(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	for _, tc := range []struct {
		ignore    bool
		wantAlive bool
	}{{false, false}, {true, true}} {
		args := []string{"--control", "--manual-clock", "--quiet"}
		if tc.ignore {
			args = append(args, "--ignore-duration")
		}
		sim := startSimulator(t, args...)
		if sim.control == "" || !strings.HasSuffix(sim.control, "/bigbluebutton/sim/control/") {
			t.Fatalf("control line missing or wrong: %q", sim.control)
		}
		c := sim.client(t)
		one := 1
		if _, err := c.Create(ctx, bbb.CreateParams{Name: "Short", MeetingID: "short", Duration: &one}); err != nil {
			t.Fatal(err)
		}
		status, body := sim.controlCall(t, sim.control, "enter", url.Values{"meetingID": {"short"}, "fullName": {"Ada"}, "role": {"MODERATOR"}})
		if status != 200 || !strings.Contains(body, "SUCCESS") {
			t.Fatalf("control enter: HTTP %d %s", status, body)
		}
		if running, err := c.IsMeetingRunning(ctx, "short"); err != nil || !running {
			t.Fatalf("after control enter: running %v, %v", running, err)
		}
		if status, body := sim.controlCall(t, sim.control, "advance", url.Values{"duration": {"2m"}}); status != 200 || !strings.Contains(body, "SUCCESS") {
			t.Fatalf("control advance: HTTP %d %s", status, body)
		}
		_, err := c.GetMeetingInfo(ctx, "short")
		if alive := err == nil; alive != tc.wantAlive {
			t.Errorf("--ignore-duration=%v: meeting alive after 2 of 1 minutes = %v (%v)", tc.ignore, alive, err)
		}
		params := url.Values{"duration": {"1m"}}
		query := bbb.EncodeQuery(params) + "&checksum=" + strings.Repeat("0", 64)
		resp, err := http.Get(sim.control + "advance?" + query)
		if err != nil {
			t.Fatal(err)
		}
		body2, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if !strings.Contains(string(body2), "checksumError") {
			t.Errorf("unsigned control call: %s", body2)
		}
	}
}

// TestSimulatorCommandSeed: the same --seed gives the same passwords and voice bridge.
func TestSimulatorCommandSeed(t *testing.T) {
	t.Parallel()
	created := func(args ...string) *bbb.CreateResult {
		t.Helper()
		r, err := startSimulator(t, append(args, "--quiet")...).client(t).Create(context.Background(), bbb.CreateParams{Name: "Seeded", MeetingID: "seeded"})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	a, b, other := created("--seed", "42"), created("--seed", "42"), created("--seed", "43")
	if a.AttendeePW != b.AttendeePW || a.ModeratorPW != b.ModeratorPW || a.VoiceBridge != b.VoiceBridge {
		t.Errorf("--seed 42 twice: %+v and %+v differ", a, b)
	}
	if a.AttendeePW == other.AttendeePW && a.VoiceBridge == other.VoiceBridge {
		t.Errorf("--seed 42 and --seed 43 gave the same meeting: %+v", a)
	}
}

// TestSimulatorCommandDelays moves the manual clock through --end-delay, --processing-delay
// and --publish-delay: the meeting is still there during the end delay, and its recording
// is processing, then processed, then published.
func TestSimulatorCommandDelays(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	sim := startSimulator(t, "--control", "--manual-clock", "--quiet",
		"--end-delay", "10s", "--processing-delay", "1m", "--publish-delay", "2m")
	c := sim.client(t)
	yes := true
	if _, err := c.Create(ctx, bbb.CreateParams{Name: "Recorded", MeetingID: "rec", Record: &yes, AutoStartRecording: &yes}); err != nil {
		t.Fatal(err)
	}
	if status, body := sim.controlCall(t, sim.control, "enter", url.Values{"meetingID": {"rec"}, "fullName": {"Ada"}, "role": {"MODERATOR"}}); status != 200 {
		t.Fatalf("control enter: HTTP %d %s", status, body)
	}
	if err := c.End(ctx, "rec"); err != nil {
		t.Fatal(err)
	}
	advance := func(d string) {
		t.Helper()
		if status, body := sim.controlCall(t, sim.control, "advance", url.Values{"duration": {d}}); status != 200 {
			t.Fatalf("advance %s: HTTP %d %s", d, status, body)
		}
	}
	state := func() bbb.RecordingState {
		t.Helper()
		list, err := c.GetRecordings(ctx, bbb.RecordingsQuery{MeetingIDs: []string{"rec"}, States: []bbb.RecordingState{"any"}})
		if err != nil {
			t.Fatal(err)
		}
		if len(list.Recordings) == 0 {
			return ""
		}
		return list.Recordings[0].State
	}
	advance("9s")
	if _, err := c.GetMeetingInfo(ctx, "rec"); err != nil {
		t.Errorf("9 s into a 10 s end delay: %v, want the meeting still answered", err)
	}
	advance("1s")
	if _, err := c.GetMeetingInfo(ctx, "rec"); !bbb.IsKey(err, "notFound") {
		t.Errorf("after the end delay: %v, want notFound", err)
	}
	for _, step := range []struct {
		advance string
		want    bbb.RecordingState
	}{{"0s", "processing"}, {"59s", "processing"}, {"1s", "processed"}, {"119s", "processed"}, {"1s", "published"}} {
		advance(step.advance)
		if got := state(); got != step.want {
			t.Errorf("after another %s: recording %q, want %q", step.advance, got, step.want)
		}
	}
}

func TestSimulatorCommandBBBVersion(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	for _, tc := range []struct {
		version  string
		graphql  bool
		chatCode int
	}{{"3.0", true, 0}, {"2.7", false, http.StatusNotFound}} {
		sim := startSimulator(t, "--bbb-version", tc.version, "--quiet", "--auto-enter")
		c := sim.client(t)
		v, err := c.Version(ctx)
		if err != nil || (v.GraphqlAPIURL != "") != tc.graphql {
			t.Errorf("--bbb-version %s: index %+v, %v", tc.version, v, err)
		}
		if _, err := c.Create(ctx, bbb.CreateParams{Name: "Chat", MeetingID: "chat"}); err != nil {
			t.Fatal(err)
		}
		if err := c.SendChatMessage(ctx, "chat", "Hello", ""); tc.chatCode == 0 && !bbb.IsKey(err, bbb.KeyMeetingNotFound) {
			t.Errorf("--bbb-version %s: sendChatMessage before anyone entered: %v, want meetingNotFound", tc.version, err)
		}
		if _, err := c.Join(ctx, bbb.JoinParams{MeetingID: "chat", FullName: "Kim", Role: bbb.RoleModerator}); err != nil {
			t.Fatal(err) // --auto-enter: Kim is in the meeting
		}
		err = c.SendChatMessage(ctx, "chat", "Hello", "")
		var he *bbb.HTTPError
		if tc.chatCode == 0 && err != nil {
			t.Errorf("--bbb-version %s: sendChatMessage: %v", tc.version, err)
		}
		if tc.chatCode != 0 && (!errors.As(err, &he) || he.StatusCode != tc.chatCode) {
			t.Errorf("--bbb-version %s: sendChatMessage: %v, want HTTP %d", tc.version, err, tc.chatCode)
		}
	}
}

// TestSimulatorCommandProfiles: --profile makes the simulator behave like a load balancer.
func TestSimulatorCommandProfiles(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	scalelite := startSimulator(t, "--profile", "scalelite", "--quiet")
	c := scalelite.client(t)
	if _, err := c.Create(ctx, bbb.CreateParams{Name: "Maths", MeetingID: "maths"}); err != nil {
		t.Fatal(err)
	}
	if list, err := c.GetMeetings(ctx); err != nil || len(list) != 0 {
		t.Errorf("scalelite getMeetings: %d meetings, %v; want none (GET_MEETINGS_API_DISABLED)", len(list), err)
	}
	if _, err := c.GetMeetingInfo(ctx, "maths"); err != nil {
		t.Errorf("scalelite getMeetingInfo: %v", err)
	}
	if err := c.SendChatMessage(ctx, "maths", "Hello", ""); !bbb.IsKey(err, bbb.KeyUnsupportedRequest) {
		t.Errorf("scalelite sendChatMessage: %v, want unsupportedRequest", err)
	}

	b3scale := startSimulator(t, "--profile", "b3scale", "--quiet")
	c = b3scale.client(t, bbb.WithChecksum(bbb.Auto))
	alg, err := c.DetectChecksum(ctx)
	if err != nil || alg != bbb.SHA256 {
		t.Errorf("b3scale checksum detection: %q, %v; want sha256", alg, err)
	}
	if !strings.Contains(b3scale.banner, "profile:  b3scale") {
		t.Errorf("the start lines do not name the profile")
	}
}

func TestSimulatorCommandUsage(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--help"}, 0, "usage: bbbportal simulator"},
		{[]string{"-h"}, 0, "-ignore-duration"},
		{[]string{"--bogus"}, 2, "flag provided but not defined: -bogus"},
		{[]string{"--end-delay", "soon"}, 2, "invalid value"},
		{[]string{"--checksums", "md5"}, 2, `unknown algorithm "md5"`},
		{[]string{"--checksums", ","}, 2, "name at least one algorithm"},
		{[]string{"--manual-clock"}, 2, "--manual-clock needs --control"},
		{[]string{"--bbb-version", "2.6"}, 2, `"2.6" is not 2.7, 3.0 or 4.0`},
		{[]string{"--profile", "greenlight"}, 2, `--profile: "greenlight" is not one of bbb-2.7, bbb-3.0, bbb-4.0, scalelite, b3scale`},
		{[]string{"--profile", "b3scale", "--checksums", "sha512"}, 2, "b3scale accepts SHA-1 and SHA-256 only"},
		{[]string{"extra"}, 2, `unexpected argument "extra"`},
		{[]string{"--listen", "256.0.0.1:http"}, 1, "cannot listen on 256.0.0.1:http"},
	} {
		var out, errOut bytes.Buffer
		code := simulatorCommand(context.Background(), tc.args, &out, &errOut)
		if code != tc.code || !strings.Contains(errOut.String(), tc.want) {
			t.Errorf("simulator %v: exit %d, stderr %q; want %d and %q", tc.args, code, errOut.String(), tc.code, tc.want)
		}
		if out.Len() != 0 {
			t.Errorf("simulator %v printed on stdout: %q", tc.args, out.String())
		}
	}
}
