package handlers

import (
	"crypto/hmac"
	"crypto/sha256"
	"net/http"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gorilla/securecookie"

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
	stateCookieLife = 12 * time.Hour
)

// stateStore signs and encrypts the state cookie (securecookie with a JSON body: a fraction
// of gob's cost, which writes its type description into every cookie).
type stateStore struct {
	codecs []securecookie.Codec // the first signs new cookies; all are tried on reading
	secure bool
}

// stateValues is what the state cookie holds.
type stateValues struct {
	CSRF    string        `json:"c,omitempty"`
	Lang    string        `json:"l,omitempty"`
	Flashes []views.Flash `json:"f,omitempty"`
}

func (v *stateValues) empty() bool { return v.CSRF == "" && v.Lang == "" && len(v.Flashes) == 0 }

// newStateStore makes the state cookie's store from the configured keys: each key yields
// an authentication and an encryption key, the first signs new cookies.
func newStateStore(cfg config.Config) *stateStore {
	var pairs [][]byte
	for _, key := range cfg.SessionKeys {
		pairs = append(pairs, deriveKey(key, "session-auth"), deriveKey(key, "session-encrypt"))
	}
	codecs := securecookie.CodecsFromPairs(pairs...)
	for _, c := range codecs {
		sc := c.(*securecookie.SecureCookie)
		sc.MaxAge(int(stateCookieLife.Seconds())) // bounds the signed timestamp inside the cookie
		sc.SetSerializer(securecookie.JSONEncoder{})
	}
	return &stateStore{codecs: codecs, secure: cfg.Secure()}
}

func deriveKey(key []byte, purpose string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(purpose))
	return m.Sum(nil)
}

// request is the per-request portal state: the state cookie (decoded on first use), the
// server-side session and its user, if signed in.
type request struct {
	store   *stateStore // nil outside loadSession: no state cookie at all
	cookie  string      // the state cookie as received
	vals    *stateValues
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

// values is the state cookie's content, decoded the first time a request asks for it; nil
// outside loadSession. One that fails to decode (expired, rotated-out key, tampered) gives
// an empty state that replaces it.
func (r *request) values() *stateValues {
	if r.vals != nil || r.store == nil {
		return r.vals
	}
	r.vals = &stateValues{}
	if r.cookie != "" {
		if err := securecookie.DecodeMulti(stateName, r.cookie, r.vals, r.store.codecs...); err != nil {
			r.vals, r.dirty = &stateValues{}, true
		}
	}
	return r.vals
}

// currentUser returns the signed-in user or nil.
func currentUser(c *fiber.Ctx) *models.User { return state(c).user }

// openState takes the state cookie for decoding when a handler needs it.
func (h *Handler) openState(c *fiber.Ctx) *request {
	return &request{store: h.state, cookie: c.Cookies(stateName)}
}

// saveState writes the state cookie if it changed.
func (h *Handler) saveState(c *fiber.Ctx, r *request) error {
	if !r.dirty || r.vals == nil {
		return nil
	}
	r.dirty = false
	ck := &http.Cookie{Name: stateName, Path: "/", MaxAge: int(stateCookieLife.Seconds()),
		HttpOnly: true, Secure: h.state.secure, SameSite: http.SameSiteLaxMode}
	if r.vals.empty() {
		// Nothing to keep (a signed-in browser's usual state): no cookie at all, so that
		// later requests skip decoding one.
		if r.cookie == "" {
			return nil
		}
		ck.MaxAge = -1
	} else {
		v, err := securecookie.EncodeMulti(stateName, r.vals, r.store.codecs...)
		if err != nil {
			return err
		}
		ck.Value = v
		ck.Expires = time.Now().Add(stateCookieLife)
	}
	c.Response().Header.Add(fiber.HeaderSetCookie, ck.String())
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
	if v := r.values(); v != nil && v.CSRF != "" {
		v.CSRF = "" // the anonymous form token is not used again
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
	v := r.values()
	if v == nil {
		return
	}
	v.Flashes = append(v.Flashes, views.Flash{Kind: kind, Message: message})
	r.dirty = true
}

// takeFlashes removes and returns the queued messages.
func takeFlashes(c *fiber.Ctx) []views.Flash {
	r := state(c)
	if r.cookie == "" && r.vals == nil {
		return nil // nothing queued: no need to open the state
	}
	v := r.values()
	if v == nil || len(v.Flashes) == 0 {
		return nil
	}
	flashes := v.Flashes
	v.Flashes = nil
	r.dirty = true
	return flashes
}
