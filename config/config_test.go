package config

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

func load(t *testing.T, env map[string]string) (Config, error) {
	t.Helper()
	if _, ok := env["DATA_DIR"]; !ok {
		env["DATA_DIR"] = t.TempDir()
	}
	return LoadFrom(func(k string) string { return env[k] })
}

func TestDefaults(t *testing.T) {
	t.Parallel()
	c, err := load(t, map[string]string{})
	if err != nil {
		t.Fatal(err)
	}
	if c.ListenAddr != ":8080" || c.BaseURL.String() != "http://localhost:8080" || c.LogFormat != "text" ||
		c.SessionLifetime != 12*time.Hour || c.EndTimeout != time.Minute || c.Secure() || !c.Demo ||
		c.BBBEndpoint != "http://localhost:8080/bigbluebutton/api/" || filepath.Base(c.SQLitePath) != "bbbportal.db" {
		t.Errorf("defaults: %+v", c)
	}
	if c.SessionIdle != 2*time.Hour || c.BBBChecksum != "auto" || c.MetricsToken != "" || len(c.FetchAllowedHosts) != 0 ||
		c.AuditRetention != 365*24*time.Hour || c.AuditShortenIPs {
		t.Errorf("defaults of the newer settings: %+v", c)
	}
	want := Quotas{RoomsPerUser: 100, TemplatesPerUser: 50, SchedulesPerUser: 200, LinksPerRoom: 50}
	if c.Quotas != want {
		t.Errorf("default quotas %+v, want %+v", c.Quotas, want)
	}
}

func TestInvalidValuesNameTheVariable(t *testing.T) {
	t.Parallel()
	notAFolder := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(notAFolder, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	cases := []struct{ name, value string }{
		{"LISTEN_ADDR", "8080"},
		{"BASE_URL", "portal.example.org"},
		{"BASE_URL", "ftp://portal.example.org"},
		{"DATABASE_URL", "postgres://db/portal"},
		{"SESSION_KEYS", "short"},
		{"SESSION_LIFETIME", "forever"},
		{"SESSION_LIFETIME", "10s"},
		{"SESSION_IDLE_TIMEOUT", "idle"},
		{"SESSION_IDLE_TIMEOUT", "30s"},
		{"SESSION_IDLE_TIMEOUT", "13h"}, // longer than the 12h lifetime
		{"BIGBLUEBUTTON_CHECKSUM", "md5"},
		{"BBB_FETCH_ALLOWED_HOSTS", "https://files.school.example"},
		{"BBB_FETCH_ALLOWED_HOSTS", "files.school.example:8443"},
		{"BBB_FETCH_ALLOWED_HOSTS", "ok.example, bad_host.example"},
		{"METRICS_TOKEN", "short"},
		{"METRICS_TOKEN", "sixteen chars or more"},
		{"MAX_ROOMS_PER_USER", "-1"},
		{"MAX_TEMPLATES_PER_USER", "many"},
		{"MAX_SCHEDULES_PER_USER", "1.5"},
		{"MAX_LINKS_PER_ROOM", "ten"},
		{"AUDIT_RETENTION", "a year"},
		{"AUDIT_RETENTION", "12h"},
		{"AUDIT_RETENTION", "-5d"},
		{"AUDIT_SHORTEN_IPS", "sometimes"},
		{"END_CONFIRM_TIMEOUT", "soon"},
		{"END_CONFIRM_TIMEOUT", "100ms"},
		{"BIGBLUEBUTTON_ENDPOINT", "bbb.example.org"},
		{"LOG_FORMAT", "xml"},
		{"TRUSTED_PROXIES", "proxy.local"},
		{"BBBPORTAL_ADMIN_EMAIL", "admin@example.org"},
		{"DATA_DIR", filepath.Join(notAFolder, "data")},
	}
	for _, tc := range cases {
		if !slices.Contains(Variables, tc.name) {
			t.Errorf("%s is not in Variables", tc.name)
		}
		t.Run(tc.name+"="+tc.value, func(t *testing.T) {
			_, err := load(t, map[string]string{tc.name: tc.value})
			var cerr *Error
			if !errors.As(err, &cerr) || cerr.Var != tc.name {
				t.Fatalf("error %v, want one naming %s", err, tc.name)
			}
			if strings.Contains(cerr.Error(), "\n") || cerr.Problem == "" {
				t.Errorf("message %q is not one line that says what is wrong", cerr.Error())
			}
		})
	}
}

func TestBBBSettings(t *testing.T) {
	t.Parallel()
	if _, err := load(t, map[string]string{"BIGBLUEBUTTON_ENDPOINT": "https://bbb.example.org/bigbluebutton/"}); err == nil ||
		!strings.HasPrefix(err.Error(), "BIGBLUEBUTTON_SECRET") {
		t.Errorf("endpoint without secret: %v", err)
	}
	if _, err := load(t, map[string]string{"BIGBLUEBUTTON_SECRET": "s"}); err == nil || !strings.HasPrefix(err.Error(), "BIGBLUEBUTTON_ENDPOINT") {
		t.Errorf("secret without endpoint: %v", err)
	}
	for _, endpoint := range []string{"https://bbb.example.org/bigbluebutton", "https://bbb.example.org/bigbluebutton/", "https://bbb.example.org/bigbluebutton/api", "https://bbb.example.org/bigbluebutton/api/"} {
		c, err := load(t, map[string]string{"BIGBLUEBUTTON_ENDPOINT": endpoint, "BIGBLUEBUTTON_SECRET": "s3cret"})
		if err != nil || c.Demo || c.BBBEndpoint != "https://bbb.example.org/bigbluebutton/api/" {
			t.Errorf("%s: %q demo=%v err=%v", endpoint, c.BBBEndpoint, c.Demo, err)
		}
	}
}

func TestGeneratedSecretsAreKept(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	first, err := load(t, map[string]string{"DATA_DIR": dir})
	if err != nil {
		t.Fatal(err)
	}
	second, err := load(t, map[string]string{"DATA_DIR": dir})
	if err != nil {
		t.Fatal(err)
	}
	if string(first.SessionKeys[0]) != string(second.SessionKeys[0]) || first.BBBSecret != second.BBBSecret {
		t.Error("a restart generated new keys: sessions would be lost")
	}
	info, err := os.Stat(filepath.Join(dir, "session.key"))
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("session.key: %v %v, want mode 0600", info, err)
	}
	other, _ := load(t, map[string]string{})
	if string(other.SessionKeys[0]) == string(first.SessionKeys[0]) {
		t.Error("two data folders got the same key")
	}
}

func TestSessionKeyRotation(t *testing.T) {
	t.Parallel()
	c, err := load(t, map[string]string{"SESSION_KEYS": strings.Repeat("a", 32) + ", " + strings.Repeat("b", 40)})
	if err != nil || len(c.SessionKeys) != 2 || string(c.SessionKeys[1]) != strings.Repeat("b", 40) {
		t.Fatalf("keys %q, %v", c.SessionKeys, err)
	}
}

func TestDatabaseURLForms(t *testing.T) {
	t.Parallel()
	for raw, want := range map[string]string{"/var/lib/portal.db": "/var/lib/portal.db", "sqlite:///var/lib/portal.db": "/var/lib/portal.db", "sqlite:rel.db": "rel.db"} {
		got, err := sqlitePath(raw)
		if err != nil || got != want {
			t.Errorf("sqlitePath(%q) = %q, %v; want %q", raw, got, err, want)
		}
	}
}

func TestUnknownVariablesAreRefused(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		environ []string
		want    string // the variable named, "" for none
	}{
		{[]string{"PATH=/bin", "LISTEN_ADDR=:9000", "BIGBLUEBUTTON_SECRET=s"}, ""},
		{[]string{"BBBPORTAL_ADMIN_EMIAL=admin@example.org"}, "BBBPORTAL_ADMIN_EMIAL"},
		{[]string{"BIGBLUEBUTTON_URL=https://bbb.example.org/"}, "BIGBLUEBUTTON_URL"},
		{[]string{"SESSION_KEY=abc"}, ""}, // no prefix of ours: not ours to judge
	} {
		err := unknownVariable(tc.environ)
		var cerr *Error
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%v: %v", tc.environ, err)
		case tc.want != "" && (!errors.As(err, &cerr) || cerr.Var != tc.want || !strings.Contains(cerr.Problem, "not a setting")):
			t.Errorf("%v: %v, want an error naming %s", tc.environ, err, tc.want)
		}
	}
}

func TestNewerSettings(t *testing.T) {
	t.Parallel()
	c, err := load(t, map[string]string{
		"SESSION_LIFETIME": "8h", "SESSION_IDLE_TIMEOUT": "45m",
		"BIGBLUEBUTTON_CHECKSUM":  "SHA256",
		"BBB_FETCH_ALLOWED_HOSTS": " Files.School.Example., 10.0.0.5 ,[fd00::1],",
		"METRICS_TOKEN":           "0123456789abcdef",
		"MAX_ROOMS_PER_USER":      "0", "MAX_TEMPLATES_PER_USER": "5", "MAX_SCHEDULES_PER_USER": "7", "MAX_LINKS_PER_ROOM": "3",
		"AUDIT_RETENTION": "30d", "AUDIT_SHORTEN_IPS": "true",
	})
	if err != nil {
		t.Fatal(err)
	}
	if c.SessionLifetime != 8*time.Hour || c.SessionIdle != 45*time.Minute || c.BBBChecksum != "sha256" ||
		c.MetricsToken != "0123456789abcdef" || c.AuditRetention != 30*24*time.Hour || !c.AuditShortenIPs {
		t.Errorf("settings: %+v", c)
	}
	if want := []string{"files.school.example", "10.0.0.5", "fd00::1"}; !slices.Equal(c.FetchAllowedHosts, want) {
		t.Errorf("allowed hosts %q, want %q", c.FetchAllowedHosts, want)
	}
	if want := (Quotas{RoomsPerUser: 0, TemplatesPerUser: 5, SchedulesPerUser: 7, LinksPerRoom: 3}); c.Quotas != want {
		t.Errorf("quotas %+v, want %+v", c.Quotas, want)
	}
}

func TestIdleTimeoutDefaultFitsAShortLifetime(t *testing.T) {
	t.Parallel()
	c, err := load(t, map[string]string{"SESSION_LIFETIME": "30m"})
	if err != nil || c.SessionIdle != 30*time.Minute {
		t.Errorf("idle timeout %v, %v; want the 30m lifetime", c.SessionIdle, err)
	}
}

func TestAuditRetentionForms(t *testing.T) {
	t.Parallel()
	for raw, want := range map[string]time.Duration{"365d": 365 * 24 * time.Hour, "1d": 24 * time.Hour, "720h": 30 * 24 * time.Hour, "0": 0} {
		got, err := parseRetention(raw)
		if err != nil || got != want {
			t.Errorf("parseRetention(%q) = %v, %v; want %v", raw, got, err, want)
		}
	}
}
