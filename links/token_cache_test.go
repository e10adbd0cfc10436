package links

import (
	"fmt"
	"testing"

	"bbbportal/models"
	"bbbportal/paths"
)

func TestRememberedTokensAreTheDerivedOnesAndBounded(t *testing.T) {
	t.Parallel()
	e := newEnv(t, Config{})
	room := e.newRoom("Music", nil)
	l := e.defaultLink(room)
	first := e.svc.URL(l)
	if again := e.svc.URL(l); again != first {
		t.Fatalf("the link's URL changed between two views: %q then %q", first, again)
	}
	if want := e.svc.cfg.BaseURL + paths.JoinLink(e.svc.sec.token(l.PublicID)); first != want {
		t.Errorf("URL %q, want %q", first, want)
	}
	if inv := e.open(l); inv.Link.ID != l.ID {
		t.Errorf("the remembered token opens link %d, want %d", inv.Link.ID, l.ID)
	}
	if got := e.svc.tokens.get("not base64!", e.svc.sec.token); got != "" {
		t.Errorf("an invalid public ID has token %q", got)
	}

	var c tokenCache
	for i := 0; i < 3*maxCachedTokens; i++ {
		id := fmt.Sprint(i)
		if got := c.get(id, func(s string) string { return "t" + s }); got != "t"+id {
			t.Fatalf("token of %s = %q", id, got)
		}
		if len(c.m) > maxCachedTokens {
			t.Fatalf("the cache holds %d tokens, more than %d", len(c.m), maxCachedTokens)
		}
	}
}

func TestRememberedCodesAreTheDerivedOnes(t *testing.T) {
	t.Parallel()
	e := newEnv(t, Config{})
	room := e.newRoom("Music", nil)
	l := e.defaultLink(room)
	if l.CodeLookup == nil {
		t.Fatal("the default link has no short code")
	}
	want := FormatCode(e.svc.sec.code(l.PublicID))
	for range 2 {
		if got := e.svc.Code(l); got != want {
			t.Errorf("code %q, want %q", got, want)
		}
	}
	// A link whose public ID changes (as when its code had to change) has the code of the new ID.
	moved := *l
	moved.PublicID = models.NewLinkPublicID()
	if got, want := e.svc.Code(&moved), FormatCode(e.svc.sec.code(moved.PublicID)); got != want || got == e.svc.Code(l) {
		t.Errorf("code after the public ID changed: %q, want %q", got, want)
	}
	moderator := *l
	moderator.CodeLookup = nil
	if got := e.svc.Code(&moderator); got != "" {
		t.Errorf("a link without a short code shows %q", got)
	}
}
