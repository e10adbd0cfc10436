package bbb_test

import (
	"errors"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"bbbportal/bbb"
)

var parsedCalls = []string{"create", "join", "getMeetingInfo", "getMeetings", "isMeetingRunning", "getRecordings",
	"getRecordingTextTracks", "hooks/create", "hooks/list", "version", "end"}

// FuzzParseResponse: any body gives a typed result, an *Error or a
// *ParseError; never a panic, never a result together with an error.
func FuzzParseResponse(f *testing.F) {
	files, _ := filepath.Glob("testdata/*/*.xml")
	more, _ := filepath.Glob("testdata/*/*/*.xml")
	json, _ := filepath.Glob("testdata/*/*.json")
	for _, name := range append(append(files, more...), json...) {
		b, err := os.ReadFile(name)
		if err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte(`<response><returncode>SUCCESS</returncode><participantCount>1,000</participantCount></response>`))
	f.Add([]byte(`<response><returncode>FAILED</returncode><errors><error><key>k</key></error></errors></response>`))
	f.Add([]byte(`{"response":{"returncode":"FAILED","key":"noRecordings","msg":"x"}}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		for _, call := range parsedCalls {
			v, err := bbb.ParseResponse(call, body)
			if err == nil {
				if v == nil {
					t.Fatalf("%s: nil result without error", call)
				}
				continue
			}
			var e *bbb.Error
			var pe *bbb.ParseError
			if v != nil || (!errors.As(err, &e) && !errors.As(err, &pe)) {
				t.Fatalf("%s: got %v, %T %v", call, v, err, err)
			}
		}
	})
}

// FuzzSignVerify: whatever the name and meta value, the signed URL verifies
// the way bbb-web checks it, survives a browser's normalisation, and the
// server decodes exactly the values given.
func FuzzSignVerify(f *testing.F) {
	for _, v := range awkwardValues {
		f.Add(v, v, "sha256")
	}
	f.Add("Café 日本", "%zz%", "sha1")
	f.Add("a+b", "c=d&e", "sha384")
	f.Add("\x7f\x00x", "#frag", "sha512")
	f.Fuzz(func(t *testing.T, name, meta, alg string) {
		a, err := bbb.ParseAlgorithm(alg)
		if err != nil || a == bbb.Auto {
			return
		}
		c, err := bbb.New("https://bbb.example.com/bigbluebutton/", docsSecret, bbb.WithChecksum(a))
		if err != nil {
			t.Fatal(err)
		}
		u, err := c.JoinURL(bbb.JoinParams{FullName: name, MeetingID: "m", UserData: map[string]string{"bbb_note": meta}})
		if err != nil {
			if name == "" {
				return
			}
			t.Fatal(err)
		}
		for _, candidate := range []string{u, browserHref(u)} {
			query := candidate[strings.Index(candidate, "?")+1:]
			if !verifyChecksum("join", query, docsSecret, allAlgorithms) {
				t.Fatalf("refused: %s", candidate)
			}
			got, err := url.ParseQuery(query)
			if err != nil || got.Get("fullName") != name || got.Get("userdata-bbb_note") != meta {
				t.Fatalf("server decodes fullName=%q note=%q, want %q %q (%v)", got.Get("fullName"), got.Get("userdata-bbb_note"), name, meta, err)
			}
		}
		if browserHref(u) != u {
			t.Fatalf("a browser rewrites %s", u)
		}
	})
}
