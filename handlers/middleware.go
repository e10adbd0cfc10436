package handlers

import (
	"fmt"
	"log/slog"
	"net/url"
	"regexp"
	"runtime/debug"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/gofiber/fiber/v2"

	"bbbportal/i18n"
	"bbbportal/models"
)

const requestIDLocal = "bbbportal.request_id"

var validRequestID = regexp.MustCompile(`^[A-Za-z0-9._-]{8,64}$`)

// requestID takes a well-formed X-Request-ID from the proxy or makes one.
func (h *Handler) requestID(c *fiber.Ctx) error {
	id := c.Get(fiber.HeaderXRequestID)
	if !validRequestID.MatchString(id) {
		id = newRequestID()
	}
	c.Locals(requestIDLocal, id)
	c.Set(fiber.HeaderXRequestID, id)
	return c.Next()
}

// Request IDs only need to be unique: a random prefix per process and a counter, without
// reading the system's random source on every request.
var (
	requestIDPrefix, _ = randomToken(8)
	requestCount       atomic.Uint64
)

func newRequestID() string {
	return requestIDPrefix + "-" + strconv.FormatUint(requestCount.Add(1), 36)
}

func requestIDOf(c *fiber.Ctx) string {
	id, _ := c.Locals(requestIDLocal).(string)
	return id
}

// observe logs each request and counts it in the metrics. It logs the path
// only (see loggedPath), never the query string, which may hold a token.
func (h *Handler) observe(c *fiber.Ctx) error {
	start := time.Now()
	err := c.Next()
	if err != nil {
		// Let the error handler set the final status before it is recorded.
		if herr := c.App().ErrorHandler(c, err); herr != nil {
			_ = c.SendStatus(fiber.StatusInternalServerError)
		}
	}
	status := c.Response().StatusCode()
	elapsed := time.Since(start)
	route := c.Route().Path
	if status == fiber.StatusNotFound {
		route = "unmatched"
	}
	h.metrics.observe(route, c.Method(), status, elapsed)
	level := slog.LevelInfo
	if status >= 500 {
		level = slog.LevelError
	}
	h.log.LogAttrs(c.UserContext(), level, "request",
		slog.String("method", c.Method()), slog.String("path", loggedPath(c)), slog.Int("status", status),
		slog.Float64("duration_ms", float64(elapsed.Microseconds())/1000), slog.String("ip", h.clientIP(c)),
		slog.String("request_id", requestIDOf(c)))
	return nil
}

// loggedPath is the request's path for the log. A route that carries a credential in its
// path (a :token parameter) is logged by its pattern, so the log never holds the token.
func loggedPath(c *fiber.Ctx) string {
	if route := c.Route().Path; strings.Contains(route, ":token") {
		return route
	}
	return c.Path()
}

// recoverPanic turns a panic into a 500 page and logs the stack.
func (h *Handler) recoverPanic(c *fiber.Ctx) (err error) {
	defer func() {
		if r := recover(); r != nil {
			h.log.Error("panic", "error", fmt.Sprint(r), "request_id", requestIDOf(c), "stack", string(debug.Stack()))
			err = fiber.ErrInternalServerError
		}
	}()
	return c.Next()
}

// contentSecurityPolicy allows only the portal's own scripts and styles: no
// inline script, no framing.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"

// securityHeader is a response header every page carries, kept as bytes in canonical form
// so that setting it costs no conversion or normalisation per request.
type securityHeader struct{ name, value []byte }

var securityHeaderList = []securityHeader{
	{[]byte("Content-Security-Policy"), []byte(contentSecurityPolicy)},
	{[]byte("X-Content-Type-Options"), []byte("nosniff")},
	{[]byte("X-Frame-Options"), []byte("DENY")},
	{[]byte("Referrer-Policy"), []byte("same-origin")},
	{[]byte("Cross-Origin-Opener-Policy"), []byte("same-origin")},
	{[]byte("Permissions-Policy"), []byte("camera=(), microphone=(), geolocation=()")},
}

var hsts = securityHeader{[]byte("Strict-Transport-Security"), []byte("max-age=31536000")}

func (h *Handler) securityHeaders(c *fiber.Ctx) error {
	header := &c.Response().Header
	for _, sh := range securityHeaderList {
		header.SetCanonical(sh.name, sh.value)
	}
	if h.cfg.Secure() {
		header.SetCanonical(hsts.name, hsts.value)
	}
	return c.Next()
}

// loadSession opens the state cookie, finds the server-side session and its user, picks
// the language, and writes the state cookie back after the handler if it changed.
func (h *Handler) loadSession(c *fiber.Ctx) error {
	if skipsPortalMiddleware(c.Path()) {
		return c.Next()
	}
	r := h.openState(c)
	c.Locals(requestKey, r)
	if token := c.Cookies(sessionName); token != "" {
		s, u, err := h.sessions.resolve(token)
		if err != nil {
			return err
		}
		if s == nil {
			h.setSessionCookie(c, "", -1) // ended: logged out, expired, disabled, password changed
		}
		r.session, r.user = s, u
	}
	lang := rememberedLanguage(r)
	if r.user != nil {
		lang = r.user.Language
	}
	c.SetUserContext(i18n.WithLanguage(c.UserContext(), i18n.Pick(lang, c.Get(fiber.HeaderAcceptLanguage))))
	c.Set(fiber.HeaderCacheControl, "no-store")
	c.Vary(fiber.HeaderCookie, fiber.HeaderAcceptLanguage)

	err := c.Next()
	if err != nil {
		// Render the error page now, so that flashes it takes and a session it ends are saved.
		if herr := h.errorHandler(c, err); herr != nil {
			return herr
		}
	}
	return h.saveState(c, state(c))
}

// requireUser lets signed-in users through and sends others to the login page.
func (h *Handler) requireUser(c *fiber.Ctx) error {
	if currentUser(c) != nil {
		return c.Next()
	}
	if c.Method() != fiber.MethodGet {
		return fiber.ErrUnauthorized
	}
	next := c.OriginalURL()
	if next == "/" {
		return c.Redirect("/login", fiber.StatusSeeOther)
	}
	return c.Redirect("/login?next="+url.QueryEscape(next), fiber.StatusSeeOther)
}

// requireAdmin lets admins through; teachers get 403, others go to the login page.
func (h *Handler) requireAdmin(c *fiber.Ctx) error {
	u := currentUser(c)
	if u == nil {
		return h.requireUser(c)
	}
	if u.Role != models.RoleAdmin {
		return fiber.ErrForbidden
	}
	return c.Next()
}

// tooManyAttempts is the answer of a rate limit, rendered by the error handler.
type tooManyAttempts struct{ seconds int }

func (e *tooManyAttempts) Error() string {
	return fmt.Sprintf("too many attempts, retry in %d s", e.seconds)
}
