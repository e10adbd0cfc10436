package handlers

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"io"
	"strings"
	"sync"

	"github.com/a-h/templ"

	"bbbportal/i18n"
	"bbbportal/views"
)

// joinPages keeps the join page of a link as rendered for an anonymous visitor, cut where
// the two things go that differ per visitor: the CSRF token and the name typed last. A
// class opening one link gets the same page a few hundred times; what it shows of the
// link, its room and the language is all in the key, so a changed link is another entry.
var joinPages = newJoinPageCache()

// maxCachedJoinPages bounds the cache (a page is a few kilobytes).
const maxCachedJoinPages = 512

type joinPageKey struct {
	lang  string
	title string
	demo  bool
	view  views.JoinView // with Name empty
}

// joinPageHole is what goes into a cut: the escaped CSRF token or the escaped name.
type joinPageHole uint8

const (
	holeCSRF joinPageHole = iota
	holeName
)

// joinPageParts is a rendered page: text[0], holes[0], text[1], …, text[len(holes)].
type joinPageParts struct {
	text  []string
	holes []joinPageHole
}

type joinPageCache struct {
	// marks stand in for the token and the name while a page is rendered for the cache:
	// random per process, made of characters that HTML escaping leaves alone, so that no
	// room name or label can contain them.
	csrfMark, nameMark string

	mu    sync.RWMutex
	pages map[joinPageKey]*joinPageParts
}

func newJoinPageCache() *joinPageCache {
	mark := func() string {
		b := make([]byte, 16)
		rand.Read(b)
		return "m" + hex.EncodeToString(b)
	}
	return &joinPageCache{csrfMark: mark(), nameMark: mark(), pages: map[joinPageKey]*joinPageParts{}}
}

// cacheable reports whether the page of p is the same for every anonymous visitor but for
// the CSRF token and the name: no signed-in user's navigation, no flashes.
func (jc *joinPageCache) cacheable(p views.Page) bool {
	return p.User == nil && len(p.Flashes) == 0 && p.Unseen == 0 && p.CSRFToken != "" && p.Nav == ""
}

// render writes views.JoinPage(p, v) to w from the cached parts, rendering them first.
// ok is false when the page cannot be served from the cache: render it as usual.
func (jc *joinPageCache) render(ctx context.Context, w io.StringWriter, p views.Page, v views.JoinView) (ok bool, err error) {
	if !jc.cacheable(p) {
		return false, nil
	}
	name := v.Name
	v.Name = ""
	key := joinPageKey{lang: i18n.Lang(ctx), title: p.Title, demo: p.Demo, view: v}
	jc.mu.RLock()
	parts := jc.pages[key]
	jc.mu.RUnlock()
	if parts == nil {
		if parts, err = jc.cut(ctx, p, v); parts == nil || err != nil {
			return false, err
		}
		jc.mu.Lock()
		if len(jc.pages) >= maxCachedJoinPages {
			jc.pages = map[joinPageKey]*joinPageParts{} // start afresh: the pages are cheap to remake
		}
		jc.pages[key] = parts
		jc.mu.Unlock()
	}
	csrf, escapedName := templ.EscapeString(p.CSRFToken), templ.EscapeString(name)
	for i, hole := range parts.holes {
		w.WriteString(parts.text[i])
		if hole == holeCSRF {
			w.WriteString(csrf)
		} else {
			w.WriteString(escapedName)
		}
	}
	_, err = w.WriteString(parts.text[len(parts.holes)])
	return true, err
}

// cut renders the page with the marks in place of the token and the name and cuts it at
// them; nil when the marks do not come out as expected (then the page is not cached).
func (jc *joinPageCache) cut(ctx context.Context, p views.Page, v views.JoinView) (*joinPageParts, error) {
	p.CSRFToken, v.Name = jc.csrfMark, jc.nameMark
	var out bytes.Buffer
	if err := views.JoinPage(p, v).Render(ctx, &out); err != nil {
		return nil, err
	}
	page := out.String()
	parts := &joinPageParts{}
	csrfs, names := 0, 0
	for {
		ci, ni := strings.Index(page, jc.csrfMark), strings.Index(page, jc.nameMark)
		if ci < 0 && ni < 0 {
			break
		}
		if ni < 0 || (ci >= 0 && ci < ni) {
			parts.text, parts.holes = append(parts.text, page[:ci]), append(parts.holes, holeCSRF)
			page = page[ci+len(jc.csrfMark):]
			csrfs++
		} else {
			parts.text, parts.holes = append(parts.text, page[:ni]), append(parts.holes, holeName)
			page = page[ni+len(jc.nameMark):]
			names++
		}
	}
	parts.text = append(parts.text, page)
	wantNames := 1
	if v.FixedName != "" {
		wantNames = 0
	}
	if csrfs == 0 || names != wantNames {
		return nil, nil
	}
	return parts, nil
}
