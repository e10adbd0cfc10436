package links

import (
	"sync"
	"time"

	"bbbportal/models"
)

// linkCache keeps opened links with their rooms for a moment: when a class opens one link
// at 8:00, its page and its joins read the link from the database once a second, not twice
// per student. What a join decides from a cached link is checked again where it matters:
// a use is counted by a conditional UPDATE (revoked, expired, used up), the meeting's state
// comes from BBB. A revocation in this process forgets the link at once; another portal
// instance sharing the database sees it within the cache's age.
type linkCache struct {
	ttl time.Duration

	mu      sync.Mutex
	entries map[string]cachedLink // by public ID
}

type cachedLink struct {
	link      *models.Link      // shared by readers: never changed once cached
	effective map[string]string // the room's effective create options, ditto
	at        time.Time
}

const (
	linkCacheTTL  = time.Second
	maxCacheLinks = 10_000
)

func newLinkCache(ttl time.Duration) *linkCache {
	return &linkCache{ttl: ttl, entries: map[string]cachedLink{}}
}

// get returns the link with publicID and its room's effective create options (which every
// page and join of the link reads), reading it with load when it is not cached or too old.
func (c *linkCache) get(publicID string, load func() (*models.Link, error)) (*models.Link, map[string]string, error) {
	now := time.Now()
	c.mu.Lock()
	e, ok := c.entries[publicID]
	c.mu.Unlock()
	if ok && now.Sub(e.at) < c.ttl {
		return e.link, e.effective, nil
	}
	l, err := load()
	if err != nil {
		return nil, nil, err
	}
	eff := l.Room.Effective()
	c.mu.Lock()
	if len(c.entries) >= maxCacheLinks {
		for id, e := range c.entries {
			if now.Sub(e.at) >= c.ttl {
				delete(c.entries, id)
			}
		}
		if len(c.entries) >= maxCacheLinks {
			c.entries = map[string]cachedLink{}
		}
	}
	c.entries[publicID] = cachedLink{link: l, effective: eff, at: now}
	c.mu.Unlock()
	return l, eff, nil
}

// forget drops a link that changed (revoked).
func (c *linkCache) forget(publicID string) {
	c.mu.Lock()
	delete(c.entries, publicID)
	c.mu.Unlock()
}
