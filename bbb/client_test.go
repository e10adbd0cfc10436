package bbb_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"bbbportal/bbb"
)

func decodeBase64(t *testing.T, s string) []byte {
	t.Helper()
	b, err := base64.StdEncoding.DecodeString(strings.TrimSpace(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// testJoinErrorRedirect serves the captured 302 of a failed join and
// expects the error it carries in its errors= parameter.
func testJoinErrorRedirect(t *testing.T, capture []byte) {
	var location string
	sc := bufio.NewScanner(bytes.NewReader(capture))
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "Location: "); ok {
			location = v
		}
	}
	if location == "" {
		t.Fatal("no Location in the capture")
	}
	s := newFakeServer(t, allAlgorithms, nil)
	s.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Location", location)
		w.WriteHeader(http.StatusFound)
	})
	c := newClient(t, s)
	_, err := c.Join(context.Background(), bbb.JoinParams{FullName: "A", MeetingID: "m"})
	var e *bbb.Error
	if !errors.As(err, &e) || e.Key != "checksumError" || e.Message != "Checksums do not match" {
		t.Errorf("Join: got %v, want checksumError from the redirect", err)
	}
	resp, err := c.Call(context.Background(), "join", nil)
	if !bbb.IsKey(err, "checksumError") || resp == nil || resp.StatusCode != http.StatusFound {
		t.Errorf("Call(join): got %v, %v", resp, err)
	}
}

func TestMultiErrorEnvelope(t *testing.T) {
	t.Parallel()
	body := []byte(`<response><returncode>FAILED</returncode><errors><error><key>nonUniqueVoiceBridge</key><message>The selected voice bridge is already in use.</message></error></errors></response>`)
	_, err := bbb.ParseCreate(body)
	if !bbb.IsKey(err, "nonUniqueVoiceBridge") {
		t.Fatalf("got %v", err)
	}
	var e *bbb.Error
	errors.As(err, &e)
	if e.Message != "The selected voice bridge is already in use." {
		t.Errorf("message %q", e.Message)
	}
}

func TestLenientNumbersAndBooleans(t *testing.T) {
	t.Parallel()
	body := []byte(`<response><returncode>SUCCESS</returncode><meetingName>x</meetingName><participantCount>1,234</participantCount>
	<listenerCount> 7 </listenerCount><videoCount></videoCount><running>TRUE</running><recording>yes</recording>
	<createTime>1700000000000</createTime><endTime>0</endTime></response>`)
	m, err := bbb.ParseMeetingInfo(body)
	if err != nil {
		t.Fatal(err)
	}
	if m.ParticipantCount != 1234 || m.ListenerCount != 7 || m.VideoCount != 0 || !m.Running || m.Recording || !m.EndTime.IsZero() {
		t.Errorf("parsed %+v", m)
	}
	_, err = bbb.ParseMeetingInfo([]byte(`<response><returncode>SUCCESS</returncode><participantCount>many</participantCount></response>`))
	var pe *bbb.ParseError
	if !errors.As(err, &pe) || !strings.Contains(err.Error(), `"many" is not a number`) {
		t.Errorf("garbage count: %v", err)
	}
}

func TestTransportErrorsAreDistinct(t *testing.T) {
	t.Parallel()
	var hits atomic.Int32
	handler := func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		switch r.URL.Query().Get("meetingID") {
		case "bad-gateway":
			w.WriteHeader(http.StatusBadGateway)
			fmt.Fprint(w, "<html><body>502 Bad Gateway</body></html>")
		case "html":
			fmt.Fprint(w, "<!DOCTYPE html><html><body>Welcome to nginx!</body></html>")
		case "empty":
		case "huge":
			fmt.Fprint(w, "<response><returncode>SUCCESS</returncode><metadata><x>"+strings.Repeat("a", 5000)+"</x></metadata></response>")
		case "slow":
			time.Sleep(300 * time.Millisecond) // the slowness under test: longer than the client's timeout
			fmt.Fprint(w, "<response><returncode>SUCCESS</returncode></response>")
		case "noreturncode":
			fmt.Fprint(w, "<response><meetingName>x</meetingName></response>")
		}
	}
	srv := httptest.NewServer(http.HandlerFunc(handler))
	defer srv.Close()
	c, err := bbb.New(srv.URL+"/bigbluebutton/", "s3cret-value", bbb.WithTimeout(100*time.Millisecond), bbb.WithMaxResponseBytes(4096))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	get := func(id string) error { _, err := c.GetMeetingInfo(ctx, id); return err }

	var he *bbb.HTTPError
	if err := get("bad-gateway"); !errors.As(err, &he) || he.StatusCode != 502 || !strings.Contains(err.Error(), "HTTP 502") {
		t.Errorf("502: %v", err)
	}
	var pe *bbb.ParseError
	for _, id := range []string{"html", "empty", "noreturncode"} {
		if err := get(id); !errors.As(err, &pe) {
			t.Errorf("%s: got %v, want *ParseError", id, err)
		}
	}
	var tle *bbb.TooLargeError
	if err := get("huge"); !errors.As(err, &tle) || tle.Limit != 4096 {
		t.Errorf("huge: got %v", err)
	}
	var ne *bbb.NetworkError
	if err := get("slow"); !errors.As(err, &ne) || !ne.Timeout || !strings.Contains(err.Error(), "did not answer in time") {
		t.Errorf("slow: got %v", err)
	}
	dead := httptest.NewServer(http.NotFoundHandler())
	deadURL := dead.URL
	dead.Close()
	c2, _ := bbb.New(deadURL+"/bigbluebutton/api", "s3cret-value")
	_, err = c2.GetMeetings(ctx)
	if !errors.As(err, &ne) || ne.Timeout {
		t.Errorf("refused connection: got %v", err)
	}
	for _, e := range []error{err, get("slow"), get("bad-gateway")} {
		if strings.Contains(e.Error(), "checksum") || strings.Contains(e.Error(), "s3cret") || strings.Contains(e.Error(), "meetingID=") {
			t.Errorf("error leaks the signed URL or secret: %v", e)
		}
	}
}

func TestReadOnlyCallsRetryAndWritesDoNot(t *testing.T) {
	t.Parallel()
	var gets, ends atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case strings.HasSuffix(r.URL.Path, "/getMeetings"):
			if gets.Add(1) < 3 {
				w.WriteHeader(http.StatusServiceUnavailable)
				return
			}
			fmt.Fprint(w, `<response><returncode>SUCCESS</returncode><meetings/><messageKey>noMeetings</messageKey></response>`)
		case strings.HasSuffix(r.URL.Path, "/end"):
			ends.Add(1)
			w.WriteHeader(http.StatusServiceUnavailable)
		}
	}))
	defer srv.Close()
	c, _ := bbb.New(srv.URL+"/bigbluebutton/api/", "secret", bbb.WithRetry(3, time.Millisecond))
	ms, err := c.GetMeetings(context.Background())
	if err != nil || len(ms) != 0 || gets.Load() != 3 {
		t.Errorf("getMeetings after two 503s: %v, %v, %d attempts", ms, err, gets.Load())
	}
	if err := c.End(context.Background(), "m"); err == nil || ends.Load() != 1 {
		t.Errorf("end must not be retried: %v, %d attempts", err, ends.Load())
	}
}

func TestDetectChecksum(t *testing.T) {
	t.Parallel()
	tests := []struct {
		allowed map[string]bool
		want    bbb.Algorithm
	}{
		{allAlgorithms, bbb.SHA512},
		{map[string]bool{"sha1": true, "sha256": true}, bbb.SHA256},
		{map[string]bool{"sha1": true}, bbb.SHA1},
		{map[string]bool{"sha384": true, "sha1": true}, bbb.SHA384},
	}
	for _, tt := range tests {
		s := newFakeServer(t, tt.allowed, nil)
		c := newClient(t, s, bbb.WithChecksum(bbb.Auto))
		// The first real call detects, then uses the result.
		if _, err := c.GetMeetings(context.Background()); err != nil {
			t.Fatalf("%v: %v", tt.allowed, err)
		}
		if got := c.Algorithm(); got != tt.want {
			t.Errorf("allowed %v: detected %s, want %s", tt.allowed, got, tt.want)
		}
		reqs := s.all()
		last := reqs[len(reqs)-1]
		if last.call != "getMeetings" || !last.valid {
			t.Errorf("the call after detection was refused: %+v", last)
		}
		for _, r := range reqs[:len(reqs)-1] {
			if r.call != "isMeetingRunning" {
				t.Errorf("detection used %s, which is not harmless", r.call)
			}
		}
	}

	s := newFakeServer(t, allAlgorithms, nil)
	c, _ := bbb.New(s.endpoint(), "not-the-secret", bbb.WithChecksum(bbb.Auto))
	if _, err := c.DetectChecksum(context.Background()); !errors.Is(err, bbb.ErrWrongSecret) {
		t.Errorf("wrong secret: got %v", err)
	}
	if _, err := c.GetMeetings(context.Background()); !errors.Is(err, bbb.ErrWrongSecret) {
		t.Errorf("wrong secret on a call: got %v", err)
	}
}

// bbb-webhooks 2.x accepts only SHA-1 while bbb-web accepts SHA-256.
func TestHooksFallBackToSHA1(t *testing.T) {
	t.Parallel()
	s := newFakeServer(t, allAlgorithms, nil)
	s.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.Contains(r.URL.Path, "/hooks/") {
			s.allowed = map[string]bool{"sha1": true}
		} else {
			s.allowed = allAlgorithms
		}
		s.serve(w, r)
	})
	c := newClient(t, s, bbb.WithChecksum(bbb.SHA256))
	if _, err := c.ListHooks(context.Background(), ""); err != nil {
		t.Fatal(err)
	}
	if _, err := c.ListHooks(context.Background(), ""); err != nil {
		t.Fatal(err)
	}
	reqs := s.all()
	if len(reqs) != 3 || reqs[0].valid || !reqs[1].valid || !reqs[2].valid {
		t.Errorf("want one refused SHA-256 try, then SHA-1 for good; got %d requests", len(reqs))
	}
	if _, err := c.GetMeetings(context.Background()); err != nil || !strings.Contains(s.last(t).rawQuery, "checksum=") ||
		len(s.last(t).params.Get("checksum")) != 64 {
		t.Errorf("bbb-web calls must keep SHA-256: %v", err)
	}
}

func TestNormalizeEndpoint(t *testing.T) {
	t.Parallel()
	for _, in := range []string{
		"https://bbb.example.com/bigbluebutton/api/",
		"https://bbb.example.com/bigbluebutton/api",
		"https://bbb.example.com/bigbluebutton/",
		"https://bbb.example.com/bigbluebutton",
		" https://bbb.example.com/bigbluebutton/api// ",
	} {
		got, err := bbb.NormalizeEndpoint(in)
		if err != nil || got != "https://bbb.example.com/bigbluebutton/api/" {
			t.Errorf("NormalizeEndpoint(%q) = %q, %v", in, got, err)
		}
	}
	for _, in := range []string{"", "bbb.example.com", "ftp://bbb.example.com/bigbluebutton/", "https://bbb.example.com/",
		"https://bbb.example.com/bigbluebutton/api?x=1", "https:///bigbluebutton/"} {
		if _, err := bbb.NormalizeEndpoint(in); err == nil {
			t.Errorf("NormalizeEndpoint(%q) accepted", in)
		}
	}
	if _, err := bbb.New("https://bbb.example.com/bigbluebutton/", ""); err == nil {
		t.Error("empty secret accepted")
	}
}

func TestVersionNeedsNoChecksum(t *testing.T) {
	t.Parallel()
	s := newFakeServer(t, allAlgorithms, func(call string, r *http.Request) string {
		if call == "" {
			return string(readFixture(t, "bigbluebutton-api-php/responses/api_version.xml"))
		}
		return ""
	})
	c, _ := bbb.New(s.endpoint(), "wrong secret")
	v, err := c.Version(context.Background())
	if err != nil || v.BBBVersion != "3.0.19" {
		t.Fatalf("version: %v, %v", v, err)
	}
	got := s.last(t)
	if got.rawQuery != "" || got.call != "" {
		t.Errorf("version request %q?%q", got.call, got.rawQuery)
	}
}

func TestLoggerNeverSeesSecretOrChecksum(t *testing.T) {
	t.Parallel()
	s := newFakeServer(t, allAlgorithms, nil)
	var buf bytes.Buffer
	c := newClient(t, s, bbb.WithLogger(slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))))
	if _, err := c.Join(context.Background(), bbb.JoinParams{FullName: "A", MeetingID: "m"}); err != nil {
		t.Fatal(err)
	}
	sum := s.last(t).params.Get("checksum")
	out := buf.String()
	if !strings.Contains(out, "checksum=REDACTED") || strings.Contains(out, sum) || strings.Contains(out, s.secret) {
		t.Errorf("log line: %s", out)
	}
}

func TestFailedAnswersAreErrorsAndEmptyListsAreNot(t *testing.T) {
	t.Parallel()
	s := newFakeServer(t, allAlgorithms, func(call string, r *http.Request) string {
		switch call {
		case "getMeetingInfo":
			return `<response><returncode>FAILED</returncode><messageKey>notFound</messageKey><message>A meeting with that ID does not exist</message></response>`
		case "getRecordings":
			return string(readFixture(t, "bbb-server-source/get_recordings_empty.xml"))
		case "getMeetings":
			return string(readFixture(t, "bbb-server-source/get_meetings_empty.xml"))
		}
		return ""
	})
	c := newClient(t, s)
	_, err := c.GetMeetingInfo(context.Background(), "gone")
	if !bbb.IsKey(err, "notFound") || bbb.IsKey(err, "other") {
		t.Errorf("getMeetingInfo: %v", err)
	}
	if l, err := c.GetRecordings(context.Background(), bbb.RecordingsQuery{}); err != nil || len(l.Recordings) != 0 {
		t.Errorf("noRecordings: %v, %v", l, err)
	}
	if ms, err := c.GetMeetings(context.Background()); err != nil || len(ms) != 0 {
		t.Errorf("noMeetings: %v, %v", ms, err)
	}
}

func TestContextCancellation(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done()
	}))
	defer srv.Close()
	c, _ := bbb.New(srv.URL+"/bigbluebutton/api/", "secret", bbb.WithTimeout(time.Minute))
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := c.GetMeetings(ctx)
	if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > 5*time.Second {
		t.Errorf("got %v after %v", err, time.Since(start))
	}
}
