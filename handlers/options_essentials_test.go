package handlers_test

import (
	"strings"
	"testing"

	"bbbportal/createopts"
)

// TestFormsOpenWithTheEssentialsInPlainWords: the room and template forms start with the
// settings a teacher changes, in plain words, then "All BBB options"; no enumerated BBB value
// is shown raw, and every option is on the form once.
func TestFormsOpenWithTheEssentialsInPlainWords(t *testing.T) {
	t.Parallel()
	f := newRoomsFixture(t)
	for _, tc := range []struct {
		lang, path, essentials, all, guests, askModerator string
	}{
		{"en", "/rooms/new", "The settings you change most", "All BBB options", "Who may come in", "A moderator lets each guest in"},
		{"de", "/rooms/new", "Die Einstellungen, die Sie am häufigsten ändern", "Alle BBB-Optionen", "Wer hinein darf", ""},
		{"en", "/templates/new", "The settings you change most", "All BBB options", "Who may come in", "A moderator lets each guest in"},
	} {
		f.adaB.header.Set("Accept-Language", tc.lang)
		pg := f.adaB.get(tc.path)
		body := pg.Body
		ess, all := strings.Index(body, tc.essentials), strings.Index(body, tc.all)
		if ess < 0 || all < 0 || ess > all {
			t.Errorf("%s %s: essentials at %d, all options at %d", tc.lang, tc.path, ess, all)
			continue
		}
		for _, e := range createopts.Essentials {
			if e.Option == nil {
				continue
			}
			id := `id="` + "opt-" + e.Key + `"`
			if n := strings.Count(body, id); n != 1 {
				t.Errorf("%s %s: %s appears %d times", tc.lang, tc.path, id, n)
			} else if strings.Index(body, id) > all {
				t.Errorf("%s %s: %s is not among the essentials", tc.lang, tc.path, e.Key)
			}
		}
		if guests := strings.Index(body, tc.guests); guests < ess || guests > all {
			t.Errorf("%s %s: %q not in the essentials", tc.lang, tc.path, tc.guests)
		}
		if tc.askModerator != "" {
			pg.contains(t, ">"+tc.askModerator+"</option>")
		}
		for _, o := range createopts.All {
			for _, v := range o.Choices {
				if strings.Contains(body, ">"+v+"<") || strings.Contains(body, "> "+v+"<") || strings.Contains(body, ">"+v+" <") {
					t.Errorf("%s %s: the raw value %s of %s is shown", tc.lang, tc.path, v, o.Name)
				}
			}
		}
	}
}
