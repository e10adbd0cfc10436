package views

import (
	"context"
	"strings"
	"testing"
	"time"

	"bbbportal/audit"
	"bbbportal/bbb"
	"bbbportal/i18n"
)

func TestAuditDetailShowsBeforeAndAfterEscaped(t *testing.T) {
	t.Parallel()
	e := audit.Entry{ID: 42, At: time.Now(), ActorEmail: "ada@example.org", Action: "room.update", TargetType: "room",
		TargetID: "3", Result: audit.ResultOK,
		Details: `{"changes":{"welcome":{"before":"<b>Hi</b>","after":"Hello"},"logo":{"after":"x.png"}},"name":"Physics"}`}
	var b strings.Builder
	ctx := i18n.WithLanguage(context.Background(), "de")
	if err := AuditDetailPage(Page{Title: "x"}, AuditDetailView{Detail: audit.Describe(e), Target: AuditTarget{Type: "room", ID: "3"}}).Render(ctx, &b); err != nil {
		t.Fatal(err)
	}
	html := b.String()
	for _, want := range []string{"Protokolleintrag 42", "&lt;b&gt;Hi&lt;/b&gt;", "Hello", "x.png", "(nicht gesetzt)", "existiert nicht mehr", "Physics"} {
		if !strings.Contains(html, want) {
			t.Errorf("detail page lacks %q", want)
		}
	}
	if strings.Contains(html, "<b>Hi</b>") {
		t.Error("a before value is not escaped")
	}
}

func TestHooksPageSaysWhyThereIsNoList(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	v := HooksView{ErrorKey: "hooks.error.unsupported", OwnURL: "https://portal.example.org/callbacks/hooks",
		Hooks: []bbb.Hook{{ID: "a/b", CallbackURL: "https://x"}}}
	if err := HooksPage(Page{Title: "x", CSRFToken: "tok"}, v).Render(context.Background(), &b); err != nil {
		t.Fatal(err)
	}
	html := b.String()
	if !strings.Contains(html, "does not offer webhooks") || strings.Contains(html, "/admin/hooks/a%2Fb/delete") {
		t.Errorf("unsupported server: the sentence is missing or the list shown")
	}
	b.Reset()
	v.ErrorKey, v.OwnOn, v.OwnHookID = "", true, "h-1"
	HooksPage(Page{Title: "x", CSRFToken: "tok"}, v).Render(context.Background(), &b)
	html = b.String()
	for _, want := range []string{`href="/admin/hooks/a%2Fb/delete"`, `name="_csrf" value="tok"`, "h-1", `name="receive" value="off"`} {
		if !strings.Contains(html, want) {
			t.Errorf("hooks page lacks %q", want)
		}
	}
}

func TestHookDeletePageConfirmsWithAPost(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	v := HookDeleteView{Hook: bbb.Hook{ID: "a/b", CallbackURL: "https://lms.example.org/<cb>"}}
	if err := HookDeletePage(Page{Title: "x", CSRFToken: "tok"}, v).Render(context.Background(), &b); err != nil {
		t.Fatal(err)
	}
	html := b.String()
	for _, want := range []string{`method="post" action="/admin/hooks/a%2Fb/delete"`, `name="confirm" value="yes"`,
		`name="_csrf" value="tok"`, "https://lms.example.org/&lt;cb&gt;", "Every meeting"} {
		if !strings.Contains(html, want) {
			t.Errorf("confirmation page lacks %q", want)
		}
	}
}
