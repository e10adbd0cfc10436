package handlers

import (
	"maps"
	"strings"
	"testing"
)

func TestRoomFormValidate(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		form roomForm
		want map[string]string
	}{
		{"valid", roomForm{Name: "Maths 7b", MaxDuration: "90"}, map[string]string{}},
		{"no duration is fine", roomForm{Name: "Maths 7b"}, map[string]string{}},
		{"name too short", roomForm{Name: "M"}, map[string]string{"name": "rooms.name_invalid"}},
		{"name too long", roomForm{Name: strings.Repeat("ü", 201)}, map[string]string{"name": "rooms.name_invalid"}},
		{"duration not a number", roomForm{Name: "Maths", MaxDuration: "1h"}, map[string]string{"max_duration": "rooms.minutes_invalid"}},
		{"negative duration", roomForm{Name: "Maths", MaxDuration: "-5"}, map[string]string{"max_duration": "rooms.minutes_invalid"}},
		{"both", roomForm{Name: "", MaxDuration: "100001"}, map[string]string{"name": "rooms.name_invalid", "max_duration": "rooms.minutes_invalid"}},
	} {
		if got := tc.form.Validate(); !maps.Equal(got, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestTemplateFormValidate(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		form templateForm
		want map[string]string
	}{
		{"valid", templateForm{Name: "Lecture", Description: "For lectures", MaxDuration: "45"}, map[string]string{}},
		{"name too short", templateForm{Name: "L"}, map[string]string{"name": "templates.name_invalid"}},
		{"description at the limit", templateForm{Name: "Lecture", Description: strings.Repeat("ä", maxDescriptionLength)}, map[string]string{}},
		{"description too long", templateForm{Name: "Lecture", Description: strings.Repeat("ä", maxDescriptionLength+1)},
			map[string]string{"description": "templates.description_invalid"}},
		{"duration", templateForm{Name: "Lecture", MaxDuration: "soon"}, map[string]string{"max_duration": "rooms.minutes_invalid"}},
	} {
		if got := tc.form.Validate(); !maps.Equal(got, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}
