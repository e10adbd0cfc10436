package createopts

import (
	"maps"
	"slices"
	"strings"
	"testing"
)

func TestEveryEnumeratedValueHasAPlainLabel(t *testing.T) {
	t.Parallel()
	for set, values := range ChoiceSets {
		labels := ChoiceLabels[set]
		for _, v := range values {
			label := labels[v]
			if label == "" {
				t.Errorf("%s value %s has no label", set, v)
			}
			identifier := strings.ContainsAny(v, "_ABCDEFGHIJKLMNOPQRSTUVWXYZ") // ASK_MODERATOR, breakoutRooms
			if identifier && set != SetNotesEditor && strings.Contains(label, v) {
				t.Errorf("%s value %s: label %q repeats the raw value", set, v, label)
			}
		}
		for v := range labels {
			if !slices.Contains(values, v) {
				t.Errorf("%s has a label for %s, which is not one of its values", set, v)
			}
		}
	}
	if got := ChoiceLabels[SetGuestPolicy]["ASK_MODERATOR"]; got != "A moderator lets each guest in" {
		t.Errorf("ASK_MODERATOR reads %q", got)
	}
	if k := byName["guestPolicy"].ChoiceLabelKey("ASK_MODERATOR"); EnglishMessages()[k] != "A moderator lets each guest in" {
		t.Errorf("key %s is not translated", k)
	}
}

func TestEssentials(t *testing.T) {
	t.Parallel()
	if n := len(Essentials); n < 8 || n > 12 {
		t.Errorf("%d essentials, want about ten", n)
	}
	portal := []string{PortalMaxDuration, PortalPresentation, PortalWhoMayStart}
	seen := map[string]bool{}
	for _, e := range Essentials {
		if seen[e.Key] {
			t.Errorf("%s listed twice", e.Key)
		}
		seen[e.Key] = true
		if e.Label == "" || e.Help == "" {
			t.Errorf("%s has no label or help", e.Key)
		}
		if e.Option == nil {
			if !slices.Contains(portal, e.Key) {
				t.Errorf("%s is neither an option nor a portal field", e.Key)
			}
			continue
		}
		if e.Option.AdminOnly {
			t.Errorf("%s is admin-only: a teacher cannot change it", e.Key)
		}
		switch e.Option.Kind {
		case Bool, Enum:
			var values []string
			for _, c := range e.Choices {
				values = append(values, c.Value)
				if _, err := Normalize(e.Key, c.Value); err != nil {
					t.Errorf("%s choice %q is not a valid value: %v", e.Key, c.Value, err)
				}
				if c.Label == "" || EnglishMessages()[c.LabelKey] != c.Label {
					t.Errorf("%s choice %s: label %q under key %s", e.Key, c.Value, c.Label, c.LabelKey)
				}
			}
			want := []string{"true", "false"}
			if e.Option.Kind == Enum {
				want = e.Option.Choices
			}
			if !slices.Equal(values, want) {
				t.Errorf("%s offers %v, want %v", e.Key, values, want)
			}
		default:
			if len(e.Choices) != 0 {
				t.Errorf("%s is free input but has choices", e.Key)
			}
		}
	}
	for _, must := range []string{"welcome", "muteOnStart", "guestPolicy", "record", "webcamsOnlyForModerator",
		"lockSettingsDisablePublicChat", "maxParticipants", PortalMaxDuration, PortalPresentation, PortalWhoMayStart} {
		if !seen[must] {
			t.Errorf("essentials lack %s", must)
		}
	}
}

func TestRecordingPrivacyOptionsAreNotMetadataRows(t *testing.T) {
	t.Parallel()
	tpl := Settings{
		MetaOption:                           {Policy: PolicyHidden},
		"meta_course":                        {Value: "MA"},
		"meta_bbb-anonymize-chat":            {Value: "true", Policy: PolicyForced},
		"meta_bbb-disable-recording-formats": {Value: "video,podcast"},
	}
	eff := Effective(tpl, Values{"meta_bbb-anonymize-chat": "false", "meta_bbb-anonymize-chat-moderators": "true"})
	want := Values{"meta_bbb-anonymize-chat": "true", "meta_bbb-anonymize-chat-moderators": "true", "meta_bbb-disable-recording-formats": "video,podcast"}
	if !maps.Equal(eff, want) {
		t.Errorf("effective %v, want %v (hidden metadata rows, the privacy options by their own policies)", eff, want)
	}
	if got := SortedMetaNames(Values{"meta_course": "MA", "meta_bbb-anonymize-chat": "true"}); !slices.Equal(got, []string{"meta_course"}) {
		t.Errorf("metadata rows %v", got)
	}
	for _, c := range []struct{ in, want, errID string }{
		{"Video, podcast,video", "video,podcast", ""},
		{"[presentation,ai-summary]", "presentation,ai-summary", ""},
		{"video podcast", "", "opt.err.names"},
		{"video,<x>", "", "opt.err.names"},
	} {
		got, err := Normalize("meta_bbb-disable-recording-formats", c.in)
		if c.errID == "" && (err != nil || got != c.want) {
			t.Errorf("formats %q: %q, %v; want %q", c.in, got, err, c.want)
		}
		if fe, ok := err.(*FieldError); c.errID != "" && (!ok || fe.ID != c.errID) {
			t.Errorf("formats %q: %v, want %s", c.in, err, c.errID)
		}
	}
}

func TestPluginParametersAreRowsWithOnePolicy(t *testing.T) {
	t.Parallel()
	// A form that renders the row option as a plain field posts it empty: that saves nothing.
	if s, errs := TemplateSettings(Values{PluginOption: "", MetaOption: "", "record": "true"}, nil); len(errs) != 0 || len(s.TemplateValues()) != 1 {
		t.Errorf("empty row fields: settings %v, errors %v", s, errs)
	}
	if _, err := Normalize("plugin_quiz-server", "https://q.example"); err != nil {
		t.Errorf("plugin_quiz-server: %v", err)
	}
	if _, err := Normalize("plugin_bad key", "x"); err == nil || err.(*FieldError).ID != "opt.err.pluginName" {
		t.Errorf("plugin_bad key: %v", err)
	}
	s, errs := TemplateSettings(Values{"plugin_a": "1", "plugin_b": "2"}, map[string]Policy{PluginOption: PolicyForced})
	if len(errs) != 0 || s.PolicyOf("plugin_a") != PolicyForced {
		t.Fatalf("settings %v, errors %v", s, errs)
	}
	eff := Effective(s, Values{"plugin_a": "room", "plugin_c": "3"})
	if !maps.Equal(eff, Values{"plugin_a": "1", "plugin_b": "2"}) {
		t.Errorf("forced plugin parameters: effective %v", eff)
	}
	if got := SortedPluginNames(eff); !slices.Equal(got, []string{"plugin_a", "plugin_b"}) {
		t.Errorf("plugin rows %v", got)
	}
}
