package views

import (
	"context"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"bbbportal/i18n"
)

var linkFormFieldNames = []string{"label", "fixed_name", "access_code", "expires_at", "max_uses"}

// Every id the new-link form's inputs are described by is in the form, and only the field
// with a problem is marked invalid and described by it.
func TestNewLinkFormDescribesEachFieldByItsHelpAndProblem(t *testing.T) {
	ctx := i18n.WithLanguage(context.Background(), "en")
	render := func(f LinkForm) string {
		var b strings.Builder
		if err := newLinkForm(Page{CSRFToken: "t"}, LinksView{RoomID: 1, Form: f}).Render(ctx, &b); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	inputOf := func(html, field string) string {
		return regexp.MustCompile(`<input id="link-` + field + `"[^>]*>`).FindString(html)
	}
	plain := render(LinkForm{})
	if strings.Contains(plain, "aria-invalid") || strings.Contains(plain, `id="err-`) || strings.Contains(plain, "<details open") {
		t.Errorf("a form without problems shows some:\n%s", plain)
	}
	for _, f := range linkFormFieldNames {
		in := inputOf(plain, f)
		if !strings.Contains(in, ` name="`+f+`"`) || !strings.Contains(in, ` aria-describedby="help-link-`+f+`"`) ||
			!strings.Contains(plain, `<label for="link-`+f+`">`) || !strings.Contains(plain, `<small id="help-link-`+f+`">`) {
			t.Errorf("field %s: input %q, or its label or help is missing", f, in)
		}
	}
	for _, f := range append([]string{"role"}, linkFormFieldNames...) {
		html := render(LinkForm{Errors: map[string]string{f: "links.create"}})
		if !strings.Contains(html, `<small id="err-link-`+f+`" class="field-error">`) || !strings.Contains(html, "<details open") {
			t.Errorf("a problem with %s is not shown:\n%s", f, html)
		}
		if strings.Count(html, `id="err-`) != 1 || (f != "role") != (strings.Count(html, ` aria-invalid="true"`) == 1) {
			t.Errorf("a problem with %s marks other fields too:\n%s", f, html)
		}
		if f == "role" {
			continue
		}
		if in := inputOf(html, f); !strings.Contains(in, ` aria-describedby="help-link-`+f+` err-link-`+f+`" aria-invalid="true"`) {
			t.Errorf("the input with a problem: %s", in)
		}
	}
	for _, role := range []string{"", "attendee", "guest", "moderator"} {
		html := render(LinkForm{Role: role})
		want := role
		if want == "" {
			want = "attendee"
		}
		if strings.Count(html, " checked") != 1 || !strings.Contains(html, `value="`+want+`" checked>`) {
			t.Errorf("role %q: the %s radio is not the one checked", role, want)
		}
	}
}

// A form with anything to show back is not the blank one kept per language.
func TestLinkFormIsBlankOnlyWithNothingToShowBack(t *testing.T) {
	if !(LinkForm{}).isBlank() || !(LinkForm{Errors: map[string]string{}}).isBlank() {
		t.Error("the empty form is not blank")
	}
	typ := reflect.TypeOf(LinkForm{})
	for i := range typ.NumField() {
		var f LinkForm
		field := reflect.ValueOf(&f).Elem().Field(i)
		switch field.Kind() {
		case reflect.String:
			field.SetString("x")
		case reflect.Map:
			field.Set(reflect.ValueOf(map[string]string{"label": "links.create"}))
		default:
			t.Fatalf("LinkForm.%s: isBlank does not know its kind", typ.Field(i).Name)
		}
		if f.isBlank() {
			t.Errorf("a form with %s set is blank", typ.Field(i).Name)
		}
	}
}

func TestBlankLinkFormFieldsAreRenderedAsTemplSaysInEachLanguage(t *testing.T) {
	for _, lang := range append(i18n.Languages, "xx") {
		ctx := i18n.WithLanguage(context.Background(), lang)
		var want strings.Builder
		if err := linkFormFieldsOf(LinkForm{}).Render(ctx, &want); err != nil {
			t.Fatal(err)
		}
		for range 2 {
			var got strings.Builder
			if err := linkFormFields(LinkForm{}).Render(ctx, &got); err != nil {
				t.Fatal(err)
			}
			if got.String() != want.String() {
				t.Errorf("%s: kept fields\n%s\nwant\n%s", lang, got.String(), want.String())
			}
		}
	}
	var other strings.Builder
	if err := linkFormFields(LinkForm{}).Render(i18n.WithLanguage(context.Background(), "de"), &other); err != nil {
		t.Fatal(err)
	}
	var en strings.Builder
	if err := linkFormFields(LinkForm{}).Render(i18n.WithLanguage(context.Background(), "en"), &en); err != nil {
		t.Fatal(err)
	}
	if other.String() == en.String() {
		t.Error("the kept fields are the same in German and English")
	}
}
