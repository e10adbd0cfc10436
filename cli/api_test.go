package cli

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"bbbportal/bbb/bbbsim"
)

const apiTestSecret = "639259d4-9dd8-4b25-bf01-95f9567eaf4b"

// apiSim is the BBB simulator on loopback, on a clock the test moves.
type apiSim struct {
	t     *testing.T
	sim   *bbbsim.Server
	clock *bbbsim.ManualClock
	url   string
	env   map[string]string
}

func newAPISim(t *testing.T) *apiSim {
	t.Helper()
	clock := bbbsim.NewManualClock(time.Date(2024, 5, 9, 13, 35, 28, 0, time.UTC))
	sim := bbbsim.New(bbbsim.Options{Secret: apiTestSecret, Clock: clock, Seed: 7,
		EndDelay: time.Second, ProcessingDelay: time.Minute, PublishDelay: time.Minute})
	srv := httptest.NewServer(sim)
	t.Cleanup(func() { srv.Close(); sim.Close() })
	return &apiSim{t: t, sim: sim, clock: clock, url: srv.URL,
		env: map[string]string{"BIGBLUEBUTTON_ENDPOINT": srv.URL + "/bigbluebutton/", "BIGBLUEBUTTON_SECRET": apiTestSecret}}
}

// run runs "bbbportal api ARGS" with stdin and returns its exit code and output. No output
// may ever contain the shared secret.
func (a *apiSim) run(stdin string, args ...string) (int, string, string) {
	a.t.Helper()
	for k, v := range a.env {
		a.t.Setenv(k, v)
	}
	var out, errOut bytes.Buffer
	code := apiCommand(args, strings.NewReader(stdin), &out, &errOut)
	if strings.Contains(out.String()+errOut.String(), apiTestSecret) {
		a.t.Fatalf("api %v printed the secret:\n%s%s", args, out.String(), errOut.String())
	}
	return code, out.String(), errOut.String()
}

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestAPICommand(t *testing.T) {
	a := newAPISim(t)

	code, out, _ := a.run("", "create", "meetingID=a b", "name=Physik 101", "meta_bbb-origin=cli")
	if code != 0 || !strings.Contains(out, "  <returncode>SUCCESS</returncode>") {
		t.Fatalf("create: exit %d\n%s", code, out)
	}
	code, out, _ = a.run("", "getMeetingInfo", "meetingID=a b")
	if code != 0 || !strings.Contains(out, "  <meetingName>Physik 101</meetingName>") || !strings.Contains(out, "<meetingID>a b</meetingID>") {
		t.Errorf("XML: exit %d\n%s", code, out)
	}
	code, out, _ = a.run("", "--json", "getMeetingInfo", "meetingID=a b")
	if code != 0 || !strings.Contains(out, `"meetingName": "Physik 101"`) || !strings.Contains(out, `"bbb-origin": "cli"`) {
		t.Errorf("JSON: exit %d\n%s", code, out)
	}
	code, _, errOut := a.run("", "getMeetingInfo", "meetingID=gone")
	if code != 1 || strings.TrimSpace(errOut) != "notFound: A meeting with that ID does not exist" {
		t.Errorf("FAILED: exit %d stderr %q", code, errOut)
	}

	// --url prints a URL the server accepts as it is.
	code, out, _ = a.run("", "join", "meetingID=a b", "--url", "fullName=Zoë O'Neil", "role=MODERATOR", "--checksum", "sha1")
	if code != 0 || !strings.HasPrefix(out, a.url+"/bigbluebutton/api/join?fullName=Zo%C3%AB%20O%27Neil&meetingID=a%20b&role=MODERATOR&checksum=") ||
		len(strings.TrimSpace(out[strings.Index(out, "checksum=")+9:])) != 40 {
		t.Fatalf("--url: exit %d %q", code, out)
	}
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noFollow.Get(strings.TrimSpace(out))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusFound || !strings.Contains(resp.Header.Get("Location"), "/bigbluebutton/sim/client?sessionToken=") {
		t.Errorf("the printed join URL: HTTP %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	// A join without --url shows the redirect instead of following it.
	code, out, _ = a.run("", "join", "meetingID=a b", "fullName=Ada", "role=VIEWER")
	if code != 0 || !strings.HasPrefix(out, "HTTP 302 redirect to "+a.url+"/bigbluebutton/sim/client?sessionToken=") {
		t.Errorf("join: exit %d %q", code, out)
	}

	a.sim.SetFault("getMeetings", bbbsim.Fault{Status: http.StatusBadGateway, Times: 1})
	code, _, errOut = a.run("", "getMeetings")
	if code != 2 || !strings.Contains(errOut, "HTTP 502") {
		t.Errorf("502: exit %d %q", code, errOut)
	}
	a.sim.SetFault("getMeetings", bbbsim.Fault{Latency: 2 * time.Second, Times: 1})
	code, _, errOut = a.run("", "--timeout", "100ms", "getMeetings")
	if code != 2 || !strings.Contains(errOut, "did not answer in time") {
		t.Errorf("--timeout: exit %d %q", code, errOut)
	}
	code, out, _ = a.run("", "--checksum", "auto", "--json", "getMeetings")
	if code != 0 || !strings.Contains(out, `"meetingID": "a b"`) {
		t.Errorf("--checksum auto: exit %d %q", code, out)
	}

	for _, tc := range []struct {
		name string
		env  map[string]string
		args []string
		want string
	}{
		{"not key=value", nil, []string{"create", "novalue"}, "not key=value"},
		{"unknown checksum", nil, []string{"--checksum", "md5", "getMeetings"}, "md5"},
		{"unknown flag", nil, []string{"--bogus", "getMeetings"}, "bogus"},
		{"no call", nil, nil, "name the API call"},
		{"no endpoint", map[string]string{"BIGBLUEBUTTON_ENDPOINT": ""}, []string{"getMeetings"}, "BIGBLUEBUTTON_ENDPOINT"},
		{"no secret", map[string]string{"BIGBLUEBUTTON_SECRET": ""}, []string{"getMeetings"}, "BIGBLUEBUTTON_SECRET"},
		{"bad endpoint", nil, []string{"--endpoint", "https://bbb.example.com/", "getMeetings"}, "/bigbluebutton/api/"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for k, v := range tc.env {
				t.Setenv(k, v)
			}
			var out, errOut bytes.Buffer
			code := apiCommand(tc.args, strings.NewReader(""), &out, &errOut)
			if code != 2 || !strings.Contains(errOut.String(), tc.want) {
				t.Errorf("exit %d, stderr %q; want 2 and %q", code, errOut.String(), tc.want)
			}
		})
	}

	code, _, errOut = a.run("", "--help")
	for _, want := range []string{"usage: bbbportal api", "-checksum", "doc=URL", "--body FILE", "--file FILE", "putRecordingTextTrack"} {
		if code != 0 || !strings.Contains(errOut, want) {
			t.Errorf("help: exit %d, no %q in\n%s", code, want, errOut)
		}
	}
}

func TestAPICommandPOSTCalls(t *testing.T) {
	a := newAPISim(t)
	if code, out, errOut := a.run("", "create", "meetingID=post", "name=Posted", "record=true", "autoStartRecording=true"); code != 0 {
		t.Fatalf("create: exit %d\n%s%s", code, out, errOut)
	}

	// insertDocument: documents as doc=URL, as a --body file and from standard input.
	code, out, errOut := a.run("", "insertDocument", "meetingID=post", "doc=https://example.com/a.pdf", "doc=https://example.com/b.pdf")
	if code != 0 || !strings.Contains(out, "Presentation is being uploaded") {
		t.Fatalf("insertDocument doc=: exit %d\n%s%s", code, out, errOut)
	}
	modules := `<?xml version="1.0" encoding="UTF-8"?><modules><module name="presentation">` +
		`<document url="https://example.com/download?id=7" filename="week-1.pdf"/></module></modules>`
	if code, out, errOut = a.run("", "insertDocument", "meetingID=post", "--body", writeFile(t, "modules.xml", modules)); code != 0 {
		t.Fatalf("insertDocument --body: exit %d\n%s%s", code, out, errOut)
	}
	if code, out, errOut = a.run(strings.ReplaceAll(modules, "week-1", "week-2"), "insertDocument", "meetingID=post", "--body", "-"); code != 0 {
		t.Fatalf("insertDocument --body -: exit %d\n%s%s", code, out, errOut)
	}
	m, _ := a.sim.Meeting("post")
	if got := strings.Join(m.Documents, " "); got != "https://example.com/a.pdf https://example.com/b.pdf week-1.pdf week-2.pdf" {
		t.Fatalf("documents in the meeting: %s", got)
	}
	code, _, errOut = a.run("", "insertDocument", "meetingID=post", "--body", writeFile(t, "m.xml", modules), "--content-type", "text/plain")
	if code != 1 || !strings.Contains(errOut, "unsupportedContentType") {
		t.Errorf("wrong --content-type: exit %d %q", code, errOut)
	}
	code, _, errOut = a.run("", "insertDocument", "meetingID=nope", "doc=https://example.com/a.pdf")
	if code != 1 || !strings.Contains(errOut, "notFound") {
		t.Errorf("insertDocument into an unknown meeting: exit %d %q", code, errOut)
	}

	// create with a body.
	if code, out, errOut = a.run("", "create", "meetingID=with-body", "name=With body", "--body", writeFile(t, "create.xml", modules)); code != 0 {
		t.Fatalf("create --body: exit %d\n%s%s", code, out, errOut)
	}
	if got := string(a.sim.LastCreateBody("with-body")); got != modules {
		t.Errorf("create body received: %q", got)
	}
	if code, out, errOut = a.run("", "create", "meetingID=with-doc", "name=With doc", "doc=https://example.com/c.pdf"); code != 0 {
		t.Fatalf("create doc=: exit %d\n%s%s", code, out, errOut)
	}
	if got := string(a.sim.LastCreateBody("with-doc")); !strings.Contains(got, `<document url="https://example.com/c.pdf"/>`) {
		t.Errorf("create doc= body received: %q", got)
	}
	if q := a.sim.LastCreateQuery("with-doc"); q.Has("doc") {
		t.Errorf("doc= was sent as a parameter too: %v", q)
	}

	// putRecordingTextTrack uploads a caption file to a recording.
	if _, err := a.sim.AddUser("post", "Ada", "MODERATOR"); err != nil {
		t.Fatal(err)
	}
	a.clock.Advance(10 * time.Minute)
	a.run("", "end", "meetingID=post")
	a.clock.Advance(time.Second + 2*time.Minute)
	recordID := m.InternalMeetingID
	const vtt = "WEBVTT\n\n00:00.000 --> 00:02.000\nGuten Tag\n"
	code, out, errOut = a.run("", "putRecordingTextTrack", "recordID="+recordID, "kind=subtitles", "lang=de-DE", "label=Deutsch", "--file", writeFile(t, "de.vtt", vtt))
	if code != 0 || !strings.Contains(out, `"messageKey": "upload_text_track_success"`) {
		t.Fatalf("putRecordingTextTrack: exit %d\n%s%s", code, out, errOut)
	}
	a.clock.Advance(time.Minute)
	code, out, _ = a.run("", "--json", "getRecordingTextTracks", "recordID="+recordID)
	if code != 0 || !strings.Contains(out, `"lang": "de-DE"`) || !strings.Contains(out, `"label": "Deutsch"`) {
		t.Fatalf("getRecordingTextTracks: exit %d\n%s", code, out)
	}
	href := out[strings.Index(out, `"href": "`)+len(`"href": "`):]
	resp, err := http.Get(href[:strings.IndexByte(href, '"')])
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if string(got) != vtt {
		t.Errorf("uploaded caption file served as %q", got)
	}
	code, _, errOut = a.run("", "putRecordingTextTrack", "recordID="+recordID, "kind=bogus", "lang=de-DE", "--file", writeFile(t, "x.vtt", vtt))
	if code != 1 || !strings.HasPrefix(errOut, "invalidKind: ") {
		t.Errorf("putRecordingTextTrack kind=bogus: exit %d %q", code, errOut)
	}

	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"insertDocument", "meetingID=post"}, "insertDocument needs the documents"},
		{[]string{"putRecordingTextTrack", "recordID=" + recordID, "kind=subtitles", "lang=de"}, "--file FILE"},
		{[]string{"getMeetings", "--file", "x.vtt"}, "--file is for putRecordingTextTrack"},
		{[]string{"getMeetings", "doc=https://example.com/a.pdf"}, "doc=URL is for create and insertDocument"},
		{[]string{"insertDocument", "meetingID=post", "doc=https://example.com/a.pdf", "--body", "m.xml"}, "not both"},
		{[]string{"insertDocument", "meetingID=post", "doc=ftp://example.com/a.pdf"}, "http or https"},
		{[]string{"insertDocument", "meetingID=post", "--body", filepath.Join(t.TempDir(), "missing.xml")}, "--body"},
		{[]string{"putRecordingTextTrack", "recordID=r", "kind=subtitles", "lang=de", "--file", filepath.Join(t.TempDir(), "missing.vtt")}, "--file"},
	} {
		code, _, errOut := a.run("", tc.args...)
		if code != 2 || !strings.Contains(errOut, tc.want) {
			t.Errorf("api %v: exit %d, stderr %q; want 2 and %q", tc.args, code, errOut, tc.want)
		}
	}
}

// TestAPICommandEndpointForms accepts the endpoint as the API URL (with or without the
// trailing slash) and as what "bbb-conf --secret" prints.
func TestAPICommandEndpointForms(t *testing.T) {
	a := newAPISim(t)
	for _, endpoint := range []string{a.url + "/bigbluebutton/api/", a.url + "/bigbluebutton/api", a.url + "/bigbluebutton/"} {
		a.env["BIGBLUEBUTTON_ENDPOINT"] = endpoint
		code, out, errOut := a.run("", "isMeetingRunning", "meetingID=none")
		if code != 0 || !strings.Contains(out, "<running>false</running>") {
			t.Errorf("BIGBLUEBUTTON_ENDPOINT=%s: exit %d\n%s%s", endpoint, code, out, errOut)
		}
		code, out, _ = a.run("", "--url", "isMeetingRunning", "meetingID=none")
		if code != 0 || !strings.HasPrefix(out, a.url+"/bigbluebutton/api/isMeetingRunning?meetingID=none&checksum=") {
			t.Errorf("BIGBLUEBUTTON_ENDPOINT=%s: --url printed %q", endpoint, out)
		}
	}
}
