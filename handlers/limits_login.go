package handlers

import (
	"sync"
	"time"
)

// Failed sign-ins are counted per (account, address) first, so that someone guessing from
// one address stops there and the owner, from any other address, still gets in. The
// account-wide ceiling only matters for guesses spread over many addresses, and the
// per-address limit is sized for a school whose pupils all sign in behind one NAT address
// (a class of 30 mistyping a few times each at the start of every lesson stays far below it).
// A successful sign-in is never counted; a refused attempt checks no password and is not
// counted either.
const (
	loginAttemptsPerAccountAndIP = 5   // failures of one account from one address
	loginAttemptsPerAccount      = 50  // failures of one account from all addresses
	loginAttemptsPerIP           = 300 // failures from one address, all accounts
	loginWindow                  = 15 * time.Minute
	maxLoginCounters             = 100_000 // bounds the limiter's memory under a spray of made-up accounts
)

// loginLimiter counts failed sign-ins in fixed windows of loginWindow per key.
type loginLimiter struct {
	mu       sync.Mutex
	now      func() time.Time
	counters map[string]*loginCounter
	swept    time.Time
}

type loginCounter struct {
	failures int
	start    time.Time
}

func newLoginLimiter(now func() time.Time) *loginLimiter {
	return &loginLimiter{now: now, counters: map[string]*loginCounter{}}
}

type loginKeys struct{ pair, account, ip string }

func loginKeysFor(email, ip string) loginKeys {
	return loginKeys{pair: "pair:" + email + "\x00" + ip, account: "account:" + email, ip: "ip:" + ip}
}

// blocked reports whether an attempt with these keys must be refused, and for how long.
// An empty account (the setup page) checks the address alone.
func (l *loginLimiter) blocked(k loginKeys, withAccount bool) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	var wait time.Duration
	check := func(key string, limit int) {
		if c := l.counters[key]; c != nil && now.Sub(c.start) < loginWindow && c.failures >= limit {
			wait = max(wait, c.start.Add(loginWindow).Sub(now))
		}
	}
	check(k.ip, loginAttemptsPerIP)
	if withAccount {
		check(k.pair, loginAttemptsPerAccountAndIP)
		check(k.account, loginAttemptsPerAccount)
	}
	return wait > 0, wait
}

// failed counts one wrong password (or setup token) for the keys.
func (l *loginLimiter) failed(k loginKeys, withAccount bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	l.sweep(now)
	keys := []string{k.ip}
	if withAccount {
		keys = append(keys, k.pair, k.account)
	}
	for _, key := range keys {
		c := l.counters[key]
		if c == nil || now.Sub(c.start) >= loginWindow {
			c = &loginCounter{start: now}
			l.counters[key] = c
		}
		c.failures++
	}
}

// sweep drops counters whose window is over, at most once a minute, and when the map is
// still full drops arbitrary ones: forgetting a few counters is better than unbounded memory.
func (l *loginLimiter) sweep(now time.Time) {
	if len(l.counters) < maxLoginCounters && now.Sub(l.swept) < time.Minute {
		return
	}
	l.swept = now
	for key, c := range l.counters {
		if now.Sub(c.start) >= loginWindow {
			delete(l.counters, key)
		}
	}
	for key := range l.counters {
		if len(l.counters) < maxLoginCounters {
			break
		}
		delete(l.counters, key)
	}
}
