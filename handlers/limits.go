package handlers

import (
	"bytes"
	"errors"
	"io"
	"strings"

	"github.com/gofiber/fiber/v2"

	"bbbportal/i18n"
	"bbbportal/paths"
	"bbbportal/views"
	"bbbportal/webhooks"
)

// Request bodies are limited per route before anything parses them. The server streams
// bodies (fiber.Config.StreamRequestBody), so a body is only read here, up to its route's
// limit: a declared Content-Length over the limit is refused unread, a chunked body as soon
// as it passes the limit. The number of fields is counted in the raw bytes before a parser
// allocates one argument per "a=1&".
const (
	anonymousFormBytes  = 8 << 10 // login, setup, logout: an e-mail, a password, a token
	anonymousFormFields = 20
	joinFormBytes       = 4 << 10  // the public join forms: a name, an access code, a short code
	formBytes           = 64 << 10 // any other form (bulk selections of a few hundred IDs)
	formFields          = 1000
	optionsFormBytes    = 256 << 10 // room and template forms: every BBB option, JSON overrides
	uploadBytes         = 8 << 20   // a room form with a presentation (at most 7 MB) as multipart
)

// bodyRule is what a route accepts.
type bodyRule struct {
	bytes, fields int
	multipart     bool // uploads: multipart bodies up to uploadBytes
}

func bodyRuleFor(path string) bodyRule {
	path = strings.TrimSuffix(strings.ToLower(path), "/") // routing ignores case and a trailing slash
	switch {
	case path == "/login" || path == "/setup" || path == "/logout":
		return bodyRule{bytes: anonymousFormBytes, fields: anonymousFormFields}
	case strings.HasPrefix(path, "/reset/"):
		return bodyRule{bytes: anonymousFormBytes, fields: anonymousFormFields}
	case path == "/j" || strings.HasPrefix(path, "/j/"):
		return bodyRule{bytes: joinFormBytes, fields: anonymousFormFields}
	case path == paths.HooksCallback:
		// bbb-webhooks batches several events of a busy meeting; the receiver checks the size too.
		return bodyRule{bytes: webhooks.DefaultMaxBody, fields: anonymousFormFields}
	case path == "/bigbluebutton" || strings.HasPrefix(path, "/bigbluebutton/"):
		// The demo BBB server: create may carry a presentation in its XML body.
		return bodyRule{bytes: uploadBytes, fields: formFields}
	case path == "/rooms" || isItemPath(path, "/rooms/"):
		return bodyRule{bytes: optionsFormBytes, fields: formFields, multipart: true}
	case path == "/templates" || isItemPath(path, "/templates/"):
		return bodyRule{bytes: optionsFormBytes, fields: formFields}
	}
	return bodyRule{bytes: formBytes, fields: formFields}
}

// isItemPath reports whether path is prefix followed by one segment (/rooms/12).
func isItemPath(path, prefix string) bool {
	rest, ok := strings.CutPrefix(path, prefix)
	return ok && rest != "" && !strings.Contains(rest, "/")
}

var (
	errBodyTooLarge  = errors.New("request body over the route's limit")
	errTooManyFields = errors.New("request body with too many fields")
)

// limitBody enforces the route's bodyRule. A multipart body stays a stream (files go to
// temporary files), wrapped so that reading it fails past the limits.
func (h *Handler) limitBody(c *fiber.Ctx) error {
	req := c.Request()
	length := req.Header.ContentLength()
	if length == 0 || length == -2 {
		return c.Next()
	}
	rule := bodyRuleFor(c.Path())
	ct := bytes.ToLower(req.Header.ContentType())
	multipart := bytes.HasPrefix(ct, []byte(fiber.MIMEMultipartForm))
	limit := rule.bytes
	if multipart && rule.multipart {
		limit = uploadBytes
		if c.Cookies(sessionName) != "" {
			limit = signedInUploadBytes
		}
	}
	if length > limit {
		return h.refuseBody(c, errBodyTooLarge)
	}
	stream := req.BodyStream()
	if multipart {
		if stream == nil {
			stream = bytes.NewReader(req.Body())
		}
		boundary := req.Header.MultipartFormBoundary()
		counted := &partCounter{r: stream, left: int64(limit), maxParts: rule.fields,
			delim: append([]byte("\n--"), boundary...)}
		if limit > uploadBytes {
			return h.dropOversizedFiles(c, counted, string(boundary))
		}
		req.SetBodyStream(counted, length)
		return c.Next()
	}
	var body []byte
	if stream == nil {
		body = req.Body()
	} else {
		var err error
		if body, err = io.ReadAll(io.LimitReader(stream, int64(limit)+1)); err != nil {
			return fiber.ErrBadRequest
		}
	}
	if len(body) > limit {
		return h.refuseBody(c, errBodyTooLarge)
	}
	if bytes.HasPrefix(ct, []byte(fiber.MIMEApplicationForm)) && bytes.Count(body, []byte{'&'}) >= rule.fields {
		return h.refuseBody(c, errTooManyFields)
	}
	if stream != nil {
		req.SetBody(body)
	}
	return c.Next()
}

// refuseBody answers 413 or 400 with a translated page. It runs before the session is
// loaded, so the page is in the browser's language and has no user.
func (h *Handler) refuseBody(c *fiber.Ctx, why error) error {
	c.SetUserContext(i18n.WithLanguage(c.UserContext(), i18n.Pick("", c.Get(fiber.HeaderAcceptLanguage))))
	status, msg := fiber.StatusRequestEntityTooLarge, t(c, "error.body_too_large", "MaxMB", uploadBytes>>20)
	if errors.Is(why, errTooManyFields) {
		status, msg = fiber.StatusBadRequest, t(c, "error.too_many_fields")
	}
	c.Set(fiber.HeaderConnection, "close")
	return render(c, status, views.ErrorPage(h.page(c, "error.title", ""), views.ErrorView{Message: msg, Status: status}))
}

// partCounter passes a multipart body through and fails once it is longer than left bytes
// or has more than maxParts parts (counted by their delimiter, across reads).
type partCounter struct {
	r        io.Reader
	left     int64
	maxParts int
	parts    int
	delim    []byte
	tail     []byte
}

func (p *partCounter) Read(b []byte) (int, error) {
	n, err := p.r.Read(b)
	if n > 0 {
		p.left -= int64(n)
		if p.left < 0 {
			return 0, errBodyTooLarge
		}
		window := append(p.tail, b[:n]...)
		p.parts += bytes.Count(window, p.delim)
		if p.parts > p.maxParts {
			return 0, errTooManyFields
		}
		keep := min(len(p.delim)-1, len(window))
		p.tail = append(p.tail[:0], window[len(window)-keep:]...)
	}
	return n, err
}
