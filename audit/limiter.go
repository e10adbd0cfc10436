package audit

import (
	"sync"
	"time"
)

// RateLimiter is a token bucket per key (a client IP) for the anonymous
// callback endpoints: each key may make Burst requests at once and then
// PerMinute a minute. Memory is bounded: at MaxKeys keys, buckets that have
// refilled are forgotten, and if none has, every new key shares one bucket
// (an attacker spraying addresses limits only himself and other newcomers).
//
// The login limiter (fiber's limiter middleware in handlers/) counts failures
// per fixed window; callbacks need a steady rate that a burst of BBB's
// retries does not exhaust, hence a bucket.
type RateLimiter struct {
	rate    float64 // tokens per second
	burst   float64
	maxKeys int
	now     func() time.Time

	mu       sync.Mutex
	buckets  map[string]*bucket
	overflow bucket
}

type bucket struct {
	tokens float64
	at     time.Time
}

// NewRateLimiter allows perMinute requests a minute per key after a burst; maxKeys bounds memory.
func NewRateLimiter(perMinute, burst, maxKeys int) *RateLimiter {
	return &RateLimiter{rate: float64(perMinute) / 60, burst: float64(burst), maxKeys: maxKeys,
		now: time.Now, buckets: map[string]*bucket{}}
}

// Allow takes one token of key's bucket and reports whether there was one.
func (l *RateLimiter) Allow(key string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	b, ok := l.buckets[key]
	if !ok {
		if len(l.buckets) >= l.maxKeys {
			l.sweep(now)
		}
		if len(l.buckets) >= l.maxKeys {
			b = &l.overflow
		} else {
			b = &bucket{tokens: l.burst, at: now}
			l.buckets[key] = b
		}
	}
	b.tokens = min(l.burst, b.tokens+now.Sub(b.at).Seconds()*l.rate)
	b.at = now
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}

// sweep forgets the buckets that are full again (their keys are as new).
func (l *RateLimiter) sweep(now time.Time) {
	for k, b := range l.buckets {
		if b.tokens+now.Sub(b.at).Seconds()*l.rate >= l.burst {
			delete(l.buckets, k)
		}
	}
}
