package portal

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"bbbportal/bbb"
	"bbbportal/bbb/bbbsim"
)

const testSecret = "a-school-secret-0123456789"

type logBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestSettleChecksumWithEachAnswerShape: what the portal logs, and whether it goes on, for each
// way a server answers the checksum probe.
func TestSettleChecksumWithEachAnswerShape(t *testing.T) {
	t.Parallel()
	sim := func(o bbbsim.Options) http.Handler {
		if o.Secret == "" {
			o.Secret = testSecret
		}
		s := bbbsim.New(o)
		t.Cleanup(s.Close)
		return s
	}
	proxyDown := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusBadGateway)
		io.WriteString(w, "<html><body><h1>502 Bad Gateway</h1></body></html>")
	})
	notBBB := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusNotFound)
		io.WriteString(w, "<html><body>Not Found</body></html>")
	})
	for _, tc := range []struct {
		name    string
		server  http.Handler // nil: nothing listens
		setting string
		ok      bool   // settled: the portal goes on
		want    string // in the log
		alg     bbb.Algorithm
	}{
		{"BBB accepting every algorithm", sim(bbbsim.Options{}), "auto", true, "chosen by auto-detection", bbb.SHA512},
		{"BBB refusing with HTTP 200 checksumError", sim(bbbsim.Options{AcceptedChecksums: []string{"sha1"}}), "auto", true, "chosen by auto-detection", bbb.SHA1},
		{"b3scale refusing with HTTP 500 checksumError", sim(bbbsim.Options{Profile: bbbsim.ProfileB3scale}), "auto", true, "chosen by auto-detection", bbb.SHA256},
		{"scalelite", sim(bbbsim.Options{Profile: bbbsim.ProfileScalelite}), "auto", true, "chosen by auto-detection", bbb.SHA512},
		{"pinned algorithm the server accepts", sim(bbbsim.Options{Profile: bbbsim.ProfileB3scale}), "sha1", true, "set by BIGBLUEBUTTON_CHECKSUM", bbb.SHA1},
		{"pinned algorithm b3scale refuses", sim(bbbsim.Options{Profile: bbbsim.ProfileB3scale}), "sha512", false, "refuses the checksum", bbb.SHA512},
		{"wrong secret", sim(bbbsim.Options{Secret: "another-secret-0123456789"}), "auto", false, "refuses every checksum algorithm: check BIGBLUEBUTTON_SECRET", bbb.Auto},
		{"wrong secret behind b3scale", sim(bbbsim.Options{Profile: bbbsim.ProfileB3scale, Secret: "another-secret-0123456789"}), "auto", false, "refuses every checksum algorithm", bbb.Auto},
		{"nothing listening", nil, "auto", false, "BBB server not reachable yet; retrying", bbb.Auto},
		{"proxy error page", proxyDown, "auto", false, "BBB server not reachable yet; retrying", bbb.Auto},
		{"not a BBB endpoint", notBBB, "auto", false, "answers, but not like the BBB API", bbb.Auto},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			endpoint := "http://127.0.0.1:1/bigbluebutton/api/"
			if tc.server != nil {
				ts := httptest.NewServer(tc.server)
				t.Cleanup(ts.Close)
				endpoint = ts.URL + "/bigbluebutton/api/"
			} else if ln, err := net.Listen("tcp", "127.0.0.1:0"); err == nil {
				endpoint = "http://" + ln.Addr().String() + "/bigbluebutton/api/"
				ln.Close()
			}
			alg, _ := bbb.ParseAlgorithm(tc.setting)
			client, err := bbb.New(endpoint, testSecret, bbb.WithChecksum(alg), bbb.WithTimeout(2*time.Second))
			if err != nil {
				t.Fatal(err)
			}
			logs := &logBuffer{}
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			done := make(chan bool, 1)
			go func() { done <- settleChecksum(ctx, client, tc.setting, slog.New(slog.NewTextHandler(logs, nil))) }()
			var ok bool
			select {
			case ok = <-done:
			case <-time.After(3 * time.Second): // still retrying, as it should while unreachable
				cancel()
				ok = <-done
			}
			if ok != tc.ok || !strings.Contains(logs.String(), tc.want) {
				t.Errorf("settled %v, log:\n%s\nwant settled %v and %q", ok, logs.String(), tc.ok, tc.want)
			}
			if got, _ := client.ChosenChecksum(); got != tc.alg {
				t.Errorf("the client signs with %q, want %q", got, tc.alg)
			}
			if tc.server != nil && tc.want != "BBB server not reachable yet; retrying" && strings.Contains(logs.String(), "not reachable") {
				t.Errorf("a server that answers was logged as not reachable:\n%s", logs.String())
			}
			if n := strings.Count(logs.String(), "BBB checksum algorithm"); tc.ok && n != 1 {
				t.Errorf("%d lines about the checksum algorithm, want one:\n%s", n, logs.String())
			}
		})
	}
}
