package links

import (
	"sync"
	"time"
)

// Limiter is a token bucket per key (a client address, or one key for a global limit).
// It remembers at most maxKeys keys: when full, keys whose bucket has refilled are
// forgotten, and if none has, new keys share one bucket, so memory stays bounded.
type Limiter struct {
	rate  float64 // tokens per second
	burst float64
	now   func() time.Time

	mu      sync.Mutex
	buckets map[string]*bucket
}

type bucket struct {
	tokens float64
	at     time.Time
}

const maxKeys = 20_000

// NewLimiter allows burst requests at once and perMinute requests per minute after that.
func NewLimiter(perMinute, burst int) *Limiter {
	return &Limiter{rate: float64(perMinute) / 60, burst: float64(burst), now: time.Now, buckets: map[string]*bucket{}}
}

// Allow takes one token of key's bucket and reports whether there was one.
func (l *Limiter) Allow(key string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.bucket(key)
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}

// Refund gives back a token taken by Allow (an attempt that turned out not to count).
func (l *Limiter) Refund(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.bucket(key)
	b.tokens = min(l.burst, b.tokens+1)
}

func (l *Limiter) bucket(key string) *bucket {
	now := l.now()
	b, ok := l.buckets[key]
	if !ok && len(l.buckets) >= maxKeys {
		l.sweep(now)
		if len(l.buckets) >= maxKeys {
			key = "\x00overflow"
			b, ok = l.buckets[key]
		}
	}
	if !ok {
		b = &bucket{tokens: l.burst, at: now}
		l.buckets[key] = b
		return b
	}
	b.tokens = min(l.burst, b.tokens+now.Sub(b.at).Seconds()*l.rate)
	b.at = now
	return b
}

// sweep forgets the buckets that are full again (they behave like new ones).
func (l *Limiter) sweep(now time.Time) {
	for k, b := range l.buckets {
		if b.tokens+now.Sub(b.at).Seconds()*l.rate >= l.burst {
			delete(l.buckets, k)
		}
	}
}

// Limits are the rate limits of the public join pages. The defaults are sized for a school
// behind one NAT address:
//
//   - Pages (GET and POST /j/{token}, /j): 1,500 at once and 1,500 a minute per address:
//     500 students opening the page and sending their name in the same minute use 1,000,
//     with room for a reload each. One address sending more is refused with 429.
//   - Status polls of the waiting page: 2,400 at once and 72,000 a minute (1,200/s) per
//     address: 1,000 browsers behind one address waiting and polling every second send
//     1,000/s. A poll is answered from the status cache (one getMeetingInfo per room per
//     second), so a waiting page joins at most two seconds after the start.
//   - Code guesses (a wrong short code at /j, or a wrong access code): 10 a minute per
//     address and 30 a minute for the whole portal, only failures count. A correct code
//     costs nothing, so a class typing its code passes; typos of a whole school (more than
//     30 a minute) make /j ask to use the link or QR code instead, for the rest of the minute.
//
// Guessing odds: a code is 9 digits, 10^9 values. With N links that have a live code, one
// guess hits one of them with probability N/10^9. The global limit caps guesses at 30 a
// minute, 43,200 a day, from any number of addresses, so the chance of at least one hit
// in a day is 1-exp(-43,200·N/10^9): 0.04 % for N = 10, 0.43 % for N = 100, 4.2 % for
// N = 1,000. A hit is an attendee or guest join (moderator links have no short code),
// visible in the participant list, behind the lobby for guest links, and behind the
// access code where one is set; revoking or expiring links removes them from N.
type Limits struct {
	Pages        *Limiter // per client address
	Status       *Limiter // per client address
	GuessesPerIP *Limiter
	Guesses      *Limiter // one key: the whole portal
}

// DefaultLimits returns the limits described on Limits.
func DefaultLimits() Limits {
	return Limits{
		Pages:        NewLimiter(1500, 1500),
		Status:       NewLimiter(72000, 2400),
		GuessesPerIP: NewLimiter(10, 10),
		Guesses:      NewLimiter(30, 30),
	}
}

const globalKey = "*"

// takeGuess reserves a guess for ip; false when the per-address or the global budget is spent.
func (l Limits) takeGuess(ip string) bool {
	if !l.GuessesPerIP.Allow(ip) {
		return false
	}
	if !l.Guesses.Allow(globalKey) {
		l.GuessesPerIP.Refund(ip)
		return false
	}
	return true
}

// refundGuess gives a reserved guess back: the code was right.
func (l Limits) refundGuess(ip string) {
	l.GuessesPerIP.Refund(ip)
	l.Guesses.Refund(globalKey)
}
