package createopts

import (
	"context"
	"errors"
	"net/netip"
	"slices"
	"strings"
	"testing"
)

// fakeResolver answers from a table, like a DNS server the test controls.
type fakeResolver map[string][]string

func (f fakeResolver) LookupNetIP(_ context.Context, _, host string) ([]netip.Addr, error) {
	addrs, ok := f[host]
	if !ok {
		return nil, errors.New("no such host")
	}
	var out []netip.Addr
	for _, a := range addrs {
		out = append(out, netip.MustParseAddr(a))
	}
	return out, nil
}

var testDNS = fakeResolver{
	"files.school.example":    {"10.0.0.9"},
	"intranet.school.example": {"10.0.0.5"},
	"mixed.example":           {"203.0.113.5", "10.0.0.1"},
	"cdn.example":             {"203.0.113.7", "2001:db8::7"},
	"metadata.example":        {"169.254.169.254"},
	"v6local.example":         {"fd12:3456::1"},
}

func TestAdminOnlyOptionsByScope(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	admin := []struct{ name, value string }{
		{"logo", "https://cdn.example/logo.svg"},
		{"darklogo", "https://cdn.example/dark.svg"},
		{"loginURL", "https://login.example/"},
		{"preUploadedPresentation", "https://cdn.example/slides.pdf"},
		{"pluginManifests", `[{"url":"https://cdn.example/plugin/manifest.json"}]`},
		{"pluginManifestsFetchUrl", "https://cdn.example/plugins.json"},
		{"clientSettingsOverride", `{"public":{"app":{"appName":"X"}}}`},
		{"clientSettingsOverrideJsonUrl", "https://cdn.example/settings.json"},
		{"sharedNotesInitialContentMarkdownUrl", "https://cdn.example/notes.md"},
		{"sharedNotesInitialContentJsonUrl", "https://cdn.example/notes.json"},
		{"plugin_quiz-server", "https://cdn.example/quiz"},
	}
	for _, c := range admin {
		t.Run(c.name, func(t *testing.T) {
			if o, _ := Lookup(c.name); !o.AdminOnly {
				t.Fatalf("%s is not marked admin-only", c.name)
			}
			global := Validator{Scope: ScopeGlobalTemplate, Resolver: testDNS}
			s, errs := global.Template(ctx, Values{c.name: c.value}, nil)
			if len(errs) != 0 || s[c.name].Value == "" {
				t.Fatalf("global template refused %s: %v", c.name, errs)
			}
			personal := Validator{Scope: ScopePersonalTemplate, Resolver: testDNS}
			s, errs = personal.Template(ctx, Values{c.name: c.value}, nil)
			if errs[c.name] == nil || errs[c.name].ID != "opt.err.adminOnly" || s[c.name].Value != "" {
				t.Fatalf("personal template: errors %v, saved %q; want opt.err.adminOnly and nothing saved", errs, s[c.name].Value)
			}
			room := Validator{Scope: ScopeRoom, Resolver: testDNS}
			out, errs := room.Room(ctx, Settings{}, Values{c.name: c.value, "welcome": "Hi"})
			if errs[c.name] == nil || errs[c.name].ID != "opt.err.adminOnly" {
				t.Fatalf("room: errors %v, want opt.err.adminOnly on %s", errs, c.name)
			}
			if _, saved := out[c.name]; saved || out["welcome"] != "Hi" {
				t.Fatalf("room overrides %v: want only the welcome message", out)
			}
		})
	}
}

func TestRoomMayKeepTheTemplatesAdminValue(t *testing.T) {
	t.Parallel()
	tpl := Settings{"logo": {Value: "https://cdn.example/logo.svg"}}
	out, errs := Validator{Scope: ScopeRoom}.Room(context.Background(), tpl, Values{"logo": " https://cdn.example/logo.svg "})
	if len(errs) != 0 || len(out) != 0 {
		t.Fatalf("re-submitting the template's own logo: overrides %v, errors %v; want neither", out, errs)
	}
	if eff := Effective(tpl, out); eff["logo"] != "https://cdn.example/logo.svg" {
		t.Errorf("effective logo %q, want the template's", eff["logo"])
	}
}

func TestFetchedURLsRefuseInternalAddresses(t *testing.T) {
	t.Parallel()
	cases := []struct {
		value string
		errID string // "" = accepted
	}{
		{"https://cdn.example/slides.pdf", ""},
		{"https://unknown.example/slides.pdf", ""}, // does not resolve: BBB cannot fetch it either
		{"http://203.0.113.10/slides.pdf", ""},
		{"http://[2001:db8::10]/slides.pdf", ""},
		{"http://169.254.169.254/latest/meta-data/", "opt.err.internalHost"},
		{"http://127.0.0.1:8080/admin", "opt.err.internalHost"},
		{"http://[::1]/", "opt.err.internalHost"},
		{"http://10.1.2.3/x.pdf", "opt.err.internalHost"},
		{"http://172.16.5.4/x.pdf", "opt.err.internalHost"},
		{"http://192.168.0.1/x.pdf", "opt.err.internalHost"},
		{"http://100.64.0.1/x.pdf", "opt.err.internalHost"},
		{"http://0.0.0.0/x.pdf", "opt.err.internalHost"},
		{"http://224.0.0.1/x.pdf", "opt.err.internalHost"},
		{"http://[fe80::1%25eth0]/x.pdf", "opt.err.internalHost"},
		{"http://[fd00::1]/x.pdf", "opt.err.internalHost"},
		{"http://[ff02::1]/x.pdf", "opt.err.internalHost"},
		{"http://[::ffff:127.0.0.1]/x.pdf", "opt.err.internalHost"},
		{"http://[64:ff9b::a9fe:a9fe]/x.pdf", "opt.err.internalHost"}, // 169.254.169.254 through NAT64
		{"http://2130706433/x.pdf", "opt.err.numericHost"},            // 127.0.0.1 to Java and curl
		{"http://127.1/x.pdf", "opt.err.numericHost"},
		{"http://0x7f000001/x.pdf", "opt.err.numericHost"},
		{"http://localhost/x.pdf", "opt.err.internalHost"},
		{"http://portal.localhost/x.pdf", "opt.err.internalHost"},
		{"http://intranet.school.example/x.pdf", "opt.err.internalHost"},
		{"http://INTRANET.school.example./x.pdf", "opt.err.internalHost"},
		{"http://mixed.example/x.pdf", "opt.err.internalHost"}, // one internal answer is enough
		{"http://metadata.example/", "opt.err.internalHost"},
		{"http://v6local.example/", "opt.err.internalHost"},
		{"http://files.school.example/x.pdf", ""}, // internal, but allowed by the admin
		{"http://10.0.0.42/x.pdf", ""},            // allowed as an IP address
	}
	v := Validator{Scope: ScopeGlobalTemplate, Resolver: testDNS, AllowedHosts: []string{"files.school.example", "10.0.0.42"}}
	for _, c := range cases {
		got, err := v.Value(context.Background(), "preUploadedPresentation", c.value)
		var fe *FieldError
		switch {
		case c.errID == "" && err != nil:
			t.Errorf("%s refused: %v", c.value, err)
		case c.errID == "" && got != c.value:
			t.Errorf("%s stored as %q", c.value, got)
		case c.errID != "" && (!errors.As(err, &fe) || fe.ID != c.errID):
			t.Errorf("%s: %v, want %s", c.value, err, c.errID)
		}
	}
}

func TestEveryFetchedOptionIsChecked(t *testing.T) {
	t.Parallel()
	v := Validator{Scope: ScopeGlobalTemplate, Resolver: testDNS}
	for _, o := range All {
		if !o.Fetched {
			continue
		}
		value := "http://intranet.school.example/file"
		if o.Kind == JSON {
			value = `[{"url":"https://cdn.example/a.json"},{"url":"http://intranet.school.example/b.json"}]`
		}
		_, errs := v.Template(context.Background(), Values{o.Name: value}, nil)
		if errs[o.Name] == nil || errs[o.Name].ID != "opt.err.internalHost" {
			t.Errorf("%s accepted an internal address: %v", o.Name, errs)
		}
		if msg := errs[o.Name].English(); msg == "" || !strings.Contains(msg, "intranet.school.example") {
			t.Errorf("%s: message %q does not name the host", o.Name, msg)
		}
	}
	// A link that people click is not fetched by BBB: an internal address is the admin's choice.
	if _, err := v.Value(context.Background(), "loginURL", "http://intranet.school.example/login"); err != nil {
		t.Errorf("loginURL: %v", err)
	}
}

func TestAdminOnlyInOldSavedValues(t *testing.T) {
	t.Parallel()
	got := AdminOnlyIn(Values{"welcome": "Hi", "logo": "https://x.example/l.png", "plugin_k": "v", "pluginManifests": ""})
	if want := []string{"logo", "plugin_k"}; !slices.Equal(got, want) {
		t.Errorf("AdminOnlyIn = %v, want %v", got, want)
	}
}
