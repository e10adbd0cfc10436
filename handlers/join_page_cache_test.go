package handlers

import (
	"bytes"
	"context"
	"testing"

	"bbbportal/i18n"
	"bbbportal/models"
	"bbbportal/views"
)

// A join page served from the cache is byte for byte the page rendered afresh, whatever the
// link, the language, the token and the name (escaped as the template escapes them); pages
// that differ for a signed-in user or carry flashes are not served from it.
func TestCachedJoinPagesAreTheRenderedOnes(t *testing.T) {
	t.Parallel()
	jc := newJoinPageCache()
	linkViews := []views.JoinView{
		{Token: "tok1", RoomName: "Class 7b", Role: "attendee", Records: true},
		{Token: "tok2", RoomName: `Physik <b>"&'`, OwnerName: "Frau Müller", Label: "Eltern & Gäste", Role: "guest", NeedsAccessCode: true},
		{Token: "tok3", RoomName: "Staff", Role: "moderator", FixedName: "Head <teacher>"},
		{Token: "tok1", RoomName: "Class 7b", Role: "attendee"},
	}
	names := []string{"", "Ada", `Bob "the <builder>" & 'co'`, "Zoë"}
	tokens := []string{"abcDEF123_-", `odd"<>&'token`}
	for round := 0; round < 2; round++ { // the second round is served from the cache
		for _, lang := range i18n.Languages {
			ctx := i18n.WithLanguage(context.Background(), lang)
			for _, lv := range linkViews {
				for _, demo := range []bool{false, true} {
					for _, name := range names {
						for _, token := range tokens {
							p := views.Page{Title: i18n.T(ctx, "join.title", "Room", lv.RoomName), CSRFToken: token, Demo: demo}
							v := lv
							v.Name = name
							var want, got bytes.Buffer
							if err := views.JoinPage(p, v).Render(ctx, &want); err != nil {
								t.Fatal(err)
							}
							ok, err := jc.render(ctx, &got, p, v)
							if err != nil || !ok {
								t.Fatalf("%s %+v: not served from the cache (%v)", lang, v, err)
							}
							if got.String() != want.String() {
								t.Fatalf("%s %+v: cached page differs:\n%s\nwant\n%s", lang, v, got.String(), want.String())
							}
						}
					}
				}
			}
		}
	}
	for name, p := range map[string]views.Page{
		"signed in": {Title: "x", CSRFToken: "t", User: &models.User{DisplayName: "Kim"}},
		"flashes":   {Title: "x", CSRFToken: "t", Flashes: []views.Flash{{Kind: "success", Message: "hi"}}},
		"no token":  {Title: "x"},
	} {
		var got bytes.Buffer
		if ok, _ := jc.render(context.Background(), &got, p, linkViews[0]); ok || got.Len() > 0 {
			t.Errorf("%s: the page was served from the cache", name)
		}
	}
}
