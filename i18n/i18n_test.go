package i18n

import (
	"context"
	"sort"
	"strings"
	"testing"
)

func TestEveryLanguageHasEveryKey(t *testing.T) {
	t.Parallel()
	want, err := Keys(Default)
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(want)
	for _, lang := range Languages[1:] {
		got, err := Keys(lang)
		if err != nil {
			t.Fatal(err)
		}
		sort.Strings(got)
		if strings.Join(got, ",") != strings.Join(want, ",") {
			t.Errorf("%s keys differ from %s:\n%v\n%v", lang, Default, got, want)
		}
	}
}

func TestPick(t *testing.T) {
	t.Parallel()
	cases := []struct{ preferred, accept, want string }{
		{"de", "en-US", "de"},
		{"", "de-CH,de;q=0.9,en;q=0.8", "de"},
		{"", "fr-FR,fr;q=0.9", "en"},
		{"", "", "en"},
		{"xx", "de", "de"},
		{"", "en-GB,de;q=0.5", "en"},
	}
	for _, tc := range cases {
		if got := Pick(tc.preferred, tc.accept); got != tc.want {
			t.Errorf("Pick(%q, %q) = %q, want %q", tc.preferred, tc.accept, got, tc.want)
		}
	}
}

func TestT(t *testing.T) {
	t.Parallel()
	de := WithLanguage(context.Background(), "de")
	if got := T(de, "dashboard.welcome", "Name", "Ada"); got != "Willkommen, Ada." {
		t.Errorf("German welcome = %q", got)
	}
	if got := T(context.Background(), "error.too_many", "Seconds", 42); got != "Too many attempts, try again in 42 s." {
		t.Errorf("English rate limit = %q", got)
	}
	if got := T(de, "no.such.key"); got != "no.such.key" {
		t.Errorf("missing key = %q, want the key", got)
	}
}

func TestNoKeyIsDefinedTwice(t *testing.T) {
	t.Parallel()
	for _, lang := range Languages {
		keys, err := Keys(lang)
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]bool{}
		for _, k := range keys {
			if seen[k] {
				t.Errorf("%s: key %q is defined in two message files", lang, k)
			}
			seen[k] = true
		}
	}
}

func TestPlainMessagesAreTranslatedOnceAndStayCorrect(t *testing.T) {
	for _, lang := range Languages {
		keys, err := Keys(lang)
		if err != nil {
			t.Fatal(err)
		}
		for _, key := range keys {
			if got, want := In(lang, key), localize(lang, key, nil); got != want {
				t.Errorf("%s %s: cached %q, translated %q", lang, key, got, want)
			}
		}
	}
	if In("de", "no.such.key") != "no.such.key" {
		t.Error("a missing key must show as itself")
	}
	ctx := WithLanguage(context.Background(), "de")
	key := ""
	for k, v := range plain["de"] {
		if v != plain["en"][k] {
			key = k
			break
		}
	}
	if key == "" || T(ctx, key) != plain["de"][key] || In("en", key) == T(ctx, key) {
		t.Fatalf("German and English differ for %q: %q / %q", key, T(ctx, key), In("en", key))
	}
	if n := testing.AllocsPerRun(100, func() { T(ctx, key) }); n != 0 {
		t.Errorf("a message without placeholders costs %.0f allocations per call", n)
	}
}

func BenchmarkPlainMessage(b *testing.B) {
	ctx := WithLanguage(context.Background(), "de")
	for b.Loop() {
		T(ctx, "live.title")
	}
}

func TestFilledMessagesMatchTheTemplateEngine(t *testing.T) {
	n := 0
	for _, lang := range Languages {
		for key, segs := range filled[lang] {
			data := map[string]any{}
			var args []any
			for i, s := range segs {
				if s.arg {
					var v any = "Ada <b>"
					if i%2 == 0 {
						v = 42
					}
					data[s.text] = v
					args = append(args, s.text, v)
				}
			}
			if got, want := In(lang, key, args...), localize(lang, key, data); got != want {
				t.Errorf("%s %s: %q, the template engine says %q", lang, key, got, want)
			}
			n++
		}
	}
	if n < 50 {
		t.Errorf("only %d messages with placeholders are prepared", n)
	}
	ctx := WithLanguage(context.Background(), "de")
	if n := testing.AllocsPerRun(100, func() { T(ctx, "dashboard.welcome", "Name", "Ada") }); n > 2 {
		t.Errorf("a message with a placeholder costs %.0f allocations per call", n)
	}
	var p *int
	if got := T(ctx, "dashboard.welcome", "Name", p); got != localize("de", "dashboard.welcome", map[string]any{"Name": p}) {
		t.Errorf("a pointer argument is printed as %q", got)
	}
}
