package models

import (
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"bbbportal/txstmt"
)

// UseLinksTx counts each request as a use inside the caller's transaction, so that what the
// uses cause (their audit entries) commits with them, and returns one result per request:
// nil when the browser may join (counted now, or counted before), ErrLinkUnusable when the
// link is revoked, expired or used up. The results are those of counting the requests one
// at a time with useLinkTx, in order: a browser counts once per link, and a limited link's
// last uses go to the first new browsers only. The requests of one link share their
// statements: a class joining through one link at 8:00 is a batch of hundreds of its uses.
//
// Per link, the INSERT … ON CONFLICT DO NOTHING of each browser finds the browsers that are
// new, and one conditional UPDATE raises the count by their number if the link is usable
// and has that many uses left. When it has not (a limited link's last few uses, or
// a revoked, expired or used-up link), the new rows are taken out again and the link's new
// browsers are counted one by one with useLinkTx, so that concurrent last uses never
// exceed max_uses.
func UseLinksTx(tx *gorm.DB, reqs []UseRequest, now time.Time) ([]error, error) {
	out := make([]error, len(reqs))
	// The requests of each link, in order; a browser's repeated request in the batch gets
	// its first request's result.
	type group struct {
		linkID uint
		first  map[string]int // browser → index of its first request
		order  []string       // browsers in the order of their first request
		dups   [][2]int       // (index, index of the first request of the same browser)
	}
	var groups []*group
	byLink := map[uint]*group{}
	for i, r := range reqs {
		g := byLink[r.LinkID]
		if g == nil {
			g = &group{linkID: r.LinkID, first: map[string]int{}}
			byLink[r.LinkID] = g
			groups = append(groups, g)
		}
		if j, ok := g.first[r.Browser]; ok {
			g.dups = append(g.dups, [2]int{i, j})
			continue
		}
		g.first[r.Browser] = i
		g.order = append(g.order, r.Browser)
	}
	for _, g := range groups {
		if err := useLinkGroupTx(tx, g.linkID, g.order, g.first, out, now); err != nil {
			return nil, fmt.Errorf("models: use links: %w", err)
		}
		for _, d := range g.dups {
			out[d[0]] = out[d[1]]
		}
	}
	return out, nil
}

// useLinkGroupTx counts the distinct browsers of one link and sets their results in out.
func useLinkGroupTx(tx *gorm.DB, linkID uint, browsers []string, index map[string]int, out []error, now time.Time) error {
	if len(browsers) == 1 {
		res, err := useLinkTx(tx, UseRequest{LinkID: linkID, Browser: browsers[0]}, now)
		out[index[browsers[0]]] = res
		return err
	}
	// One single-row INSERT per browser: a multi-row one keeps a statement journal to undo
	// itself alone (the foreign key to links may fail only at its end), a copy of every page
	// it touches, and each browser's row goes to a random page of link_uses.
	fresh := make(map[string]bool, len(browsers))
	for _, b := range browsers {
		ins, err := txstmt.Exec(tx, "INSERT INTO link_uses (link_id, browser, at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING", linkID, b, now)
		if err != nil {
			return err
		}
		if n, _ := ins.RowsAffected(); n == 1 {
			fresh[b] = true
		}
	}
	if len(fresh) > 0 {
		upd, err := txstmt.Exec(tx, `UPDATE links SET uses = uses + ?, last_used_at = ?
			WHERE id = ? AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > ?) AND (max_uses = 0 OR uses + ? <= max_uses)`,
			len(fresh), now, linkID, now, len(fresh))
		if err != nil {
			return err
		}
		if n, _ := upd.RowsAffected(); n == 1 {
			for _, b := range browsers {
				out[index[b]] = nil // counted now, or counted before while the link is usable
			}
			return nil
		}
		// Not enough uses left, or not usable at all: take the new rows out again and count
		// the new browsers one by one, in order.
		var list []string
		for _, b := range browsers {
			if fresh[b] {
				list = append(list, b)
			}
		}
		for len(list) > 0 {
			n := min(len(list), maxUseRows)
			args := make([]any, 0, n+1)
			args = append(args, linkID)
			for _, b := range list[:n] {
				args = append(args, b)
			}
			if err := tx.Exec("DELETE FROM link_uses WHERE link_id = ? AND browser IN ("+
				strings.TrimSuffix(strings.Repeat("?,", n), ",")+")", args...).Error; err != nil {
				return err
			}
			list = list[n:]
		}
	}
	if len(fresh) == 0 { // every browser was counted before
		res, err := returningBrowserTx(tx, linkID, now)
		for _, b := range browsers {
			out[index[b]] = res
		}
		return err
	}
	for _, b := range browsers {
		res, err := useLinkTx(tx, UseRequest{LinkID: linkID, Browser: b}, now)
		if err != nil {
			return err
		}
		out[index[b]] = res
	}
	return nil
}

// maxUseRows is the most browsers of one DELETE from link_uses.
const maxUseRows = 64
