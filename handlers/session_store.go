package handlers

import (
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"gorm.io/gorm"

	"bbbportal/models"
)

// sessionStore finds the server-side session of a cookie token and its user. Signed-in
// pages would otherwise read the sessions and users tables on every request, so the pair
// is cached briefly by token hash.
type sessionStore struct {
	db     *gorm.DB
	limits models.SessionLimits
	now    func() time.Time
	cache  *sessionCache
	purged atomic.Int64 // unix time of the last purge of expired rows
}

const (
	sessionCacheTTL  = 2 * time.Second
	sessionCacheSize = 10_000
	purgeInterval    = 10 * time.Minute
)

func newSessionStore(db *gorm.DB, limits models.SessionLimits, now func() time.Time) *sessionStore {
	st := &sessionStore{db: db, limits: limits, now: now,
		cache: &sessionCache{ttl: sessionCacheTTL, max: sessionCacheSize, entries: map[string]cachedSession{}}}
	st.cache.flushOnChanges(db)
	return st
}

func (st *sessionStore) create(u *models.User, userAgent, clientIP string) (*models.Session, string, error) {
	now := st.now()
	st.purgeExpired(now)
	return models.CreateSession(st.db, u, userAgent, clientIP, now, st.limits)
}

// resolve returns the session of token and its user, or nils when the token opens no
// session: unknown, past its absolute end or idle timeout, of an older auth epoch, or of a
// disabled account. Such a row is deleted.
func (st *sessionStore) resolve(token string) (*models.Session, *models.User, error) {
	now := st.now()
	hash := models.HashSessionToken(token)
	s, u, ok := st.cache.get(hash, now)
	if !ok {
		sp, err := models.SessionByToken(st.db, token)
		if errors.Is(err, models.ErrNotFound) {
			return nil, nil, nil
		}
		if err != nil {
			return nil, nil, err
		}
		up, err := models.UserByID(st.db, sp.UserID)
		if err != nil && !errors.Is(err, models.ErrNotFound) {
			return nil, nil, err
		}
		if up == nil {
			up = &models.User{ID: sp.UserID, Disabled: true}
		}
		s, u = *sp, *up
	}
	if !s.Active(now, st.limits) || s.AuthEpoch != u.AuthEpoch || u.Disabled {
		if _, err := models.DeleteSession(st.db, s.UserID, s.ID); err != nil {
			return nil, nil, err
		}
		return nil, nil, nil
	}
	seen := s.LastSeen
	if err := models.TouchSession(st.db, &s, now); err != nil {
		return nil, nil, err
	}
	if !ok || !s.LastSeen.Equal(seen) {
		st.cache.put(hash, s, u, now)
	}
	return &s, &u, nil
}

// purgeExpired deletes the rows of ended sessions, at most once per purgeInterval; logins
// call it, so the table holds no more than the sessions of the last lifetime.
func (st *sessionStore) purgeExpired(now time.Time) {
	last := st.purged.Load()
	if now.Unix()-last < int64(purgeInterval.Seconds()) || !st.purged.CompareAndSwap(last, now.Unix()) {
		return
	}
	_, _ = models.DeleteExpiredSessions(st.db, now, st.limits) // retried at the next interval
}

// sessionCache holds resolved sessions for up to ttl. Any deletion of session rows and
// any change of a user through the portal's database handle empties it (a gorm callback),
// so logout, "log out everywhere", password and role changes and disabling take effect on
// the next request; a change made by another process is seen within ttl.
type sessionCache struct {
	mu      sync.Mutex
	ttl     time.Duration
	max     int
	entries map[string]cachedSession
}

type cachedSession struct {
	s  models.Session
	u  models.User
	at time.Time
}

func (c *sessionCache) get(hash string, now time.Time) (models.Session, models.User, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[hash]
	if !ok || now.Sub(e.at) >= c.ttl || now.Before(e.at) {
		return models.Session{}, models.User{}, false
	}
	return e.s, e.u, true
}

func (c *sessionCache) put(hash string, s models.Session, u models.User, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.entries) >= c.max {
		for k, e := range c.entries {
			if now.Sub(e.at) >= c.ttl || len(c.entries) >= c.max {
				delete(c.entries, k)
			}
		}
	}
	c.entries[hash] = cachedSession{s: s, u: u, at: now}
}

func (c *sessionCache) flush() {
	c.mu.Lock()
	clear(c.entries)
	c.mu.Unlock()
}

// flushOnChanges registers the callbacks that empty the cache. The name is unique per
// cache: several portals may share a process (tests).
func (c *sessionCache) flushOnChanges(db *gorm.DB) {
	name := fmt.Sprintf("bbbportal:session_cache_%p", c)
	flushIf := func(tables ...string) func(*gorm.DB) {
		return func(tx *gorm.DB) {
			for _, t := range tables {
				if tx.Statement.Table == t {
					c.flush()
				}
			}
		}
	}
	cb := db.Callback()
	_ = cb.Delete().After("gorm:delete").Register(name, flushIf("sessions", "users"))
	_ = cb.Update().After("gorm:update").Register(name, flushIf("users"))
}

// SetClock replaces the clock of sessions and sign-in limits (tests: lifetimes and idle
// timeouts on a settable clock).
func (h *Handler) SetClock(now func() time.Time) { h.clock.Store(&now) }

// PurgeSessions deletes the rows of sessions past their lifetime or idle timeout (the
// portal's hourly job; logins also purge, at most every purgeInterval).
func (h *Handler) PurgeSessions() (int64, error) {
	return models.DeleteExpiredSessions(h.db, h.now(), h.sessions.limits)
}

// now is the handlers' current time.
func (h *Handler) now() time.Time { return (*h.clock.Load())() }
