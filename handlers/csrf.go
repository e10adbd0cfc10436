package handlers

import (
	"bytes"

	"github.com/gofiber/fiber/v2"
)

const (
	csrfFormField = "_csrf"
	csrfHeader    = "X-CSRF-Token"
)

// csrfToken returns the request's CSRF token for forms and the htmx header: the server-side
// session's (replaced at every login), or for an anonymous visitor (the login and setup
// forms) one kept in the signed state cookie.
func csrfToken(c *fiber.Ctx) string {
	r := state(c)
	if r.session != nil {
		return r.session.CSRFToken
	}
	v := r.values()
	if v == nil {
		return ""
	}
	if v.CSRF == "" {
		v.CSRF, _ = randomToken(32)
		r.dirty = true
	}
	return v.CSRF
}

// expectedCSRF is the token a state-changing request must carry, or "" when the browser
// has none (it never loaded a form).
func expectedCSRF(c *fiber.Ctx) string {
	r := state(c)
	if r.session != nil {
		return r.session.CSRFToken
	}
	if v := r.values(); v != nil {
		return v.CSRF
	}
	return ""
}

// submittedCSRF takes the token from the htmx header or the form field in the body, never
// from the query string (which ends up in logs, history and Referer headers). Only a
// signed-in browser's multipart body is parsed for it: anonymous forms are never uploads.
func submittedCSRF(c *fiber.Ctx) string {
	if token := c.Get(csrfHeader); token != "" {
		return token
	}
	ct := bytes.ToLower(c.Request().Header.ContentType())
	switch {
	case bytes.HasPrefix(ct, []byte(fiber.MIMEApplicationForm)):
		return string(c.Request().PostArgs().Peek(csrfFormField))
	case bytes.HasPrefix(ct, []byte(fiber.MIMEMultipartForm)) && currentUser(c) != nil:
		if form, err := c.MultipartForm(); err == nil && len(form.Value[csrfFormField]) > 0 {
			return form.Value[csrfFormField][0]
		}
	}
	return ""
}

// csrfProtect refuses a state-changing request whose token is not the one of its session.
func (h *Handler) csrfProtect(c *fiber.Ctx) error {
	switch c.Method() {
	case fiber.MethodGet, fiber.MethodHead, fiber.MethodOptions, fiber.MethodTrace:
		return c.Next()
	}
	if skipsPortalMiddleware(c.Path()) {
		return c.Next()
	}
	want := expectedCSRF(c)
	if want == "" || !constantTimeEqual(submittedCSRF(c), want) {
		return errCSRF
	}
	return c.Next()
}
