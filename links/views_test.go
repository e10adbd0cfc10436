package links

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"bbbportal/i18n"
	"bbbportal/views"
	"github.com/a-h/templ"
)

func render(t *testing.T, lang string, c templ.Component) string {
	t.Helper()
	var b bytes.Buffer
	if err := c.Render(i18n.WithLanguage(context.Background(), lang), &b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

const markup = `<img src=x onerror=alert(1)>`

func TestJoinPagesEscapeMarkup(t *testing.T) {
	t.Parallel()
	v := views.JoinView{Token: "tok", RoomName: markup + " room", OwnerName: markup + " owner", Label: markup + " label",
		Role: "guest", Name: markup + " name", NeedsAccessCode: true, Records: true, Problem: "consent_required"}
	pages := map[string]string{
		"join":    render(t, "en", views.JoinPage(views.Page{Title: v.RoomName}, v)),
		"waiting": render(t, "en", views.JoinWaitingPage(views.Page{Title: v.RoomName}, views.JoinWaitView{JoinView: v, AccessCode: markup, CheckedAt: time.Now()})),
		"links": render(t, "en", views.RoomLinks(views.Page{CSRFToken: "csrf"}, views.LinksView{RoomID: 1, Rows: []views.LinkRow{
			{ID: 2, Role: "attendee", Label: markup, FixedName: markup, URL: "https://portal.test/j/x", Code: "123 456 789", State: "usable"}}})),
		"print": render(t, "en", views.LinkPrintPage(views.Page{Title: "x"}, views.InvitationView{RoomID: 1, LinkID: 2, RoomName: markup,
			Label: markup, URL: "https://portal.test/j/x", CodeURL: "https://portal.test/j", Code: "123 456 789",
			Schedules: []views.InvitationTime{{Title: markup, Start: time.Now(), End: time.Now().Add(time.Hour)}}})),
	}
	for name, html := range pages {
		if strings.Contains(html, "<img src=x") {
			t.Errorf("%s page does not escape markup", name)
		}
		if !strings.Contains(html, "&lt;img src=x onerror=alert(1)&gt;") {
			t.Errorf("%s page lost the text", name)
		}
	}
	join := pages["join"]
	for _, want := range []string{"may be recorded", `name="consent"`, `name="access_code"`, "Tick the box", "a moderator may have to let you in", `action="/j/tok"`} {
		if !strings.Contains(join, want) {
			t.Errorf("join page lacks %q", want)
		}
	}
	if !strings.Contains(pages["waiting"], `hx-get="/j/tok/status"`) || !strings.Contains(pages["waiting"], `hx-trigger="every 1s"`) {
		t.Error("the waiting page does not poll its status")
	}
	if !strings.Contains(pages["links"], "Code 123 456 789") || !strings.Contains(pages["links"], `action="/rooms/1/links/2/revoke"`) {
		t.Error("the links list lacks the code or the revoke form")
	}
}

func TestWaitingStatusJoinsOnceRunning(t *testing.T) {
	t.Parallel()
	w := views.JoinWaitView{JoinView: views.JoinView{Token: "tok"}, Running: true}
	html := render(t, "de", views.JoinStatus(w))
	for _, want := range []string{`hx-post="/j/tok"`, `hx-trigger="load"`, `hx-include="#join-form"`, "Die Konferenz hat begonnen"} {
		if !strings.Contains(html, want) {
			t.Errorf("running status lacks %q: %s", want, html)
		}
	}
}

func TestRefusedPagesSayWhichAndWhomToAsk(t *testing.T) {
	t.Parallel()
	for outcome, want := range map[string]string{
		OutcomeRevoked:     "Ask the person who sent it",
		OutcomeExpired:     "Ask the person who sent it",
		OutcomeUsedUp:      "all of them have joined",
		OutcomeFull:        "maximum number of participants",
		OutcomeGuestDenied: "Ask the teacher for an attendee link",
		"not_found":        "copied completely",
		"too_many":         "Wait a minute",
	} {
		html := render(t, "en", views.JoinRefusedPage(views.Page{Title: "x"}, views.JoinRefusedView{Outcome: outcome}))
		if !strings.Contains(html, want) {
			t.Errorf("%s page lacks %q", outcome, want)
		}
	}
	html := render(t, "en", views.JoinRefusedPage(views.Page{Title: "x"}, views.JoinRefusedView{Outcome: OutcomeBBB, Problem: "problem.bbb.unreachable"}))
	if !strings.Contains(html, "cannot be reached") {
		t.Error("BBB problem not explained")
	}
}

func TestLinkFormValidation(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	cases := []struct {
		name  string
		form  Form
		field string // "" = valid
	}{
		{"attendee", Form{Role: "attendee"}, ""},
		{"full", Form{Role: "guest", Label: "Parents' evening", FixedName: "Parent", AccessCode: "1234", ExpiresAt: "2026-11-24T18:00", MaxUses: "30"}, ""},
		{"no role", Form{}, "role"},
		{"bad role", Form{Role: "admin"}, "role"},
		{"long label", Form{Role: "attendee", Label: strings.Repeat("x", 101)}, "label"},
		{"long name", Form{Role: "attendee", FixedName: strings.Repeat("x", 101)}, "fixed_name"},
		{"short access code", Form{Role: "attendee", AccessCode: "123"}, "access_code"},
		{"past expiry", Form{Role: "attendee", ExpiresAt: "2026-11-23T08:59"}, "expires_at"},
		{"bad expiry", Form{Role: "attendee", ExpiresAt: "tomorrow"}, "expires_at"},
		{"zero uses", Form{Role: "attendee", MaxUses: "0"}, "max_uses"},
		{"text uses", Form{Role: "attendee", MaxUses: "many"}, "max_uses"},
	}
	for _, c := range cases {
		spec, errs := c.form.Validate(now, time.UTC)
		switch {
		case c.field == "" && len(errs) > 0:
			t.Errorf("%s: unexpected errors %v", c.name, errs)
		case c.field != "" && errs[c.field] == "":
			t.Errorf("%s: no error for %s (%v)", c.name, c.field, errs)
		case c.field == "" && c.name == "full" && (spec.MaxUses != 30 || spec.ExpiresAt == nil || !spec.ExpiresAt.Equal(time.Date(2026, 11, 24, 18, 0, 0, 0, time.UTC))):
			t.Errorf("%s: spec %+v", c.name, spec)
		}
		for _, key := range errs {
			if i18n.T(context.Background(), key) == key {
				t.Errorf("%s: message %q is not translated", c.name, key)
			}
		}
	}
}

func TestSchoolBehindOneAddressPassesTheJoinLimit(t *testing.T) {
	t.Parallel()
	l := DefaultLimits()
	// 500 students open the page and send their name within the same minute.
	for i := range 1000 {
		if !l.Pages.Allow("192.0.2.1") {
			t.Fatalf("request %d of a school's burst refused", i)
		}
	}
	// 1,000 waiting browsers behind one address poll every second.
	for i := range 1000 {
		if !l.Status.Allow("192.0.2.1") {
			t.Fatalf("poll %d refused", i)
		}
	}
	// A flood from one address is refused, and another address is not affected by it.
	refused := 0
	for range 1000 {
		if !l.Pages.Allow("192.0.2.1") {
			refused++
		}
	}
	if refused < 400 || !l.Pages.Allow("198.51.100.1") {
		t.Fatalf("flood: %d of 1000 refused", refused)
	}
}
