package handlers

import (
	"bytes"
	"strconv"
	"strings"
	"sync"

	"github.com/gofiber/fiber/v2"

	"bbbportal/i18n"
	"bbbportal/models"
	"bbbportal/views"
)

func (h *Handler) showLive(c *fiber.Ctx) error {
	v, err := h.liveView(c)
	if err != nil {
		return err
	}
	return render(c, fiber.StatusOK, views.LivePage(h.page(c, "live.title", "live"), v))
}

// liveRows is the htmx refresh of the live view's table. Its bytes depend on the answer of
// getMeetings, the language, the filter and the open ends only, not on which admin asks, so
// each combination is rendered once per answer and then served as it is.
func (h *Handler) liveRows(c *fiber.Ctx) error {
	snap := h.meetings.Live.Get(c.UserContext())
	open, err := models.OpenEndWatches(h.db)
	if err != nil {
		return err
	}
	key := liveRowsKey{lang: i18n.Lang(c.UserContext()), query: c.Query("q"), show: c.Query("show", views.LiveShowAll),
		ends: endsSignature(open)}
	build := func() ([]byte, error) {
		v, err := h.liveTable(snap, key.query, key.show, open)
		if err != nil {
			return nil, err
		}
		var buf bytes.Buffer
		if err := views.LiveRowsPartial(views.Page{}, v).Render(c.UserContext(), &buf); err != nil {
			return nil, err
		}
		return buf.Bytes(), nil
	}
	var body []byte
	// A snapshot with a problem keeps the last answer's memo: its banner and ages change with
	// every failed call, so it is rendered each time.
	if snap.Problem == "" && len(key.query) <= maxCachedLiveQuery {
		cache, err := snap.Memo("handlers.liveRowsCache", func() (any, error) { return &liveRowsCache{}, nil })
		if err != nil {
			return err
		}
		body, err = cache.(*liveRowsCache).get(key, build)
		if err != nil {
			return err
		}
	} else if body, err = build(); err != nil {
		return err
	}
	c.Status(fiber.StatusOK)
	c.Type("html", "utf-8")
	return c.Send(body)
}

// maxCachedLiveQuery and maxCachedLiveRows bound what one answer's cache holds.
const (
	maxCachedLiveQuery = 100
	maxCachedLiveRows  = 64
)

type liveRowsKey struct{ lang, query, show, ends string }

// liveRowsCache holds the rendered refreshes of one answer of getMeetings. Requests that
// arrive while a combination is rendered wait for it instead of rendering it again.
type liveRowsCache struct {
	mu      sync.Mutex
	entries map[liveRowsKey]*liveRowsEntry
}

type liveRowsEntry struct {
	once sync.Once
	body []byte
	err  error
}

func (lc *liveRowsCache) get(key liveRowsKey, build func() ([]byte, error)) ([]byte, error) {
	lc.mu.Lock()
	e, ok := lc.entries[key]
	if !ok {
		if len(lc.entries) >= maxCachedLiveRows {
			lc.mu.Unlock()
			return build()
		}
		if lc.entries == nil {
			lc.entries = map[liveRowsKey]*liveRowsEntry{}
		}
		e = &liveRowsEntry{}
		lc.entries[key] = e
	}
	lc.mu.Unlock()
	e.once.Do(func() { e.body, e.err = build() })
	if e.err != nil {
		lc.mu.Lock()
		if lc.entries[key] == e {
			delete(lc.entries, key) // a failed render is not kept
		}
		lc.mu.Unlock()
	}
	return e.body, e.err
}

// endsSignature names the open ends, which the rows show instead of the end links.
func endsSignature(open []models.EndWatch) string {
	var b strings.Builder
	for _, w := range open {
		b.WriteString(strconv.FormatUint(uint64(w.ID), 10))
		b.WriteByte(',')
	}
	return b.String()
}
