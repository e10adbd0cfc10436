package createopts

import (
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"

	"bbbportal/bbb"
)

const (
	englishPath = "../i18n/locales/options.en.json"
	germanPath  = "../i18n/locales/options.de.json"
)

func readMessages(t *testing.T, path string) map[string]string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]string
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return m
}

// TestEnglishMessagesAreCurrent keeps options.en.json equal to the catalogue's own texts
// (go test ./createopts -run TestEnglishMessagesAreCurrent -update rewrites it).
func TestEnglishMessagesAreCurrent(t *testing.T) {
	t.Parallel()
	want := EnglishMessages()
	if *update {
		var b strings.Builder
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if err := enc.Encode(want); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(englishPath, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got := readMessages(t, englishPath)
	for key, text := range want {
		if got[key] != text {
			t.Errorf("%s: %q in options.en.json, %q in the catalogue (run with -update)", key, got[key], text)
		}
	}
	for key := range got {
		if _, ok := want[key]; !ok {
			t.Errorf("options.en.json has %s, which the catalogue no longer has (run with -update)", key)
		}
	}
}

// TestGermanHasEveryCatalogueText: every label, help text, group title and validation message
// has a German translation that keeps the English placeholders.
func TestGermanHasEveryCatalogueText(t *testing.T) {
	t.Parallel()
	de := readMessages(t, germanPath)
	for key, english := range EnglishMessages() {
		german, ok := de[key]
		if !ok || strings.TrimSpace(german) == "" {
			t.Errorf("options.de.json lacks %s (%q)", key, english)
			continue
		}
		for _, field := range []string{"{{.Name}}", "{{.Choices}}", "{{.Max}}", "{{.Len}}", "{{.Feature}}", "{{.Offset}}",
			"{{.Host}}", "{{.Release}}", "{{.Since}}", "{{.Count}}"} {
			if strings.Contains(english, field) != strings.Contains(german, field) {
				t.Errorf("%s: German %q and English %q differ in placeholder %s", key, german, english, field)
			}
		}
	}
	for key := range de {
		if _, ok := EnglishMessages()[key]; !ok {
			t.Errorf("options.de.json has %s, which the catalogue does not have", key)
		}
	}
}

// TestEveryCreateParameterHasAnOptionOrAReason: a parameter the BBB client learns is either
// in the form or listed in Excluded with the reason it is not.
func TestEveryCreateParameterHasAnOptionOrAReason(t *testing.T) {
	t.Parallel()
	for _, name := range bbb.CreateParamNames() {
		_, isOption := byName[name]
		_, excluded := Excluded[name]
		if !isOption && !excluded {
			t.Errorf("create parameter %s has neither an option nor a reason in Excluded", name)
		}
	}
	names := bbb.CreateParamNames()
	prefixed := func(name string) bool {
		return slices.ContainsFunc(bbb.CreateParamPrefixes(), func(p string) bool { return strings.HasPrefix(name, p) })
	}
	for _, o := range All {
		// meta_ and plugin_ names (rows, or meta_bbb-* options) travel in the client's prefix maps.
		if !prefixed(o.Name) && !o.InPOSTBody && !slices.Contains(names, o.Name) {
			t.Errorf("option %s is not a create parameter of the BBB client", o.Name)
		}
	}
}
