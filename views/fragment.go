package views

import (
	"context"
	"io"
	"strings"
	"sync"

	"github.com/a-h/templ"

	"bbbportal/i18n"
)

// languageFragment is a component whose HTML depends on nothing but the language: it is
// rendered by templ once per language, in a context that carries the language alone, and
// written as it came out from then on. Translations are fixed for the life of the process,
// so what it keeps never goes stale.
type languageFragment struct {
	c    templ.Component
	html sync.Map // language → string
}

func perLanguage(c templ.Component) *languageFragment { return &languageFragment{c: c} }

func (f *languageFragment) Render(ctx context.Context, w io.Writer) error {
	lang := i18n.Lang(ctx)
	if html, ok := f.html.Load(lang); ok {
		_, err := io.WriteString(w, html.(string))
		return err
	}
	if !i18n.Supported(lang) {
		return f.c.Render(ctx, w)
	}
	var b strings.Builder
	if err := f.c.Render(i18n.WithLanguage(context.Background(), lang), &b); err != nil {
		return err
	}
	html, _ := f.html.LoadOrStore(lang, b.String())
	_, err := io.WriteString(w, html.(string))
	return err
}
