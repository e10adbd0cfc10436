package handlers

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/csrf"
)

const (
	csrfCookie    = "bbbportal_csrf"
	csrfFormField = "_csrf"
	csrfHeader    = "X-CSRF-Token"
	csrfLocal     = "bbbportal.csrf"
)

// csrfTokens makes and checks self-verifying CSRF tokens: random bytes and
// the issue time, signed with a key derived from the session keys. Fiber's
// csrf middleware stores tokens in a fiber.Storage; this one keeps nothing,
// so tokens survive restarts exactly as sessions do and cost no writes.
type csrfTokens struct {
	keys     [][]byte
	lifetime time.Duration
	now      func() time.Time
}

func newCSRFTokens(sessionKeys [][]byte, lifetime time.Duration) *csrfTokens {
	t := &csrfTokens{lifetime: lifetime, now: time.Now}
	for _, k := range sessionKeys {
		t.keys = append(t.keys, deriveKey(k, "csrf"))
	}
	return t
}

// generate is the middleware's KeyGenerator.
func (t *csrfTokens) generate() string {
	payload := make([]byte, 24)
	_, _ = rand.Read(payload[:16])
	binary.BigEndian.PutUint64(payload[16:], uint64(t.now().Unix()))
	return base64.RawURLEncoding.EncodeToString(payload) + "." + base64.RawURLEncoding.EncodeToString(t.sign(t.keys[0], payload))
}

func (t *csrfTokens) sign(key, payload []byte) []byte {
	m := hmac.New(sha256.New, key)
	m.Write(payload)
	return m.Sum(nil)
}

// valid reports whether token was made by generate with one of the keys and has not expired.
func (t *csrfTokens) valid(token string) bool {
	p, s, ok := strings.Cut(token, ".")
	if !ok {
		return false
	}
	payload, err1 := base64.RawURLEncoding.DecodeString(p)
	sig, err2 := base64.RawURLEncoding.DecodeString(s)
	if err1 != nil || err2 != nil || len(payload) != 24 {
		return false
	}
	issued := time.Unix(int64(binary.BigEndian.Uint64(payload[16:])), 0)
	if age := t.now().Sub(issued); age < -time.Minute || age > t.lifetime {
		return false
	}
	for _, k := range t.keys {
		if hmac.Equal(sig, t.sign(k, payload)) {
			return true
		}
	}
	return false
}

// The fiber.Storage methods the csrf middleware uses: Get answers whether a
// token is valid; nothing is ever stored.
func (t *csrfTokens) Get(key string) ([]byte, error) {
	if t.valid(key) {
		return []byte{'+'}, nil
	}
	return nil, nil
}
func (t *csrfTokens) Set(string, []byte, time.Duration) error { return nil }
func (t *csrfTokens) Delete(string) error                     { return nil }
func (t *csrfTokens) Reset() error                            { return nil }
func (t *csrfTokens) Close() error                            { return nil }

// csrfFromFormOrHeader takes the token from the form field or, for htmx, the header.
func csrfFromFormOrHeader(c *fiber.Ctx) (string, error) {
	if token := c.Get(csrfHeader); token != "" {
		return token, nil
	}
	if token := c.FormValue(csrfFormField); token != "" {
		return token, nil
	}
	return "", csrf.ErrTokenNotFound
}

func (h *Handler) csrfConfig() csrf.Config {
	return csrf.Config{
		CookieName:     csrfCookie,
		CookiePath:     "/",
		CookieSecure:   h.cfg.Secure(),
		CookieHTTPOnly: true,
		CookieSameSite: "Lax",
		Expiration:     h.cfg.SessionLifetime,
		KeyGenerator:   h.csrf.generate,
		Storage:        h.csrf,
		Extractor:      csrfFromFormOrHeader,
		ContextKey:     csrfLocal,
		ErrorHandler:   func(c *fiber.Ctx, err error) error { return errCSRF },
	}
}

// csrfToken returns the request's CSRF token for forms and the htmx header.
func csrfToken(c *fiber.Ctx) string {
	token, _ := c.Locals(csrfLocal).(string)
	return token
}
