package views

import (
	"context"
	"io"
	"strings"
	"sync"

	"github.com/a-h/templ"

	"bbbportal/i18n"
)

// languageFragments keep the HTML of parts of pages that depend on nothing but the language
// and a key: each is rendered by templ once per language and key, in a context that carries
// the language alone, and written as it came out from then on. Translations are fixed for the
// life of the process, so what they keep never goes stale. One languageFragments serves one
// part; its keys stand for everything else the part shows.
type languageFragments struct {
	html sync.Map // fragmentKey → string
}

type fragmentKey struct{ lang, key string }

// of is c, which must show nothing but what lang and key stand for.
func (f *languageFragments) of(key string, c templ.Component) templ.Component {
	return templ.ComponentFunc(func(ctx context.Context, w io.Writer) error {
		lang := i18n.Lang(ctx)
		if !i18n.Supported(lang) {
			return c.Render(ctx, w)
		}
		k := fragmentKey{lang, key}
		html, ok := f.html.Load(k)
		if !ok {
			var b strings.Builder
			if err := c.Render(i18n.WithLanguage(context.Background(), lang), &b); err != nil {
				return err
			}
			html, _ = f.html.LoadOrStore(k, b.String())
		}
		_, err := io.WriteString(w, html.(string))
		return err
	})
}
