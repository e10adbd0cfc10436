package handlers

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/a-h/templ"
	"github.com/gofiber/fiber/v2"

	"bbbportal/links"
	"bbbportal/views"
)

// The public join pages are anonymous: each request passes the links service's per-address
// limit (Limits documents the numbers), and every answer is private to the browser and
// sends no Referer, because the page's URL is the link's token.

// joinHeaders marks an answer of the join flow: never cached, no Referer sent onwards.
func joinHeaders(c *fiber.Ctx) {
	c.Set(fiber.HeaderCacheControl, "no-store")
	c.Set(fiber.HeaderReferrerPolicy, "no-referrer")
}

// allowJoinPage takes one request of the client's page budget; false means the refusal
// page was rendered.
func (h *Handler) allowJoinPage(c *fiber.Ctx, limiter *links.Limiter) (bool, error) {
	joinHeaders(c)
	if limiter.Allow(h.clientIP(c)) {
		return true, nil
	}
	c.Set(fiber.HeaderRetryAfter, "60")
	return false, h.joinRefused(c, fiber.StatusTooManyRequests, views.JoinRefusedView{Outcome: "too_many"})
}

// openInvite opens the link of :token; a token the portal did not make is the refusal page
// "this link does not work" (nil invite, page rendered).
func (h *Handler) openInvite(c *fiber.Ctx) (*links.Invite, error) {
	inv, err := h.links.Open(c.Params("token"))
	if errors.Is(err, links.ErrNotFound) {
		return nil, h.joinRefused(c, fiber.StatusNotFound, views.JoinRefusedView{Outcome: "not_found"})
	}
	return inv, err
}

// joinView is the public page's model of an opened link.
func joinView(inv *links.Invite) views.JoinView {
	return views.JoinView{Token: inv.Token, RoomName: inv.Room.Name, OwnerName: inv.OwnerName, Label: inv.Link.Label,
		Role: inv.Link.Role, FixedName: inv.Link.FixedName, NeedsAccessCode: inv.NeedsAccessCode, Records: inv.Records}
}

// refusedStatus is the HTTP status of a refusal page.
var refusedStatus = map[string]int{
	links.OutcomeRevoked: fiber.StatusGone, links.OutcomeExpired: fiber.StatusGone, links.OutcomeUsedUp: fiber.StatusGone,
	links.OutcomeFull: fiber.StatusConflict, links.OutcomeGuestDenied: fiber.StatusForbidden,
	links.OutcomeBBB: fiber.StatusBadGateway,
}

func (h *Handler) joinRefused(c *fiber.Ctx, status int, v views.JoinRefusedView) error {
	return joinRender(c, status, views.JoinRefusedPage(h.page(c, "join.refused."+v.Outcome+".title", ""), v))
}

// joinRender renders a page of the join flow. An htmx request (the waiting page's automatic
// join) gets it with status 200, because htmx swaps only successful answers into the page.
func joinRender(c *fiber.Ctx, status int, component templ.Component) error {
	if isHTMX(c) {
		status = fiber.StatusOK
	}
	return render(c, status, component)
}

// joinCookie is a cookie of the join flow: only for /j, not readable by scripts.
func (h *Handler) joinCookie(c *fiber.Ctx, name, value string) {
	secure := h.cfg.Secure()
	if !plainCookieValue(value) {
		c.Response().Header.Add(fiber.HeaderSetCookie, newJoinCookie(name, value, secure).String())
		return
	}
	// What http.Cookie.String writes for such a value, without building it every time.
	attrs := joinCookieAttrs[0]
	if secure {
		attrs = joinCookieAttrs[1]
	}
	c.Response().Header.Add(fiber.HeaderSetCookie, name+"="+value+attrs)
}

func newJoinCookie(name, value string, secure bool) *http.Cookie {
	return &http.Cookie{Name: name, Value: value, Path: "/j", MaxAge: int((400 * 24 * time.Hour).Seconds()),
		HttpOnly: true, Secure: secure, SameSite: http.SameSiteLaxMode}
}

// joinCookieAttrs are the attributes of a join cookie after its value, without and with Secure.
var joinCookieAttrs = func() [2]string {
	var attrs [2]string
	for i, secure := range []bool{false, true} {
		s := newJoinCookie("n", "", secure).String()
		attrs[i] = strings.TrimPrefix(s, "n=")
	}
	return attrs
}()

// plainCookieValue reports whether http.Cookie writes v as it is: the browser ID (hex) and
// the remembered name (query-escaped) always are.
func plainCookieValue(v string) bool {
	for i := 0; i < len(v); i++ {
		switch b := v[i]; {
		case 'a' <= b && b <= 'z', 'A' <= b && b <= 'Z', '0' <= b && b <= '9':
		case b == '%' || b == '+' || b == '-' || b == '.' || b == '_' || b == '~':
		default:
			return false
		}
	}
	return true
}

// rememberedName is the name this browser typed last.
func rememberedName(c *fiber.Ctx) string {
	name, err := url.QueryUnescape(c.Cookies(links.CookieName))
	if err != nil || len(name) > 4*links.MaxName {
		return ""
	}
	return links.CleanName(name)
}

func (h *Handler) rememberName(c *fiber.Ctx, name string) {
	h.joinCookie(c, links.CookieName, url.QueryEscape(name))
}
