package views

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"bbbportal/i18n"
	"bbbportal/models"
)

func recordingsFixture(now time.Time) RecordingsView {
	start := now.Add(-3 * time.Hour)
	return RecordingsView{
		Title: "My recordings", Path: "/recordings", ShowRoom: true,
		Rooms:  []RecordingRoomChoice{{ID: 3, Name: "Maths 7b"}, {ID: 4, Name: "History 9a"}},
		States: []string{"processing", "processed", "published", "unpublished", "deleted", "none"},
		Sorts:  []string{"newest", "oldest", "name", "size", "length"},
		Filter: RecordingsFilter{Room: 3, State: "", Q: "fractions & more", Sort: "name"},
		Items: []models.RecordingItem{
			{RecordID: "aaaa-1", Name: "Fractions", Description: "Part one", RoomID: 3, RoomName: "Maths 7b",
				Start: start, End: start.Add(45 * time.Minute), Length: 45 * time.Minute, Size: 12_345_678, Participants: 23,
				State: models.RecPublished,
				Formats: []models.PlaybackLink{{Type: "presentation", URL: "https://bbb.test/playback/presentation/2.3/aaaa-1"},
					{Type: "capture", URL: "https://bbb.test/capture/aaaa-1"}},
				Preview: []models.PreviewImage{{URL: "https://bbb.test/thumb-1.png", Alt: "Welcome"}}},
			{RecordID: "bbbb-2", Name: "Decimals", RoomID: 3, RoomName: "Maths 7b", Start: now.Add(-time.Hour), End: now.Add(-10 * time.Minute),
				Length: 50 * time.Minute, State: models.RecProcessing, ProcessingSince: now.Add(-10 * time.Minute), ReadyBy: now.Add(40 * time.Minute)},
			{RecordID: "cccc-3", Name: "Maths 7b", RoomID: 3, RoomName: "Maths 7b", Start: now.Add(-2 * time.Hour), End: now.Add(-time.Hour),
				State: models.RecProcessing, Expected: true, ProcessingSince: now.Add(-time.Hour), ReadyBy: now.Add(time.Minute)},
			{RecordID: "dddd-4", Name: "Maths 7b", RoomID: 3, RoomName: "Maths 7b", Start: now.Add(-5 * time.Hour), End: now.Add(-4 * time.Hour), State: models.RecNone},
			{RecordID: "eeee-5", Name: "Greenlight lesson", Foreign: true, Start: start, State: models.RecDeleted},
		},
		Page: 2, Pages: 3, Total: 61, RefreshedAt: now, Now: now,
	}
}

func TestRecordingsListShowsStatesActionsAndPages(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.Local)
	for _, lang := range []string{"en", "de"} {
		var buf bytes.Buffer
		ctx := i18n.WithLanguage(context.Background(), lang)
		if err := RecordingsPage(Page{Title: "x", User: &models.User{DisplayName: "Kim"}, CSRFToken: "tok123"}, recordingsFixture(now)).Render(ctx, &buf); err != nil {
			t.Fatal(err)
		}
		html := buf.String()
		if strings.Contains(html, "recordings.") && strings.Contains(html, ">recordings.") {
			t.Errorf("%s: an untranslated key in %s", lang, html)
		}
		// Only real recordings can be selected; the expected one and "no recording" cannot.
		if n := strings.Count(html, `name="record_id"`); n != 3 {
			t.Errorf("%s: %d checkboxes, want 3", lang, n)
		}
		for _, want := range []string{
			`value="aaaa-1"`, `value="bbbb-2"`, `value="eeee-5"`,
			`href="https://bbb.test/playback/presentation/2.3/aaaa-1"`, `>capture</a>`, `src="https://bbb.test/thumb-1.png"`,
			`formaction="/recordings/publish"`, `formaction="/recordings/unpublish"`, `formaction="/recordings/delete"`,
			`action="/recordings/aaaa-1"`, `name="_csrf" value="tok123"`, `method="get" action="/recordings"`,
			`href="/recordings?page=3&amp;q=fractions+%26+more&amp;room=3&amp;sort=name"`,
			`href="/recordings?q=fractions+%26+more&amp;room=3&amp;sort=name"`,
			`<option value="3" selected>Maths 7b</option>`, "rec-state rec-processing", "rec-state rec-none",
		} {
			if !strings.Contains(html, want) {
				t.Errorf("%s: missing %s", lang, want)
			}
		}
		texts := map[string][]string{
			"en": {"Published", "This usually takes about as long as the meeting; expected by 23 Nov 2026, 12:40",
				"does not list it yet", "no recording will appear", "Not created by this portal", "12.3 MB", "deleted folder", "Page 2 of 3 (61 recordings)"},
			"de": {"Veröffentlicht", "voraussichtlich fertig bis 23.11.2026, 12:40", "es wird keine Aufzeichnung erscheinen", "12,3 MB", "Seite 2 von 3"},
		}[lang]
		for _, want := range texts {
			if !strings.Contains(html, want) {
				t.Errorf("%s: missing text %q", lang, want)
			}
		}
		if strings.Contains(html, "tok123") && strings.Contains(html, "?_csrf") {
			t.Errorf("%s: the CSRF token in a URL", lang)
		}
	}
}

func TestRecordingsListLateProcessingAndEmpty(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.Local)
	ctx := i18n.WithLanguage(context.Background(), "en")
	v := recordingsFixture(now)
	v.Now = now.Add(5 * time.Hour)
	var buf bytes.Buffer
	if err := RecordingsList(Page{}, v).Render(ctx, &buf); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "taking longer than usual") {
		t.Error("a recording hours past its estimate is not called late")
	}
	buf.Reset()
	if err := RecordingsList(Page{}, RecordingsView{Path: "/recordings", Limited: true, RefreshedAt: now}).Render(ctx, &buf); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "Recordings appear here after a recorded meeting has ended") || !strings.Contains(buf.String(), "load balancer") {
		t.Errorf("empty list: %s", buf.String())
	}
}

func TestRecordingsDeletePageNamesTheRecordings(t *testing.T) {
	t.Parallel()
	ctx := i18n.WithLanguage(context.Background(), "en")
	var buf bytes.Buffer
	items := recordingsFixture(time.Now()).Items[:2]
	if err := RecordingsDeletePage(Page{CSRFToken: "tok"}, RecordingsDeleteView{Items: items, Return: "/recordings?page=2"}).Render(ctx, &buf); err != nil {
		t.Fatal(err)
	}
	html := buf.String()
	for _, want := range []string{"Fractions", "Decimals", "(Maths 7b)", `name="record_id" value="aaaa-1"`, `name="record_id" value="bbbb-2"`,
		`name="confirm" value="yes"`, `method="post" action="/recordings/delete"`, "deleted folder", `href="/recordings?page=2"`} {
		if !strings.Contains(html, want) {
			t.Errorf("missing %s", want)
		}
	}
}

func TestNoticeBadgeAndList(t *testing.T) {
	t.Parallel()
	ctx := i18n.WithLanguage(context.Background(), "de")
	var buf bytes.Buffer
	if err := NoticeBadge(0).Render(ctx, &buf); err != nil || buf.Len() != 0 {
		t.Errorf("badge without notices: %q", buf.String())
	}
	if err := NoticeBadge(2).Render(ctx, &buf); err != nil || !strings.Contains(buf.String(), "2 ungelesene Mitteilungen") {
		t.Errorf("badge: %q", buf.String())
	}
	buf.Reset()
	room := uint(3)
	err := NoticesPage(Page{CSRFToken: "tok"}, NoticesView{Notices: []models.Notification{{ID: 1, Subject: "Fractions", RoomID: &room, CreatedAt: time.Now()}}}).Render(ctx, &buf)
	if err != nil || !strings.Contains(buf.String(), "„Fractions“ kann angesehen werden") || !strings.Contains(buf.String(), `class="unseen"`) {
		t.Errorf("notices: %v %s", err, buf.String())
	}
}
