package bbb_test

import (
	"net/url"
	"slices"
	"testing"

	"bbbportal/bbb"
)

func TestParseRelease(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]bbb.Release{
		"2.7": {2, 7, 0}, "3.0.25": {3, 0, 25}, "v4.0.0-beta.3": {4, 0, 0}, "2.4-rc-7": {2, 4, 0},
		"3.1.0-beta.2": {4, 0, 0}, // 3.1 was renamed 4.0
	} {
		got, err := bbb.ParseRelease(in)
		if err != nil || got != want {
			t.Errorf("ParseRelease(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "3", "x.y", "1.2.3.4", "3.-1"} {
		if _, err := bbb.ParseRelease(bad); err == nil {
			t.Errorf("ParseRelease(%q) accepted", bad)
		}
	}
}

func TestReleaseCompare(t *testing.T) {
	t.Parallel()
	r3025 := bbb.Release{Major: 3, Minor: 0, Patch: 25}
	if !r3025.AtLeast(bbb.Release30) || r3025.AtLeast(bbb.Release40) || !r3025.Before(bbb.Release40) {
		t.Error("3.0.25 should be at least 3.0 and before 4.0")
	}
	if bbb.Release27.Compare(bbb.Release30) != -1 || bbb.Release40.Compare(bbb.Release30) != 1 || r3025.Compare(r3025) != 0 {
		t.Error("Compare orders releases wrongly")
	}
	var unknown bbb.Release
	if unknown.AtLeast(bbb.Release27) || unknown.Before(bbb.Release40) || unknown.String() != "unknown" {
		t.Error("an unknown release is neither old nor new")
	}
	if r3025.String() != "3.0.25" || bbb.Release40.String() != "4.0" {
		t.Errorf("String: %s, %s", r3025, bbb.Release40)
	}
}

func TestVersionRelease(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name  string
		body  string
		want  bbb.Release
		exact bool
	}{
		{"revealed 3.0.19", string(readFixture(t, "bigbluebutton-api-php/responses/api_version.xml")), bbb.Release{Major: 3, Patch: 19}, true},
		{"revealed 2.4 rc", string(readFixture(t, "littleredbutton-bigbluebutton-api-php/api_version.xml")), bbb.Release{Major: 2, Minor: 4}, true},
		{"Scalelite's own index", `<response><returncode>SUCCESS</returncode><version>2.0</version></response>`, bbb.Release{}, false},
		{"hidden 2.7", `<response><returncode>SUCCESS</returncode><version>2.0</version><apiVersion>2.0</apiVersion><bbbVersion></bbbVersion></response>`, bbb.Release27, false},
		{"hidden 3.0", `<response><returncode>SUCCESS</returncode><version>2.0</version><apiVersion>2.0</apiVersion><bbbVersion></bbbVersion><html5PluginSdkVersion>0.0.95</html5PluginSdkVersion><graphqlWebsocketUrl>wss://h/graphql</graphqlWebsocketUrl><graphqlApiUrl>https://h/api/rest</graphqlApiUrl></response>`, bbb.Release30, false},
		{"hidden 4.0", `<response><returncode>SUCCESS</returncode><version>2.0</version><apiVersion>2.0</apiVersion><bbbVersion></bbbVersion><html5PluginSdkVersion>0.1.20</html5PluginSdkVersion><graphqlWebsocketUrl>wss://h/graphql</graphqlWebsocketUrl><graphqlApiUrl>https://h/api/rest</graphqlApiUrl></response>`, bbb.Release40, false},
	}
	for _, c := range cases {
		v, err := bbb.ParseVersion([]byte(c.body))
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		got, exact := v.Release()
		if got != c.want || exact != c.exact {
			t.Errorf("%s: Release() = %v, %v; want %v, %v", c.name, got, exact, c.want, c.exact)
		}
	}
}

func TestLayoutsPerRelease(t *testing.T) {
	t.Parallel()
	want40 := []bbb.Layout{bbb.LayoutCamerasOnly, bbb.LayoutPresentationOnly, bbb.LayoutParticipantsAndChatOnly,
		bbb.LayoutMediaOnly, bbb.LayoutUnified}
	if got := bbb.LayoutsFor(bbb.Release40); !slices.Equal(got, want40) {
		t.Errorf("4.0 layouts = %v, want %v", got, want40)
	}
	want27 := []bbb.Layout{bbb.LayoutCustom, bbb.LayoutSmart, bbb.LayoutPresentationFocus, bbb.LayoutVideoFocus}
	if got := bbb.LayoutsFor(bbb.Release27); !slices.Equal(got, want27) {
		t.Errorf("2.7 layouts = %v, want %v", got, want27)
	}
	if got := bbb.LayoutsFor(bbb.Release30); len(got) != 8 || slices.Contains(got, bbb.LayoutUnified) {
		t.Errorf("3.0 layouts = %v, want the eight of 3.0", got)
	}
	if got := bbb.LayoutsFor(bbb.Release{}); len(got) != len(bbb.Layouts) {
		t.Errorf("an unknown release should offer every layout, got %v", got)
	}
	if bbb.LayoutSmart.Removed() != bbb.Release40 || bbb.LayoutUnified.Since() != bbb.Release40 {
		t.Error("SMART_LAYOUT is removed in 4.0, UNIFIED_LAYOUT added")
	}
	if bbb.DefaultLayout(bbb.Release40) != bbb.LayoutUnified || bbb.DefaultLayout(bbb.Release30) != bbb.LayoutCustom {
		t.Error("default layouts")
	}
}

func TestFeaturesPerRelease(t *testing.T) {
	t.Parallel()
	in40, in30, in27 := bbb.FeaturesFor(bbb.Release40), bbb.FeaturesFor(bbb.Release30), bbb.FeaturesFor(bbb.Release27)
	for _, f := range []bbb.Feature{"pinChatMessage", "multiFunctionalMode"} {
		if !slices.Contains(in40, f) || slices.Contains(in30, f) {
			t.Errorf("%s is new in 4.0", f)
		}
	}
	if slices.Contains(in40, "layouts") || !slices.Contains(in30, "layouts") {
		t.Error("layouts is removed from disabledFeatures in 4.0")
	}
	if slices.Contains(in27, "quizzes") || !slices.Contains(in30, "quizzes") {
		t.Error("quizzes is new in 3.0")
	}
	if bbb.Feature("noSuchFeature").AvailableIn(bbb.Release40) {
		t.Error("an unknown feature is available nowhere")
	}
}

func TestCreateParamsNewIn4AndLate30(t *testing.T) {
	t.Parallel()
	names := bbb.CreateParamNames()
	for _, n := range []string{"lockSettingsPresenterPolicy", "requireUserConsentBeforeUnmuting", "notifyRecordingAppend",
		"clientSettingsOverrideJsonUrl", "sharedNotesEditor", "sharedNotesInitialContentJsonUrl",
		"sharedNotesInitialContentMarkdown", "sharedNotesInitialContentMarkdownUrl"} {
		if !slices.Contains(names, n) {
			t.Errorf("CreateParamNames lacks %s", n)
		}
	}
	yes := true
	p := bbb.CreateParams{Name: "Room", MeetingID: "room-1", LockSettingsPresenterPolicy: bbb.PresenterFreeForAll,
		RequireUserConsentBeforeUnmuting: &yes, Plugin: map[string]string{"quizUrl": "https://q.example/x"}}
	v, err := p.Values()
	if err != nil {
		t.Fatal(err)
	}
	if v.Get("lockSettingsPresenterPolicy") != "freeForAll" || v.Get("requireUserConsentBeforeUnmuting") != "true" ||
		v.Get("plugin_quizUrl") != "https://q.example/x" {
		t.Errorf("values = %v", v)
	}
	back, err := bbb.ParseCreateParams(url.Values{"plugin_quizUrl": {"x"}, "lockSettingsPresenterPolicy": {"moderatorOnly"}})
	if err != nil || back.Plugin["quizUrl"] != "x" || back.LockSettingsPresenterPolicy != bbb.PresenterModeratorOnly {
		t.Errorf("parse: %+v, %v", back, err)
	}
	if _, err := bbb.ParseCreateParams(url.Values{"lockSettingsPresenterPolicy": {"anyone"}}); err == nil {
		t.Error("an unknown presenter policy is accepted")
	}
	if _, err := (bbb.CreateParams{Plugin: map[string]string{"bad key": "x"}}).Values(); err == nil {
		t.Error("a plugin key with a space is accepted")
	}
}

func TestValuesForRelease(t *testing.T) {
	t.Parallel()
	yes := true
	p := bbb.CreateParams{Name: "Room", MeetingID: "room-1", MeetingLayout: bbb.LayoutSmart, Copyright: "(c) school",
		LockSettingsDisableNote: &yes, RequireUserConsentBeforeUnmuting: &yes, LockSettingsPresenterPolicy: bbb.PresenterFreeForAll,
		DisabledFeatures: []bbb.Feature{"layouts", "chat", "pinChatMessage"}}

	v40, dropped, err := p.ValuesFor(bbb.Release40)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"copyright", "disabledFeatures=layouts", "lockSettingsDisableNote", "meetingLayout=SMART_LAYOUT"}
	if !slices.Equal(dropped, want) {
		t.Errorf("4.0 dropped %v, want %v", dropped, want)
	}
	if v40.Get("disabledFeatures") != "chat,pinChatMessage" || v40.Get("requireUserConsentBeforeUnmuting") != "true" || v40.Has("meetingLayout") {
		t.Errorf("4.0 values = %v", v40)
	}

	v30, dropped, err := p.ValuesFor(bbb.Release30)
	if err != nil {
		t.Fatal(err)
	}
	want = []string{"disabledFeatures=pinChatMessage", "lockSettingsPresenterPolicy", "requireUserConsentBeforeUnmuting"}
	if !slices.Equal(dropped, want) {
		t.Errorf("3.0 dropped %v, want %v", dropped, want)
	}
	if v30.Get("meetingLayout") != "SMART_LAYOUT" || v30.Get("copyright") != "(c) school" {
		t.Errorf("3.0 values = %v", v30)
	}

	all, dropped, _ := p.ValuesFor(bbb.Release{})
	if len(dropped) != 0 || all.Get("disabledFeatures") != "layouts,chat,pinChatMessage" {
		t.Errorf("an unknown release should send everything: %v, dropped %v", all, dropped)
	}
}
