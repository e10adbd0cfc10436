package createopts

import (
	"encoding/json"
	"errors"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"text/template"
	"unicode"
)

// FieldError says why a value was refused, as a translatable message:
// ID names the message, Default is its English text (a text/template over Data).
type FieldError struct {
	Name    string
	ID      string
	Default string
	Data    map[string]any
}

func (e *FieldError) Error() string { return e.Name + ": " + e.English() }

// English renders the message in English.
func (e *FieldError) English() string {
	t, err := template.New("").Parse(e.Default)
	if err != nil {
		return e.Default
	}
	var b strings.Builder
	if t.Execute(&b, e.Data) != nil {
		return e.Default
	}
	return b.String()
}

func fieldError(name, id string, data map[string]any) *FieldError {
	return &FieldError{Name: name, ID: id, Default: Messages[id], Data: data}
}

const (
	maxStringLen = 1024
	maxTextLen   = 5000
	maxJSONLen   = 100_000
)

var (
	metaNamePattern   = regexp.MustCompile(`^meta_[a-zA-Z][a-zA-Z0-9-]*$`)
	pluginNamePattern = regexp.MustCompile(`^plugin_[a-zA-Z0-9][a-zA-Z0-9_-]*$`)
	listNamePattern   = regexp.MustCompile(`^[a-zA-Z0-9][a-zA-Z0-9_-]*$`)
	colorPattern      = regexp.MustCompile(`^#[0-9A-Fa-f]{6}$`)
)

func isMetaName(name string) bool   { return strings.HasPrefix(name, "meta_") }
func isPluginName(name string) bool { return strings.HasPrefix(name, "plugin_") }

// Normalize checks one value for the parameter name and returns it in the form it is stored
// and sent in (trimmed; booleans lower-case; features de-duplicated in catalogue order).
// An empty value means "not set" and is always accepted.
func Normalize(name, value string) (string, error) {
	opt, ok := Lookup(name)
	if !ok {
		return "", fieldError(name, "opt.err.unknown", map[string]any{"Name": name})
	}
	value = strings.TrimSpace(value)
	if name == MetaOption || name == PluginOption {
		// The pseudo-options hold rows; a form that posts one as a field sets nothing.
		if value == "" {
			return "", nil
		}
		return "", fieldError(name, "opt.err.unknown", map[string]any{"Name": name})
	}
	switch opt.Kind {
	case Meta:
		if err := checkMetaName(name); err != nil {
			return "", err
		}
	case Params:
		if !pluginNamePattern.MatchString(name) {
			return "", fieldError(name, "opt.err.pluginName", nil)
		}
	}
	if value == "" {
		return "", nil
	}
	if err := checkLength(name, opt, value); err != nil {
		return "", err
	}
	switch opt.Kind {
	case Bool:
		switch strings.ToLower(value) {
		case "true", "false":
			return strings.ToLower(value), nil
		}
		return "", fieldError(name, "opt.err.bool", nil)
	case Int:
		if n, err := strconv.ParseInt(value, 10, 32); err != nil || n < 0 {
			return "", fieldError(name, "opt.err.int", nil)
		}
	case Digits:
		if strings.IndexFunc(value, func(r rune) bool { return r < '0' || r > '9' }) >= 0 || len(value) > 10 {
			return "", fieldError(name, "opt.err.digits", nil)
		}
	case URL:
		if !isWebURL(value) {
			return "", fieldError(name, "opt.err.url", nil)
		}
	case Color:
		if !colorPattern.MatchString(value) {
			return "", fieldError(name, "opt.err.color", nil)
		}
		return strings.ToUpper(value), nil
	case Enum:
		if !slices.Contains(opt.Choices, value) {
			return "", fieldError(name, "opt.err.enum", map[string]any{"Choices": strings.Join(opt.Choices, ", ")})
		}
	case Features:
		return normalizeFeatures(name, opt, value)
	case Names:
		return normalizeNames(name, value)
	case JSON:
		return value, checkJSON(name, opt, value)
	case String, Text, Meta, Params:
		if strings.IndexFunc(value, func(r rune) bool {
			return unicode.IsControl(r) && (opt.Kind != Text || (r != '\n' && r != '\r' && r != '\t'))
		}) >= 0 {
			return "", fieldError(name, "opt.err.control", nil)
		}
	}
	return value, nil
}

func checkLength(name string, opt *Option, value string) error {
	limit := maxStringLen
	switch opt.Kind {
	case Text:
		limit = maxTextLen
	case JSON:
		limit = maxJSONLen
	}
	if n := len([]rune(value)); n > limit {
		return fieldError(name, "opt.err.tooLong", map[string]any{"Max": limit, "Len": n})
	}
	return nil
}

func checkMetaName(name string) error {
	if !metaNamePattern.MatchString(name) {
		return fieldError(name, "opt.err.metaName", nil)
	}
	if slices.Contains(ReservedMetaNames, strings.ToLower(strings.TrimPrefix(name, "meta_"))) {
		return fieldError(name, "opt.err.metaReserved", map[string]any{"Name": strings.TrimPrefix(name, "meta_")})
	}
	return nil
}

func isWebURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != "" && u.User == nil
}

func normalizeFeatures(name string, opt *Option, value string) (string, error) {
	chosen := map[string]bool{}
	for _, f := range strings.Split(value, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if !slices.Contains(opt.Choices, f) {
			return "", fieldError(name, "opt.err.feature", map[string]any{"Feature": f})
		}
		chosen[f] = true
	}
	var out []string
	for _, f := range opt.Choices {
		if chosen[f] {
			out = append(out, f)
		}
	}
	return strings.Join(out, ","), nil
}

// normalizeNames reads a comma list of names (brackets as in "[video,podcast]" allowed), lower-cased
// and de-duplicated in the order given.
func normalizeNames(name, value string) (string, error) {
	var out []string
	for _, n := range strings.Split(strings.Trim(value, "[]"), ",") {
		n = strings.ToLower(strings.TrimSpace(n))
		if n == "" || slices.Contains(out, n) {
			continue
		}
		if !listNamePattern.MatchString(n) {
			return "", fieldError(name, "opt.err.names", nil)
		}
		out = append(out, n)
	}
	return strings.Join(out, ","), nil
}

func checkJSON(name string, opt *Option, value string) error {
	var doc any
	if err := json.Unmarshal([]byte(value), &doc); err != nil {
		var syntax *json.SyntaxError
		if errors.As(err, &syntax) {
			return fieldError(name, "opt.err.jsonAt", map[string]any{"Offset": syntax.Offset})
		}
		return fieldError(name, "opt.err.json", nil)
	}
	if opt.jsonChecker == nil {
		return nil
	}
	if err := opt.jsonChecker(doc); err != nil {
		var fe *FieldError
		if errors.As(err, &fe) {
			fe.Name = name
		}
		return err
	}
	return nil
}

func checkObject(doc any) error {
	if _, ok := doc.(map[string]any); !ok {
		return fieldError("", "opt.err.jsonObject", nil)
	}
	return nil
}

func checkGroups(doc any) error {
	shape := fieldError("", "opt.err.groups", nil)
	list, ok := doc.([]any)
	if !ok {
		return shape
	}
	for _, item := range list {
		g, ok := item.(map[string]any)
		if !ok {
			return shape
		}
		if id, ok := g["id"].(string); !ok || id == "" {
			return shape
		}
		roster, ok := g["roster"].([]any)
		if !ok {
			return shape
		}
		for _, u := range roster {
			if _, ok := u.(string); !ok {
				return shape
			}
		}
	}
	return nil
}

func checkPluginManifests(doc any) error {
	shape := fieldError("", "opt.err.plugins", nil)
	list, ok := doc.([]any)
	if !ok {
		return shape
	}
	for _, item := range list {
		p, ok := item.(map[string]any)
		if !ok {
			return shape
		}
		if u, ok := p["url"].(string); !ok || !isWebURL(u) {
			return shape
		}
		if c, present := p["checksum"]; present {
			if _, ok := c.(string); !ok {
				return shape
			}
		}
	}
	return nil
}
