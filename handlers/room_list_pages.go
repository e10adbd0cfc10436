package handlers

import (
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"bbbportal/models"
	"bbbportal/views"
)

// listPage is what every paginated list reads from its GET parameters: q (the search) and
// after or before (the row the page follows or precedes).
type listPage struct {
	Search string
	models.Keyset
}

func parseListPage(c *fiber.Ctx) listPage {
	id := func(name string) uint {
		n, _ := strconv.ParseUint(c.Query(name), 10, 32)
		return uint(n)
	}
	search := strings.TrimSpace(c.Query("q"))
	if len([]rune(search)) > 100 { // a name prefix; longer matches nothing anyway
		search = string([]rune(search)[:100])
	}
	return listPage{Search: search, Keyset: models.Keyset{After: id("after"), Before: id("before")}}
}

// pager links the pages next to this one at path, keeping the search.
func (l listPage) pager(path string, p models.Pager) views.PagerView {
	q := map[string][]string{}
	if l.Search != "" {
		q["q"] = []string{l.Search}
	}
	return views.PagerFor(path, q, p)
}
