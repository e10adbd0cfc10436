package main

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// apiServer answers like BBB: FAILED checksumError unless the secret is
// "right", a meeting for getMeetingInfo, notFound for meeting "gone".
func apiServer(t *testing.T) *httptest.Server {
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.URL.Query().Get("meetingID") == "gone":
			fmt.Fprint(w, `<response><returncode>FAILED</returncode><messageKey>notFound</messageKey><message>A meeting with that ID does not exist</message></response>`)
		case strings.HasSuffix(r.URL.Path, "/getMeetingInfo"):
			fmt.Fprint(w, `<response><returncode>SUCCESS</returncode><meetingName>Physik</meetingName><meetingID>`+r.URL.Query().Get("meetingID")+
				`</meetingID><createTime>1700000000000</createTime><attendees/><metadata><bbb-origin>x</bbb-origin></metadata></response>`)
		default:
			w.WriteHeader(http.StatusBadGateway)
		}
	}))
	t.Cleanup(s.Close)
	return s
}

func runAPIForTest(t *testing.T, env map[string]string, args ...string) (int, string, string) {
	t.Helper()
	for k, v := range env {
		t.Setenv(k, v)
	}
	var out, errOut bytes.Buffer
	code := apiCommand(args, &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestAPICommand(t *testing.T) {
	s := apiServer(t)
	env := map[string]string{"BIGBLUEBUTTON_ENDPOINT": s.URL + "/bigbluebutton/", "BIGBLUEBUTTON_SECRET": "right"}

	code, out, _ := runAPIForTest(t, env, "getMeetingInfo", "meetingID=a b")
	if code != 0 || !strings.Contains(out, "  <meetingName>Physik</meetingName>") || !strings.Contains(out, "<meetingID>a b</meetingID>") {
		t.Errorf("XML: exit %d\n%s", code, out)
	}
	code, out, _ = runAPIForTest(t, env, "--json", "getMeetingInfo", "meetingID=x")
	if code != 0 || !strings.Contains(out, `"meetingName": "Physik"`) || !strings.Contains(out, `"bbb-origin": "x"`) {
		t.Errorf("JSON: exit %d\n%s", code, out)
	}
	code, _, errOut := runAPIForTest(t, env, "getMeetingInfo", "meetingID=gone")
	if code != 1 || strings.TrimSpace(errOut) != "notFound: A meeting with that ID does not exist" {
		t.Errorf("FAILED: exit %d stderr %q", code, errOut)
	}
	code, out, _ = runAPIForTest(t, env, "join", "meetingID=m", "--url", "fullName=Zoë O'Neil", "--checksum", "sha1")
	if code != 0 || !strings.HasPrefix(out, s.URL+"/bigbluebutton/api/join?fullName=Zo%C3%AB%20O%27Neil&meetingID=m&checksum=") ||
		len(strings.TrimSpace(out[strings.Index(out, "checksum=")+9:])) != 40 {
		t.Errorf("--url: exit %d %q", code, out)
	}
	code, _, errOut = runAPIForTest(t, env, "getMeetings")
	if code != 2 || !strings.Contains(errOut, "HTTP 502") {
		t.Errorf("502: exit %d %q", code, errOut)
	}
	code, _, errOut = runAPIForTest(t, env, "create", "novalue")
	if code != 2 || !strings.Contains(errOut, "not key=value") {
		t.Errorf("usage: exit %d %q", code, errOut)
	}
	code, _, errOut = runAPIForTest(t, env, "--checksum", "md5", "getMeetings")
	if code != 2 || !strings.Contains(errOut, "md5") {
		t.Errorf("bad checksum: exit %d %q", code, errOut)
	}
	code, _, errOut = runAPIForTest(t, map[string]string{"BIGBLUEBUTTON_ENDPOINT": "", "BIGBLUEBUTTON_SECRET": "x"}, "getMeetings")
	if code != 2 || !strings.Contains(errOut, "BIGBLUEBUTTON_ENDPOINT") {
		t.Errorf("no endpoint: exit %d %q", code, errOut)
	}
	code, _, errOut = runAPIForTest(t, env, "--endpoint", "https://bbb.example.com/", "getMeetings")
	if code != 2 || !strings.Contains(errOut, "/bigbluebutton/api/") {
		t.Errorf("bad endpoint: exit %d %q", code, errOut)
	}
	code, _, errOut = runAPIForTest(t, env, "--help")
	if code != 0 || !strings.Contains(errOut, "usage: bbbportal api") || !strings.Contains(errOut, "-checksum") {
		t.Errorf("help: exit %d %q", code, errOut)
	}
}
