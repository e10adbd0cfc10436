package createopts

import (
	"flag"
	"os"
	"testing"
)

var update = flag.Bool("update", false, "rewrite docs/create-options.md")

const docPath = "../docs/create-options.md"

func TestDocIsCurrent(t *testing.T) {
	t.Parallel()
	want := Markdown()
	if *update {
		if err := os.WriteFile(docPath, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(docPath)
	if err != nil {
		t.Fatalf("%v (run go test ./createopts -run TestDocIsCurrent -update)", err)
	}
	if string(got) != want {
		t.Fatal("docs/create-options.md is out of date: run go test ./createopts -run TestDocIsCurrent -update")
	}
}

func TestSeedsAreValid(t *testing.T) {
	t.Parallel()
	for _, seed := range Seeds {
		values, policies := Values{}, map[string]Policy{}
		for name, s := range seed.Settings {
			values[name] = s.Value
			if s.Policy != "" {
				policies[name] = s.Policy
			}
		}
		if _, errs := TemplateSettings(values, policies); len(errs) != 0 {
			t.Errorf("seed %q: %v", seed.Name, errs)
		}
	}
}
