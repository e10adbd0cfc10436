package cli

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"bbbportal/config"
)

// TestREADMEDocumentsEverySetting keeps the README's configuration table, its commands and its
// first two commands in step with the program.
func TestREADMEDocumentsEverySetting(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(b)
	for _, v := range config.Variables {
		if !regexp.MustCompile("(?m)^\\| [^|]*`" + v + "`[^|]*\\| [^|]+ \\|").MatchString(readme) {
			t.Errorf("README.md has no configuration table row with a default for %s", v)
		}
	}
	for _, name := range commandOrder {
		if !regexp.MustCompile(`bbbportal \[?` + name + `\b`).MatchString(readme) {
			t.Errorf("README.md does not mention bbbportal %s", name)
		}
	}
	first := regexp.MustCompile("(?s)```sh\n(.*?)```").FindStringSubmatch(readme)
	if first == nil || !strings.HasPrefix(first[1], "go run .") || !strings.Contains(first[1], "\ngo test ./...") {
		t.Errorf("README.md does not start with go run . and go test ./...: %q", first)
	}
}
