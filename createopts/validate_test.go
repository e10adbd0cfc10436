package createopts

import (
	"strings"
	"testing"
)

func TestNormalizeEveryKind(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, value string
		want        string // normalised value when accepted
		errID       string // message ID when refused
	}{
		{"record", "TRUE", "true", ""},
		{"record", "yes", "", "opt.err.bool"},
		{"record", "1", "", "opt.err.bool"},
		{"maxParticipants", "0", "0", ""},
		{"maxParticipants", "-1", "", "opt.err.int"},
		{"maxParticipants", "12.5", "", "opt.err.int"},
		{"maxParticipants", "ten", "", "opt.err.int"},
		{"voiceBridge", "71234", "71234", ""},
		{"voiceBridge", "7a234", "", "opt.err.digits"},
		{"welcome", "Hello <b>%%CONFNAME%%</b>\nWelcome", "Hello <b>%%CONFNAME%%</b>\nWelcome", ""},
		{"bannerText", "line\nbreak", "", "opt.err.control"},
		{"bannerText", strings.Repeat("x", 1025), "", "opt.err.tooLong"},
		{"logo", "https://school.example/logo.svg", "https://school.example/logo.svg", ""},
		{"logo", "school.example/logo.svg", "", "opt.err.url"},
		{"logo", "javascript:alert(1)", "", "opt.err.url"},
		{"logo", "https://user:pw@school.example/", "", "opt.err.url"},
		{"bannerColor", "#1a73e8", "#1A73E8", ""},
		{"bannerColor", "1a73e8", "", "opt.err.color"},
		{"bannerColor", "#1a73e", "", "opt.err.color"},
		{"guestPolicy", "ASK_MODERATOR", "ASK_MODERATOR", ""},
		{"guestPolicy", "ask_moderator", "", "opt.err.enum"},
		{"meetingLayout", "MEDIA_ONLY", "MEDIA_ONLY", ""},
		{"disabledFeatures", "polls, chat,polls", "chat,polls", ""},
		{"disabledFeatures", "chat,teleport", "", "opt.err.feature"},
		{"groups", `[{"id":"g1","name":"A","roster":["u1","u2"]}]`, `[{"id":"g1","name":"A","roster":["u1","u2"]}]`, ""},
		{"groups", `[{"name":"A"}]`, "", "opt.err.groups"},
		{"groups", `[{"id":"g1",`, "", "opt.err.jsonAt"},
		{"pluginManifests", `[{"url":"https://plugins.example/m.json"}]`, `[{"url":"https://plugins.example/m.json"}]`, ""},
		{"pluginManifests", `[{"url":"ftp://plugins.example/m.json"}]`, "", "opt.err.plugins"},
		{"clientSettingsOverride", `{"public":{"app":{"appName":"X"}}}`, `{"public":{"app":{"appName":"X"}}}`, ""},
		{"clientSettingsOverride", `[1,2]`, "", "opt.err.jsonObject"},
		{"meta_course-code", "MA 101", "MA 101", ""},
		{"meta_1course", "x", "", "opt.err.metaName"},
		{"meta_course_code", "x", "", "opt.err.metaName"},
		{"meta_endCallbackUrl", "https://evil.example/", "", "opt.err.metaReserved"},
		{"meta_bbb-recording-ready-url", "https://evil.example/", "", "opt.err.metaReserved"},
		{"attendeePW", "secret", "", "opt.err.unknown"},
		{"duration", "  ", "", ""},
	}
	for _, c := range cases {
		got, err := Normalize(c.name, c.value)
		if c.errID == "" {
			if err != nil {
				t.Errorf("Normalize(%s, %q): unexpected error %v", c.name, c.value, err)
			} else if got != c.want {
				t.Errorf("Normalize(%s, %q) = %q, want %q", c.name, c.value, got, c.want)
			}
			continue
		}
		fe, ok := err.(*FieldError)
		if !ok {
			t.Errorf("Normalize(%s, %q) = %q, %v; want error %s", c.name, c.value, got, err, c.errID)
			continue
		}
		if fe.ID != c.errID || fe.Name != c.name {
			t.Errorf("Normalize(%s, %q): error %s on %s, want %s", c.name, c.value, fe.ID, fe.Name, c.errID)
		}
		if msg := fe.English(); msg == "" || strings.Contains(msg, "{{") || strings.Contains(msg, "<no value>") {
			t.Errorf("Normalize(%s, %q): message not rendered: %q", c.name, c.value, msg)
		}
	}
}

func TestCatalogueIsComplete(t *testing.T) {
	t.Parallel()
	seen := map[string]bool{}
	groups := map[Group]bool{}
	for _, g := range Groups {
		groups[g.ID] = true
	}
	for _, o := range All {
		if seen[o.Name] {
			t.Errorf("%s listed twice", o.Name)
		}
		seen[o.Name] = true
		if !groups[o.Group] {
			t.Errorf("%s is in unknown group %q", o.Name, o.Group)
		}
		if o.Label == "" || o.Help == "" {
			t.Errorf("%s has no label or help", o.Name)
		}
		if _, excluded := Excluded[o.Name]; excluded {
			t.Errorf("%s is both an option and excluded", o.Name)
		}
		if (o.Kind == Enum || o.Kind == Features) && len(o.Choices) == 0 {
			t.Errorf("%s has no choices", o.Name)
		}
	}
	for _, g := range Groups {
		if len(InGroup(g.ID)) == 0 {
			t.Errorf("group %s is empty", g.ID)
		}
	}
}
