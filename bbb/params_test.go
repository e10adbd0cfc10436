package bbb_test

import (
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"bbbportal/bbb"
)

// sampleValue is a valid value for each kind of create parameter.
func sampleValue(name string) string {
	switch name {
	case "meetingID":
		return "room-42"
	case "voiceBridge":
		return "70757"
	case "attendeePW", "moderatorPW":
		return "pw-" + name
	case "bannerColor":
		return "#1A2B3C"
	case "guestPolicy":
		return "ASK_MODERATOR"
	case "lockSettingsPresenterPolicy":
		return "freeForAll"
	case "sharedNotesEditor":
		return "blockNote"
	case "meetingLayout":
		return "PARTICIPANTS_AND_CHAT_ONLY"
	case "disabledFeatures":
		return "chat,polls,quizzes"
	case "disabledFeaturesExclude":
		return "learningDashboard"
	case "groups":
		return `[{"id":"g1","name":"Gruppe 1","roster":["u1","u2"]}]`
	case "pluginManifests":
		return `[{"url":"https://plugins.example.com/manifest.json","checksum":"abc"}]`
	}
	lower := strings.ToLower(name)
	switch {
	case strings.HasSuffix(lower, "url") || name == "logo" || name == "darklogo" || name == "preUploadedPresentation":
		return "https://example.com/" + name + "?a=1&b=2"
	case strings.Contains(lower, "minutes") || strings.HasSuffix(lower, "cap") || strings.HasPrefix(lower, "max") ||
		name == "duration" || name == "sequence" || name == "logoutTimer" || name == "maxNumPages":
		return "7"
	}
	return ""
}

func TestCreateParamsRoundTripEveryName(t *testing.T) {
	t.Parallel()
	names := CreateParamNamesOrFail(t)
	v := url.Values{}
	for _, name := range names {
		val := sampleValue(name)
		if val == "" {
			// Booleans are the remaining kind that has no sample yet; try it.
			if _, err := bbb.ParseCreateParams(url.Values{name: {"true"}}); err == nil {
				val = "true"
			} else {
				val = "text for " + name + " & <äöü> 🎉"
			}
		}
		v.Set(name, val)
	}
	v.Set("meta_bbb-origin", "bbbportal")
	v.Set("meta_endCallbackUrl", "https://portal.example.com/end?token=x")
	p, err := bbb.ParseCreateParams(v)
	if err != nil {
		t.Fatal(err)
	}
	back, err := p.Values()
	if err != nil {
		t.Fatal(err)
	}
	for name := range v {
		if back.Get(name) != v.Get(name) {
			t.Errorf("%s: sent %q, got back %q", name, v.Get(name), back.Get(name))
		}
	}
	if len(back) != len(v) {
		t.Errorf("round trip has %d parameters, want %d", len(back), len(v))
	}
	if p.Record == nil || !*p.Record || p.GuestPolicy != bbb.GuestAskModerator || p.MeetingLayout != bbb.LayoutParticipantsAndChatOnly ||
		len(p.Groups) != 1 || p.Groups[0].Roster[1] != "u2" || p.PluginManifests[0].Checksum != "abc" ||
		*p.MaxParticipants != 7 || p.Meta["bbb-origin"] != "bbbportal" || len(p.DisabledFeatures) != 3 {
		t.Errorf("typed fields wrong: %+v", p)
	}
}

func CreateParamNamesOrFail(t *testing.T) []string {
	names := bbb.CreateParamNames()
	seen := map[string]bool{}
	for _, n := range names {
		if seen[n] {
			t.Errorf("%s listed twice", n)
		}
		seen[n] = true
		if strings.HasPrefix(n, "meta_") {
			t.Errorf("%s: meta_ names must not be listed", n)
		}
	}
	// A selection from every section of the reference's create table.
	for _, n := range []string{"name", "meetingID", "record", "lockSettingsHideViewersAnnotation", "guestPolicy",
		"meetingLayout", "disabledFeatures", "disabledFeaturesExclude", "groups", "pluginManifests",
		"allowOverrideClientSettingsOnCreateCall", "breakoutRoomsCaptureNotesFilename", "presentationUploadExternalUrl",
		"clientSettingsOverrideJsonUrl", "darklogo", "loginURL", "audioBridge", "meetingEndedURL", "lockSettingsDisableNote"} {
		if !seen[n] {
			t.Errorf("%s missing from CreateParamNames", n)
		}
	}
	if len(names) < 84 {
		t.Errorf("only %d create parameters", len(names))
	}
	return names
}

func TestCreateParamsUnsetIsNotSent(t *testing.T) {
	t.Parallel()
	f := false
	v, err := bbb.CreateParams{Name: "Demo", MeetingID: "abc", Record: &f}.Values()
	if err != nil {
		t.Fatal(err)
	}
	if got := v.Encode(); got != "meetingID=abc&name=Demo&record=false" {
		t.Errorf("sent %s", got)
	}
}

func TestCreateParamsValidation(t *testing.T) {
	t.Parallel()
	tests := []struct {
		params url.Values
		param  string
	}{
		{url.Values{"nosuchParam": {"1"}}, "nosuchParam"},
		{url.Values{"record": {"1"}}, "record"},
		{url.Values{"record": {"yes"}}, "record"},
		{url.Values{"duration": {"-5"}}, "duration"},
		{url.Values{"duration": {"ten"}}, "duration"},
		{url.Values{"voiceBridge": {"7x757"}}, "voiceBridge"},
		{url.Values{"guestPolicy": {"SOMETIMES"}}, "guestPolicy"},
		{url.Values{"meetingLayout": {"PARTICIPANTS_CHAT_ONLY"}}, "meetingLayout"},
		{url.Values{"disabledFeatures": {"chat,teleport"}}, "disabledFeatures"},
		{url.Values{"groups": {"[{"}}, "groups"},
		{url.Values{"logoutURL": {"/relative"}}, "logoutURL"},
		{url.Values{"logoutURL": {"javascript:alert(1)"}}, "logoutURL"},
		{url.Values{"bannerColor": {"red"}}, "bannerColor"},
		{url.Values{"meta_9lives": {"x"}}, "meta_9lives"},
		{url.Values{"meta_a_b": {"x"}}, "meta_a_b"},
		{url.Values{"meta_": {"x"}}, "meta_"},
		{url.Values{"meetingID": {"a,b"}}, "meetingID"},
		{url.Values{"meetingID": {"a"}}, "meetingID"},
		{url.Values{"name": {strings.Repeat("n", 257)}}, "name"},
		{url.Values{"attendeePW": {"x"}}, "attendeePW"},
		{url.Values{"record": {"true", "false"}}, "record"},
	}
	for _, tt := range tests {
		_, err := bbb.ParseCreateParams(tt.params)
		var ve *bbb.ValidationError
		if !errorsAs(err, &ve) || ve.Param != tt.param {
			t.Errorf("%v: got %v, want an error naming %s", tt.params, err, tt.param)
			continue
		}
		if !strings.Contains(err.Error(), tt.param) {
			t.Errorf("message %q does not name %s", err, tt.param)
		}
	}
	if _, err := (bbb.CreateParams{Meta: map[string]string{"bad key": "x"}}).Values(); err == nil {
		t.Error("a meta name with a space was accepted by Values")
	}
	if _, err := (bbb.CreateParams{DisabledFeatures: []bbb.Feature{"nope"}}).Values(); err == nil {
		t.Error("an unknown feature was accepted by Values")
	}
}

func TestJoinParams(t *testing.T) {
	t.Parallel()
	yes := true
	p := bbb.JoinParams{FullName: "Ada", MeetingID: "m1", Role: bbb.RoleModerator, CreateTime: time.UnixMilli(1715261728123),
		UserID: "u-1", Guest: &yes, EnforceLayout: bbb.LayoutMediaOnly, AvatarURL: "https://example.com/a.png",
		ErrorRedirectURL: "https://portal.example.com/error", LogoutURL: "https://portal.example.com/bye",
		UserData: map[string]string{"bbb_skip_check_audio": "true", "bbb_client_title": "Raum"}}
	v, err := p.Values()
	if err != nil {
		t.Fatal(err)
	}
	want := url.Values{"fullName": {"Ada"}, "meetingID": {"m1"}, "role": {"MODERATOR"}, "createTime": {"1715261728123"},
		"userID": {"u-1"}, "guest": {"true"}, "enforceLayout": {"MEDIA_ONLY"}, "avatarURL": {"https://example.com/a.png"},
		"errorRedirectUrl": {"https://portal.example.com/error"}, "logoutURL": {"https://portal.example.com/bye"},
		"userdata-bbb_skip_check_audio": {"true"}, "userdata-bbb_client_title": {"Raum"}}
	if v.Encode() != want.Encode() {
		t.Errorf("join values\n got %s\nwant %s", v.Encode(), want.Encode())
	}
	back, err := bbb.ParseJoinParams(v)
	if err != nil || !back.CreateTime.Equal(p.CreateTime) || back.UserData["bbb_client_title"] != "Raum" {
		t.Errorf("ParseJoinParams: %+v, %v", back, err)
	}
	for _, bad := range []bbb.JoinParams{
		{MeetingID: "m"},
		{FullName: "x"},
		{FullName: "x", MeetingID: "m", Role: "ADMIN"},
		{FullName: "x", MeetingID: "m", UserData: map[string]string{"bbb-skip": "x"}},
		{FullName: "x", MeetingID: "m", UserData: map[string]string{"": "x"}},
		{FullName: "x", MeetingID: "m", LogoutURL: "//evil.example.com"},
	} {
		if _, err := bad.Values(); err == nil {
			t.Errorf("%+v accepted", bad)
		}
	}
	if !slices.Contains(bbb.Layouts, bbb.LayoutCamerasOnly) || len(bbb.GuestPolicies) != 4 {
		t.Error("enum lists incomplete")
	}
}
