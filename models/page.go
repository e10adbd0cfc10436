package models

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"gorm.io/gorm"

	"bbbportal/txstmt"
)

// PageSize is how many rows a list page shows unless it asks for another number.
const PageSize = 25

// Keyset asks for one page of a list in its fixed order: the rows after the row with ID After,
// or the rows before the row with ID Before, or the first rows when both are 0. Pages found
// this way cost the same however deep they are.
type Keyset struct {
	After, Before uint
	Limit         int
}

func (k Keyset) limit() int {
	if k.Limit <= 0 {
		return PageSize
	}
	return k.Limit
}

// Pager names the neighbouring pages by the rows they follow or precede.
type Pager struct {
	PrevBefore uint // ask Keyset{Before: PrevBefore} for the previous page; 0: this is the first
	NextAfter  uint // ask Keyset{After: NextAfter} for the next page; 0: this is the last
}

// prefixBounds returns the range of strings that start with q, case-insensitively as SQL's
// lower() sees it; it is used as "key >= lower(lo) AND key < lower(hi)" on an index of lower(…).
func prefixBounds(q string) (lo, hi string) {
	return q, q + "\U0010FFFF" // the highest code point sorts after any character that can follow q
}

// listBranch is one SELECT of a list: rows FROM from WHERE where (args). inKeyOrder says that
// an index hands its rows out in the list's order, so that a list of several branches reads
// it only as far as the page goes; other branches are sorted and cut to the page on their own.
type listBranch struct {
	from, where string
	args        []any
	inKeyOrder  bool
}

// keysetList is a list ordered by key expressions (the last one the row's unique id), read
// as the union of its branches; cursor looks up a row's key values by id.
type keysetList struct {
	cols     string   // selected columns
	key      []string // order expressions over the branches' tables
	branches []listBranch
	cursor   string // SELECT <key…> FROM … WHERE id = ?
	// min, when set, is what the first key is at least on every branch (with minArgs): a
	// search's prefix. A page after a cursor then bounds the key by the larger of the two,
	// since SQLite seeks by one bound only and with two may even leave the index's order.
	min     string
	minArgs []any
}

// keysetRows says how a page's rows of T are read: id is a row's unique id; fields, when not
// nil, returns pointers to a row's fields in the order of the list's columns, and the rows
// are then scanned straight from SQLite, without gorm's reflection (for the lists every
// signed-in page view reads).
type keysetRows[T any] struct {
	id     func(*T) uint
	fields func(*T) []any
}

// keysetPage reads one page of l as rows of T (whose fields match l.cols) and says which pages
// are next to it.
func keysetPage[T any](db *gorm.DB, l keysetList, k Keyset, read keysetRows[T]) ([]T, Pager, error) {
	id := read.id
	n := k.limit()
	cursorID, backward := k.After, false
	if k.After == 0 && k.Before != 0 {
		cursorID, backward = k.Before, true
	}
	var cursor []any
	if cursorID != 0 {
		vals := make([]any, len(l.key))
		ptrs := make([]any, len(vals))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		rows, err := txstmt.Query(db, l.cursor, cursorID)
		if err != nil {
			return nil, Pager{}, fmt.Errorf("models: list cursor: %w", err)
		}
		if rows.Next() {
			err = rows.Scan(ptrs...)
			cursor = vals
		}
		rows.Close()
		if err != nil {
			return nil, Pager{}, fmt.Errorf("models: list cursor: %w", err)
		}
		if cursor == nil { // the row is gone: start again from the beginning
			cursorID, backward = 0, false
		}
	}
	query, args := l.pageSQL(cursor, backward, n+1)
	got, err := read.page(db, query, args, len(l.key), n+1)
	if err != nil {
		return nil, Pager{}, fmt.Errorf("models: list page: %w", err)
	}
	more := len(got) > n
	if more {
		got = got[:n]
	}
	if backward {
		slices.Reverse(got)
	}
	var p Pager
	if len(got) == 0 {
		return got, p, nil
	}
	first, last := id(&got[0]), id(&got[len(got)-1])
	if backward {
		p.NextAfter = last // the cursor row follows
		if more {
			p.PrevBefore = first
		}
	} else {
		if cursorID != 0 {
			p.PrevBefore = first
		}
		if more {
			p.NextAfter = last
		}
	}
	return got, p, nil
}

// page runs a page's query; each row ends with the keys keys of its order.
func (read keysetRows[T]) page(db *gorm.DB, query string, args []any, keys, limit int) ([]T, error) {
	got := make([]T, 0, limit)
	if read.fields == nil {
		// Find, not Scan: GORM's Scan formats the SQL with its arguments for a log on every call.
		err := db.Raw(query, args...).Find(&got).Error
		return got, err
	}
	rows, err := txstmt.Query(db, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var key any
	for rows.Next() {
		got = append(got, *new(T))
		dest := read.fields(&got[len(got)-1])
		for range keys {
			dest = append(dest, &key)
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, err
		}
	}
	return got, rows.Err()
}

// pageSQL is the query for limit rows of l after (or, backward, before) the row whose keys are
// cursor (nil: from the start), and its arguments. Several branches are merged by one
// compound SELECT.
func (l keysetList) pageSQL(cursor []any, backward bool, limit int) (string, []any) {
	w := &sqlText{backward: backward}
	several := len(l.branches) > 1
	for i, b := range l.branches {
		if i > 0 {
			w.add(" UNION ALL ")
		}
		cut := !several || !b.inKeyOrder
		if several && cut {
			w.add("SELECT * FROM (")
		}
		l.branchSQL(w, b, cursor)
		if cut {
			w.orderBy(l.key, limit)
		}
		if several && cut {
			w.add(")")
		}
	}
	if several {
		aliases := make([]string, len(l.key))
		for i := range l.key {
			aliases[i] = "k" + strconv.Itoa(i)
		}
		w.orderBy(aliases, limit)
	}
	return w.String(), w.args
}

// branchSQL writes the SELECT of branch b: its rows after (or before) cursor, with the list's
// keys as k0, k1, ….
func (l keysetList) branchSQL(w *sqlText, b listBranch, cursor []any) {
	w.add("SELECT ", l.cols)
	for j, e := range l.key {
		w.add(", ", e, " AS k", strconv.Itoa(j))
	}
	w.add(" FROM ", b.from, " WHERE ")
	// The first key's own bound comes before the branch's conditions: SQLite seeks by the
	// first bound it meets on an index column, and a row value bounds none, so without it a
	// deep page would read every row before it. A search's prefix and a cursor after it make
	// one bound, the larger.
	switch {
	case cursor != nil && w.backward:
		w.add(l.key[0], " <= ? AND ")
		w.args = append(w.args, cursor[0])
	case cursor != nil && l.min != "":
		w.add(l.key[0], " >= max(?, ", l.min, ") AND ")
		w.args = append(append(w.args, cursor[0]), l.minArgs...)
	case cursor != nil:
		w.add(l.key[0], " >= ? AND ")
		w.args = append(w.args, cursor[0])
	}
	if l.min != "" && (cursor == nil || w.backward) {
		w.add(l.key[0], " >= ", l.min, " AND ")
		w.args = append(w.args, l.minArgs...)
	}
	w.add("(", b.where, ")")
	w.args = append(w.args, b.args...)
	if cursor != nil {
		cmp := " > ("
		if w.backward {
			cmp = " < ("
		}
		w.add(" AND (", strings.Join(l.key, ", "), ")", cmp, strings.TrimSuffix(strings.Repeat("?, ", len(cursor)), ", "), ")")
		w.args = append(w.args, cursor...)
	}
}

// sqlText is a query being written and its arguments.
type sqlText struct {
	strings.Builder
	args     []any
	backward bool // the page is read backward: orders are descending
}

func (w *sqlText) add(parts ...string) {
	for _, p := range parts {
		w.WriteString(p)
	}
}

// orderBy orders by keys in the page's direction and takes limit rows (LIMIT ?: one prepared
// statement serves every page size).
func (w *sqlText) orderBy(keys []string, limit int) {
	w.add(" ORDER BY ")
	for i, e := range keys {
		if i > 0 {
			w.add(", ")
		}
		w.add(e)
		if w.backward {
			w.add(" DESC")
		}
	}
	w.add(" LIMIT ?")
	w.args = append(w.args, limit)
}
