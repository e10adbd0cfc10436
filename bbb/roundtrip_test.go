package bbb_test

import (
	"context"
	"crypto/sha1"
	"encoding/hex"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"bbbportal/bbb"
)

var awkwardValues = []string{
	"Physics 101",
	`a & b = c + d % e # f ' g " h < i > j`,
	"Grüße aus Köln, Ærø & Øresund",
	"日本語の会議 / 회의 / 会议",
	"🎉 party 👩‍🏫 teacher",
	"100% + 50% = 150%",
	"trailing space ",
	"%20 literal and + plus and %2B",
	"checksum=abc&x=y",
	"~tilde*star!bang(paren)",
}

func newClient(t *testing.T, s *fakeServer, opts ...bbb.Option) *bbb.Client {
	t.Helper()
	c, err := bbb.New(s.endpoint(), s.secret, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// Every algorithm, every awkward value: the server accepts the checksum
// and receives exactly the values the client was given.
func TestRoundTripAwkwardValuesAllAlgorithms(t *testing.T) {
	t.Parallel()
	s := newFakeServer(t, allAlgorithms, nil)
	for _, alg := range []bbb.Algorithm{bbb.SHA1, bbb.SHA256, bbb.SHA384, bbb.SHA512} {
		c := newClient(t, s, bbb.WithChecksum(alg))
		for _, v := range awkwardValues {
			_, err := c.Create(context.Background(), bbb.CreateParams{
				Name: v, MeetingID: "room-" + strings.Trim(v, " "),
				Meta:    map[string]string{"note": v, "bbb-origin": v},
				Welcome: v,
			})
			if strings.Contains(v, ",") {
				if err == nil {
					t.Errorf("meetingID with ',' accepted: %q", v)
				}
				continue
			}
			if err != nil {
				t.Fatalf("%s %q: %v", alg, v, err)
			}
			got := s.last(t)
			if !got.valid {
				t.Fatalf("%s: server refused checksum for %q: %s", alg, v, got.rawQuery)
			}
			if got.params.Get("name") != v || got.params.Get("meta_note") != v || got.params.Get("welcome") != v {
				t.Errorf("%s: server received name=%q meta_note=%q, want %q", alg, got.params.Get("name"), got.params.Get("meta_note"), v)
			}
		}
	}
}

// Join URLs are opened by browsers, which rewrite some characters of a
// URL. The signed URL must survive new URL(u).href unchanged and stay valid.
func TestJoinURLSurvivesBrowserNormalisation(t *testing.T) {
	t.Parallel()
	s := newFakeServer(t, allAlgorithms, func(call string, r *http.Request) string {
		return `<response><returncode>SUCCESS</returncode><messageKey>successfullyJoined</messageKey></response>`
	})
	c := newClient(t, s, bbb.WithChecksum(bbb.SHA256))
	for _, v := range awkwardValues {
		u, err := c.JoinURL(bbb.JoinParams{FullName: v, MeetingID: "m-" + strings.ReplaceAll(v, ",", ""),
			Role: bbb.RoleViewer, CreateTime: time.UnixMilli(1700000000000),
			UserData: map[string]string{"bbb_client_title": v}})
		if err != nil {
			t.Fatal(err)
		}
		href := browserHref(u)
		if href != u {
			t.Errorf("a browser rewrites the join URL for %q:\n%s\n%s", v, u, href)
		}
		resp, err := http.Get(href)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		got := s.last(t)
		if !got.valid {
			t.Errorf("server refused the browser-normalised join URL for %q", v)
		}
		if got.params.Get("fullName") != v || got.params.Get("userdata-bbb_client_title") != v {
			t.Errorf("server received fullName=%q, want %q", got.params.Get("fullName"), v)
		}
	}
}

// The check above can fail: a URL signed over raw, unescaped characters
// (as a naive client would build it) is broken by the browser's rewrite.
func TestBrowserNormalisationBreaksNaivelySignedURLs(t *testing.T) {
	t.Parallel()
	query := `fullName=Zoë O'Neil "the <b>"&meetingID=abc`
	sum, _ := bbb.Checksum(bbb.SHA1, "join", query, docsSecret)
	raw := "https://bbb.example.com/bigbluebutton/api/join?" + query + "&checksum=" + sum
	if !verifyChecksum("join", query+"&checksum="+sum, docsSecret, allAlgorithms) {
		t.Fatal("the naive URL should be valid as long as nobody touches it")
	}
	href := browserHref(raw)
	if href == raw {
		t.Fatal("browserHref changed nothing; it cannot detect rewriting")
	}
	if verifyChecksum("join", strings.SplitN(href, "?", 2)[1], docsSecret, allAlgorithms) {
		t.Error("the browser-rewritten naive URL still verifies; the round-trip test would prove nothing")
	}
}

// The signed URL is used as is: Go's HTTP stack must not re-encode it.
func TestRawQueryIsSentUnchanged(t *testing.T) {
	t.Parallel()
	s := newFakeServer(t, allAlgorithms, nil)
	c := newClient(t, s, bbb.WithChecksum(bbb.SHA1))
	params := url.Values{"meetingID": {"a b&c"}}
	signed, _ := c.SignedURL("isMeetingRunning", params)
	if _, err := c.IsMeetingRunning(context.Background(), "a b&c"); err != nil {
		t.Fatal(err)
	}
	if got := s.last(t).rawQuery; got != strings.SplitN(signed, "?", 2)[1] {
		t.Errorf("sent query %q, signed %q", got, signed)
	}
}

func TestCreatePostsModulesBodyAndSignsOnlyTheQuery(t *testing.T) {
	t.Parallel()
	s := newFakeServer(t, allAlgorithms, nil)
	c := newClient(t, s)
	yes, no := true, false
	_, err := c.Create(context.Background(), bbb.CreateParams{
		Name: "Docs & <Slides>", MeetingID: "abc123",
		Documents: []bbb.Document{
			{URL: "https://example.com/a.pdf?x=1&y=2", Filename: `a "quoted".pdf`, Downloadable: &yes, Removable: &no, Current: &yes},
			{Name: "b.pdf", Content: []byte("%PDF-1.4\n")},
		},
		ClientSettingsOverride: `{"public":{"app":{"appName":"X <&> ]]> Y"}}}`,
	})
	if err != nil {
		t.Fatal(err)
	}
	got := s.last(t)
	if got.method != http.MethodPost || got.contentType != "application/xml" || !got.valid {
		t.Fatalf("method %s content type %q valid %v", got.method, got.contentType, got.valid)
	}
	for _, want := range []string{
		`<module name="presentation">`,
		`<document url="https://example.com/a.pdf?x=1&amp;y=2" filename="a &#34;quoted&#34;.pdf" downloadable="true" removable="false" current="true"/>`,
		`<document name="b.pdf">JVBERi0xLjQK</document>`,
		`<module name="clientSettingsOverride">{&#34;public&#34;:{&#34;app&#34;:{&#34;appName&#34;:&#34;X &lt;&amp;&gt; ]]&gt; Y&#34;}}}</module>`,
	} {
		if !strings.Contains(got.body, want) {
			t.Errorf("body lacks %s\nbody: %s", want, got.body)
		}
	}
	if got.params.Get("name") != "Docs & <Slides>" {
		t.Errorf("name in query = %q", got.params.Get("name"))
	}
}

func TestInsertDocument(t *testing.T) {
	t.Parallel()
	s := newFakeServer(t, allAlgorithms, nil)
	c := newClient(t, s)
	err := c.InsertDocument(context.Background(), "abc", []bbb.Document{{URL: "https://example.com/x.pdf"}})
	if err != nil {
		t.Fatal(err)
	}
	got := s.last(t)
	if got.call != "insertDocument" || got.method != "POST" || !strings.Contains(got.body, `<document url="https://example.com/x.pdf"/>`) {
		t.Errorf("insertDocument sent %s %s %s", got.method, got.call, got.body)
	}
	if err := c.InsertDocument(context.Background(), "abc", []bbb.Document{{URL: "ftp://x/y"}}); err == nil {
		t.Error("an ftp document URL was accepted")
	}
}

// Every typed call sends the parameters the reference names.
func TestTypedCallsSendTheReferenceParameters(t *testing.T) {
	t.Parallel()
	s := newFakeServer(t, allAlgorithms, nil)
	c := newClient(t, s, bbb.WithChecksum(bbb.SHA512))
	ctx := context.Background()
	check := func(call string, want url.Values) {
		t.Helper()
		got := s.last(t)
		if got.call != call || !got.valid {
			t.Errorf("last call %q valid=%v, want %q", got.call, got.valid, call)
			return
		}
		got.params.Del("checksum")
		if got.params.Encode() != want.Encode() {
			t.Errorf("%s sent %v, want %v", call, got.params, want)
		}
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(c.End(ctx, "m1"))
	check("end", url.Values{"meetingID": {"m1"}})
	_, err := c.GetMeetings(ctx)
	must(err)
	check("getMeetings", url.Values{})
	must(c.PublishRecordings(ctx, []string{"r1", "r2"}, false))
	check("publishRecordings", url.Values{"recordID": {"r1,r2"}, "publish": {"false"}})
	must(c.DeleteRecordings(ctx, []string{"r1"}))
	check("deleteRecordings", url.Values{"recordID": {"r1"}})
	must(c.UpdateRecordings(ctx, []string{"r1"}, map[string]string{"name": "Neu", "old": ""}))
	check("updateRecordings", url.Values{"recordID": {"r1"}, "meta_name": {"Neu"}, "meta_old": {""}})
	must(c.SendChatMessage(ctx, "m1", "Hallo <alle>", "Bot"))
	check("sendChatMessage", url.Values{"meetingID": {"m1"}, "message": {"Hallo <alle>"}, "userName": {"Bot"}})
	_, err = c.GetRecordings(ctx, bbb.RecordingsQuery{MeetingIDs: []string{"a", "b"}, RecordIDs: []string{"r"},
		States: []bbb.RecordingState{bbb.StatePublished, bbb.StateDeleted}, Meta: map[string]string{"bbb-context": "%Physik%"},
		Offset: 10, Limit: 5})
	must(err)
	check("getRecordings", url.Values{"meetingID": {"a,b"}, "recordID": {"r"}, "state": {"published,deleted"},
		"meta_bbb-context": {"%Physik%"}, "offset": {"10"}, "limit": {"5"}})
	getRaw := true
	_, err = c.CreateHook(ctx, bbb.HookParams{CallbackURL: "https://portal/hook?x=1", MeetingID: "m 1",
		EventIDs: []string{"meeting-created", "user-joined"}, GetRaw: &getRaw})
	must(err)
	check("hooks/create", url.Values{"callbackURL": {"https://portal/hook?x=1"}, "meetingID": {"m 1"},
		"eventID": {"meeting-created,user-joined"}, "getRaw": {"true"}})
	must(c.DestroyHook(ctx, "27d14a9c"))
	check("hooks/destroy", url.Values{"hookID": {"27d14a9c"}})
	_, err = c.ListHooks(ctx, "m1")
	must(err)
	check("hooks/list", url.Values{"meetingID": {"m1"}})
	_, err = c.Join(ctx, bbb.JoinParams{FullName: "A", MeetingID: "m1", Role: bbb.RoleModerator})
	must(err)
	check("join", url.Values{"fullName": {"A"}, "meetingID": {"m1"}, "role": {"MODERATOR"}, "redirect": {"false"}})

	for name, err := range map[string]error{
		"limit 101": func() error { _, err := c.GetRecordings(ctx, bbb.RecordingsQuery{Limit: 101}); return err }(),
		"bad state": func() error {
			_, err := c.GetRecordings(ctx, bbb.RecordingsQuery{States: []bbb.RecordingState{"gone"}})
			return err
		}(),
		"comma record id": c.DeleteRecordings(ctx, []string{"a,b"}),
		"no record id":    c.PublishRecordings(ctx, nil, true),
		"bad meta key":    c.UpdateRecordings(ctx, []string{"r"}, map[string]string{"9x": "v"}),
		"long chat":       c.SendChatMessage(ctx, "m", strings.Repeat("x", 501), ""),
		"no meetingID":    c.End(ctx, ""),
	} {
		var ve *bbb.ValidationError
		if !errorsAs(err, &ve) {
			t.Errorf("%s: got %v, want a *ValidationError", name, err)
		}
	}
}

func TestTextTracks(t *testing.T) {
	t.Parallel()
	s := newFakeServer(t, allAlgorithms, func(call string, r *http.Request) string {
		switch call {
		case "getRecordingTextTracks":
			return string(readFixture(t, "bbb-docs/getRecordingTextTracks.json"))
		case "putRecordingTextTrack":
			return string(readFixture(t, "bbb-docs/putRecordingTextTrack-success.json"))
		}
		return ""
	})
	c := newClient(t, s)
	tracks, err := c.GetRecordingTextTracks(context.Background(), "rec-1")
	if err != nil {
		t.Fatal(err)
	}
	if len(tracks) != 2 || tracks[1].Lang != "pt-BR" || tracks[0].Source != "upload" {
		t.Errorf("tracks = %+v", tracks)
	}
	err = c.PutRecordingTextTrack(context.Background(), "rec-1", "subtitles", "de-DE", "Deutsch", strings.NewReader("WEBVTT\n"))
	if err != nil {
		t.Fatal(err)
	}
	got := s.last(t)
	if got.method != "POST" || !strings.HasPrefix(got.contentType, "multipart/form-data") || !strings.Contains(got.body, "WEBVTT") || !got.valid {
		t.Errorf("put sent %s %s valid=%v", got.method, got.contentType, got.valid)
	}
	if got.params.Get("lang") != "de-DE" || got.params.Get("kind") != "subtitles" || got.params.Get("label") != "Deutsch" {
		t.Errorf("put params %v", got.params)
	}
}

// Internal meeting ids are sha1(meetingID)-createTime (§9.1); the create
// answer carries both.
func TestCreateResultTimes(t *testing.T) {
	t.Parallel()
	sum := sha1.Sum([]byte("abc123"))
	internal := hex.EncodeToString(sum[:]) + "-1700000000000"
	s := newFakeServer(t, allAlgorithms, func(call string, r *http.Request) string {
		return `<response><returncode>SUCCESS</returncode><meetingID>abc123</meetingID><internalMeetingID>` + internal +
			`</internalMeetingID><parentMeetingID>bbb-none</parentMeetingID><createTime>1700000000000</createTime><duration>45</duration><messageKey></messageKey><message></message></response>`
	})
	c := newClient(t, s)
	res, err := c.Create(context.Background(), bbb.CreateParams{Name: "Demo", MeetingID: "abc123"})
	if err != nil {
		t.Fatal(err)
	}
	if res.InternalMeetingID != "6367c48dd193d56ea7b0baad25b19455e529f5ee-1700000000000" || !res.CreateTime.Equal(time.UnixMilli(1700000000000)) ||
		res.Duration != 45*time.Minute || res.Duplicate {
		t.Errorf("create result %+v", res)
	}
	u, _ := c.JoinURL(bbb.JoinParams{FullName: "x", MeetingID: "abc123", CreateTime: res.CreateTime})
	if !strings.Contains(u, "createTime=1700000000000&") {
		t.Errorf("join URL does not carry the create time in ms: %s", u)
	}
}
