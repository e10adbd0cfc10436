package handlers

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/gob"
	"net/http"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gorilla/sessions"

	"bbbportal/config"
	"bbbportal/models"
	"bbbportal/views"
)

const (
	// sessionName is the cookie of a signed-in browser: only the random token of its row in
	// the sessions table (see session_store.go).
	sessionName = "bbbportal_session"
	// stateName is a signed and encrypted cookie for what is not identity: flashes and the
	// CSRF token of anonymous forms (login, setup).
	stateName       = "bbbportal_state"
	stateFlashKey   = "flash"
	stateCSRFKey    = "csrf"
	stateCookieLife = 12 * time.Hour
)

func init() {
	// gorilla/sessions encodes cookie values with encoding/gob.
	gob.Register(views.Flash{})
}

// newStateStore makes the state cookie's store from the configured keys: each key yields
// an authentication and an encryption key, the first signs new cookies.
func newStateStore(cfg config.Config) *sessions.CookieStore {
	var pairs [][]byte
	for _, key := range cfg.SessionKeys {
		pairs = append(pairs, deriveKey(key, "session-auth"), deriveKey(key, "session-encrypt"))
	}
	store := sessions.NewCookieStore(pairs...)
	store.Options = &sessions.Options{
		Path:     "/",
		MaxAge:   int(stateCookieLife.Seconds()),
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

// request is the per-request portal state: the state cookie (bridged from Fiber to
// gorilla/sessions once), the server-side session and its user, if signed in.
type request struct {
	httpReq *http.Request
	state   *sessions.Session
	session *models.Session
	user    *models.User
	dirty   bool // the state cookie must be written back
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

// openState decodes the state cookie. One that fails to decode (expired, rotated-out key,
// tampered) gives a new empty state.
func (h *Handler) openState(c *fiber.Ctx) *request {
	httpReq, _ := http.NewRequestWithContext(c.UserContext(), http.MethodGet, "/", nil)
	if cookie := c.Cookies(stateName); cookie != "" {
		httpReq.AddCookie(&http.Cookie{Name: stateName, Value: cookie})
	}
	s, err := h.state.Get(httpReq, stateName)
	r := &request{httpReq: httpReq, state: s}
	if err != nil {
		r.dirty = true // replace the unreadable cookie
	}
	return r
}

// saveState writes the state cookie if it changed.
func (h *Handler) saveState(c *fiber.Ctx, r *request) error {
	if !r.dirty || r.state == nil {
		return nil
	}
	if len(r.state.Values) == 0 {
		// Nothing to keep (a signed-in browser's usual state): no cookie at all, so that
		// later requests skip decoding one.
		r.dirty = false
		if c.Cookies(stateName) == "" {
			return nil
		}
		opts := *r.state.Options
		opts.MaxAge = -1
		r.state.Options = &opts
	}
	w := headerWriter{h: http.Header{}}
	if err := h.state.Save(r.httpReq, w, r.state); err != nil {
		return err
	}
	for _, v := range w.h.Values("Set-Cookie") {
		c.Response().Header.Add(fiber.HeaderSetCookie, v)
	}
	r.dirty = false
	return nil
}

// setSessionCookie sends the session token; maxAge < 0 deletes the cookie.
func (h *Handler) setSessionCookie(c *fiber.Ctx, token string, maxAge int) {
	cookie := &http.Cookie{Name: sessionName, Value: token, Path: "/", MaxAge: maxAge,
		HttpOnly: true, Secure: h.cfg.Secure(), SameSite: http.SameSiteLaxMode}
	c.Response().Header.Add(fiber.HeaderSetCookie, cookie.String())
}

// startSession signs the browser in as u with a new server-side session: a new token and
// a new CSRF token on every login, so nothing from before the login is carried over. The
// browser's previous session, if any, ends.
func (h *Handler) startSession(c *fiber.Ctx, u *models.User) error {
	r := state(c)
	if r.session != nil {
		if _, err := models.DeleteSession(h.db, r.session.UserID, r.session.ID); err != nil {
			return err
		}
	}
	s, token, err := h.sessions.create(u, c.Get(fiber.HeaderUserAgent), h.clientIP(c))
	if err != nil {
		return err
	}
	h.setSessionCookie(c, token, int(s.ExpiresAt.Sub(s.CreatedAt).Seconds()))
	r.session, r.user = s, u
	if r.state != nil {
		delete(r.state.Values, stateCSRFKey) // the anonymous form token is not used again
		r.dirty = true
	}
	return nil
}

// logOut ends the browser's server-side session: its row is deleted, so a copy of the
// cookie stops working too.
func (h *Handler) logOut(c *fiber.Ctx) error {
	r := state(c)
	if r.session != nil {
		if _, err := models.DeleteSession(h.db, r.session.UserID, r.session.ID); err != nil {
			return err
		}
		h.setSessionCookie(c, "", -1)
	}
	r.session, r.user = nil, nil
	return nil
}

// endSession is logOut for callers that have already ended the user's sessions in the
// database (a role change ends them all): a failure is only logged.
func (h *Handler) endSession(c *fiber.Ctx) {
	if err := h.logOut(c); err != nil {
		h.log.Error("cannot end session", "error", err, "request_id", requestIDOf(c))
	}
}

// flash queues a message for the next page.
func (h *Handler) flash(c *fiber.Ctx, kind, message string) {
	r := state(c)
	if r.state == nil {
		return
	}
	r.state.AddFlash(views.Flash{Kind: kind, Message: message}, stateFlashKey)
	r.dirty = true
}

// takeFlashes removes and returns the queued messages.
func takeFlashes(c *fiber.Ctx) []views.Flash {
	r := state(c)
	if r.state == nil {
		return nil
	}
	raw := r.state.Flashes(stateFlashKey)
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
