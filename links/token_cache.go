package links

import "sync"

// maxCachedTokens bounds the token cache (about 150 bytes an entry).
const maxCachedTokens = 4096

// tokenCache remembers link tokens by public ID: a token is a MAC of the ID under a key that
// never changes while the service runs, and the dashboard shows one per room on every view.
type tokenCache struct {
	mu sync.RWMutex
	m  map[string]string
}

func (c *tokenCache) get(publicID string, derive func(string) string) string {
	c.mu.RLock()
	t, ok := c.m[publicID]
	c.mu.RUnlock()
	if ok {
		return t
	}
	t = derive(publicID)
	if t == "" {
		return t
	}
	c.mu.Lock()
	if c.m == nil || len(c.m) >= maxCachedTokens {
		// Starting afresh keeps the bound without bookkeeping; the tokens are cheap to remake.
		c.m = make(map[string]string, 64)
	}
	c.m[publicID] = t
	c.mu.Unlock()
	return t
}
