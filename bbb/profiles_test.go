package bbb_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"bbbportal/bbb"
	"bbbportal/bbb/bbbsim"
)

type profileEnv struct {
	sim    *bbbsim.Server
	clock  *bbbsim.ManualClock
	client *bbb.Client
	url    string
}

func newProfileEnv(t *testing.T, profile bbbsim.Profile, opts ...bbb.Option) *profileEnv {
	t.Helper()
	clock := bbbsim.NewManualClock(time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC))
	sim := bbbsim.New(bbbsim.Options{Secret: docsSecret, Clock: clock, Seed: 7, Profile: profile,
		EndDelay: -1, ProcessingDelay: -1, PublishDelay: -1})
	srv := httptest.NewServer(sim)
	t.Cleanup(func() { srv.Close(); sim.Close() })
	client, err := bbb.New(srv.URL+"/bigbluebutton/api/", docsSecret, append([]bbb.Option{bbb.WithChecksum(bbb.Auto)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return &profileEnv{sim: sim, clock: clock, client: client, url: srv.URL}
}

// TestMainFlowsInEveryProfile runs what the portal does (detect the checksum, learn the release,
// create, join, read, list, end, list recordings, chat, hooks) against each simulator profile
// and checks where each kind of server differs.
func TestMainFlowsInEveryProfile(t *testing.T) {
	t.Parallel()
	cases := []struct {
		profile       bbbsim.Profile
		checksum      bbb.Algorithm
		release       bbb.Release
		versionErr    bool // the index is refused
		listsMeetings bool // getMeetings shows what runs
		listsAllRecs  bool // getRecordings without a filter works
		chat          bool
		hooks         bool
		layout        string // what a saved SMART_LAYOUT becomes
	}{
		{bbbsim.ProfileBBB27, bbb.SHA512, bbb.Release27, false, true, true, false, true, "SMART_LAYOUT"},
		{bbbsim.ProfileBBB30, bbb.SHA512, bbb.Release30, false, true, true, true, true, "SMART_LAYOUT"},
		{bbbsim.ProfileBBB40, bbb.SHA512, bbb.Release40, false, true, true, true, true, "UNIFIED_LAYOUT"},
		{bbbsim.ProfileScalelite, bbb.SHA512, bbb.Release{}, false, false, false, false, false, "SMART_LAYOUT"},
		{bbbsim.ProfileB3scale, bbb.SHA256, bbb.Release{}, true, true, true, false, false, "SMART_LAYOUT"},
	}
	for _, c := range cases {
		t.Run(string(c.profile), func(t *testing.T) {
			t.Parallel()
			e := newProfileEnv(t, c.profile)
			ctx := context.Background()

			v, err := e.client.Version(ctx)
			if c.versionErr {
				if err == nil || bbb.IsUnreachable(err) || bbb.IsChecksumError(err) || !bbb.IsUnsupported(err) {
					t.Errorf("version index: %v; want a refusal that is neither unreachable nor a checksum error", err)
				}
			} else if err != nil {
				t.Fatalf("version: %v", err)
			}
			if got, _ := v.Release(); got != c.release {
				t.Errorf("release = %v, want %v", got, c.release)
			}

			record := true
			created, err := e.client.Create(ctx, bbb.CreateParams{Name: "Maths 7b", MeetingID: "maths-7b", Record: &record,
				MeetingLayout: bbb.LayoutSmart, Meta: map[string]string{"bbb-recording-ready-url": e.url + "/nowhere"}})
			if err != nil {
				t.Fatalf("create: %v", err)
			}
			if alg, detected := e.client.ChosenChecksum(); alg != c.checksum || !detected {
				t.Errorf("chosen checksum = %s (detected %v), want %s", alg, detected, c.checksum)
			}
			if info, _ := e.sim.Meeting("maths-7b"); info.Layout != c.layout {
				t.Errorf("layout in effect = %q, want %q", info.Layout, c.layout)
			}

			join, err := e.client.JoinURL(bbb.JoinParams{FullName: "Frau Weber", MeetingID: "maths-7b", Role: bbb.RoleModerator, CreateTime: created.CreateTime})
			if err != nil {
				t.Fatal(err)
			}
			res, err := noRedirect.Get(join)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if res.StatusCode != http.StatusFound {
				t.Fatalf("join answered %d, want a redirect into the meeting", res.StatusCode)
			}
			if err := e.sim.EnterSession(sessionToken(t, res.Header.Get("Location"))); err != nil {
				t.Fatal(err)
			}
			e.sim.StartRecording("maths-7b")

			m, err := e.client.GetMeetingInfo(ctx, "maths-7b")
			if err != nil || !m.Running || m.ParticipantCount != 1 {
				t.Fatalf("getMeetingInfo: %+v, %v; want a running meeting with one participant", m, err)
			}
			list, err := e.client.GetMeetings(ctx)
			if err != nil {
				t.Fatalf("getMeetings: %v", err)
			}
			if got := len(list) == 1; got != c.listsMeetings {
				t.Errorf("getMeetings lists %d meetings; listing expected: %v", len(list), c.listsMeetings)
			}

			err = e.client.SendChatMessage(ctx, "maths-7b", "The lesson ends in 5 minutes.", "")
			switch {
			case c.chat && err != nil:
				t.Errorf("sendChatMessage: %v", err)
			case !c.chat && (!bbb.IsUnsupported(err) || bbb.IsUnreachable(err)):
				t.Errorf("sendChatMessage: %v; want a refusal IsUnsupported recognises", err)
			}
			_, err = e.client.ListHooks(ctx, "")
			switch {
			case c.hooks && err != nil:
				t.Errorf("hooks/list: %v", err)
			case !c.hooks && !bbb.IsUnsupported(err):
				t.Errorf("hooks/list: %v; want a refusal IsUnsupported recognises", err)
			}

			if err := e.client.End(ctx, "maths-7b"); err != nil {
				t.Fatalf("end: %v", err)
			}
			e.clock.Advance(time.Second)
			if _, err := e.client.GetMeetingInfo(ctx, "maths-7b"); !bbb.IsKey(err, bbb.KeyNotFound) {
				t.Errorf("after end: %v, want notFound", err)
			}
			e.clock.Advance(time.Minute)

			all, err := e.client.GetRecordings(ctx, bbb.RecordingsQuery{})
			if c.listsAllRecs {
				if err != nil || len(all.Recordings) != 1 {
					t.Errorf("getRecordings without filter: %v, %v; want the one recording", all, err)
				}
			} else if !bbb.IsKey(err, bbb.KeyMissingParameters) {
				t.Errorf("getRecordings without filter: %v; want missingParameters", err)
			}
			one, err := e.client.GetRecordings(ctx, bbb.RecordingsQuery{MeetingIDs: []string{"maths-7b"}})
			if err != nil || len(one.Recordings) != 1 || one.Recordings[0].State != bbb.StatePublished {
				t.Errorf("getRecordings of the room: %+v, %v; want one published recording", one, err)
			}
		})
	}
}

var noRedirect = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

func sessionToken(t *testing.T, location string) string {
	t.Helper()
	const key = "sessionToken="
	for i := 0; i+len(key) <= len(location); i++ {
		if location[i:i+len(key)] == key {
			return location[i+len(key):]
		}
	}
	t.Fatalf("no session token in %q", location)
	return ""
}

// TestChecksumDetectionAnswerShapes covers each way a server refuses a checksum.
func TestChecksumDetectionAnswerShapes(t *testing.T) {
	t.Parallel()
	ctx := context.Background()

	t.Run("b3scale: HTTP 500 with a checksumError body", func(t *testing.T) {
		e := newProfileEnv(t, bbbsim.ProfileB3scale)
		alg, err := e.client.DetectChecksum(ctx)
		if err != nil || alg != bbb.SHA256 {
			t.Fatalf("DetectChecksum = %s, %v; want sha256", alg, err)
		}
		pinned, _ := bbb.New(e.url+"/bigbluebutton/api/", docsSecret, bbb.WithChecksum(bbb.SHA512))
		_, err = pinned.GetMeetingInfo(ctx, "x")
		var he *bbb.HTTPError
		if !bbb.IsChecksumError(err) || bbb.IsUnreachable(err) || !errorsAs(err, &he) || he.StatusCode != 500 {
			t.Errorf("pinned sha512 on b3scale: %v; want a checksum error (HTTP 500), not unreachable", err)
		}
	})
	t.Run("bbb-web: checksumError with HTTP 200", func(t *testing.T) {
		e := newProfileEnv(t, bbbsim.ProfileBBB30)
		wrong, _ := bbb.New(e.url+"/bigbluebutton/api/", "not-the-secret", bbb.WithChecksum(bbb.Auto))
		if _, err := wrong.DetectChecksum(ctx); !bbb.IsChecksumError(err) || bbb.IsUnreachable(err) {
			t.Errorf("wrong secret: %v; want ErrWrongSecret", err)
		}
		if alg, detected := wrong.ChosenChecksum(); alg != bbb.Auto || detected {
			t.Errorf("after a failed detection: %s, %v", alg, detected)
		}
	})
	t.Run("sha1 only", func(t *testing.T) {
		clock := bbbsim.NewManualClock(time.Now())
		sim := bbbsim.New(bbbsim.Options{Secret: docsSecret, Clock: clock, AcceptedChecksums: []string{"sha1"}})
		srv := httptest.NewServer(sim)
		defer func() { srv.Close(); sim.Close() }()
		c, _ := bbb.New(srv.URL+"/bigbluebutton/", docsSecret, bbb.WithChecksum(bbb.Auto))
		if _, err := c.IsMeetingRunning(ctx, "x"); err != nil {
			t.Fatal(err)
		}
		if alg, detected := c.ChosenChecksum(); alg != bbb.SHA1 || !detected {
			t.Errorf("chosen = %s, %v; want detected sha1", alg, detected)
		}
	})
	t.Run("unreachable", func(t *testing.T) {
		srv := httptest.NewServer(http.NotFoundHandler())
		srv.Close()
		c, _ := bbb.New(srv.URL+"/bigbluebutton/", docsSecret, bbb.WithChecksum(bbb.Auto), bbb.WithTimeout(time.Second))
		if _, err := c.DetectChecksum(ctx); !bbb.IsUnreachable(err) || bbb.IsChecksumError(err) {
			t.Errorf("closed port: %v; want unreachable", err)
		}
	})
	t.Run("proxy error page", func(t *testing.T) {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			http.Error(w, "<html>502 Bad Gateway</html>", http.StatusBadGateway)
		}))
		defer srv.Close()
		c, _ := bbb.New(srv.URL+"/bigbluebutton/", docsSecret, bbb.WithChecksum(bbb.Auto))
		if _, err := c.DetectChecksum(ctx); !bbb.IsUnreachable(err) {
			t.Errorf("502 page: %v; want unreachable", err)
		}
	})
}

func TestScaleliteForgetsMeetingsAfter24Hours(t *testing.T) {
	t.Parallel()
	e := newProfileEnv(t, bbbsim.ProfileScalelite)
	ctx := context.Background()
	if _, err := e.client.Create(ctx, bbb.CreateParams{Name: "Long day", MeetingID: "long-day"}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.sim.AddUser("long-day", "Teacher", "MODERATOR"); err != nil {
		t.Fatal(err)
	}
	e.clock.Advance(23 * time.Hour)
	if _, err := e.client.GetMeetingInfo(ctx, "long-day"); err != nil {
		t.Fatalf("after 23 h: %v", err)
	}
	e.clock.Advance(time.Hour)
	if _, err := e.client.GetMeetingInfo(ctx, "long-day"); !bbb.IsKey(err, bbb.KeyNotFound) {
		t.Errorf("after 24 h: %v; want notFound (the balancer forgot the meeting)", err)
	}
}

func TestBBB40CreateParameters(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	yes := true
	p := bbb.CreateParams{Name: "Bio", MeetingID: "bio", LockSettingsPresenterPolicy: bbb.PresenterFreeForAll,
		RequireUserConsentBeforeUnmuting: &yes, LockSettingsDisableNote: &yes, Copyright: "(c)",
		DisabledFeatures: []bbb.Feature{"layouts", "chat", "pinChatMessage", "polls"}, DisabledFeaturesExclude: []bbb.Feature{"polls"}}
	for profile, wantIgnored := range map[bbbsim.Profile][]string{
		bbbsim.ProfileBBB40: {"copyright", "lockSettingsDisableNote"},
		bbbsim.ProfileBBB30: {"lockSettingsPresenterPolicy", "requireUserConsentBeforeUnmuting"},
	} {
		e := newProfileEnv(t, profile)
		if _, err := e.client.Create(ctx, p); err != nil {
			t.Fatal(err)
		}
		info, _ := e.sim.Meeting("bio")
		ignored := slices.Sorted(slices.Values(info.IgnoredParams))
		if !slices.Equal(ignored, wantIgnored) {
			t.Errorf("%s ignored %v, want %v", profile, ignored, wantIgnored)
		}
		wantDisabled := []string{"layouts", "chat", "pinChatMessage"}
		if profile == bbbsim.ProfileBBB40 {
			wantDisabled = []string{"chat", "pinChatMessage"}
		}
		if !slices.Equal(info.DisabledFeatures, wantDisabled) {
			t.Errorf("%s disabled features %v, want %v (polls excluded)", profile, info.DisabledFeatures, wantDisabled)
		}

		// Sent for the release, nothing the server would ignore goes out.
		if _, dropped, err := e.client.CreateForRelease(ctx, bbb.CreateParams{Name: "Bio 2", MeetingID: "bio-2",
			Copyright: p.Copyright, LockSettingsPresenterPolicy: p.LockSettingsPresenterPolicy}, releaseOf(t, e)); err != nil || len(dropped) != 1 {
			t.Errorf("%s CreateForRelease dropped %v, %v; want one parameter", profile, dropped, err)
		}
		if info, _ := e.sim.Meeting("bio-2"); len(info.IgnoredParams) != 0 {
			t.Errorf("%s still ignored %v", profile, info.IgnoredParams)
		}
	}
}

func releaseOf(t *testing.T, e *profileEnv) bbb.Release {
	t.Helper()
	v, err := e.client.Version(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	r, _ := v.Release()
	return r
}

func TestRecordingsAtScale(t *testing.T) {
	t.Parallel()
	e := newProfileEnv(t, bbbsim.ProfileBBB30)
	ids := e.sim.SeedRecordings(10000, bbbsim.SeedOptions{BaseURL: e.url, Meta: map[string]string{"bbb-origin": "bbbportal"}})
	if len(ids) != 10000 {
		t.Fatalf("seeded %d recordings", len(ids))
	}
	ctx := context.Background()
	page, err := e.client.GetRecordings(ctx, bbb.RecordingsQuery{States: []bbb.RecordingState{bbb.StateAny}, Offset: 200, Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Recordings) != 100 || page.TotalElements != 10000 || page.Recordings[0].RecordID != ids[200] {
		t.Fatalf("page 3: %d recordings of %d, first %s; want 100 of 10000 starting at %s",
			len(page.Recordings), page.TotalElements, page.Recordings[0].RecordID, ids[200])
	}
	states, formats := map[bbb.RecordingState]int{}, map[string]int{}
	for _, r := range page.Recordings {
		states[r.State]++
		for _, f := range r.Playback {
			formats[f.Type]++
			if f.Type == "presentation" && len(f.Preview) == 0 {
				t.Errorf("%s: a presentation without preview images", r.RecordID)
			}
		}
		if r.Metadata["bbb-origin"] != "bbbportal" || r.Participants < 1 || r.Size <= 0 && len(r.Playback) > 0 {
			t.Errorf("recording %+v lacks metadata, participants or size", r)
		}
	}
	for _, s := range []bbb.RecordingState{bbb.StatePublished, bbb.StateUnpublished, bbb.StateDeleted} {
		if states[s] == 0 {
			t.Errorf("no %s recording among 100: %v", s, states)
		}
	}
	for _, f := range []string{"presentation", "video", "podcast", "capture"} {
		if formats[f] == 0 {
			t.Errorf("no %s format among 100: %v", f, formats)
		}
	}

	room, err := e.client.GetRecordings(ctx, bbb.RecordingsQuery{MeetingIDs: []string{"seed-room-007"}, States: []bbb.RecordingState{bbb.StateAny}})
	if err != nil || len(room.Recordings) != 100 {
		t.Fatalf("one room: %d recordings, %v; want 100", len(room.Recordings), err)
	}
	published, err := e.client.GetRecordings(ctx, bbb.RecordingsQuery{MeetingIDs: []string{"seed-room-007"},
		States: []bbb.RecordingState{bbb.StatePublished}, Meta: map[string]string{"course": "Course 1%"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range published.Recordings {
		if r.State != bbb.StatePublished || !strings.HasPrefix(r.Metadata["course"], "Course 1") {
			t.Errorf("filter let through %s %q", r.State, r.Metadata["course"])
		}
	}
	if len(published.Recordings) == 0 || len(published.Recordings) >= len(room.Recordings) {
		t.Errorf("state and meta filters kept %d of %d", len(published.Recordings), len(room.Recordings))
	}
}
