// Package i18n translates the portal's user-facing strings.
//
// Messages live in locales/<lang>.json and locales/<area>.<lang>.json (one
// flat object of key → text each, with {{.Name}} placeholders). A request's language is chosen once and carried in
// its context; templ components and handlers call T(ctx, "key").
package i18n

import (
	"context"
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"regexp"
	"strconv"
	"strings"

	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

//go:embed locales/*.json
var files embed.FS

// Default is the language used when nothing else matches.
const Default = "en"

// Languages lists the supported languages, the default first.
var Languages = []string{"en", "de"}

var (
	bundle     = goi18n.NewBundle(language.English)
	localizers = map[string]*goi18n.Localizer{}
	matcher    language.Matcher
	// plain holds, per language, the messages without placeholders, translated once: most
	// strings of a page are those, and go-i18n runs every message through text/template.
	plain = map[string]map[string]string{}
	// filled holds the messages whose placeholders are all {{.Name}}, split at them, so
	// that filling them in needs no template either.
	filled = map[string]map[string][]segment{}
)

// segment is a piece of a message: literal text, or (when arg is set) a placeholder's name.
type segment struct {
	text string
	arg  bool
}

var placeholder = regexp.MustCompile(`\{\{\.([A-Za-z0-9_]+)\}\}`)

// split cuts a message at its placeholders; ok is false when it has anything else in {{ }}.
func split(text string) (segs []segment, ok bool) {
	last := 0
	for _, m := range placeholder.FindAllStringSubmatchIndex(text, -1) {
		if m[0] > last {
			segs = append(segs, segment{text: text[last:m[0]]})
		}
		segs = append(segs, segment{text: text[m[2]:m[3]], arg: true})
		last = m[1]
	}
	if last < len(text) {
		segs = append(segs, segment{text: text[last:]})
	}
	for _, s := range segs {
		if !s.arg && strings.Contains(s.text, "{{") {
			return nil, false
		}
	}
	return segs, true
}

func init() {
	bundle.RegisterUnmarshalFunc("json", json.Unmarshal)
	tags := make([]language.Tag, len(Languages))
	for i, lang := range Languages {
		paths, err := filesOf(lang)
		if err != nil {
			panic(fmt.Sprintf("i18n: %v", err))
		}
		for _, path := range paths {
			if _, err := bundle.LoadMessageFileFS(files, path); err != nil {
				panic(fmt.Sprintf("i18n: %v", err))
			}
		}
		localizers[lang] = goi18n.NewLocalizer(bundle, lang)
		tags[i] = language.MustParse(lang)
	}
	matcher = language.NewMatcher(tags)
	for _, lang := range Languages {
		plain[lang], filled[lang] = prepared(lang)
	}
}

// prepared translates every message of lang (or of the default language, which lang falls
// back to) that has no placeholder, and splits those whose placeholders are simple.
func prepared(lang string) (map[string]string, map[string][]segment) {
	texts := map[string]string{}
	for _, l := range []string{Default, lang} {
		paths, _ := filesOf(l)
		for _, path := range paths {
			b, _ := fs.ReadFile(files, path)
			var m map[string]string
			json.Unmarshal(b, &m) // a broken file has already failed init
			for key, text := range m {
				texts[key] = text
			}
		}
	}
	plain, filled := map[string]string{}, map[string][]segment{}
	for key, text := range texts {
		if !strings.Contains(text, "{{") {
			plain[key] = localize(lang, key, nil)
		} else if segs, ok := split(text); ok {
			filled[key] = segs
		}
	}
	return plain, filled
}

// fill puts args into a split message; ok is false for a value text/template would print
// differently from fmt (pointers and other composite values).
func fill(segs []segment, args []any) (string, bool) {
	var b strings.Builder
	for _, s := range segs {
		if !s.arg {
			b.WriteString(s.text)
			continue
		}
		var v any
		found := false
		for i := 0; i+1 < len(args); i += 2 {
			if name, _ := args[i].(string); name == s.text {
				v, found = args[i+1], true
				break
			}
		}
		switch x := v.(type) {
		case string:
			b.WriteString(x)
		case int:
			b.WriteString(strconv.Itoa(x))
		case int64:
			b.WriteString(strconv.FormatInt(x, 10))
		case int8, int16, int32, uint, uint8, uint16, uint32, uint64, float32, float64, bool:
			fmt.Fprint(&b, x)
		case nil:
			if found {
				return "", false
			}
			b.WriteString("<no value>")
		default:
			return "", false
		}
	}
	return b.String(), true
}

// filesOf returns the message files of lang: locales/<lang>.json and locales/<area>.<lang>.json.
func filesOf(lang string) ([]string, error) {
	areas, err := fs.Glob(files, "locales/*."+lang+".json")
	if err != nil {
		return nil, err
	}
	return append([]string{"locales/" + lang + ".json"}, areas...), nil
}

// Keys returns every message key of lang, for tests that compare languages.
func Keys(lang string) ([]string, error) {
	paths, err := filesOf(lang)
	if err != nil {
		return nil, err
	}
	var keys []string
	for _, path := range paths {
		b, err := fs.ReadFile(files, path)
		if err != nil {
			return nil, err
		}
		var m map[string]string
		if err := json.Unmarshal(b, &m); err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		for k := range m {
			keys = append(keys, k)
		}
	}
	return keys, nil
}

// Supported reports whether lang is one of Languages.
func Supported(lang string) bool { return localizers[lang] != nil }

// Pick returns the language for a request: the user's setting if supported,
// else the best match of the Accept-Language header, else Default.
func Pick(preferred, acceptLanguage string) string {
	if Supported(preferred) {
		return preferred
	}
	tags, _, err := language.ParseAcceptLanguage(acceptLanguage)
	if err != nil || len(tags) == 0 {
		return Default
	}
	_, i, conf := matcher.Match(tags...)
	if conf == language.No {
		return Default
	}
	return Languages[i]
}

type ctxKey struct{}

// WithLanguage returns ctx carrying lang (Default if unsupported).
func WithLanguage(ctx context.Context, lang string) context.Context {
	if !Supported(lang) {
		lang = Default
	}
	return context.WithValue(ctx, ctxKey{}, lang)
}

// Lang returns the language carried by ctx, or Default.
func Lang(ctx context.Context) string {
	if lang, ok := ctx.Value(ctxKey{}).(string); ok {
		return lang
	}
	return Default
}

// T translates key into the language of ctx. args are name/value pairs for
// the message's placeholders: T(ctx, "login.too_many", "Seconds", 30).
// A missing key shows as the key itself, so it is noticed, never as an error.
func T(ctx context.Context, key string, args ...any) string {
	return In(Lang(ctx), key, args...)
}

// In translates key into lang.
func In(lang, key string, args ...any) string {
	if len(args) == 0 {
		if s, ok := plain[lang][key]; ok {
			return s
		}
	} else if segs, ok := filled[lang][key]; ok {
		if s, ok := fill(segs, args); ok {
			return s
		}
	}
	var data map[string]any
	if len(args) > 0 {
		data = make(map[string]any, len(args)/2)
		for i := 0; i+1 < len(args); i += 2 {
			data[fmt.Sprint(args[i])] = args[i+1]
		}
	}
	return localize(lang, key, data)
}

func localize(lang, key string, data map[string]any) string {
	l := localizers[lang]
	if l == nil {
		l = localizers[Default]
	}
	s, err := l.Localize(&goi18n.LocalizeConfig{MessageID: key, TemplateData: data})
	if err != nil && s == "" {
		return key
	}
	return s
}

// Name returns the name of lang in that language, for language pickers.
func Name(lang string) string {
	return In(lang, "language.name."+strings.ToLower(lang))
}
