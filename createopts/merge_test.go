package createopts

import (
	"fmt"
	"reflect"
	"testing"
)

func TestEffectiveMergeTable(t *testing.T) {
	t.Parallel()
	const opt = "maxParticipants"
	cases := []struct {
		name     string
		policy   Policy
		template string
		room     string
		want     string // "" = not sent
	}{
		{"default, nothing set", PolicyDefault, "", "", ""},
		{"default, template only", PolicyDefault, "25", "", "25"},
		{"default, room only", PolicyDefault, "", "40", "40"},
		{"default, room overrides template", PolicyDefault, "25", "40", "40"},
		{"forced, template wins over room", PolicyForced, "25", "40", "25"},
		{"forced, template value without room", PolicyForced, "25", "", "25"},
		{"forced without value sends nothing", PolicyForced, "", "40", ""},
		{"hidden never sends the template value", PolicyHidden, "25", "", ""},
		{"hidden never sends the room value", PolicyHidden, "25", "40", ""},
		{"hidden without values", PolicyHidden, "", "40", ""},
		{"no policy means default", "", "25", "40", "40"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tpl := Settings{opt: {Value: c.template, Policy: c.policy}}
			room := Values{}
			if c.room != "" {
				room[opt] = c.room
			}
			got, sent := Effective(tpl, room)[opt]
			if c.want == "" && sent {
				t.Fatalf("%s sent as %q, want not sent", opt, got)
			}
			if got != c.want {
				t.Fatalf("effective %s = %q, want %q", opt, got, c.want)
			}
		})
	}
}

func TestEffectiveMetadataFollowsOnePolicy(t *testing.T) {
	t.Parallel()
	tpl := Values{"meta_course": "MA101", "meta_term": "2026W"}
	room := Values{"meta_term": "2027S", "meta_teacher": "Kim"}
	cases := []struct {
		policy Policy
		want   Values
	}{
		{PolicyDefault, Values{"meta_course": "MA101", "meta_term": "2027S", "meta_teacher": "Kim"}},
		{PolicyForced, Values{"meta_course": "MA101", "meta_term": "2026W"}},
		{PolicyHidden, Values{}},
	}
	for _, c := range cases {
		settings := Settings{MetaOption: {Policy: c.policy}}
		for k, v := range tpl {
			settings[k] = Setting{Value: v}
		}
		if got := Effective(settings, room); !reflect.DeepEqual(got, c.want) {
			t.Errorf("policy %s: effective = %v, want %v", c.policy, got, c.want)
		}
	}
}

func TestRoomOverridesCannotChangeForcedOrHidden(t *testing.T) {
	t.Parallel()
	tpl := Settings{
		"record":      {Value: "false", Policy: PolicyForced},
		"logo":        {Value: "https://school.example/logo.png", Policy: PolicyHidden},
		"muteOnStart": {Value: "true"},
	}
	crafted := Values{"record": "true", "logo": "https://evil.example/x.png", "muteOnStart": "false", "welcome": "Hi"}
	overrides, errs := RoomOverrides(tpl, crafted)
	if len(errs) != 0 {
		t.Fatalf("unexpected errors: %v", errs)
	}
	want := Values{"muteOnStart": "false", "welcome": "Hi"}
	if !reflect.DeepEqual(overrides, want) {
		t.Fatalf("overrides = %v, want %v", overrides, want)
	}
	eff := Effective(tpl, overrides)
	if eff["record"] != "false" {
		t.Errorf("forced record = %q, want false", eff["record"])
	}
	if _, sent := eff["logo"]; sent {
		t.Errorf("hidden logo was sent: %q", eff["logo"])
	}
}

func TestRoomOverridesDropValuesEqualToTemplate(t *testing.T) {
	t.Parallel()
	tpl := Settings{"duration": {Value: "90"}}
	overrides, _ := RoomOverrides(tpl, Values{"duration": "90", "welcome": ""})
	if len(overrides) != 0 {
		t.Fatalf("overrides = %v, want none", overrides)
	}
}

func TestTemplateSettingsRejectsBadPolicyAndUnknownNames(t *testing.T) {
	t.Parallel()
	_, errs := TemplateSettings(Values{"nosuchoption": "1", "record": "true"}, map[string]Policy{"record": "sometimes"})
	if errs["record"] == nil || errs["record"].ID != "opt.err.policy" {
		t.Errorf("bad policy not refused: %v", errs["record"])
	}
	if errs["nosuchoption"] == nil || errs["nosuchoption"].ID != "opt.err.unknown" {
		t.Errorf("unknown option not refused: %v", errs["nosuchoption"])
	}
	s, errs := TemplateSettings(Values{"record": "TRUE", "meta_course": "MA"}, map[string]Policy{"record": PolicyForced, MetaOption: PolicyForced, "meta_course": PolicyHidden})
	if len(errs) != 0 {
		t.Fatalf("errors: %v", errs)
	}
	want := Settings{"record": {Value: "true", Policy: PolicyForced}, MetaOption: {Policy: PolicyForced}, "meta_course": {Value: "MA"}}
	if !reflect.DeepEqual(s, want) {
		t.Fatalf("settings = %v, want %v", s, want)
	}
}

func TestMetadataRowsAreBounded(t *testing.T) {
	t.Parallel()
	many := Values{}
	for i := range MaxMetaRows + 1 {
		many[fmt.Sprintf("meta_row%d", i)] = "x"
	}
	if _, errs := RoomOverrides(Settings{}, many); errs[MetaOption] == nil || errs[MetaOption].ID != "opt.err.metaCount" {
		t.Errorf("room with %d rows: errors %v", len(many), errs)
	}
	if _, errs := TemplateSettings(many, nil); errs[MetaOption] == nil {
		t.Errorf("template with %d rows accepted", len(many))
	}
	delete(many, "meta_row0")
	if _, errs := RoomOverrides(Settings{}, many); len(errs) != 0 {
		t.Errorf("%d rows refused: %v", len(many), errs)
	}
}
