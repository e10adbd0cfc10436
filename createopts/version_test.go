package createopts

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"bbbportal/bbb"
)

func TestEnumerationsComeFromBBB(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name      string
		got, want []string
	}{
		{"layouts", Layouts, stringsOf(bbb.Layouts)},
		{"guest policies", GuestPolicies, stringsOf(bbb.GuestPolicies)},
		{"disabled features", DisabledFeatureNames, stringsOf(bbb.Features)},
		{"presenter policies", PresenterPolicies, stringsOf(bbb.PresenterPolicies)},
	} {
		if !slices.Equal(c.got, c.want) {
			t.Errorf("%s: createopts %v, bbb %v", c.name, c.got, c.want)
		}
	}
	for _, o := range All {
		if o.Kind != Enum && o.Kind != Features {
			continue
		}
		if set, ok := ChoiceSets[o.ChoiceSet]; !ok || !slices.Equal(o.Choices, set) {
			t.Errorf("%s: choices %v are not the choice set %q", o.Name, o.Choices, o.ChoiceSet)
		}
	}
}

func TestSinceAgreesWithBBB(t *testing.T) {
	t.Parallel()
	for _, o := range All {
		if r := bbb.CreateParamSince(o.Name); !r.IsZero() {
			if mine, err := bbb.ParseRelease(o.Since); err != nil || mine != r {
				t.Errorf("%s: catalogue says since %q, bbb says %s", o.Name, o.Since, r)
			}
		}
		if o.Since != "" {
			if _, err := bbb.ParseRelease(o.Since); err != nil {
				t.Errorf("%s: Since %q: %v", o.Name, o.Since, err)
			}
		}
	}
}

func names(opts []*Option) []string {
	var out []string
	for _, o := range opts {
		out = append(out, o.Name)
	}
	return out
}

func TestOptionsOfferedPerRelease(t *testing.T) {
	t.Parallel()
	r3025 := bbb.Release{Major: 3, Patch: 25}
	cases := []struct {
		release  bbb.Release
		offered  []string
		withheld []string
	}{
		{bbb.Release27, []string{"copyright", "webVoice", "meetingLayout", "breakoutRoomsEnabled", MetaOption},
			[]string{"darklogo", "loginURL", "pluginManifests", PluginOption, "clientSettingsOverride", "clientSettingsOverrideJsonUrl",
				"lockSettingsPresenterPolicy", "sharedNotesEditor", "allowPromoteGuestToModerator"}}, // the last needs 2.7.9
		{bbb.Release{Major: 2, Minor: 7, Patch: 9}, []string{"allowPromoteGuestToModerator"}, nil},
		{bbb.Release30, []string{"darklogo", "pluginManifests", PluginOption, "copyright", "clientSettingsOverride"},
			[]string{"clientSettingsOverrideJsonUrl", "sharedNotesInitialContentMarkdown", "lockSettingsPresenterPolicy",
				"requireUserConsentBeforeUnmuting", "notifyRecordingAppend", "breakoutRoomsEnabled"}},
		{r3025, []string{"clientSettingsOverrideJsonUrl"}, []string{"sharedNotesEditor", "lockSettingsPresenterPolicy"}},
		{bbb.Release40, []string{"lockSettingsPresenterPolicy", "requireUserConsentBeforeUnmuting", "notifyRecordingAppend",
			"sharedNotesEditor", "sharedNotesInitialContentJsonUrl", "meta_bbb-anonymize-chat"},
			[]string{"copyright", "webVoice", "breakoutRoomsEnabled"}},
	}
	for _, c := range cases {
		got := names(OfferedIn(c.release))
		for _, n := range c.offered {
			if !slices.Contains(got, n) {
				t.Errorf("BBB %s: %s not offered", c.release, n)
			}
		}
		for _, n := range c.withheld {
			if slices.Contains(got, n) {
				t.Errorf("BBB %s: %s offered, but the release does not read it", c.release, n)
			}
		}
	}
	if got := OfferedIn(bbb.Release{}); len(got) != len(All) {
		t.Errorf("unknown release: %d options offered, want all %d", len(got), len(All))
	}
	for _, o := range InGroupFor(GroupLock, bbb.Release27) {
		if o.Name == "lockSettingsPresenterPolicy" {
			t.Error("the 2.7 lock section offers the 4.0 presenter policy")
		}
	}
}

func TestChoicesPerRelease(t *testing.T) {
	t.Parallel()
	layout, features := byName["meetingLayout"], byName["disabledFeatures"]
	if got, want := layout.ChoicesFor(bbb.Release40), stringsOf(bbb.LayoutsFor(bbb.Release40)); !slices.Equal(got, want) {
		t.Errorf("4.0 layouts %v, want %v", got, want)
	}
	if got := layout.ChoicesFor(bbb.Release40); slices.Contains(got, "SMART_LAYOUT") || !slices.Contains(got, "UNIFIED_LAYOUT") {
		t.Errorf("4.0 layouts %v", got)
	}
	if got := layout.ChoicesFor(bbb.Release27); slices.Contains(got, "CAMERAS_ONLY") || !slices.Contains(got, "SMART_LAYOUT") {
		t.Errorf("2.7 layouts %v", got)
	}
	f40, f30 := features.ChoicesFor(bbb.Release40), features.ChoicesFor(bbb.Release30)
	if slices.Contains(f40, "layouts") || !slices.Contains(f40, "pinChatMessage") || !slices.Contains(f40, "multiFunctionalMode") {
		t.Errorf("4.0 features %v", f40)
	}
	if !slices.Contains(f30, "layouts") || slices.Contains(f30, "pinChatMessage") {
		t.Errorf("3.0 features %v", f30)
	}
	if layout.ChoiceRemoved("SMART_LAYOUT") != bbb.Release40 || layout.ChoiceSince("UNIFIED_LAYOUT") != bbb.Release40 {
		t.Error("layout spans are not bbb's")
	}
}

func TestForReleaseAdaptsATemplate(t *testing.T) {
	t.Parallel()
	saved := Values{
		"meetingLayout": "SMART_LAYOUT", "copyright": "© School", "disabledFeatures": "chat,layouts,raiseHand,pinChatMessage",
		"lockSettingsPresenterPolicy": "freeForAll", "plugin_quiz": "on", "meta_course": "MA", "welcome": "Hi",
		"meta_bbb-anonymize-chat": "true",
	}
	cases := []struct {
		release  bbb.Release
		sent     Values
		warnings map[string]string // name → message ID
	}{
		{bbb.Release40, Values{"meetingLayout": "UNIFIED_LAYOUT", "disabledFeatures": "chat,raiseHand,pinChatMessage",
			"lockSettingsPresenterPolicy": "freeForAll", "plugin_quiz": "on", "meta_course": "MA", "welcome": "Hi", "meta_bbb-anonymize-chat": "true"},
			map[string]string{"meetingLayout": "opt.warn.layoutReplaced", "copyright": "opt.warn.removed", "disabledFeatures": "opt.warn.featuresDropped"}},
		{bbb.Release30, Values{"meetingLayout": "SMART_LAYOUT", "copyright": "© School", "disabledFeatures": "chat,layouts,raiseHand",
			"plugin_quiz": "on", "meta_course": "MA", "welcome": "Hi", "meta_bbb-anonymize-chat": "true"},
			map[string]string{"lockSettingsPresenterPolicy": "opt.warn.needsRelease", "disabledFeatures": "opt.warn.featuresDropped"}},
		{bbb.Release27, Values{"meetingLayout": "SMART_LAYOUT", "copyright": "© School", "disabledFeatures": "chat,layouts",
			"meta_course": "MA", "welcome": "Hi", "meta_bbb-anonymize-chat": "true"},
			map[string]string{"lockSettingsPresenterPolicy": "opt.warn.needsRelease", "disabledFeatures": "opt.warn.featuresDropped",
				PluginOption: "opt.warn.needsRelease"}},
		{bbb.Release{}, saved, map[string]string{}},
	}
	for _, c := range cases {
		sent, _ := ForRelease(saved, c.release)
		if !reflect.DeepEqual(sent, c.sent) {
			t.Errorf("BBB %s: sent %v\nwant %v", c.release, sent, c.sent)
		}
		warnings := Warnings(saved, c.release)
		got := map[string]string{}
		for name, w := range warnings {
			got[name] = w.ID
			if msg := w.English(); strings.Contains(msg, "<no value>") || strings.Contains(msg, "{{") || !strings.Contains(msg, c.release.String()) {
				t.Errorf("BBB %s, %s: warning %q", c.release, name, msg)
			}
		}
		if !reflect.DeepEqual(got, c.warnings) {
			t.Errorf("BBB %s: warnings %v, want %v", c.release, got, c.warnings)
		}
	}
	// A 3.0 layout on a 2.7 server is left out: the server falls back to its default itself.
	sent, changes := ForRelease(Values{"meetingLayout": "CAMERAS_ONLY"}, bbb.Release27)
	if _, ok := sent["meetingLayout"]; ok || len(changes) != 1 || changes[0].Warning.ID != "opt.warn.valueDropped" {
		t.Errorf("CAMERAS_ONLY on 2.7: sent %v, changes %+v", sent, changes)
	}
	if w := Warnings(Values{"lockSettingsPresenterPolicy": "freeForAll"}, bbb.Release30)["lockSettingsPresenterPolicy"]; !strings.Contains(w.English(), "4.0 or later") {
		t.Errorf("needs-release warning %q does not name 4.0", w.English())
	}
}

func TestLayoutFor(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		saved   string
		release bbb.Release
		want    string
	}{
		{"SMART_LAYOUT", bbb.Release40, "UNIFIED_LAYOUT"},
		{"VIDEO_FOCUS", bbb.Release40, "UNIFIED_LAYOUT"},
		{"SMART_LAYOUT", bbb.Release30, "SMART_LAYOUT"},
		{"MEDIA_ONLY", bbb.Release40, "MEDIA_ONLY"},
		{"UNIFIED_LAYOUT", bbb.Release30, ""},
		{"CAMERAS_ONLY", bbb.Release27, ""},
		{"SMART_LAYOUT", bbb.Release{}, "SMART_LAYOUT"},
	} {
		if got := LayoutFor(c.saved, c.release); got != c.want {
			t.Errorf("LayoutFor(%s, %s) = %q, want %q", c.saved, c.release, got, c.want)
		}
	}
}
