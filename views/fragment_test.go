package views

import (
	"context"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/a-h/templ"

	"bbbportal/i18n"
	"bbbportal/models"
)

func renderString(t *testing.T, ctx context.Context, c templ.Component) string {
	t.Helper()
	var b strings.Builder
	if err := c.Render(ctx, &b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestLanguageFragmentsRenderOncePerLanguageAndKey(t *testing.T) {
	var f languageFragments
	renders := 0
	c := func(key string) templ.Component {
		return templ.ComponentFunc(func(ctx context.Context, w io.Writer) error {
			renders++
			_, err := io.WriteString(w, i18n.Lang(ctx)+"/"+key+"/"+i18n.T(ctx, "links.create"))
			return err
		})
	}
	for range 3 {
		for _, lang := range i18n.Languages {
			for _, key := range []string{"a", "b"} {
				ctx := i18n.WithLanguage(context.Background(), lang)
				if got, want := renderString(t, ctx, f.of(key, c(key))), lang+"/"+key+"/"+i18n.T(ctx, "links.create"); got != want {
					t.Errorf("%s, %s: %q, want %q", lang, key, got, want)
				}
			}
		}
	}
	if want := 2 * len(i18n.Languages); renders != want {
		t.Errorf("%d renders, want one per language and key (%d)", renders, want)
	}
	// A context without a language is rendered as the default language is, and kept as it.
	if got := renderString(t, context.Background(), f.of("a", c("a"))); !strings.HasPrefix(got, i18n.Default+"/a/") {
		t.Errorf("without a language: %q", got)
	}
	// What failed is not kept.
	var g languageFragments
	fail := templ.ComponentFunc(func(context.Context, io.Writer) error { return errors.New("broken") })
	if err := g.of("", fail).Render(context.Background(), io.Discard); err == nil {
		t.Error("a failed render is not an error")
	}
	if got := renderString(t, context.Background(), g.of("", c("x"))); !strings.HasSuffix(got, "/x/"+i18n.T(context.Background(), "links.create")) {
		t.Errorf("after a failure: %q", got)
	}
}

// The unfiltered filter fields of a room's page are kept per language and lists; whatever
// else the list shows does not change them, and a filter or a room choice is rendered anew.
func TestRecordingsFilterFieldsAreKeptOnlyUnfiltered(t *testing.T) {
	states := []string{models.RecPublished, models.RecDeleted}
	sorts := []string{"newest", "name"}
	at := time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)
	views := []RecordingsView{
		{Path: "/rooms/1", States: states, Sorts: sorts},
		{Path: "/rooms/2", Title: "x", States: states, Sorts: sorts, Items: []models.RecordingItem{{RecordID: "r", Name: "n"}},
			Page: 2, Pages: 3, Total: 40, RefreshedAt: at, Stale: true, Limited: true, Now: at, Problem: "p",
			Problems: []FieldProblem{{}}},
		{Path: "/rooms/3", States: states[:1], Sorts: sorts},
		{Path: "/rooms/4", States: states, Sorts: sorts[1:]},
		{Path: "/rooms/5", States: states, Sorts: sorts, Filter: RecordingsFilter{State: models.RecDeleted}},
		{Path: "/rooms/6", States: states, Sorts: sorts, Filter: RecordingsFilter{Sort: "name", Q: "a<b"}},
		{Path: "/rooms/7", States: states, Sorts: sorts, Filter: RecordingsFilter{From: "2026-01-01", To: "2026-01-02"}},
		{Path: "/recordings", States: states, Sorts: sorts, Rooms: []RecordingRoomChoice{{ID: 7, Name: "R&D"}}, Filter: RecordingsFilter{Room: 7}},
		{Path: "/recordings", States: states, Sorts: sorts, Rooms: []RecordingRoomChoice{{ID: 7, Name: "R&D"}}},
	}
	seen := map[string]bool{}
	for range 2 {
		for _, lang := range i18n.Languages {
			ctx := i18n.WithLanguage(context.Background(), lang)
			for i, v := range views {
				got, want := renderString(t, ctx, recordingsFilterFields(v)), renderString(t, ctx, recordingsFilterFieldsOf(v))
				if got != want {
					t.Errorf("%s, view %d: fields\n%s\nwant\n%s", lang, i, got, want)
				}
				seen[lang+got] = true
			}
		}
	}
	// The second view only differs in what the fields do not show.
	if want := len(i18n.Languages) * (len(views) - 1); len(seen) != want {
		t.Errorf("%d different fields, want %d", len(seen), want)
	}
}
