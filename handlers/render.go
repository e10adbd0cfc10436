package handlers

import (
	"errors"
	"strings"

	"github.com/a-h/templ"
	"github.com/gofiber/fiber/v2"

	"bbbportal/i18n"
	"bbbportal/views"
)

// page fills the layout's data for the current request; titleKey is a translation key.
func (h *Handler) page(c *fiber.Ctx, titleKey, nav string) views.Page {
	p := views.Page{
		Title:     i18n.T(c.UserContext(), titleKey),
		User:      currentUser(c),
		Flashes:   takeFlashes(c),
		CSRFToken: csrfToken(c),
		Nav:       nav,
		Demo:      h.cfg.Demo,
	}
	p.Unseen = h.unseenNotices(c, p.User)
	return p
}

// render writes component as the HTML response with status.
func render(c *fiber.Ctx, status int, component templ.Component) error {
	c.Status(status)
	c.Type("html", "utf-8")
	return component.Render(c.UserContext(), c.Response().BodyWriter())
}

// t translates key into the request's language.
func t(c *fiber.Ctx, key string, args ...any) string { return i18n.T(c.UserContext(), key, args...) }

// errCSRF is returned when a form or htmx request lacks a valid CSRF token.
var errCSRF = fiber.NewError(fiber.StatusForbidden, "csrf")

// errorHandler is the one place that turns an error into a page. The user
// reads what happened and what to do; the Go error goes to the log only.
func (h *Handler) errorHandler(c *fiber.Ctx, err error) error {
	status, key := fiber.StatusInternalServerError, "error.internal"
	var args []any
	var tooMany *tooManyAttempts
	var fe *fiber.Error
	switch {
	case errors.Is(err, errCSRF):
		status, key = fiber.StatusForbidden, "error.csrf"
	case errors.As(err, &tooMany):
		status, key, args = fiber.StatusTooManyRequests, "error.too_many", []any{"Seconds", tooMany.seconds}
	case errors.As(err, &fe):
		status = fe.Code
		switch fe.Code {
		case fiber.StatusBadRequest:
			key = "error.bad_request"
		case fiber.StatusUnauthorized:
			key = "error.unauthorized"
		case fiber.StatusForbidden:
			key = "error.forbidden"
		case fiber.StatusNotFound:
			key = "error.not_found"
		case fiber.StatusMethodNotAllowed:
			key = "error.not_found"
			status = fiber.StatusNotFound
		case fiber.StatusRequestEntityTooLarge:
			key = "error.too_large"
		default:
			if fe.Code < 500 {
				key = "error.bad_request"
			}
		}
	}
	if status >= 500 {
		h.log.Error("request failed", "error", err, "path", loggedPath(c), "request_id", requestIDOf(c))
	}
	c.Response().Header.Del(fiber.HeaderLocation)
	c.Response().ResetBody()
	if !strings.Contains(c.Get(fiber.HeaderAccept), "html") && !isHTMX(c) && strings.Contains(c.Get(fiber.HeaderAccept), "json") {
		return c.Status(status).JSON(fiber.Map{"error": t(c, key, args...)})
	}
	p := h.page(c, "error.title", "")
	return render(c, status, views.ErrorPage(p, views.ErrorView{Message: t(c, key, args...), Status: status}))
}

// isHTMX reports whether the request comes from htmx (which swaps a part of the page).
func isHTMX(c *fiber.Ctx) bool { return c.Get("HX-Request") != "" }
