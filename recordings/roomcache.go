package recordings

import (
	"strings"
	"sync"
	"time"

	"bbbportal/bbb"
)

// roomCacheSize bounds the rooms whose lists are kept; past it the cache starts over.
const roomCacheSize = 10000

// roomLists keeps what BBB listed for single rooms (the room page) for RoomCacheTTL. Whatever
// patches the server-wide listing (actions, the ready callback, webhook events) forgets the
// rooms it touched, and expire forgets them all. A room with a recording still on its way
// (processing, processed, or expected and not yet listed) is not kept: BBB moves it on
// without telling the portal, and its page should show that at once.
type roomLists struct {
	ttl time.Duration
	now func() time.Time

	mu    sync.Mutex
	gen   uint64              // counts forgets: a read that started before one is not kept
	lists map[string]roomList // by meeting hash (the prefix of its record IDs)
}

type roomList struct {
	recs []bbb.Recording
	at   time.Time
}

func newRoomLists(ttl time.Duration, now func() time.Time) *roomLists {
	return &roomLists{ttl: ttl, now: now, lists: map[string]roomList{}}
}

// get returns the kept list of a meeting and the generation a new read must be stored under.
func (c *roomLists) get(hash string) ([]bbb.Recording, bool, uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	l, ok := c.lists[hash]
	if ok && c.now().Sub(l.at) < c.ttl {
		return l.recs, true, c.gen
	}
	return nil, false, c.gen
}

// put keeps a list read under generation gen, unless something changed since.
func (c *roomLists) put(hash string, recs []bbb.Recording, gen uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen != c.gen {
		return
	}
	if len(c.lists) >= roomCacheSize {
		c.lists = map[string]roomList{}
	}
	c.lists[hash] = roomList{recs: recs, at: c.now()}
}

// forget drops the lists of these meetings (hashes) or, with none given, every list.
func (c *roomLists) forget(hashes ...string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	if hashes == nil {
		c.lists = map[string]roomList{}
		return
	}
	for _, h := range hashes {
		delete(c.lists, h)
	}
}

// settled reports whether no recording of the list is still being processed.
func settled(recs []bbb.Recording) bool {
	for _, r := range recs {
		if r.State == bbb.StateProcessing || r.State == bbb.StateProcessed {
			return false
		}
	}
	return true
}

// recordHashes returns the meeting hashes of record IDs ("<sha1 of meeting ID>-<start>").
func recordHashes(ids []string) []string {
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		h, _, _ := strings.Cut(id, "-")
		out = append(out, h)
	}
	return out
}
