package bbb_test

import (
	"bufio"
	"encoding/json"
	"net/url"
	"os"
	"strings"
	"testing"

	"bbbportal/bbb"
)

// The test vectors of the API reference (§2.4).
func TestChecksumVectors(t *testing.T) {
	t.Parallel()
	const query = "name=Test+Meeting&meetingID=abc123&attendeePW=111222&moderatorPW=333444"
	tests := []struct {
		alg         bbb.Algorithm
		call, query string
		want        string
	}{
		{bbb.SHA1, "create", query, "1fcbb0c4fc1f039f73aa6d697d2db9ba7f803f17"},
		{bbb.SHA256, "create", query, "da9185f7f333cfdfcd6eeac32dca3777510c4c436020d8b887ba5515bd1d189e"},
		{bbb.SHA384, "create", query, "891ac633df39d0a1b4f8d597f3e190833216c4b29c4fb51ea3ca72757eeb958d6e7b49a845cf29f5c6019c7d29d029d1"},
		{bbb.SHA512, "create", query, "de73ad61d11a5c801b68d4bd6ec5248546085cefb0b25c85f3c46249ea93a3a4b120f92c0a8a58d7512cb77821884951a3b01245f3435dbbef49fff3cc3988b4"},
		{bbb.SHA1, "getMeetings", "", "2027baa7771026e9e93392f55031535d1444c41f"},
		{bbb.SHA1, "create", "", "8a21c9b7e3b18541974c9e78c0d0bfa790c665eb"},
		{bbb.SHA1, "create", "name=Caf%C3%A9+%E6%97%A5%E6%9C%AC&meetingID=abc123", "f9292f48989e9420437b142525dc0fdbf65178f4"},
		{bbb.SHA1, "create", "name=Caf%C3%A9%20%E6%97%A5%E6%9C%AC&meetingID=abc123", "7675323c072c3b79ff503e6cc9aeb36094fcf0b5"},
		{bbb.SHA1, "hooks/create", "callbackURL=http%3A%2F%2Fexample.com%2Fcb&meetingID=abc123", "3bce0d7c92ec4464d834fb28b184aa332322567b"},
	}
	for _, tt := range tests {
		got, err := bbb.Checksum(tt.alg, tt.call, tt.query, docsSecret)
		if err != nil {
			t.Fatal(err)
		}
		if got != tt.want {
			t.Errorf("%s(%s%s+secret) = %s, want %s", tt.alg, tt.call, tt.query, got, tt.want)
		}
	}
	if _, err := bbb.Checksum(bbb.Auto, "create", "", docsSecret); err == nil {
		t.Error("Checksum with Auto should fail: auto is not a hash")
	}
}

// The client's signed URL for the docs example carries the docs checksum
// once its %20 spelling of the space is taken into account.
func TestSignedURLMatchesVectorsForEveryAlgorithm(t *testing.T) {
	t.Parallel()
	params := url.Values{"meetingID": {"abc123"}, "callbackURL": {"http://example.com/cb"}}
	c, err := bbb.New("https://bbb.example.com/bigbluebutton/api", docsSecret, bbb.WithChecksum(bbb.SHA1))
	if err != nil {
		t.Fatal(err)
	}
	u, err := c.SignedURL("hooks/create", params)
	if err != nil {
		t.Fatal(err)
	}
	want := "https://bbb.example.com/bigbluebutton/api/hooks/create?callbackURL=http%3A%2F%2Fexample.com%2Fcb&meetingID=abc123&checksum=3bce0d7c92ec4464d834fb28b184aa332322567b"
	if u != want {
		t.Errorf("signed URL\n got %s\nwant %s", u, want)
	}
	for alg, length := range map[bbb.Algorithm]int{bbb.SHA1: 40, bbb.SHA256: 64, bbb.SHA384: 96, bbb.SHA512: 128} {
		c, _ := bbb.New("https://bbb.example.com/bigbluebutton/", docsSecret, bbb.WithChecksum(alg))
		u, err := c.SignedURL("getMeetings", url.Values{})
		if err != nil {
			t.Fatal(err)
		}
		sum := u[strings.Index(u, "checksum=")+len("checksum="):]
		if len(sum) != length || strings.ToLower(sum) != sum {
			t.Errorf("%s: checksum %q is not %d lowercase hex digits", alg, sum, length)
		}
		if !verifyChecksum("getMeetings", u[strings.Index(u, "?")+1:], docsSecret, allAlgorithms) {
			t.Errorf("%s: the server check refuses %s", alg, u)
		}
	}
}

// scenario.jsonl was captured from a real bbb-webhooks 3.5.0. The test
// server's checksum check must agree with the real server on every request
// of it, and the client must produce byte-identical URLs for the calls it
// would make itself.
func TestChecksumCheckAgreesWithCapturedWebhooksServer(t *testing.T) {
	t.Parallel()
	f, err := os.Open("testdata/bbb-webhooks-3.5.0/scenario.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	c, _ := bbb.New("http://127.0.0.1/bigbluebutton/api/", docsSecret, bbb.WithChecksum(bbb.SHA1))
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	steps := 0
	for sc.Scan() {
		var step struct{ Step, URL, Body string }
		if err := json.Unmarshal(sc.Bytes(), &step); err != nil {
			t.Fatal(err)
		}
		steps++
		path, query, _ := strings.Cut(step.URL, "?")
		call := strings.TrimPrefix(path, "/")
		realAccepted := !strings.Contains(step.Body, "checksumError")
		// bbb-webhooks compares case-sensitively; bbb-web (which the test
		// server imitates) does not. The uppercase step is the one difference.
		if step.Step == "list-uppercase-checksum" {
			if realAccepted {
				t.Errorf("%s: the capture shows webhooks accepting an uppercase checksum", step.Step)
			}
			continue
		}
		if got := verifyChecksum(call, query, docsSecret, allAlgorithms); got != realAccepted {
			t.Errorf("%s: test server accepts=%v, real server accepted=%v (%s)", step.Step, got, realAccepted, step.URL)
		}
		if step.Step == "create-global" || step.Step == "list-all" || step.Step == "destroy-not-found" {
			params, _ := url.ParseQuery(query)
			params.Del("checksum")
			u, err := c.SignedURL(call, params)
			if err != nil {
				t.Fatal(err)
			}
			if want := "http://127.0.0.1/bigbluebutton/api" + step.URL; u != want {
				t.Errorf("%s: client URL\n got %s\nwant %s", step.Step, u, want)
			}
		}
	}
	if steps != 17 {
		t.Errorf("read %d scenario steps, want 17", steps)
	}
}

func TestEncodeQueryLeavesNothingToRewrite(t *testing.T) {
	t.Parallel()
	v := url.Values{"name": {"a b+c&d=e%f#g'h\"i<j>k~l*m Zoë 日本 🎉 \t\n"}}
	q := bbb.EncodeQuery(v)
	for _, r := range strings.Split(q, "=")[1] {
		ok := r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || strings.ContainsRune("-_.~%", r)
		if !ok {
			t.Errorf("EncodeQuery left %q unescaped in %s", r, q)
		}
	}
	back, err := url.ParseQuery(q)
	if err != nil || back.Get("name") != v.Get("name") {
		t.Errorf("EncodeQuery does not decode back: %q → %q (%v)", v.Get("name"), back.Get("name"), err)
	}
	if !strings.Contains(q, "a%20b%2Bc") {
		t.Errorf("space must be %%20 and plus %%2B, got %s", q)
	}
}

func TestRedactURL(t *testing.T) {
	t.Parallel()
	tests := map[string]string{
		"https://h/bigbluebutton/api/join?fullName=a&checksum=abcdef&x=1": "https://h/bigbluebutton/api/join?fullName=a&checksum=REDACTED&x=1",
		"https://h/api/getMeetings?checksum=abc":                          "https://h/api/getMeetings?checksum=REDACTED",
		"https://h/api/create?name=nochecksum%3Dx&checksum=1#frag":        "https://h/api/create?name=nochecksum%3Dx&checksum=REDACTED#frag",
		"https://h/api/create?mychecksum=keep":                            "https://h/api/create?mychecksum=keep",
	}
	for in, want := range tests {
		if got := bbb.RedactURL(in); got != want {
			t.Errorf("RedactURL(%s)\n got %s\nwant %s", in, got, want)
		}
	}
}

func TestParseAlgorithm(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]bbb.Algorithm{"sha1": bbb.SHA1, "SHA-256": bbb.SHA256, "sha384": bbb.SHA384, " sha512 ": bbb.SHA512, "auto": bbb.Auto} {
		if got, err := bbb.ParseAlgorithm(in); err != nil || got != want {
			t.Errorf("ParseAlgorithm(%q) = %q, %v", in, got, err)
		}
	}
	if _, err := bbb.ParseAlgorithm("md5"); err == nil {
		t.Error("md5 accepted")
	}
}
