package handlers

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/gob"
	"errors"
	"net/http"

	"github.com/gofiber/fiber/v2"
	"github.com/gorilla/sessions"

	"bbbportal/config"
	"bbbportal/models"
	"bbbportal/views"
)

const (
	sessionName     = "bbbportal_session"
	sessionUserID   = "uid"
	sessionEpoch    = "epoch"
	sessionFlashKey = "flash"
)

func init() {
	// gorilla/sessions encodes session values with encoding/gob.
	gob.Register(views.Flash{})
}

// newSessionStore makes a cookie store from the configured keys: each key
// yields an authentication and an encryption key, the first signs new cookies.
func newSessionStore(cfg config.Config) *sessions.CookieStore {
	var pairs [][]byte
	for _, key := range cfg.SessionKeys {
		pairs = append(pairs, deriveKey(key, "session-auth"), deriveKey(key, "session-encrypt"))
	}
	store := sessions.NewCookieStore(pairs...)
	store.Options = &sessions.Options{
		Path:     "/",
		MaxAge:   int(cfg.SessionLifetime.Seconds()),
		HttpOnly: true,
		Secure:   cfg.Secure(),
		SameSite: http.SameSiteLaxMode,
	}
	store.MaxAge(store.Options.MaxAge) // also bounds the signed timestamp inside the cookie
	return store
}

func deriveKey(key []byte, purpose string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(purpose))
	return m.Sum(nil)
}

// request is the per-request portal state: the session (bridged from Fiber to
// gorilla/sessions once) and the signed-in user, if any.
type request struct {
	httpReq *http.Request
	session *sessions.Session
	user    *models.User
	dirty   bool // the session must be written back
}

const requestKey = "bbbportal.request"

func state(c *fiber.Ctx) *request {
	if r, ok := c.Locals(requestKey).(*request); ok {
		return r
	}
	return &request{} // a route outside loadSession: no session, no user
}

// currentUser returns the signed-in user or nil.
func currentUser(c *fiber.Ctx) *models.User { return state(c).user }

// headerWriter collects the headers gorilla/sessions sets, for copying into Fiber.
type headerWriter struct{ h http.Header }

func (w headerWriter) Header() http.Header         { return w.h }
func (w headerWriter) Write(b []byte) (int, error) { return len(b), nil }
func (w headerWriter) WriteHeader(int)             {}

// openSession decodes the session cookie. A cookie that fails to decode
// (expired, rotated-out key, tampered) gives a new empty session.
func (h *Handler) openSession(c *fiber.Ctx) *request {
	httpReq, _ := http.NewRequestWithContext(c.UserContext(), http.MethodGet, "/", nil)
	if cookie := c.Cookies(sessionName); cookie != "" {
		httpReq.AddCookie(&http.Cookie{Name: sessionName, Value: cookie})
	}
	s, err := h.sessions.Get(httpReq, sessionName)
	r := &request{httpReq: httpReq, session: s}
	if err != nil {
		r.dirty = true // replace the unreadable cookie
	}
	return r
}

// saveSession writes the session cookie if the session changed.
func (h *Handler) saveSession(c *fiber.Ctx, r *request) error {
	if !r.dirty || r.session == nil {
		return nil
	}
	w := headerWriter{h: http.Header{}}
	if err := h.sessions.Save(r.httpReq, w, r.session); err != nil {
		return err
	}
	for _, v := range w.h.Values("Set-Cookie") {
		c.Response().Header.Add(fiber.HeaderSetCookie, v)
	}
	r.dirty = false
	return nil
}

// startSession replaces the session with a new one for u: a fresh cookie on
// every login, so a session from before cannot be carried over.
func (h *Handler) startSession(c *fiber.Ctx, u *models.User) {
	r := state(c)
	s := sessions.NewSession(h.sessions, sessionName)
	opts := *h.sessions.Options
	s.Options = &opts
	s.IsNew = true
	s.Values[sessionUserID] = u.ID
	s.Values[sessionEpoch] = u.AuthEpoch
	r.session, r.user, r.dirty = s, u, true
}

// endSession empties the session; the cookie stays, holding nothing but flashes.
func (h *Handler) endSession(c *fiber.Ctx) {
	r := state(c)
	if r.session == nil {
		return
	}
	s := sessions.NewSession(h.sessions, sessionName)
	opts := *h.sessions.Options
	s.Options = &opts
	r.session, r.user, r.dirty = s, nil, true
}

// userFromSession returns the session's user if the session is still valid:
// the user exists, is enabled and has the same auth epoch as at login.
func (h *Handler) userFromSession(r *request) (*models.User, error) {
	id, ok := r.session.Values[sessionUserID].(uint)
	if !ok {
		return nil, nil
	}
	epoch, _ := r.session.Values[sessionEpoch].(int64)
	u, err := models.UserByID(h.db, id)
	if errors.Is(err, models.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if u.Disabled || u.AuthEpoch != epoch {
		return nil, nil
	}
	return u, nil
}

// flash queues a message for the next page.
func (h *Handler) flash(c *fiber.Ctx, kind, message string) {
	r := state(c)
	if r.session == nil {
		return
	}
	r.session.AddFlash(views.Flash{Kind: kind, Message: message}, sessionFlashKey)
	r.dirty = true
}

// takeFlashes removes and returns the queued messages.
func takeFlashes(c *fiber.Ctx) []views.Flash {
	r := state(c)
	if r.session == nil {
		return nil
	}
	raw := r.session.Flashes(sessionFlashKey)
	if len(raw) == 0 {
		return nil
	}
	r.dirty = true
	flashes := make([]views.Flash, 0, len(raw))
	for _, f := range raw {
		if f, ok := f.(views.Flash); ok {
			flashes = append(flashes, f)
		}
	}
	return flashes
}
