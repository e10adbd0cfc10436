// Package config reads the portal's settings from the environment.
//
// Every setting has a default that lets `go run .` work on a fresh machine. An
// invalid value is reported as an *Error naming the variable, so that the
// program can stop with one line that says what to fix.
package config

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// Config holds every setting of the portal.
type Config struct {
	ListenAddr      string        // LISTEN_ADDR
	BaseURL         *url.URL      // BASE_URL, without trailing slash
	DataDir         string        // DATA_DIR: SQLite file, generated keys
	DatabaseURL     string        // DATABASE_URL as given (or the default)
	SQLitePath      string        // the SQLite file DATABASE_URL names
	SessionKeys     [][]byte      // SESSION_KEYS: the first signs new cookies, all are accepted
	SessionLifetime time.Duration // SESSION_LIFETIME: absolute, counted from the login
	SessionIdle     time.Duration // SESSION_IDLE_TIMEOUT: a session unused this long ends
	EndTimeout      time.Duration // END_CONFIRM_TIMEOUT: how long to wait for BBB to confirm an end
	BBBEndpoint     string        // BIGBLUEBUTTON_ENDPOINT, ending in "/api/"
	BBBSecret       string        // BIGBLUEBUTTON_SECRET
	BBBChecksum     string        // BIGBLUEBUTTON_CHECKSUM: sha1, sha256, sha384, sha512 or auto
	Demo            bool          // no BBB server configured: the built-in simulator is used
	LogFormat       string        // LOG_FORMAT: text or json
	TrustedProxies  []string      // TRUSTED_PROXIES: addresses or CIDRs whose X-Forwarded-For is believed
	AdminEmail      string        // BBBPORTAL_ADMIN_EMAIL
	AdminPassword   string        // BBBPORTAL_ADMIN_PASSWORD
	MetricsToken    string        // METRICS_TOKEN: when set, /metrics wants "Authorization: Bearer <token>"
	Quotas          Quotas
	AuditRetention  time.Duration // AUDIT_RETENTION: older audit entries are pruned; 0 keeps them all
	AuditShortenIPs bool          // AUDIT_SHORTEN_IPS: store client IPs as their IPv4 /24 or IPv6 /48

	// FetchAllowedHosts are host names (lower case) and IP addresses that URL options BBB
	// fetches may name although they resolve to internal addresses (BBB_FETCH_ALLOWED_HOSTS).
	FetchAllowedHosts []string
}

// Quotas bound what one account may create; 0 means unlimited.
type Quotas struct {
	RoomsPerUser     int // MAX_ROOMS_PER_USER
	TemplatesPerUser int // MAX_TEMPLATES_PER_USER (personal templates)
	SchedulesPerUser int // MAX_SCHEDULES_PER_USER (over all the account's rooms)
	LinksPerRoom     int // MAX_LINKS_PER_ROOM (join links, revoked ones not counted)
}

// Checksum algorithms BIGBLUEBUTTON_CHECKSUM accepts; "auto" probes the server.
var ChecksumAlgorithms = []string{"auto", "sha1", "sha256", "sha384", "sha512"}

// Error is an invalid setting: the variable and what is wrong with it.
type Error struct {
	Var     string
	Problem string
}

func (e *Error) Error() string { return e.Var + ": " + e.Problem }

// Secure reports whether the portal is served over https, so cookies must be Secure.
func (c Config) Secure() bool { return c.BaseURL.Scheme == "https" }

// URL returns the absolute public URL of a path of the portal ("/setup?token=…").
func (c Config) URL(path string) string { return c.BaseURL.String() + path }

// Variables are the environment variables the portal reads, in the order of the README's table.
var Variables = []string{
	"LISTEN_ADDR", "BASE_URL", "DATA_DIR", "DATABASE_URL", "SESSION_KEYS", "SESSION_LIFETIME",
	"SESSION_IDLE_TIMEOUT", "BIGBLUEBUTTON_ENDPOINT", "BIGBLUEBUTTON_SECRET", "BIGBLUEBUTTON_CHECKSUM",
	"BBB_FETCH_ALLOWED_HOSTS", "END_CONFIRM_TIMEOUT", "LOG_FORMAT", "TRUSTED_PROXIES",
	"BBBPORTAL_ADMIN_EMAIL", "BBBPORTAL_ADMIN_PASSWORD", "METRICS_TOKEN",
	"MAX_ROOMS_PER_USER", "MAX_TEMPLATES_PER_USER", "MAX_SCHEDULES_PER_USER", "MAX_LINKS_PER_ROOM",
	"AUDIT_RETENTION", "AUDIT_SHORTEN_IPS",
}

// Default quotas: far above what a teacher needs, low enough that a script cannot fill the database.
const (
	DefaultMaxRoomsPerUser     = 100
	DefaultMaxTemplatesPerUser = 50
	DefaultMaxSchedulesPerUser = 200
	DefaultMaxLinksPerRoom     = 50
)

// Load reads the configuration from the process environment. A variable that
// looks like one of the portal's (BBBPORTAL_…, BIGBLUEBUTTON_…) but is not, such
// as a misspelt name, is an error: silently ignoring it would run with a default.
func Load() (Config, error) {
	if err := unknownVariable(os.Environ()); err != nil {
		return Config{}, err
	}
	return LoadFrom(os.Getenv)
}

// unknownVariable reports the first variable of environ ("NAME=value") that has
// the portal's or BBB's prefix but is not one of Variables.
func unknownVariable(environ []string) error {
	for _, kv := range environ {
		name, _, _ := strings.Cut(kv, "=")
		if !strings.HasPrefix(name, "BBBPORTAL_") && !strings.HasPrefix(name, "BIGBLUEBUTTON_") {
			continue
		}
		if !slices.Contains(Variables, name) {
			return &Error{name, "is not a setting of bbbportal (README.md lists them); unset it or fix its name"}
		}
	}
	return nil
}

// LoadFrom reads the configuration through getenv; tests pass a map's lookup.
// It creates the data folder and, when they are not configured, generates the
// session keys (and the demo server's secret) once and keeps them there.
func LoadFrom(getenv func(string) string) (Config, error) {
	get := func(name, def string) string {
		if v := strings.TrimSpace(getenv(name)); v != "" {
			return v
		}
		return def
	}
	var c Config
	var err error

	c.ListenAddr = get("LISTEN_ADDR", ":8080")
	if _, _, err := net.SplitHostPort(c.ListenAddr); err != nil {
		return c, &Error{"LISTEN_ADDR", fmt.Sprintf("%q is not host:port (example: :8080)", c.ListenAddr)}
	}

	if c.BaseURL, err = parseBaseURL(get("BASE_URL", "http://localhost:8080")); err != nil {
		return c, &Error{"BASE_URL", err.Error()}
	}

	c.DataDir = get("DATA_DIR", "data")
	if err := os.MkdirAll(c.DataDir, 0o700); err != nil {
		return c, &Error{"DATA_DIR", "cannot create the folder: " + pathError(err)}
	}

	c.DatabaseURL = get("DATABASE_URL", filepath.Join(c.DataDir, "bbbportal.db"))
	if c.SQLitePath, err = sqlitePath(c.DatabaseURL); err != nil {
		return c, &Error{"DATABASE_URL", err.Error()}
	}
	if err := os.MkdirAll(filepath.Dir(c.SQLitePath), 0o700); err != nil {
		return c, &Error{"DATABASE_URL", "cannot create the folder of the database file: " + pathError(err)}
	}

	if keys := get("SESSION_KEYS", ""); keys != "" {
		if c.SessionKeys, err = parseSessionKeys(keys); err != nil {
			return c, &Error{"SESSION_KEYS", err.Error()}
		}
	} else {
		key, err := keptSecret(filepath.Join(c.DataDir, "session.key"))
		if err != nil {
			return c, &Error{"SESSION_KEYS", "not set, and the generated key cannot be kept in DATA_DIR: " + pathError(err)}
		}
		c.SessionKeys = [][]byte{[]byte(key)}
	}

	if c.SessionLifetime, err = time.ParseDuration(get("SESSION_LIFETIME", "12h")); err != nil || c.SessionLifetime < time.Minute {
		return c, &Error{"SESSION_LIFETIME", "must be a duration of at least 1m, like 12h or 90m"}
	}
	if idle := get("SESSION_IDLE_TIMEOUT", ""); idle == "" {
		c.SessionIdle = min(2*time.Hour, c.SessionLifetime)
	} else if c.SessionIdle, err = time.ParseDuration(idle); err != nil || c.SessionIdle < time.Minute {
		return c, &Error{"SESSION_IDLE_TIMEOUT", "must be a duration of at least 1m, like 2h or 30m"}
	} else if c.SessionIdle > c.SessionLifetime {
		return c, &Error{"SESSION_IDLE_TIMEOUT", fmt.Sprintf("%s is longer than SESSION_LIFETIME (%s); make it shorter", idle, c.SessionLifetime)}
	}

	if c.EndTimeout, err = time.ParseDuration(get("END_CONFIRM_TIMEOUT", "60s")); err != nil || c.EndTimeout < time.Second {
		return c, &Error{"END_CONFIRM_TIMEOUT", "must be a duration of at least 1s, like 60s or 2m"}
	}

	endpoint, secret := get("BIGBLUEBUTTON_ENDPOINT", ""), get("BIGBLUEBUTTON_SECRET", "")
	switch {
	case endpoint == "" && secret != "":
		return c, &Error{"BIGBLUEBUTTON_ENDPOINT", "must be set when BIGBLUEBUTTON_SECRET is"}
	case endpoint == "":
		c.Demo = true
		c.BBBEndpoint = c.URL("/bigbluebutton/api/")
		if c.BBBSecret, err = keptSecret(filepath.Join(c.DataDir, "demo-bbb.secret")); err != nil {
			return c, &Error{"BIGBLUEBUTTON_SECRET", "the demo server's secret cannot be kept in DATA_DIR: " + pathError(err)}
		}
	default:
		if c.BBBEndpoint, err = parseEndpoint(endpoint); err != nil {
			return c, &Error{"BIGBLUEBUTTON_ENDPOINT", err.Error()}
		}
		if secret == "" {
			return c, &Error{"BIGBLUEBUTTON_SECRET", "must be set when BIGBLUEBUTTON_ENDPOINT is (bbb-conf --secret prints it)"}
		}
		c.BBBSecret = secret
	}
	c.BBBChecksum = strings.ToLower(get("BIGBLUEBUTTON_CHECKSUM", "auto"))
	if !slices.Contains(ChecksumAlgorithms, c.BBBChecksum) {
		return c, &Error{"BIGBLUEBUTTON_CHECKSUM", fmt.Sprintf("%q is not one of %s", c.BBBChecksum, strings.Join(ChecksumAlgorithms, ", "))}
	}
	if c.FetchAllowedHosts, err = parseHosts(get("BBB_FETCH_ALLOWED_HOSTS", "")); err != nil {
		return c, &Error{"BBB_FETCH_ALLOWED_HOSTS", err.Error()}
	}

	c.LogFormat = get("LOG_FORMAT", "text")
	if c.LogFormat != "text" && c.LogFormat != "json" {
		return c, &Error{"LOG_FORMAT", fmt.Sprintf("%q is neither text nor json", c.LogFormat)}
	}

	for _, p := range strings.Split(get("TRUSTED_PROXIES", ""), ",") {
		if p = strings.TrimSpace(p); p == "" {
			continue
		}
		_, _, cidrErr := net.ParseCIDR(p)
		if cidrErr != nil && net.ParseIP(p) == nil {
			return c, &Error{"TRUSTED_PROXIES", fmt.Sprintf("%q is neither an IP address nor a CIDR range", p)}
		}
		c.TrustedProxies = append(c.TrustedProxies, p)
	}

	c.AdminEmail, c.AdminPassword = get("BBBPORTAL_ADMIN_EMAIL", ""), getenv("BBBPORTAL_ADMIN_PASSWORD")
	if (c.AdminEmail == "") != (c.AdminPassword == "") {
		return c, &Error{"BBBPORTAL_ADMIN_EMAIL", "must be set together with BBBPORTAL_ADMIN_PASSWORD"}
	}

	c.MetricsToken = get("METRICS_TOKEN", "")
	if c.MetricsToken != "" && (len(c.MetricsToken) < 16 || strings.ContainsFunc(c.MetricsToken, unicode.IsSpace)) {
		return c, &Error{"METRICS_TOKEN", "must be at least 16 characters without spaces (openssl rand -hex 16 makes one)"}
	}

	for _, q := range []struct {
		name  string
		def   int
		value *int
	}{
		{"MAX_ROOMS_PER_USER", DefaultMaxRoomsPerUser, &c.Quotas.RoomsPerUser},
		{"MAX_TEMPLATES_PER_USER", DefaultMaxTemplatesPerUser, &c.Quotas.TemplatesPerUser},
		{"MAX_SCHEDULES_PER_USER", DefaultMaxSchedulesPerUser, &c.Quotas.SchedulesPerUser},
		{"MAX_LINKS_PER_ROOM", DefaultMaxLinksPerRoom, &c.Quotas.LinksPerRoom},
	} {
		raw := get(q.name, strconv.Itoa(q.def))
		n, err := strconv.Atoi(raw)
		if err != nil || n < 0 {
			return c, &Error{q.name, fmt.Sprintf("%q is not a whole number of 0 or more (0 means unlimited)", raw)}
		}
		*q.value = n
	}

	if c.AuditRetention, err = parseRetention(get("AUDIT_RETENTION", "365d")); err != nil {
		return c, &Error{"AUDIT_RETENTION", err.Error()}
	}
	shorten := get("AUDIT_SHORTEN_IPS", "false")
	if c.AuditShortenIPs, err = strconv.ParseBool(shorten); err != nil {
		return c, &Error{"AUDIT_SHORTEN_IPS", fmt.Sprintf("%q is neither true nor false", shorten)}
	}
	return c, nil
}

// parseRetention reads "365d" (days) or a Go duration of at least a day; "0" keeps everything.
func parseRetention(raw string) (time.Duration, error) {
	bad := fmt.Errorf("%q is not a number of days like 365d, a duration like 720h, or 0 to keep every entry", raw)
	if raw == "0" {
		return 0, nil
	}
	var d time.Duration
	if days, ok := strings.CutSuffix(raw, "d"); ok {
		n, err := strconv.Atoi(days)
		if err != nil || n < 0 || n > 100*365 {
			return 0, bad
		}
		d = time.Duration(n) * 24 * time.Hour
	} else {
		var err error
		if d, err = time.ParseDuration(raw); err != nil || d < 0 {
			return 0, bad
		}
	}
	if d < 24*time.Hour {
		return 0, fmt.Errorf("%q is shorter than a day; use 1d or more, or 0 to keep every entry", raw)
	}
	return d, nil
}

var hostPattern = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$`)

// parseHosts reads a comma list of host names or IP addresses, without scheme or port.
func parseHosts(raw string) ([]string, error) {
	var hosts []string
	for _, h := range strings.Split(raw, ",") {
		h = strings.TrimSuffix(strings.ToLower(strings.TrimSpace(h)), ".")
		if h == "" {
			continue
		}
		if ip := net.ParseIP(strings.Trim(h, "[]")); ip != nil {
			hosts = append(hosts, ip.String())
			continue
		}
		if !hostPattern.MatchString(h) || len(h) > 253 {
			return nil, fmt.Errorf("%q is not a host name or IP address (write files.school.example, without https:// or a port)", h)
		}
		hosts = append(hosts, h)
	}
	return hosts, nil
}

func parseBaseURL(raw string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimRight(raw, "/"))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("%q is not an absolute http(s) URL (example: https://portal.example.org)", raw)
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("%q must not have a query or fragment", raw)
	}
	return u, nil
}

// parseEndpoint accepts the forms BBB admins paste: with or without "api/" at the end.
func parseEndpoint(raw string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", fmt.Errorf("%q is not an absolute http(s) URL (example: https://bbb.example.org/bigbluebutton/api/)", raw)
	}
	s := strings.TrimRight(u.String(), "/")
	if !strings.HasSuffix(s, "/api") {
		s += "/api"
	}
	return s + "/", nil
}

// sqlitePath accepts a file path, "sqlite:PATH" or "sqlite://PATH".
func sqlitePath(raw string) (string, error) {
	if scheme, rest, ok := strings.Cut(raw, "://"); ok {
		if scheme != "sqlite" {
			return "", fmt.Errorf("scheme %q is not supported; use a file path or sqlite://PATH", scheme)
		}
		raw = rest
	} else {
		raw = strings.TrimPrefix(raw, "sqlite:")
	}
	if raw == "" || strings.ContainsAny(raw, "?#") {
		return "", errors.New("must name a database file, like data/bbbportal.db")
	}
	return raw, nil
}

// parseSessionKeys reads comma-separated keys of at least 32 characters each.
func parseSessionKeys(raw string) ([][]byte, error) {
	var keys [][]byte
	for _, k := range strings.Split(raw, ",") {
		k = strings.TrimSpace(k)
		if len(k) < 32 {
			return nil, errors.New("each comma-separated key must be at least 32 characters (openssl rand -hex 32 makes one)")
		}
		keys = append(keys, []byte(k))
	}
	return keys, nil
}

// keptSecret returns the secret stored in file, generating and storing it on first use.
func keptSecret(file string) (string, error) {
	if b, err := os.ReadFile(file); err == nil && len(strings.TrimSpace(string(b))) >= 32 {
		return strings.TrimSpace(string(b)), nil
	}
	buf := make([]byte, 32)
	if _, err := rand.Read(buf); err != nil {
		return "", err
	}
	secret := hex.EncodeToString(buf)
	tmp := file + ".tmp"
	if err := os.WriteFile(tmp, []byte(secret+"\n"), 0o600); err != nil {
		return "", err
	}
	return secret, os.Rename(tmp, file)
}

// pathError drops Go's operation prefix so the message reads as a sentence.
func pathError(err error) string {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Path + ": " + pe.Err.Error()
	}
	return err.Error()
}
